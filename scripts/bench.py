"""Benchmark Signpost's directory at several sizes: load, index build, search, API and memory.

For each size it generates synthetic entries (scripts/synthetic.py) into a fresh data folder,
times the load and the Whoosh index build, times teen-typed queries through `Finder.search`
(with and without filters) against an SQLite FTS5 (bm25) baseline over the same entries and
through GET /api/services, and records memory. Each size runs in its own process, so the peak
RSS figures belong to that size alone. Nothing here changes app/ or the curated data.

    .venv/bin/python scripts/bench.py [--quick] [--sizes 1000,15000,100000] [--queries 300]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import importlib
import io
import json
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

QUERY_BANK = (
    "cant sleep", "exam stress", "anxious all the time", "my mum drinks too much",
    "bullied at school", "eating problems", "greiving my nan", "lonely no friends", "anger",
    "vaping", "self harm", "lgbt group", "young carer", "counselling near me",
    "i cant stop worrying", "panic attacks", "feel sad all the time", "depresed",
    "no one likes me", "my parents are getting divorced", "arguing with my dad",
    "stressed about gcses", "revision stress", "failing school", "scared of going to school",
    "cyber bullying", "someone is threatening me online", "sleep problems",
    "nightmares every night", "i keep crying", "grief", "my friend died", "lost my grandad",
    "angry all the time", "i get really angry and punch things", "drinking alcohol", "weed",
    "smoking cannabis", "vape addiction", "gambling on games", "gaming addiction", "not eating",
    "think im fat", "body image", "binge eating", "cutting myself", "hurting myself",
    "suicidal thoughts", "coming out", "im gay and scared to tell my parents",
    "trans youth group", "gender identity", "caring for my mum", "i look after my brother",
    "ocd", "intrusive thoughts", "adhd", "autism support", "hearing voices",
    "racism at school", "homeless", "kicked out", "money problems", "low self esteem",
    "no confidence", "hate myself", "feel worthless", "stressed out", "overwhelmed",
    "friendship problems", "boyfriend trouble", "girlfriend is controlling",
    "sexual health clinic", "abuse at home", "my stepdad hits me", "feel unsafe at home",
    "flashbacks", "someone to talk to", "free counselling", "talk to someone tonight",
    "text service", "online chat", "drop in centre", "youth club", "therapy for teens",
    "help for my son", "my daughter is self harming", "anxeity", "anxiaty", "stres", "lonley",
    "bullyed", "councelling", "depression", "insomnia", "sleeping to much",
    "tired all the time", "friends left me out", "social media making me sad",
    "worried about my weight", "new school anxious", "panick attaks", "exsam stress",
)
PREFIXES = ("help with ", "i need help ", "what can i do about ", "")
SUFFIXES = (" pls", " near me", " for teens", " 15 year old")
CONTACTS = ("phone", "web-chat", "text", "email")


def queries(count: int) -> list[str]:
    """`count` queries: the bank, then the bank again with teen-ish prefixes and suffixes."""
    out = []
    for i in range(count):
        text, round_ = QUERY_BANK[i % len(QUERY_BANK)], i // len(QUERY_BANK)
        if round_ % 2 == 1:
            text = PREFIXES[i % len(PREFIXES)] + text
        elif round_:
            text = text + SUFFIXES[i % len(SUFFIXES)]
        out.append(text)
    return out


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]


def rss() -> dict:
    """Peak and current resident memory of this process, in MB.

    The peak is VmHWM: `getrusage` maxrss (kept as maxrss_mb) carries a parent's peak across
    fork and exec, so a small child of a big process would report the parent's figure.
    """
    status = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            status[key] = round(int(value.split()[0]) / 1024, 1)
    maxrss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return {"peak_mb": status.get("VmHWM", maxrss), "now_mb": status.get("VmRSS", 0.0),
            "maxrss_mb": maxrss}


def say(message: str) -> None:
    """Progress on stdout, straight away."""
    print(message, flush=True)


def stage(results: dict, name: str, seconds: float | None = None) -> None:
    """Record the memory after a stage and say so."""
    mem = rss()
    results.setdefault("rss", {})[name] = mem
    took = f" in {seconds:.2f} s" if seconds is not None else ""
    say(f"  [{name}] done{took}; RSS now {mem['now_mb']} MB, peak {mem['peak_mb']} MB")


def timed(calls: list, repeats: int) -> tuple[list[float], list[float]]:
    """(first-pass ms, median-of-repeats ms) per call; the first pass is the warm-up."""
    first = []
    for call in calls:
        start = time.perf_counter()
        call()
        first.append((time.perf_counter() - start) * 1000)
    runs: list[list[float]] = [[] for _ in calls]
    for _ in range(repeats):
        for i, call in enumerate(calls):
            start = time.perf_counter()
            call()
            runs[i].append((time.perf_counter() - start) * 1000)
    return first, [statistics.median(r) for r in runs]


def summary(first: list[float], warm: list[float]) -> dict:
    """p50/p95 of the measured passes, and of the warm-up pass for comparison."""
    return {"p50": round(pct(warm, 50), 2), "p95": round(pct(warm, 95), 2),
            "max": round(max(warm), 2), "cold_p50": round(pct(first, 50), 2),
            "cold_p95": round(pct(first, 95), 2)}


# -- one size, in its own process ---------------------------------------------------------
def run_size(n: int, args, data_dir: Path) -> dict:
    """Every stage for one directory size; returns the figures."""
    from synthetic import make_entries

    from app.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(ROOT / "directory_data" / "taxonomy.yaml")
    results: dict = {"n": n, "data_dir": str(data_dir),
                     "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    say(f"== N = {n:,} (data in {data_dir})")
    start = time.perf_counter()
    plain = make_entries(n, seed=args.seed)
    results["generate_s"] = round(time.perf_counter() - start, 2)
    stage(results, "generate", results["generate_s"])
    db = load(plain, taxonomy, data_dir, results)
    del plain
    build_index(db, taxonomy, data_dir, results)
    texts = queries(args.queries)
    filters = filter_plan(db, len(texts), args.seed)
    results["filters_used"] = filters[:3]
    search_finder(texts, filters, taxonomy, data_dir, args, results)
    search_fts5(texts, filters, db, taxonomy, data_dir, args, results)
    try:
        app = search_api(texts, filters, data_dir, args, results)
    except Exception as exc:  # noqa: BLE001 - app/ is being edited; keep the other figures
        results["api_note"] = f"skipped: the app failed: {exc!r}"
        say(f"  API {results['api_note']}")
        return results
    if args.chat:
        time_chat(texts, filters, app, args, results)
    serve_rss(texts, filters, data_dir, results)
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return results


def serve_rss(texts, filters, data_dir: Path, results: dict) -> None:
    """Peak RSS of a fresh process that only starts the app and answers the API queries."""
    plan = data_dir / "serve-probe.json"
    plan.write_text(json.dumps({"texts": texts, "filters": filters}))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--serve-probe",
                          str(data_dir)], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        results["serve_note"] = f"serve probe failed: {out.stderr.strip().splitlines()[-1:]}"
        say(f"  {results['serve_note']}")
        return
    results["serve_rss"] = json.loads(out.stdout.strip().splitlines()[-1])
    say(f"  fresh app process after {2 * len(texts)} API calls: RSS "
        f"{results['serve_rss']['now_mb']} MB, peak {results['serve_rss']['peak_mb']} MB")


def serve_probe(data_dir: Path) -> int:
    """The probe's side: start the app, answer every planned query once, print memory."""
    from app import create_app

    plan = json.loads((data_dir / "serve-probe.json").read_text())
    client = create_app({"TESTING": True, "SECRET_KEY": "x", "DATA_DIR": str(data_dir)}
                        ).test_client()
    for text, f in zip(plan["texts"], plan["filters"], strict=True):
        client.get("/api/services", query_string={"q": text})
        client.get("/api/services", query_string={"q": text, **f, "free": "true"})
    print(json.dumps(rss()))
    return 0


