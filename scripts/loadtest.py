"""Load-test Signpost under gunicorn on this machine, beside a bare Flask "hello" ceiling.

Builds (or reuses) a data folder of the built-in entries plus 15,000 synthetic ones, starts
gunicorn with gunicorn.conf.py on 127.0.0.1 for the app and then for a one-route Flask app,
and drives each from concurrent keep-alive clients with a realistic mix: 40% POST /api/chat
(multi-turn, teen-typed), 35% GET /api/services with q and filters, 15% GET /directory?q=,
10% GET /directory/<id>. Bounded by --seconds and --max-requests per server; loopback only.
Reports requests per second and p50/p95 per kind of request, the servers' CPU per request
(gunicorn master and workers, from /proc) and the load generator's own CPU (getrusage); with
--rounds N it alternates the two servers N times and reports the median ratio.

    .venv/bin/python scripts/loadtest.py [--seconds 30] [--clients 16] [--entries 15000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import resource
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench import QUERY_BANK, pct  # noqa: E402 - after the path set-up above

HOST = "127.0.0.1"  # never anything else
MIX = (("chat", 40), ("services", 35), ("directory", 15), ("entry", 10))
CHAT_TURNS = (
    ("i cant sleep and im always tired", "show me more", "i'd rather text"),
    ("exam stress is too much", "im 15", "something free"),
    ("my mum and dad keep arguing", "i dont want to phone anyone", "show me more"),
    ("feel lonley at school no friends", "im 13", "online chat"),
    ("i get really angry and punch things", "show me more"),
    ("anxeity before school every day", "i'd rather talk to someone in person", "start again"),
    ("my nan died and i miss her", "im 16"),
    ("people keep messaging me horrible stuff online", "show me more"),
    ("im worried about my weight", "something i can do myself"),
    ("i want to hurt myself",),
)
HELLO = '''from flask import Flask, request
app = Flask(__name__)
@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def hello(path):
    request.get_data()
    return {"hello": "world"}
'''


def say(message: str) -> None:
    """Progress on stdout, straight away."""
    print(message, flush=True)


# -- the data ------------------------------------------------------------------------------
def build_data(folder: Path, n: int, seed: int) -> tuple[list[str], list[str]]:
    """Built-in plus n synthetic entries, indexed (built once, then reused): (ids, districts)."""
    if not (folder / f"loadtest-{n}-{seed}.done").exists():
        _build(folder, n, seed)
    _check_index(folder)
    db = sqlite3.connect(folder / "signpost.db")
    ids = [row[0] for row in db.execute("select id from entries where status = 'active'")]
    districts = [row[0] for row in db.execute(
        "select distinct value from entries, json_each(json_extract(coverage, '$.postcodes')) "
        "where length(value) >= 3 limit 40")]
    db.close()
    return ids, districts


def _check_index(folder: Path) -> None:
    """Rebuild the index here, once, if it is missing or stale (not in two workers at once)."""
    from app import create_app
    from app.directory import service, store
    from app.search import index as search_index

    rt = create_app({"TESTING": True, "SECRET_KEY": "loadtest", "DATA_DIR": str(folder)}
                    ).extensions["signpost"]
    if not search_index.check(folder, store.all_entries(rt.db())).clean:
        say("The index does not match the database: rebuilding it ...")
        service.rebuild_index(rt.db(), folder)
    rt.finder.close()


def _build(folder: Path, n: int, seed: int) -> None:
    """Validate, upsert in one transaction, then index, as bench.py does."""
    from synthetic import make_entries

    from app import create_app
    from app.directory import service, store
    from app.directory.formats import Record

    say(f"Building a data folder with {n:,} synthetic entries in {folder} (once) ...")
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    rt = create_app({"TESTING": True, "SECRET_KEY": "loadtest", "DATA_DIR": str(folder)}
                    ).extensions["signpost"]
    now = dt.datetime.now(dt.UTC)
    records = [Record("synthetic", i, d) for i, d in enumerate(make_entries(n, seed=seed), 1)]
    entries, problems = service.check_records(records, rt.taxonomy, now.date())
    if problems:
        raise SystemExit(f"synthetic entries failed validation: {problems[:3]}")
    with rt.db().atomic():
        store.upsert(rt.db(), entries, now=now)
    service.rebuild_index(rt.db(), folder,
                          progress=lambda done, total: say(f"  indexed {done:,} of {total:,}"))
    (folder / f"loadtest-{n}-{seed}.done").write_text("ok\n")
    say(f"  built in {time.perf_counter() - started:.0f} s")


# -- the servers ---------------------------------------------------------------------------
def free_port() -> int:
    """An unused TCP port on the loopback address."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(name: str, app_spec: str | None, data_dir: Path, workdir: Path) -> tuple:
    """Start gunicorn with the project's settings; returns (process, port, log path)."""
    port = free_port()
    env = {**os.environ, "SIGNPOST_DATA_DIR": str(data_dir), "SIGNPOST_SECRET_KEY": "loadtest-" + name,
           "SIGNPOST_BIND": f"{HOST}:{port}", "SIGNPOST_ACCESS_LOG": "/dev/null",
           "PYTHONPATH": os.pathsep.join((str(ROOT), str(workdir)))}  # this checkout's app
    cmd = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
    log = workdir / f"{name}.log"
    process = subprocess.Popen(cmd + ([app_spec] if app_spec else []), cwd=ROOT, env=env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} server exited; see {log}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    time.sleep(1.0)  # both workers warm (post_worker_init) before timing
                    return process, port, log
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"{name} server did not become healthy in 120 s; see {log}")


