"""Old against new risk check: the same matches on every stored text, and how long each takes.

Loads `app/chat/risk.py` and `app/chat/risk_scan.py` as they were at a git commit (by default
the one before the literal pre-filter came in) beside the current code, in one process, on
whatever rules file is given, and asserts that `assess` (without the corrected text),
`assess_safely` (with it), `without_idioms`, `framed` and `everyday_context` give the same answers on:
every message and turn of tests/risk_*.yaml and tests/topics_*.yaml, every rule's and idiom's
reviewed examples (also with each rule checked alone, as app.chat.risk_examples does), and
seeded perturbations of all of these. Then times `assess` as a chat turn calls it, old and new
interleaved, and prints the median per message and the ratio. Nothing typed is kept or logged.

    .venv/bin/python scripts/risk_equivalence.py [--rules PATH] [--tests DIR] [--before REF]
        [--every N] [--rounds 5] [--no-timing | --no-compare]
"""

from __future__ import annotations

import argparse
import dataclasses
import glob
import importlib
import random
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.chat import risk  # noqa: E402
from app.chat.concerns import understand  # noqa: E402
from app.taxonomy import load_taxonomy  # noqa: E402


def before_ref() -> str:
    """The commit before the one that added the literal pre-filter (or HEAD without it)."""
    added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--",
                            "app/chat/risk_literals.py"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    return f"{added[-1]}^" if added else "HEAD"


