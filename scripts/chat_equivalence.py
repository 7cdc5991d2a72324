"""Old against new chat: the full /api/chat answer to every stored message and conversation.

Extracts `app/` as it was at a git revision (by default where this branch left main) into a
temporary folder beside today's `directory_data/`, and runs the same cases through each code's
own test client, on a fresh data folder each, built from that same `directory_data/`: every
message and every multi-turn conversation of tests/risk_batch_*.yaml, tests/risk_holdout.yaml,
tests/topics_batch_*.yaml and tests/topics_holdout.yaml, with the case's age where it gives one
(on the first turn), each conversation carrying its state. The two sides run as separate
processes at once; each answer (status and JSON body, state token included) is compared byte
for byte. Answers pass only through a temporary file that is deleted at the end.

    .venv/bin/python scripts/chat_equivalence.py [--before REF] [--every N] [--show 5]

Exits non-zero if any answer differs.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BATCHES = ("risk_batch_*.yaml", "risk_holdout.yaml", "topics_batch_*.yaml", "topics_holdout.yaml")


def cases(tests: Path) -> list[dict]:
    """Every case of the batches in file order: {"turns": [...], "age": int | None}."""
    found: list[dict] = []
    for pattern in BATCHES:
        for path in sorted(glob.glob(str(tests / pattern))):
            for case in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
                if not isinstance(case, dict):
                    continue
                age = case.get("age") if isinstance(case.get("age"), int) else None
                if isinstance(case.get("message"), str):
                    found.append({"turns": [case["message"]], "age": age})
                turns = [t for t in case.get("turns") or () if isinstance(t, str)]
                if turns:
                    found.append({"turns": turns, "age": age})
    return found


def answer_all(out: Path, every: int) -> None:
    """Run every case through this process's `app` on a fresh data folder; one line per turn."""
    from app import create_app

    with tempfile.TemporaryDirectory(prefix="chat-equivalence-") as data:
        app = create_app({"TESTING": True, "SECRET_KEY": "equivalence", "DATA_DIR": data})
        client = app.test_client()
        started = time.process_time()
        with out.open("w", encoding="utf-8") as lines:
            for case in cases(ROOT / "tests")[::every]:
                state = None
                for number, turn in enumerate(case["turns"]):
                    body = {"message": turn, "state": state}
                    if number == 0 and case["age"] is not None:
                        body["age"] = case["age"]
                    response = client.post("/api/chat", json=body)
                    lines.write(json.dumps([response.status_code, response.get_data(as_text=True)])
                                + "\n")
                    state = (response.get_json(silent=True) or {}).get("state")
        print(f"{Path(sys.modules['app'].__file__).parent}: "  # noqa: T201
              f"{time.process_time() - started:.1f} s CPU", file=sys.stderr)


def extract(ref: str, into: Path) -> None:
    """app/ as it was at ref, and a link to today's directory_data/ (the same data both sides)."""
    archive = subprocess.run(["git", "archive", ref, "app"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "directory_data").symlink_to(ROOT / "directory_data")


def main(argv: list[str]) -> int:
    """Answer every case with the old and the new code at once, then compare the answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision of the old code (default: merge-base with main)")
    parser.add_argument("--every", type=int, default=1, help="every Nth case only")
    parser.add_argument("--show", type=int, default=5, help="differences to print")
    parser.add_argument("--answer", help=argparse.SUPPRESS)  # one side's worker: write answers here
    args = parser.parse_args(argv)
    if args.answer:
        answer_all(Path(args.answer), args.every)
        return 0
    before = args.before or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT,
                                           capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="chat-equivalence-") as tmp:
        old_root = Path(tmp) / "old"
        old_root.mkdir()
        extract(before, old_root)
        outputs = {}
        workers = []
        for side, root in (("old", old_root), ("new", ROOT)):
            outputs[side] = Path(tmp) / f"{side}.jsonl"
            env = {**os.environ, "PYTHONPATH": str(root)}
            # The worker runs this very file, but imports `app` from the side's root.
            workers.append(subprocess.Popen(
                [sys.executable, "-c", "import sys, runpy; sys.path.insert(0, sys.argv[1]); "
                 "sys.argv = sys.argv[2:]; runpy.run_path(sys.argv[0], run_name='__main__')",
                 str(root), str(Path(__file__).resolve()), "--answer", str(outputs[side]),
                 "--every", str(args.every)], cwd=root, env=env))
        if any(worker.wait() for worker in workers):
            print("a worker failed", file=sys.stderr)  # noqa: T201
            return 2
        old = outputs["old"].read_text(encoding="utf-8").splitlines()
        new = outputs["new"].read_text(encoding="utf-8").splitlines()
    if len(old) != len(new):
        print(f"different numbers of answers: {len(old)} old, {len(new)} new")  # noqa: T201
        return 1
    differing = [number for number, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    total = len(cases(ROOT / "tests")[::args.every])
    print(f"before {before[:12]}: {len(old) - len(differing):,} of {len(old):,} answers identical "  # noqa: T201
          f"({total:,} cases: messages and conversations)")
    for number in differing[:args.show]:
        print(f"answer {number} differs:\n  old {old[number][:600]}\n  new {new[number][:600]}")  # noqa: T201
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
