"""Score a topic batch through the real chat pipeline (/api/chat on a fresh data folder).

Usage: python scripts/score_topics.py BATCH.yaml [--show]
A batch is a YAML list of {message, topics, services, age}. Prints topic recall, "no clearly
wrong topic" (found topics within the expected ones; 'parenting' is always fine from a parent
or member of staff), whether a fitting service comes first or in the first three, and how many
ordinary messages (no risk topic expected) were escalated. Nothing typed is kept.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import yaml

# Score the checkout you run it from (so the same script can score an older checkout).
sys.path.insert(0, str(Path.cwd()))

from app import create_app  # noqa: E402
from app.chat.ranking import RISK_TOPICS  # noqa: E402

# A grown-up writing about a child: 'parenting' is then a fair reading of any message.
GROWN_UP = re.compile(
    r"\b(my|our) (son|daughter|child|children|kid|kids|teen|teenager|boy|girl|stepson|"
    r"stepdaughter|pupil|pupils|student|students|class|tutor group)\b|\b(as a|i am a|i'm a|im a) "
    r"(parent|mum|dad|teacher|carer|foster carer)\b|\b(pupil|pupils|student|students)\b|"
    r"\b(son|daughter|stepson|stepdaughter) (is|has|\(?\d)|\b(our|my) \d+ ?(year|yr|yo|y/o)\b|"
    r"\b(senco|dsl|tutor|ta|teaching assistant|headteacher|head of \w+|youth worker|supervisor|"
    r"foster carer|social worker|school nurse|counsellor|coordinator|lead|liaison officer)\b[^.]{0,40}"
    r"\b(here|at a|in year|at our|:)|^(as a|i am a|i'm a|im a) ",
    re.IGNORECASE)


def grown_up(case: dict) -> bool:
    """True when the writer is a parent or member of staff."""
    return "parenting" in (case.get("topics") or []) or bool(GROWN_UP.search(case["message"]))


def score(cases: list[dict], client) -> dict:
    """Run every case; return counts and the misses, for printing or asserting."""
    out = {"with_topics": 0, "recalled": 0, "all": 0, "clean": 0, "with_services": 0,
           "first": 0, "top3": 0, "ordinary": 0, "missed": [], "wrong": [], "not_first": [],
           "escalated": []}
    for i, case in enumerate(cases, 1):
        if i % 25 == 0 or i == len(cases):
            print(f"\rscored {i}/{len(cases)}", end="", file=sys.stderr, flush=True)
        body = client.post("/api/chat", json={"message": case["message"], "state": None,
                                              "age": case.get("age")}).get_json()
        _judge(case, body, out)
    print(file=sys.stderr)
    return out


def _judge(case: dict, body: dict, out: dict) -> None:
    expected = set(case.get("topics") or [])
    found = list(body.get("topics") or [])
    allowed = expected | ({"parenting"} if grown_up(case) else set())
    out["all"] += 1
    if not expected & RISK_TOPICS:
        out["ordinary"] += 1
        if body.get("escalation"):
            level = body["escalation"].get("level")
            out["escalated"].append((case["message"], body["escalation"].get("category"), level))
    if set(found) <= allowed:
        out["clean"] += 1
    else:
        out["wrong"].append((case["message"], sorted(expected), found))
    if expected:
        out["with_topics"] += 1
        if expected & set(found):
            out["recalled"] += 1
        else:
            out["missed"].append((case["message"], sorted(expected), found))
    services = [s.lower() for s in case.get("services") or []]
    if not services:
        return
    out["with_services"] += 1
    names = [r["name"] for r in body.get("resources") or []]
    fits = [any(s in n.lower() for s in services) for n in names]
    if fits[:1] == [True]:
        out["first"] += 1
    if any(fits[:3]):
        out["top3"] += 1
    if fits[:1] != [True]:
        out["not_first"].append((case["message"], case.get("services"), names[:3]))


def figures(out: dict) -> dict[str, float]:
    """The four headline figures as fractions (0 when nothing to count)."""
    frac = lambda a, b: a / b if b else 0.0  # noqa: E731
    return {"recall": frac(out["recalled"], out["with_topics"]),
            "clean": frac(out["clean"], out["all"]),
            "first": frac(out["first"], out["with_services"]),
            "top3": frac(out["top3"], out["with_services"])}


def report(out: dict, show: bool) -> None:
    """Print the figures (and, with show, every miss)."""
    pct = lambda a, b: f"{a}/{b} = {100 * a / b:.1f}%" if b else "n/a"  # noqa: E731
    print(f"topic recall:               {pct(out['recalled'], out['with_topics'])}")
    print(f"no clearly wrong topic:     {pct(out['clean'], out['all'])}")
    print(f"fitting service first:      {pct(out['first'], out['with_services'])}")
    print(f"fitting service in first 3: {pct(out['top3'], out['with_services'])}")
    print(f"ordinary message escalated: {pct(len(out['escalated']), out['ordinary'])}")
    if show:
        for key in ("missed", "wrong", "not_first", "escalated"):
            for item in out[key]:
                print(f"  {key}: {item}")


def run(cases: list[dict]) -> dict:
    """Score cases on a fresh data folder; the raw counts."""
    with tempfile.TemporaryDirectory() as data:
        app = create_app({"TESTING": True, "SECRET_KEY": "score", "DATA_DIR": data})
        return score(cases, app.test_client())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", nargs="+")
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    cases = [c for path in args.batch for c in yaml.safe_load(Path(path).read_text(encoding="utf-8"))]
    report(run(cases), args.show)


if __name__ == "__main__":
    main()