def stop_server(process: subprocess.Popen) -> None:
    """Stop one gunicorn master (by its pid) and wait for it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def worker_cpu(master: subprocess.Popen) -> float:
    """CPU seconds used by a gunicorn master and its workers, live and recycled (from /proc)."""
    def stat(pid) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    try:
        mine = stat(master.pid)
        total = int(mine[11]) + int(mine[12])  # the master itself
        total += int(mine[13]) + int(mine[14])  # children already reaped (recycled workers)
        for pid in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
            total += int(stat(pid)[11]) + int(stat(pid)[12])
        return total / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def profile(master: subprocess.Popen, seconds: float, out: Path) -> subprocess.Popen:
    """Sample the workers with py-spy (a dev tool: pip install py-spy) while they are driven."""
    spy = Path(sys.executable).parent / "py-spy"
    # --gil: only samples that hold the GIL, i.e. Python CPU time, not threads waiting on I/O.
    return subprocess.Popen([str(spy), "record", "--pid", str(master.pid), "--subprocesses", "--gil",
                             "--nonblocking", "--format", "raw", "--rate", "200", "--duration",
                             str(int(seconds)), "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def profile_report(raw: Path, top: int = 12) -> str:
    """Where the sampled time went: leaf functions (self time) and app/ functions (inclusive)."""
    leaves, mine, total = Counter(), Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f for f in stack.split(";") if "(" in f]
        if not frames or not count.isdigit():
            continue
        total += int(count)
        leaves[frames[-1]] += int(count)
        for frame in {f for f in frames if "app/" in f or "(app" in f}:
            mine[frame] += int(count)
    lines = [f"py-spy: {total:,} samples from the workers"]
    for title, counts in (("self time, by function", leaves), ("inclusive, app/ functions", mine)):
        lines.append(f"  {title}:")
        lines += [f"    {100 * n / max(total, 1):5.1f}%  {frame}" for frame, n in counts.most_common(top)]
    return "\n".join(lines)


# -- the clients ---------------------------------------------------------------------------
class Connection:
    """One keep-alive HTTP/1.1 connection, reopened (and the request retried once) if the
    server closed it between requests, as a browser does."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None
        self.retries = 0

    async def close(self) -> None:
        """Close the socket, if open."""
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        """Send one request and read the whole response: (status, body)."""
        for attempt in (1, 2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
            head = (f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
                    "User-Agent: signpost-loadtest\r\nAccept-Encoding: identity\r\n")
            if body is not None:
                head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            try:
                self.writer.write(head.encode() + b"\r\n" + (body or b""))
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if fresh or attempt == 2:
                    raise
                self.retries += 1
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, bytes]:
        line = await self.reader.readline()
        if not line:
            raise ConnectionResetError("closed before the response")
        status = int(line.split()[1])
        headers = {}
        while (raw := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            key, _, value = raw.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                data += await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, data


class Plan:
    """What a simulated young person or member of staff asks for next."""

    def __init__(self, ids: list[str], districts: list[str], rng: random.Random):
        self.ids, self.districts, self.rng = ids, districts or ["AB1"], rng
        self.turns: list[str] = []
        self.state = None

    def next(self) -> tuple[str, str, str, bytes | None]:
        """(kind, method, path, body) for the next request."""
        rng = self.rng
        kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        if kind == "chat":
            if not self.turns:
                self.turns, self.state = list(rng.choice(CHAT_TURNS)), None
            body = {"message": self.turns.pop(0), "state": self.state}
            if rng.random() < 0.2:
                body["age"] = rng.randint(11, 18)
            return kind, "POST", "/api/chat", json.dumps(body).encode()
        if kind == "services":
            params = {"q": rng.choice(QUERY_BANK)}
            if rng.random() < 0.6:
                params.update(age=rng.randint(11, 18), postcode=rng.choice(self.districts))
            if rng.random() < 0.3:
                params.update(contact=rng.choice(["phone", "text", "web-chat"]), free="true")
            return kind, "GET", "/api/services?" + urlencode(params), None
        if kind == "directory":
            params = {"q": rng.choice(QUERY_BANK)}
            if rng.random() < 0.4:
                params["where"] = rng.choice(self.districts)
            return kind, "GET", "/directory?" + urlencode(params), None
        return kind, "GET", f"/directory/{rng.choice(self.ids)}", None

    def answered(self, kind: str, data: bytes) -> None:
        """Carry the chat state into the next turn."""
        if kind == "chat":
            self.state = json.loads(data).get("state")


async def client(number: int, port: int, plan: Plan, run: dict) -> None:
    """One simulated person: requests back to back on one keep-alive connection."""
    conn = Connection(port)
    try:
        while time.monotonic() < run["until"] and run["sent"] < run["limit"]:
            kind, method, path, body = plan.next()
            run["sent"] += 1
            started = time.perf_counter()
            try:
                status, data = await conn.request(method, path, body)
                ok = status == 200
                if ok:
                    plan.answered(kind, data)
            except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
                status, ok = type(exc).__name__, False
                await conn.close()
            elapsed = (time.perf_counter() - started) * 1000
            if time.monotonic() >= run["measure_from"]:
                run["samples"].append((kind, elapsed, ok))
                if not ok:
                    run["errors"][str(status)] += 1
    finally:
        run["retries"] += conn.retries
        await conn.close()


async def progress(run: dict) -> None:
    """Say how it is going every five seconds."""
    last, count = time.monotonic(), 0
    while True:
        await asyncio.sleep(5)
        now, done = time.monotonic(), len(run["samples"])
        say(f"  {now - run['started']:5.0f} s: {done:,} measured, {(done - count) / (now - last):.0f} req/s "
            f"lately, {sum(run['errors'].values())} errors")
        last, count = now, done


async def drive(port: int, args, ids, districts) -> dict:
    """Run the clients against one server for the fixed time or request budget."""
    now = time.monotonic()
    run = {"started": now, "measure_from": now + args.warmup, "until": now + args.warmup + args.seconds,
           "limit": args.max_requests, "sent": 0, "samples": [], "errors": Counter(), "retries": 0}
    plans = [Plan(ids, districts, random.Random(args.seed * 1000 + i)) for i in range(args.clients)]
    ticker = asyncio.create_task(progress(run))
    await asyncio.gather(*(client(i, port, plans[i], run) for i in range(args.clients)))
    ticker.cancel()
    run["seconds"] = time.monotonic() - max(run["measure_from"], run["started"])
    return run


def own_cpu() -> float:
    """CPU seconds this process (the load generator) has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def summarise(name: str, run: dict, cpu: float, client_cpu: float) -> dict:
    """Requests per second, latency percentiles, errors, CPU per request; overall and by kind."""
    times = [t for _, t, _ in run["samples"]] or [0.0]
    served = max(1, run["sent"])  # CPU covers warm-up requests too
    row = {"name": name, "requests": len(run["samples"]), "rps": len(run["samples"]) / run["seconds"],
           "p50": pct(times, 50), "p95": pct(times, 95), "p99": pct(times, 99), "max": max(times),
           "errors": sum(run["errors"].values()), "error_kinds": dict(run["errors"]),
           "retries": run["retries"], "server_cpu_ms": 1000 * cpu / served,
           "client_cpu_ms": 1000 * client_cpu / served, "kinds": {}}
    by_kind = defaultdict(list)
    for kind, elapsed, _ in run["samples"]:
        by_kind[kind].append(elapsed)
    for kind, values in sorted(by_kind.items()):
        row["kinds"][kind] = {"n": len(values), "rps": len(values) / run["seconds"],
                              "p50": pct(values, 50), "p95": pct(values, 95), "p99": pct(values, 99)}
    return row


def table(rows: list[dict]) -> str:
    """The summary table in markdown."""
    lines = ["| server | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | "
             "server CPU ms/request | load generator CPU ms/request |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['requests']:,} | {r['rps']:.0f} | {r['p50']:.1f} | "
                     f"{r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.0f} | {r['errors']} | "
                     f"{r['server_cpu_ms']:.2f} | {r['client_cpu_ms']:.2f} |")
    for r in rows:
        for kind, k in r["kinds"].items():
            lines.append(f"| {r['name']}: {kind} | {k['n']:,} | {k['rps']:.0f} | {k['p50']:.1f} | "
                         f"{k['p95']:.1f} | {k['p99']:.1f} | | | | |")
    return "\n".join(lines)


def measure(name: str, app_spec, args, data_dir: Path, workdir: Path, ids, districts) -> dict:
    """Start one server, drive it, stop it; its summary row."""
    say(f"\n== {name}: gunicorn ({args.clients} clients, {args.warmup:g} s warm-up, then "
        f"{args.seconds:g} s or {args.max_requests:,} requests)")
    process, port, log = start_server(name, app_spec, data_dir, workdir)
    spy = raw = None
    try:
        cpu_before, client_before = worker_cpu(process), own_cpu()
        if args.profile and app_spec is None:
            raw = workdir / "py-spy.txt"
            spy = profile(process, args.warmup + args.seconds, raw)
        run = asyncio.run(drive(port, args, ids, districts))
        cpu, client_cpu = worker_cpu(process) - cpu_before, own_cpu() - client_before
        if spy is not None:
            spy.wait(timeout=60)
    finally:
        stop_server(process)
    row = summarise(name, run, cpu, client_cpu)
    if raw is not None and raw.exists():
        row["profile"] = profile_report(raw)
        say(row["profile"])
    say(f"  {row['requests']:,} requests in {run['seconds']:.1f} s: {row['rps']:.0f} req/s, "
        f"p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms, p99 {row['p99']:.1f} ms, "
        f"{row['errors']} errors {row['error_kinds'] or ''}, {row['retries']} reconnects; "
        f"server CPU {row['server_cpu_ms']:.2f} ms/request, load generator "
        f"{row['client_cpu_ms']:.2f} ms/request")
    return row


def main(argv: list[str] | None = None) -> int:
    """Build the data, load-test the app and the hello ceiling, print the table; 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=15_000, help="synthetic entries (15000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument("--seconds", type=float, default=30, help="measured seconds per server (30)")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds first (3)")
    parser.add_argument("--max-requests", type=int, default=30_000, help="cap per server (30000)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate the two servers this many times; medians reported (1)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench-data" / "loadtest",
                        help="where the data folder is built and kept (bench-data/loadtest)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--profile", action="store_true",
                        help="sample the app's workers with py-spy during the run (pip install py-spy)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 600 or not 1 <= args.rounds <= 9:
        parser.error("--clients must be 1-64, --seconds 1-600 and --rounds 1-9 (a bounded test)")
    ids, districts = build_data(args.data_dir / f"{args.entries}-{args.seed}", args.entries, args.seed)
    say(f"{len(ids):,} active entries; {os.cpu_count()} CPU cores on this machine.")
    rounds = []
    with tempfile.TemporaryDirectory(prefix="signpost-loadtest-") as tmp:
        workdir = Path(tmp)
        (workdir / "hello.py").write_text(HELLO, encoding="utf-8")
        for number in range(1, args.rounds + 1):
            if args.rounds > 1:
                say(f"\n# Round {number} of {args.rounds}")
            rounds.append([measure("signpost", None, args, args.data_dir / f"{args.entries}-{args.seed}",
                                   workdir, ids, districts),
                           measure("hello", "hello:app", args, workdir / "hello-data", workdir, ids,
                                   districts)])
    say("\n## Summary\n")
    ratios = [app["rps"] / hello["rps"] for app, hello in rounds]
    for number, rows in enumerate(rounds, 1):
        app, hello = rows
        if args.rounds > 1:
            say(f"\nRound {number}:")
        say(table(rows))
        say(f"\nsignpost/hello: {app['rps'] / hello['rps']:.2f}x the requests per second, "
            f"{app['p95'] / max(hello['p95'], 0.001):.1f}x the p95, "
            f"{app['server_cpu_ms'] / max(hello['server_cpu_ms'], 0.001):.1f}x the server CPU per request.")
    app = sorted((r[0] for r in rounds), key=lambda r: r["rps"])[len(rounds) // 2]
    ratio = statistics.median(ratios)
    p95 = statistics.median(r[0]["p95"] for r in rounds)
    errors = sum(r[0]["errors"] for r in rounds)
    if args.rounds > 1:
        say(f"\nMedians over {args.rounds} rounds: signpost/hello {ratio:.2f}x the requests per second "
            f"(rounds: {', '.join(f'{r:.2f}x' for r in ratios)}), signpost p95 {p95:.1f} ms, "
            f"server CPU {statistics.median(r[0]['server_cpu_ms'] for r in rounds):.2f} ms/request "
            f"(hello {statistics.median(r[1]['server_cpu_ms'] for r in rounds):.2f}).")
    checks = [("signpost/hello req/s >= 0.33x", ratio >= 0.33, f"{ratio:.2f}x"),
              ("req/s >= 200", app["rps"] >= 200, f"{app['rps']:.0f}"),
              ("p95 < 100 ms", p95 < 100, f"{p95:.1f} ms"),
              ("zero errors", errors == 0, str(errors))]
    for label, ok, value in checks:
        say(f"- target {label}: {value} {'met' if ok else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps({"rounds": rounds, "ratios": ratios}, indent=2))
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
