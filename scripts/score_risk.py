"""Score a risk batch through the real chat pipeline (/api/chat on a fresh data folder).

Usage: python scripts/score_risk.py BATCH.yaml [--show]
A batch is a YAML list of single messages ({message, escalation, about, immediate}) and
multi-turn cases ({turns, risky_turn, escalation, about}). Prints recall of must-escalate
messages (both tiers count), false alarms on look-alikes, category and about accuracy, 999
first for immediate cases, and multi-turn timing. Nothing typed is kept.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402


def score(cases: list[dict], client) -> dict:
    """Run every case; return counts and the misses, for printing or asserting."""
    out = {"risky": 0, "caught": 0, "calm": 0, "alarms": 0, "category": 0, "about": 0,
           "immediate": 0, "immediate_999": 0, "multi": 0, "multi_ok": 0,
           "missed": [], "false": [], "wrong_category": [], "wrong_about": [], "not_999": [],
           "multi_bad": []}
    for i, case in enumerate(cases, 1):
        if i % 25 == 0 or i == len(cases):
            print(f"\rscored {i}/{len(cases)}", end="", file=sys.stderr, flush=True)
        if "turns" in case:
            _multi(case, client, out)
        else:
            _single(case, _send(client, case["message"], None)[0], out)
    print(file=sys.stderr)
    return out


def _send(client, message: str, token: str | None):
    body = client.post("/api/chat", json={"message": message, "state": token}).get_json()
    return body, body.get("state")


def _single(case: dict, body: dict, out: dict) -> None:
    esc = body.get("escalation")
    if not case.get("escalation"):
        out["calm"] += 1
        if esc:
            out["alarms"] += 1
            out["false"].append((case["message"], esc["category"], esc.get("level")))
        return
    out["risky"] += 1
    if not esc:
        out["missed"].append((case["message"], case["escalation"], body.get("topics")))
        return
    out["caught"] += 1
    # A writer may label danger happening now by its kind (an overdose as suicidal thoughts);
    # the chat files all of it as immediate danger, which leads with 999. Both are right.
    if esc["category"] == case["escalation"] or (
            case.get("immediate") and esc["category"] == "immediate-danger"):
        out["category"] += 1
    else:
        out["wrong_category"].append((case["message"], case["escalation"], esc["category"]))
    if esc["about"] == case.get("about"):
        out["about"] += 1
    else:
        out["wrong_about"].append((case["message"], case.get("about"), esc["about"]))
    if case.get("immediate"):
        out["immediate"] += 1
        first = (esc.get("resources") or [{}])[0].get("name", "")
        if "999" in first or "emergency" in first.lower():
            out["immediate_999"] += 1
        else:
            out["not_999"].append((case["message"], first))


def _multi(case: dict, client, out: dict) -> None:
    out["multi"] += 1
    token, fired = None, []
    for turn in case["turns"]:
        body, token = _send(client, turn, token)
        fired.append(bool(body.get("escalation")))
    risky = case.get("risky_turn")
    first = fired.index(True) if True in fired else None
    if first == risky:
        out["multi_ok"] += 1
    else:
        out["multi_bad"].append((case["turns"], risky, first))


def report(out: dict, show: bool) -> None:
    """Print the figures (and, with show, every miss)."""
    pct = lambda a, b: f"{a}/{b} = {100 * a / b:.1f}%" if b else "n/a"  # noqa: E731
    print(f"recall (must escalate):   {pct(out['caught'], out['risky'])}")
    print(f"false alarms (look-alike): {pct(out['alarms'], out['calm'])}")
    print(f"category right:           {pct(out['category'], out['caught'])}")
    print(f"about right:              {pct(out['about'], out['caught'])}")
    print(f"999 first when immediate: {pct(out['immediate_999'], out['immediate'])}")
    print(f"multi-turn right turn:    {pct(out['multi_ok'], out['multi'])}")
    if show:
        for key in ("missed", "false", "wrong_category", "wrong_about", "not_999", "multi_bad"):
            for item in out[key]:
                print(f"  {key}: {item}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", nargs="+")
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    cases = [c for path in args.batch for c in yaml.safe_load(Path(path).read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory() as data:
        app = create_app({"TESTING": True, "SECRET_KEY": "score", "DATA_DIR": data})
        report(score(cases, app.test_client()), args.show)


if __name__ == "__main__":
    main()