def load(plain: list[dict], taxonomy, data_dir: Path, results: dict):
    """Validate and upsert in one transaction: what `load_records` does before the index step."""
    from app.directory import service, store
    from app.directory.formats import Record

    now = dt.datetime.now(dt.UTC)
    db = store.connect(service.db_path(data_dir))
    records = [Record("synthetic", i, d) for i, d in enumerate(plain, start=1)]
    start = time.perf_counter()
    entries, problems = service.check_records(records, taxonomy, now.date())
    results["validate_s"] = round(time.perf_counter() - start, 2)
    if problems:
        raise SystemExit("synthetic entries failed validation:\n"
                         + "\n".join(str(p) for p in problems[:10]))
    say(f"  validated {len(entries):,} entries in {results['validate_s']:.2f} s")

    def counted(items):
        for i, entry in enumerate(items, start=1):
            if i % max(1, len(entries) // 10) == 0:
                say(f"  upserted {i:,}/{len(entries):,} ({time.perf_counter() - start:.1f} s)")
            yield entry

    start = time.perf_counter()
    with db.conn:
        counts = store.upsert(db, counted(entries), now=now)
    results["upsert_s"] = round(time.perf_counter() - start, 2)
    results["load_s"] = round(results["validate_s"] + results["upsert_s"], 2)
    assert counts["added"] == len(entries), counts  # noqa: S101 - a fresh folder adds all
    stage(results, "load", results["load_s"])
    return db


def build_index(db, taxonomy, data_dir: Path, results: dict) -> None:
    """Time `service.rebuild_index`, with progress, and measure the index on disk."""
    from app.directory import service, store
    from app.search import index as search_index

    start = time.perf_counter()
    step = max(1000, store.count(db) // 10 // 1000 * 1000)

    said = set()

    def progress(done: int, total: int) -> None:
        if (done % step == 0 or done == total) and done not in said:
            said.add(done)
            say(f"  indexed {done:,}/{total:,} ({time.perf_counter() - start:.1f} s)")

    service.rebuild_index(db, data_dir, progress=progress)
    results["index_s"] = round(time.perf_counter() - start, 2)
    folder = search_index.index_dir(data_dir)
    results["index_mb"] = round(sum(f.stat().st_size for f in folder.iterdir()) / 2**20, 1)
    stage(results, "index", results["index_s"])


def filter_plan(db, count: int, seed: int) -> list[dict]:
    """Realistic filters per query: an age 11-18, a busy postcode district, a method, free."""
    from app.directory import store

    districts = Counter(code for e in store.all_entries(db)
                        for code in e.coverage.get("postcodes") or () if code[-1].isdigit())
    busy = [code for code, _ in districts.most_common(20)]
    rng = random.Random(seed)
    return [{"age": rng.randint(11, 18), "postcode": rng.choice(busy),
             "contact": rng.choice(CONTACTS), "free": True} for _ in range(count)]


def make_finder(data_dir: Path, taxonomy):
    """The finder as the app's runtime builds it (common words, postcode areas), or a plain one."""
    from app.search.query import Finder

    try:
        from app.runtime import Runtime

        return Runtime(data_dir, ROOT / "directory_data").finder, "built by app.runtime.Runtime"
    except Exception as exc:  # noqa: BLE001 - app/ is being edited; fall back to the plain one
        return Finder(data_dir, taxonomy), f"plain Finder(data_dir, taxonomy) ({exc!r})"


def search_finder(texts, filters, taxonomy, data_dir: Path, args, results: dict) -> None:
    """`Finder.search` in process, without and with filters."""
    from app.search.found import Filters

    finder, how = make_finder(data_dir, taxonomy)
    results["finder"] = how
    start = time.perf_counter()
    finder.search("")
    results["finder_open_ms"] = round((time.perf_counter() - start) * 1000, 1)
    say(f"  finder {how}, opened (searcher + speller vocabulary) in "
        f"{results['finder_open_ms']} ms")
    # Time the search itself, not results kept per index generation (app.search.results):
    # the measured passes repeat the warm-up's questions and would only read them back.
    kept = getattr(getattr(finder, "finder", finder), "_results", None)
    if kept is not None:
        kept.limit = 0
    as_filters = [Filters(age=f["age"], postcode=f["postcode"], contact=(f["contact"],),
                          free=True) for f in filters]
    plain = [lambda t=t: finder.search(t) for t in texts]
    filtered = [lambda t=t, f=f: finder.search(t, filters=f) for t, f in zip(texts, as_filters,
                                                                              strict=True)]
    fixed = [lambda t=t: finder.search(t, filters=as_filters[0]) for t in texts]
    for name, calls in (("search", plain), ("search_filters", filtered),
                        ("search_fixed_filter", fixed)):
        first, warm = timed(calls, args.repeats)
        results[name] = summary(first, warm)
        say(f"  {name}: p50 {results[name]['p50']} ms, p95 {results[name]['p95']} ms "
            f"(warm-up pass p50 {results[name]['cold_p50']}, p95 {results[name]['cold_p95']})")
        results[name + "_slowest"] = [texts[i] for i in sorted(range(len(warm)),
                                                                key=warm.__getitem__)[-5:]]
    totals = [finder.search(t).total for t in texts]
    results["mean_total"] = round(statistics.mean(totals), 1)
    results["distinct_filter_sets"] = len(set(as_filters))
    if args.profile:
        profile(finder, texts, as_filters, results)
    finder.close()
    stage(results, "search")


def profile(finder, texts, as_filters, results: dict) -> None:
    """cProfile the slowest queries (with their filters) and print where the time goes."""
    slow = set(results["search_slowest"] + results["search_filters_slowest"])
    calls = [(t, f) for t, f in zip(texts, as_filters, strict=True) if t in slow]
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(5):
        for text, filt in calls:
            finder.search(text)
            finder._filters.clear()  # noqa: SLF001 - measure filter sets as a cache miss
            finder.search(text, filters=filt)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
    say(f"  profile of {len(calls)} slow queries x5 (filter cache cleared each time):")
    say(out.getvalue())


def search_fts5(texts, filters, db, taxonomy, data_dir: Path, args, results: dict) -> None:
    """The same queries on SQLite FTS5 with bm25, filters in SQL, LIMIT 10."""
    import fts5_baseline

    from app.search.found import postcode_terms

    start = time.perf_counter()
    conn = fts5_baseline.build(db, taxonomy, data_dir / "fts5-baseline.db")
    results["fts5_build_s"] = round(time.perf_counter() - start, 2)
    say(f"  FTS5 baseline built in {results['fts5_build_s']:.2f} s")

    def run(text: str, f: dict | None):
        if f is None:
            return fts5_baseline.search(conn, text)
        area, district = postcode_terms(f["postcode"])
        return fts5_baseline.search(conn, text, age=f["age"], area=area, district=district,
                                    contact=f["contact"])

    for name, calls in (("fts5", [lambda t=t: run(t, None) for t in texts]),
                        ("fts5_filters", [lambda t=t, f=f: run(t, f)
                                          for t, f in zip(texts, filters, strict=True)])):
        first, warm = timed(calls, args.repeats)
        results[name] = summary(first, warm)
        say(f"  {name}: p50 {results[name]['p50']} ms, p95 {results[name]['p95']} ms")
    conn.close()
    stage(results, "fts5")


def search_api(texts, filters, data_dir: Path, args, results: dict):
    """GET /api/services through the Flask test client, without and with filters."""
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATA_DIR": str(data_dir)})
    client = app.test_client()

    def get(params: dict):
        response = client.get("/api/services", query_string=params)
        assert response.status_code == 200, response.get_data(as_text=True)  # noqa: S101
        return response

    plain = [lambda t=t: get({"q": t}) for t in texts]
    filtered = [lambda t=t, f=f: get({"q": t, **f, "free": "true"})
                for t, f in zip(texts, filters, strict=True)]
    for name, calls in (("api", plain), ("api_filters", filtered)):
        first, warm = timed(calls, args.repeats)
        results[name] = summary(first, warm)
        say(f"  {name}: p50 {results[name]['p50']} ms, p95 {results[name]['p95']} ms")
    stage(results, "api")
    return app


def time_chat(texts, filters, app, args, results: dict) -> None:
    """Chat turns through `app.chat.turn.handle_turn`, with the app's own assistant."""
    try:
        handle_turn = importlib.import_module("app.chat.turn").handle_turn
        state = importlib.import_module("app.chat.state").State()
        runtime = app.extensions["signpost"]
        start = time.process_time()
        assistant = runtime.assistant() if callable(runtime.assistant) else runtime.assistant
        # What each gunicorn worker does once before its first chat turn: read the rules (and
        # check their examples, as here, when the file changed since it last passed in this
        # data folder) and the area and service names of every entry.
        results["chat_warm_s"] = round(time.process_time() - start, 2)
        say(f"  chat assistant built (risk rules checked, directory names read) in "
            f"{results['chat_warm_s']:.2f} s CPU")
    except (ImportError, AttributeError, KeyError) as exc:
        results["chat_note"] = f"skipped: no chat pipeline to time yet ({exc!r})"
        say(f"  chat {results['chat_note']}")
        return
    plain = [lambda t=t: handle_turn(t, state, assistant) for t in texts]
    refined = [lambda t=t, f=f: handle_turn(t, state, assistant, age=f["age"],
                                            postcode=f["postcode"])
               for t, f in zip(texts, filters, strict=True)]
    for name, calls in (("chat", plain), ("chat_filters", refined)):
        try:
            first, warm = timed(calls, args.repeats)
        except Exception as exc:  # noqa: BLE001 - a half-built pipeline must not sink the run
            results["chat_note"] = f"skipped: handle_turn raised {exc!r}"
            say(f"  chat {results['chat_note']}")
            return
        results[name] = summary(first, warm)
        say(f"  {name}: p50 {results[name]['p50']} ms, p95 {results[name]['p95']} ms")
    stage(results, "chat")


# -- the parent: one process per size, then the table --------------------------------------
def fmt(r: dict, key: str) -> str:
    """'p50 / p95' for a timing, or a dash."""
    return f"{r[key]['p50']:.1f} / {r[key]['p95']:.1f}" if key in r else "-"


def table(rows: list[dict]) -> str:
    """The summary table in markdown."""
    head = ("| N | load s | index build s | search p50/p95 ms | search+filters p50/p95 ms "
            "| FTS5 p50/p95 ms | FTS5+filters p50/p95 ms | p95 ratio search/FTS5 (plain, filters) "
            "| API p50/p95 ms | API+filters p50/p95 ms | chat p50/p95 ms "
            "| peak RSS MB (bench / fresh app) |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['n']:,} | failed: {r['error']} |")
            continue
        ratio = (f"{r['search']['p95'] / r['fts5']['p95']:.1f}x, "
                 f"{r['search_filters']['p95'] / r['fts5_filters']['p95']:.1f}x")
        peak = max(m["peak_mb"] for m in r["rss"].values())
        served = r.get("serve_rss", {}).get("peak_mb")
        peak_text = f"{peak:.0f} / {served:.0f}" if served else f"{peak:.0f} / -"
        lines.append(
            f"| {r['n']:,} | {r['load_s']:.1f} | {r['index_s']:.1f} | {fmt(r, 'search')} "
            f"| {fmt(r, 'search_filters')} | {fmt(r, 'fts5')} | {fmt(r, 'fts5_filters')} "
            f"| {ratio} | {fmt(r, 'api')} | {fmt(r, 'api_filters')} | {fmt(r, 'chat')} "
            f"| {peak_text} |")
    return "\n".join(lines)


def notes(r: dict) -> str:
    """What the table leaves out for one size: the warm-up pass, machine load, skipped stages."""
    if "error" in r:
        return f"- N={r['n']:,}: {r['error']}"
    cold = ", ".join(f"{key} {r[key]['cold_p50']:.1f} / {r[key]['cold_p95']:.1f}"
                     for key in ("search", "search_filters", "api", "api_filters") if key in r)
    lines = [f"- N={r['n']:,}: warm-up pass (cold caches) p50/p95 ms: {cold}; "
             f"validate {r['validate_s']:.1f} s + upsert {r['upsert_s']:.1f} s; "
             f"index {r['index_mb']} MB on disk; load average {r['loadavg_start']} -> "
             f"{r.get('loadavg_end', '-')} (2 cores)"]
    lines += [f"- N={r['n']:,}: {r[key]}" for key in ("api_note", "chat_note", "serve_note")
              if key in r]
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[str]:
    """Each target beside the measured figure, met or missed."""
    out = []
    for r in (r for r in rows if "error" not in r):
        n = r["n"]

        def check(label: str, value: float, limit: float, unit: str = "ms", n=n) -> None:
            verdict = "met" if value <= limit else "MISSED"
            out.append(f"- N={n:,}: {label}: {value:.2f} {unit} (target <= {limit:g}) {verdict}")

        if n == 15_000:
            for key in ("search", "search_filters"):
                base = "fts5" + key.removeprefix("search")
                check(f"{key} p95 vs FTS5 p95", r[key]["p95"], r[base]["p95"])
                check(f"{key} p95 < 10 ms", r[key]["p95"], 10)
            check("index build", r["index_s"], 30, "s")
        if n == 100_000:
            for key in ("search", "search_filters"):
                check(f"{key} p95 < 50 ms", r[key]["p95"], 50)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run each size in its own process and print the summary table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,15000,100000",
                        help="comma-separated directory sizes (default 1000,15000,100000)")
    parser.add_argument("--queries", type=int, default=300, help="queries per size (300)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="measured passes after the warm-up; each query's median is kept")
    parser.add_argument("--quick", action="store_true", help="size 1000 only")
    parser.add_argument("--chat", action="store_true",
                        help="also time chat turns (app.chat.turn.handle_turn), if it exists")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the slowest queries at each size and print the top calls")
    parser.add_argument("--keep", action="store_true", help="keep the data folders afterwards")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write all figures to this JSON file")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_probe:
        return serve_probe(args.serve_probe)
    if args.worker:
        return worker(args)
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    say(f"Signpost benchmark: sizes {sizes}, {args.queries} queries, a warm-up pass then "
        f"{args.repeats} measured passes (each query's median; p50/p95 over queries).")
    rows = [run_child(n, args) for n in sizes]
    say("\n## Summary\n")
    say(table(rows))
    for r in rows:
        say(notes(r))
    say("- load = validate + upsert in one transaction (load_records without its index step); "
        "FTS5 returns LIMIT 10 ids with no total; Finder.search also counts every match.")
    say("\nTargets: search p95 at 15k <= FTS5 baseline and < 10 ms; at 100k < 50 ms; "
        "index build at 15k < 30 s.")
    for line in targets(rows):
        say(line)
    if not args.quick:
        rows.append(bulk_load(args.seed))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


def bulk_load(seed: int) -> dict:
    """`load-directory` of 15,000 Open Referral UK services, index included (bench_bulk.py)."""
    say("\nBulk load: 15,000 Open Referral UK services into the built-in directory, index included")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_bulk.py"), "--seed",
                          str(seed)], cwd=ROOT, capture_output=True, text=True, check=False)
    lines = out.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("load + index"):
        say(f"- bulk load failed: {(out.stderr.strip().splitlines() or ['no output'])[-1]}")
        return {"bulk": "failed"}
    say(f"- {lines[-1]}")
    return {"bulk": json.loads(lines[0])}


def run_child(n: int, args) -> dict:
    """One size in a fresh interpreter, so memory and caches start clean."""
    with tempfile.TemporaryDirectory(prefix="signpost-bench-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(n), "--out",
               str(out), "--queries", str(args.queries), "--repeats", str(args.repeats),
               "--seed", str(args.seed)]
        cmd += [flag for flag, on in (("--chat", args.chat), ("--profile", args.profile),
                                      ("--keep", args.keep)) if on]
        code = subprocess.call(cmd, cwd=ROOT)
        if code != 0 or not out.exists():
            return {"n": n, "error": f"worker exited {code}"}
        return json.loads(out.read_text())


def worker(args) -> int:
    """The child side: run one size and write its figures."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"signpost-bench-{args.worker}-"))
    try:
        results = run_size(args.worker, args, data_dir)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    args.out.write_text(json.dumps(results))
    return 0

if __name__ == "__main__":
    sys.exit(main())
