"""Whether each risk rule does what its reviewed examples say, checked when the rules load.

A rule must fire on every must-match example and stay quiet on every must-not-match one. Each
rule is checked alone (with the rules it also needs), so a fault names the rule that has it.
Checking every example takes a few seconds, so a rules file that passed is remembered by its
hash in the data folder and not checked again until it changes. The stamp is derived: if it is
missing or damaged the file is simply checked again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

from .risk import assess, cues
from .risk_rules import RiskRules

STAMP = "risk_rules.verified"


def failing(rules: RiskRules) -> list[str]:
    """Every example its rule gets wrong, as 'rule id: must (not) match "example"'."""
    by_id = {rule.id: rule for rule in rules.rules}
    problems = []
    for rule in rules.rules:
        alone = dataclasses.replace(rules, rules=(*(by_id[n] for n in rule.also_needs), rule))
        problems += [f'{rule.id}: must match "{e}" but does not' for e in rule.must_match
                     if not _fires(rule.id, e, alone)]
        problems += [f'{rule.id}: must not match "{e}" but does' for e in rule.must_not_match
                     if _fires(rule.id, e, alone)]
    return problems


def _fires(rule_id: str, text: str, rules: RiskRules) -> bool:
    """Whether the rule fires on the example; "EARLIER || NOW" is two turns of a conversation."""
    earlier, _, now = text.rpartition(" || ")
    found = cues(earlier, rules) if earlier else frozenset()
    return rule_id in {m.rule_id for m in assess(now, rules, earlier=found)}


def check(rules: RiskRules, path: Path, data_dir: Path | None) -> None:
    """Raise ValueError listing every failing example, unless this exact file passed before."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    stamp = Path(data_dir) / STAMP if data_dir else None
    try:
        if stamp and stamp.read_text(encoding="utf-8").strip() == digest:
            return
    except OSError:
        pass  # no stamp yet, or unreadable: check again
    problems = failing(rules)
    if problems:
        raise ValueError(f"risk rules {path}: {len(problems)} example(s) fail:\n- "
                         + "\n- ".join(problems))
    if stamp:
        try:
            partial = stamp.with_suffix(".tmp")
            partial.write_text(digest + "\n", encoding="utf-8")
            os.replace(partial, stamp)
        except OSError:
            pass  # a read-only data folder: check again next start
