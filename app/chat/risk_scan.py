"""Work shared by every rule while app.chat.risk checks one message, so it is done once.

Owns two things, both exact (they change no result, only how often a regex runs):
- a pre-filter: the strings each concept, rule pattern and idiom pattern cannot match without
  (app.chat.risk_literals). A regex none of whose strings is in a text is not run on it; a rule
  none of whose patterns could match in any form of the message, and one of whose ideas could
  match in none either, is passed over.
- each concept's first match in each form, found once per message instead of once per rule.
  A concept's leftmost match is also its smallest span, which is all the rules use.
What is derived from the rules is kept per rules object; `Scan` holds nothing beyond one call
of `risk.assess`. Never logs or keeps what people type.
"""

from __future__ import annotations

import re
from collections import Counter

from .risk_literals import Literals, literals, rarity
from .risk_rules import RiskRules, Rule

_SHARED: dict[tuple[int, int], tuple[object, object, Literals, Counter]] = {}
_PLANS: dict[int, tuple[RiskRules, Plan]] = {}


class Plan:
    """Derived from one set of rules: their patterns' pre-filter, and which patterns and ideas
    each rule could fire by."""

    def __init__(self, rules: RiskRules, shared: Literals, counts: Counter):
        self.rules = rules.rules
        self.position = {rule.id: i for i, rule in enumerate(rules.rules)}
        self.shared = shared  # the pre-filter for concepts and idioms
        self.literals = literals([p.regex for rule in rules.rules for p in rule.patterns], counts)
        self.always = shared.always | self.literals.always
        self.idioms = frozenset(p.regex.pattern for idiom in rules.idioms for p in idiom.patterns)
        self.by_pattern: dict[str, set[str]] = {}  # a pattern's source: the rules that have it
        self.by_idea: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
        for rule in rules.rules:
            for pattern in rule.patterns:
                self.by_pattern.setdefault(pattern.regex.pattern, set()).add(rule.id)
            if rule.all_of:
                slots = tuple(frozenset(rules.concepts[n].regex.pattern for n in slot)
                              for slot in rule.all_of)
                for source in slots[0]:  # every slot is needed, so the first one is
                    self.by_idea.setdefault(source, []).append((rule.id, slots[1:]))
        self.patterns, self.ideas = frozenset(self.by_pattern), frozenset(self.by_idea)

    def possible(self, anywhere: set[str]) -> list[Rule]:
        """The rules, in file order, that could fire where only these regexes could match."""
        ids: set[str] = set()
        for source in anywhere & self.patterns:
            ids |= self.by_pattern[source]
        for source in anywhere & self.ideas:
            ids.update(rule_id for rule_id, rest in self.by_idea[source]
                       if all(not slot.isdisjoint(anywhere) for slot in rest))
        return [self.rules[i] for i in sorted(self.position[rule_id] for rule_id in ids)]


def _examples(rules: RiskRules) -> list[str]:
    """The rules' reviewed examples: the text the pre-filter picks its rarest pieces by (from
    the first rules object made from a file; the example check's one-rule sets use the same)."""
    return [e for rule in rules.rules for e in (*rule.must_match, *rule.must_not_match)] + [
        e for idiom in rules.idioms for e in idiom.examples]


def plan_for(rules: RiskRules) -> Plan:
    """What is derived from these rules, made once per rules object (8 kept).

    Concepts and idioms are shared by every rule set made from one file (the example check
    makes one per rule), so their pre-filter is kept by their own identity."""
    plan = _PLANS.get(id(rules))
    if plan is not None and plan[0] is rules:
        return plan[1]
    key = (id(rules.concepts), id(rules.idioms))
    shared = _SHARED.get(key)
    if shared is None or shared[0] is not rules.concepts or shared[1] is not rules.idioms:
        regexes = [p.regex for p in rules.concepts.values()]
        regexes += [p.regex for idiom in rules.idioms for p in idiom.patterns]
        counts = rarity(_examples(rules))
        if len(_SHARED) >= 8:
            _SHARED.clear()
        shared = _SHARED[key] = (rules.concepts, rules.idioms, literals(regexes, counts), counts)
    if len(_PLANS) >= 8:
        _PLANS.clear()
    _PLANS[id(rules)] = (rules, Plan(rules, shared[2], shared[3]))
    return _PLANS[id(rules)][1]


class Scan:
    """One message's scans: which regexes and rules could match, and concepts' first spans."""

    def __init__(self, rules: RiskRules):
        self.concepts = rules.concepts
        self.plan = plan_for(rules)
        self.always, self.idioms = self.plan.always, self.plan.idioms
        self._first: dict[tuple[str, str], tuple[int, int] | None] = {}
        self._present: dict[str, set[str]] = {}

    def present(self, text: str) -> set[str]:
        """Sources of the regexes with a needed string in text (so they could match it)."""
        found = self._present.get(text)
        if found is None:
            found = self._present[text] = self.plan.shared.present(text) | self.plan.literals.present(text)
        return found

    def could(self, regex: re.Pattern[str], text: str) -> bool:
        """False only when the regex cannot match in text: no string it needs is there."""
        key = regex.pattern
        return key in self.always or key in self.present(text)

    def possible(self, forms: list[str]) -> list[Rule]:
        """The rules, in file order, that could fire on these forms. Any other cannot: none of
        its patterns could match in any form, and (for a rule of ideas) one of its ideas in none."""
        return self.plan.possible(self.always.union(*(self.present(form) for form in forms)))

    def may_neutralise(self, form: str) -> bool:
        """False only when no idiom pattern can match anywhere in the form."""
        return bool(self.plan.shared.always) or not self.idioms.isdisjoint(self.present(form))

    def may_match(self, form: str) -> bool:
        """False only when no rule pattern can match anywhere in the form."""
        return bool(self.plan.literals.always) or not self.plan.patterns.isdisjoint(
            self.present(form))

    def first(self, name: str, text: str) -> tuple[int, int] | None:
        """The span of the concept's leftmost match in text, or None."""
        key = (name, text)
        if key in self._first:
            return self._first[key]
        regex = self.concepts[name].regex
        match = regex.search(text) if self.could(regex, text) else None
        span = self._first[key] = match.span() if match else None
        return span
