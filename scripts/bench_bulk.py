"""Bulk load benchmark: 15,000 Open Referral UK services into a running directory, index included.

Starts from a data folder holding the built-in directory (as a deployment has), writes N
synthetic entries as Open Referral UK JSON (not timed), then times what `flask load-directory
services.json` does: read and map the JSON, validate, upsert, bring the index up to date. It
checks the result (every entry stored, the index matching SQLite) and prints one JSON line.

    .venv/bin/python scripts/bench_bulk.py [--entries 15000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

TARGET_S = 20.0


def run(n: int, seed: int) -> dict:
    """Load n synthetic services into a fresh copy of the built-in directory; the figures."""
    from synthetic import make_entries

    from app import create_app, runtime
    from app.directory import openreferral, service, store
    from app.directory.entry import Entry
    from app.search import index as search_index

    data_dir = Path(tempfile.mkdtemp(prefix="signpost-bulk-"))
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATA_DIR": str(data_dir)})
        with app.app_context():
            rt = runtime.current()
            db = rt.db()
            before = store.count(db)
            feed = data_dir / "services.json"
            feed.write_text(openreferral.dumps(
                [Entry.from_dict(d) for d in make_entries(n, seed=seed)], rt.taxonomy))
            load_start = os.getloadavg()[0]
            wall, cpu = time.perf_counter(), time.process_time()
            report = service.load_paths(db, rt.data_dir, [feed], rt.taxonomy)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if not report.ok:
                raise SystemExit("the synthetic feed did not load:\n"
                                 + "\n".join(str(p) for p in report.problems[:10]))
            drift = search_index.check(rt.data_dir, store.all_entries(db))
            return {"entries": n, "added": report.added, "stored": store.count(db) - before,
                    "index_matches": drift.clean, "load_index_s": round(wall, 2),
                    "cpu_s": round(cpu, 2), "loadavg": [round(load_start, 2),
                                                       round(os.getloadavg()[0], 2)]}
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def line(result: dict) -> str:
    """The figure as `make bench` prints it, with the target."""
    verdict = "met" if result["load_index_s"] < TARGET_S and result["index_matches"] else "MISSED"
    return (f"load + index of {result['entries']:,} entries: {result['load_index_s']:.1f} s "
            f"(CPU {result['cpu_s']:.1f} s; load average {result['loadavg'][0]} -> "
            f"{result['loadavg'][1]} on {os.cpu_count()} cores; target < {TARGET_S:g} s: {verdict})")


def main(argv: list[str] | None = None) -> int:
    """Run once and print the result as JSON, then the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    result = run(args.entries, args.seed)
    print(json.dumps(result), flush=True)
    print(line(result), flush=True)
    return 0 if result["stored"] == args.entries and result["index_matches"] else 1


if __name__ == "__main__":
    sys.exit(main())
