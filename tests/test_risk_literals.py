"""The risk check's pre-filter passes over a regex only when the text cannot match it.

app.chat.risk_literals reads each rule regex for strings of which every match must contain one;
app.chat.risk_scan runs a regex only on texts holding one of them. If that reading were wrong, a
risk message would silently go unescalated, so these check it on the real rules' own examples.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.chat import risk
from app.chat.risk_literals import needed
from app.chat.risk_rules import load_rules

RULES = load_rules(Path(__file__).resolve().parent.parent / "directory_data" / "risk_rules.yaml")


def test_every_match_of_a_pattern_holds_one_of_its_needed_strings():
    examples = [e for rule in RULES.rules for e in rule.must_match][::3]
    forms = [form for text in examples for form in risk._forms(text, RULES, None)]
    regexes = [concept.regex for concept in RULES.concepts.values()]
    regexes += [pattern.regex for rule in RULES.rules for pattern in rule.patterns]
    checked = 0
    for regex in regexes:
        strings = needed(regex)
        if strings is None:
            continue
        for form in forms:
            if regex.search(form):
                checked += 1
                assert any(s in form for s in strings), (regex.pattern[:120], form, sorted(strings))
    assert checked > 500  # the check saw real matches, not an empty set


def test_a_pattern_it_cannot_read_is_always_run():
    assert needed(re.compile("kill myself", re.IGNORECASE)) is None
    assert needed(re.compile(r"(?i)end it")) is None
    assert needed(re.compile(r"\w+")) is None  # no string every match must hold


def test_a_branch_needs_one_string_from_each_side():
    strings = needed(re.compile(r"(?:want|wanna) to (?:die|end it)"))
    assert strings and all(any(s in text for s in strings)
                           for text in ("want to die", "wanna to end it"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeiklmnorstwy ", max_size=40))
def test_any_text_a_pattern_matches_holds_a_needed_string(text):
    for regex in (re.compile(r"(?:kill|end) (?:my ?self|it)(?: all)?"),
                  re.compile(r"(?<!i )took (?:all|loads) of (?:my|the) \w+"),
                  re.compile(r"\b(?:no|never) (?:reason|point) (?:to|in) (?:live|living|stay)")):
        strings = needed(regex)
        if strings and regex.search(text):
            assert any(s in text for s in strings), (regex.pattern, text)