def load_before(ref: str) -> types.ModuleType:
    """app.chat.risk as it was at ref, using its own risk_scan and today's other modules."""
    def source(name: str) -> str:
        return subprocess.run(["git", "show", f"{ref}:app/chat/{name}.py"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout

    def module(name: str, text: str) -> types.ModuleType:
        mod = types.ModuleType(f"app.chat.{name}")
        mod.__package__ = "app.chat"
        sys.modules[mod.__name__] = mod
        exec(compile(text, f"{ref}:app/chat/{name}.py", "exec"), mod.__dict__)  # noqa: S102
        return mod

    module("_before_risk_scan", source("risk_scan"))
    text = source("risk")
    if "from .risk_scan import" in text:
        text = text.replace("from .risk_scan import", "from ._before_risk_scan import")
    return module("_before_risk", text)


def stored_texts(tests: Path) -> list[str]:
    """Every message and turn of the risk and topic batches, once each, in file order."""
    texts: list[str] = []
    for path in sorted(glob.glob(str(tests / "risk_*.yaml")) + glob.glob(str(tests / "topics_*.yaml"))):
        for case in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
            if isinstance(case, dict):
                texts += [case["message"]] if isinstance(case.get("message"), str) else []
                texts += [t for t in case.get("turns") or () if isinstance(t, str)]
    return list(dict.fromkeys(texts))


def example_texts(rules) -> list[str]:
    """Every rule's must-match and must-not-match example and every idiom's example."""
    texts = [e for rule in rules.rules for e in (*rule.must_match, *rule.must_not_match)]
    texts += [e for idiom in rules.idioms for e in idiom.examples]
    return list(dict.fromkeys(texts))


def perturbed(texts: list[str], seed: int = 12) -> list[str]:
    """Seeded variations: case, punctuation, typos, cut short, run together, repeated."""
    rng = random.Random(seed)
    out = []
    for text in texts:
        words = text.split()
        choice = rng.randrange(9)
        if choice == 0:
            out.append(text.upper())
        elif choice == 1:
            out.append("".join(c for c in text if c.isalnum() or c.isspace()))
        elif choice == 2 and len(text) > 3:
            i = rng.randrange(len(text) - 1)  # two letters swapped
            out.append(text[:i] + text[i + 1] + text[i] + text[i + 2:])
        elif choice == 3 and len(text) > 3:
            i = rng.randrange(len(text))  # a letter dropped
            out.append(text[:i] + text[i + 1:])
        elif choice == 4 and len(words) > 2:
            out.append(" ".join(words[:rng.randrange(1, len(words))]))  # cut short
        elif choice == 5:
            out.append(f"{text}. {rng.choice(texts)}")  # two messages in one
        elif choice == 6:
            out.append(text.replace(" ", "", 1).replace("i ", "I ").replace("you", "u"))
        elif choice == 7:
            out.append(f"{text} {text}")
        else:
            out.append(f"lol {text.lower()} !!! idk")
    return list(dict.fromkeys(out))


def answers(module, text: str, rules, corrected: str | None) -> tuple:
    """Everything the risk module says about one text, as plain values."""
    def call(function, *args, **kwargs):
        try:
            result = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - a failure must fail the same way
            return ("raised", type(error).__name__)
        if isinstance(result, tuple) and result and isinstance(result[0], tuple):
            return (tuple(dataclasses.astuple(m) for m in result[0]), result[1])
        if isinstance(result, tuple):
            return tuple(dataclasses.astuple(m) for m in result)
        return result

    return (call(module.assess, text, rules),
            call(module.assess_safely, text, rules, corrected=corrected),
            call(module.without_idioms, text, rules),
            call(_frames(module).framed, text, rules),
            call(_frames(module).everyday_context, text, rules))


def _frames(module):
    """Where a risk module's frame checks live: in it (before), or in its risk_frames sibling."""
    if hasattr(module, "framed"):
        return module
    return importlib.import_module(module.__package__ + ".risk_frames")


def compare(before, rules, taxonomy, texts: list[str]) -> int:
    """Assert old and new agree on every text; returns how many texts were compared."""
    for i, text in enumerate(texts, 1):
        try:
            corrected = understand(text, taxonomy).corrected
        except Exception:  # noqa: BLE001 - as a chat turn: no understanding, no corrected text
            corrected = None
        old, new = answers(before, text, rules, corrected), answers(risk, text, rules, corrected)
        if old != new:
            raise SystemExit(f"DIFFERENT on text #{i} ({len(text)} characters):\n"
                             f"  before: {old}\n  after:  {new}")
        if i % 2000 == 0:
            print(f"  {i}/{len(texts)} the same", file=sys.stderr)
    return len(texts)


def compare_alone(before, rules) -> int:
    """Each rule alone (with the rules it also needs) on its own examples, as the load check."""
    by_id = {rule.id: rule for rule in rules.rules}
    count = 0
    for rule in rules.rules:
        alone = dataclasses.replace(rules, rules=(*(by_id[n] for n in rule.also_needs), rule))
        for text in (*rule.must_match, *rule.must_not_match):
            old = tuple(dataclasses.astuple(m) for m in before.assess(text, alone))
            new = tuple(dataclasses.astuple(m) for m in risk.assess(text, alone))
            if old != new:
                raise SystemExit(f"DIFFERENT for rule {rule.id} alone on one of its examples")
            count += 1
    return count


def timing(before, rules, taxonomy, texts: list[str], rounds: int) -> None:
    """Old and new interleaved, as a chat turn calls assess: median ms a message, and ratio."""
    calls = []
    for text in texts:
        try:
            calls.append((text, understand(text, taxonomy).corrected))
        except Exception:  # noqa: BLE001
            calls.append((text, None))
    for module in (before, risk):  # warm: compile, build what is derived from the rules
        module.assess("warm up", rules)
    per = {"before": [], "after": []}
    totals = {"before": [], "after": []}
    for _ in range(rounds):
        for name, module in (("before", before), ("after", risk)):
            spent = []
            for text, corrected in calls:
                started = time.process_time()
                module.assess(text, rules, corrected=corrected)
                spent.append(time.process_time() - started)
            per[name].append(statistics.median(spent) * 1000)
            totals[name].append(sum(spent) * 1000 / len(calls))
    for name in per:
        print(f"{name:6s} median {statistics.median(per[name]):.3f} ms a message "
              f"(rounds {', '.join(f'{v:.3f}' for v in per[name])}); "
              f"mean {statistics.median(totals[name]):.3f} ms")
    ratio = [a / b for a, b in zip(per["after"], per["before"], strict=True)]
    mean_ratio = [a / b for a, b in zip(totals["after"], totals["before"], strict=True)]
    print(f"after / before: median {statistics.median(ratio):.3f}x "
          f"(rounds {', '.join(f'{v:.3f}' for v in ratio)}); mean {statistics.median(mean_ratio):.3f}x")


def main(argv: list[str]) -> int:
    """Compare old and new on every text, then time them unless told not to."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rules", default=str(ROOT / "directory_data" / "risk_rules.yaml"))
    parser.add_argument("--taxonomy", default=str(ROOT / "directory_data" / "taxonomy.yaml"))
    parser.add_argument("--tests", default=str(ROOT / "tests"))
    parser.add_argument("--before", default=None, help="git commit of the old code")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-compare", action="store_true", help="only time old and new")
    parser.add_argument("--every", type=int, default=1, help="compare every Nth text only")
    args = parser.parse_args(argv)
    ref = args.before or before_ref()
    before = load_before(ref)
    rules, taxonomy = risk.load_rules(args.rules), load_taxonomy(Path(args.taxonomy))
    stored = stored_texts(Path(args.tests))
    examples = example_texts(rules)
    extra = perturbed(stored + examples)
    print(f"before = {ref}; rules {args.rules}: {len(rules.rules)} rules, "
          f"{len(rules.concepts)} concepts", file=sys.stderr)
    if not args.no_compare:
        texts = list(dict.fromkeys(stored + examples + extra))[::args.every]
        compared = compare(before, rules, taxonomy, texts)
        alone = compare_alone(before, rules)
        print(f"the same: {compared} texts ({len(stored)} stored, {len(examples)} examples, "
              f"{len(extra)} perturbed), and {alone} examples with their rule alone")
    if not args.no_timing:
        timing(before, rules, taxonomy, stored, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
