"""In-process CPU per request kind for the load test's mix, through the Flask test client.

Uses loadtest's Plan on the load test's data folder (bench-data/loadtest/15000-0, built by
scripts/loadtest.py) and times each request with process_time, so other work on a shared
machine barely moves the figures. One thread, no gunicorn: the app's own CPU only.

    .venv/bin/python scripts/prof.py [N] [chat|services|directory|entry|all]

With a kind, also prints a cProfile of that kind's requests (sorted by cumulative time).
"""

from __future__ import annotations

import collections
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import loadtest  # noqa: E402 - after the path set-up above

from app import create_app  # noqa: E402

FOLDER = ROOT / "bench-data" / "loadtest" / "15000-0"


def run(client, ids, districts, n: int, seed: int, kind_to_profile: str | None = None):
    """Send n requests of the mix; CPU seconds and counts per kind, and the profile if asked."""
    plan = loadtest.Plan(ids, districts, random.Random(seed))
    cpu, count = collections.defaultdict(float), collections.Counter()
    prof = cProfile.Profile() if kind_to_profile else None
    for _ in range(n):
        kind, method, path, body = plan.next()
        started = time.process_time()
        profiled = prof is not None and kind_to_profile in ("all", kind)
        if profiled:
            prof.enable()
        if method == "POST":
            response = client.post(path, data=body, headers={"Content-Type": "application/json"})
        else:
            response = client.get(path)
        if profiled:
            prof.disable()
        cpu[kind] += time.process_time() - started
        count[kind] += 1
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.data[:200]!r}")
        plan.answered(kind, response.data)
    return cpu, count, prof


def main(argv: list[str]) -> int:
    """Warm up, then time N requests of the mix and print CPU ms per request by kind."""
    n = int(argv[0]) if argv else 2000
    kind_to_profile = argv[1] if len(argv) > 1 else None
    ids, districts = loadtest.build_data(FOLDER, 15_000, 0)
    app = create_app({"SECRET_KEY": "prof", "DATA_DIR": str(FOLDER)})
    client = app.test_client()
    run(client, ids, districts, 300, 99)  # warm
    cpu, count, prof = run(client, ids, districts, n, 0, kind_to_profile)
    total = sum(cpu.values())
    for kind in count:
        print(f"{kind:10s} n={count[kind]:5d} {1000 * cpu[kind] / count[kind]:6.2f} ms/req  "  # noqa: T201
              f"share {cpu[kind] / total:.0%}")
    print(f"ALL {1000 * total / sum(count.values()):.2f} ms/req")  # noqa: T201
    if prof is not None:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
