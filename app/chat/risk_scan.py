"""Work shared by every rule while app.chat.risk checks one message, so it is done once.

Owns two things, both exact (they change no result, only how often a regex runs):
- a gate: every rule pattern joined into one alternation. Where the gate finds nothing in a
  form, no single pattern can match there either, so the per-rule pattern scans are skipped.
  (An alternation matches at a position exactly when one of its branches does; the gate is only
  built when no pattern has groups or flags of its own, otherwise it is not used at all.)
- each concept's first match in each form, found once per message instead of once per rule.
  A concept's leftmost match is also its smallest span, which is all the rules use.
Holds nothing beyond one call of `risk.assess`; never logs or keeps what people type.
"""

from __future__ import annotations

import re

from .risk_rules import RiskRules

_BEFORE, _AFTER = r"(?<!\w)", r"(?!\w)"  # how app.chat.risk_rules bounds every pattern
_GATES: dict[int, tuple[RiskRules, re.Pattern[str] | None]] = {}


def gate_for(rules: RiskRules) -> re.Pattern[str] | None:
    """One regex that matches wherever any rule's pattern does; None if it cannot be exact."""
    kept = _GATES.get(id(rules))
    if kept is not None and kept[0] is rules:
        return kept[1]
    patterns = [p.regex for rule in rules.rules for p in rule.patterns]
    gate = None
    if patterns and all(p.groups == 0 and p.flags == re.UNICODE and p.pattern.startswith(_BEFORE)
                        and p.pattern.endswith(_AFTER) for p in patterns):
        # Every pattern is (?<!\w)X(?!\w); the gate is (?<!\w)(?:X1|X2|...)(?!\w), which matches
        # at a place exactly when one of them does, and scans far faster than them one by one.
        inner = "|".join(f"(?:{p.pattern[len(_BEFORE):-len(_AFTER)]})" for p in patterns)
        try:
            gate = re.compile(f"{_BEFORE}(?:{inner}){_AFTER}")
        except (re.error, RecursionError, OverflowError):
            gate = None
    if len(_GATES) > 8:
        _GATES.clear()
    _GATES[id(rules)] = (rules, gate)
    return gate


class Scan:
    """One message's scans: which forms any pattern can match, and concepts' first spans."""

    def __init__(self, rules: RiskRules):
        self.concepts = rules.concepts
        self.gate = gate_for(rules)
        self._first: dict[tuple[str, str], tuple[int, int] | None] = {}
        self._gated: dict[str, bool] = {}

    def may_match(self, form: str) -> bool:
        """False only when no rule pattern matches anywhere in the form."""
        if self.gate is None:
            return True
        found = self._gated.get(form)
        if found is None:
            found = self._gated[form] = self.gate.search(form) is not None
        return found

    def first(self, name: str, text: str) -> tuple[int, int] | None:
        """The span of the concept's leftmost match in text, or None."""
        key = (name, text)
        if key in self._first:
            return self._first[key]
        match = self.concepts[name].regex.search(text)
        span = self._first[key] = match.span() if match else None
        return span
