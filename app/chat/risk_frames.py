"""Schoolwork, media and everyday frames for risk matches: whether a schoolwork or media word sits
close enough to a match to make it a lesson or a story, whether the writer or someone they know is
the match's subject, and whether a message is about an ordinary dose, period pain, sport or play.
Reads the rules' frame concepts; never decides an escalation itself (that is app.chat.risk).
"""

from __future__ import annotations

import re

from .normalise import as_typed, normalise
from .risk_rules import RiskRules

FRAME_REACH = 30  # characters either side of a match in which a schoolwork or media word frames it
SUBJECT_REACH = 25  # characters before a match in which its subject ("i", "my friend") is looked for
# Characters either side of a match in which a schoolwork or media word still frames it when the
# match names no subject: a long message can mention a dissertation and, far on, the sea.
ELSEWHERE_REACH = 160
_PERSONAL = re.compile(r"\b(?:i|me|my|myself|mine)\b")
# In a parent's or teacher's message about a child, "she" and "his" are that child.
_PERSONAL_OR_CHILD = re.compile(r"\b(?:i|me|my|myself|mine|she|her|herself|he|him|his|himself)\b")
# A clause break in any form: punctuation kept as typed, a sentence break, or a turn of topic.
_CLAUSE_BREAK = re.compile(r"[,;:.!?]|\s\|\s|\b(?:anyway|anyways|btw|by the way|also|but)\b")
# The writer as the direct subject just before a match ("i will not be here", "i am done").
_FIRST_PERSON_BEFORE = re.compile(r"\b(?:i|i am|i have|i will|i would|im|ive|i ll|i d)\s*$")


# A usual dose, period pain, sport, play, an operation or an anaesthetic, a sensory need, a fall.
EVERYDAY = ("normal_dose", "period", "sport_injury", "play_things", "medical_procedure", "accident_fall")


def framed(text: str, rules: RiskRules) -> bool:
    """Whether the message is schoolwork, media or hyperbole (a frame concept occurs in it)."""
    return _mentions(text, rules.frames, rules)


def everyday_context(text: str, rules: RiskRules) -> bool:
    """Whether the message is about an ordinary dose of medicine, period pain, a sports injury, play
    or an accident."""
    return _mentions(text, EVERYDAY, rules)


def _mentions(text: str, names, rules: RiskRules) -> bool:
    """Whether any of these concepts occurs in the message as typed or normalised."""
    forms = [as_typed(text), normalise(text).text]
    return any(rules.concepts[name].regex.search(form) for name in names
               if name in rules.concepts for form in forms)


def near_frame(form: str, span: tuple[int, int], frames) -> bool:
    """Whether schoolwork or media words sit close to what matched, in the same clause.

    A frame far away in a long message ("got a B on my essay ... my arms are a mess again"), or
    past a clause break ("i might end it all, anyway what revision apps are good"), does not
    silence a risk statement; nor does one beside the writer saying it of themselves ("why
    revise when i will not be here in june").
    """
    if _FIRST_PERSON_BEFORE.search(form, max(0, span[0] - 8), span[0]):
        return False
    start, end = max(0, span[0] - FRAME_REACH), span[1] + FRAME_REACH
    before = [b.end() for b in _CLAUSE_BREAK.finditer(form, start, span[0])]
    after = _CLAUSE_BREAK.search(form, span[1], end)
    start, end = (before[-1] if before else start), (after.start() if after else end)
    return any(frame.regex.search(form, start, end) for frame in frames)


def framed_elsewhere(form: str, span: tuple[int, int], frames) -> bool:
    """Whether a schoolwork or media word is in the same stretch of the message as the match."""
    start, end = max(0, span[0] - ELSEWHERE_REACH), span[1] + ELSEWHERE_REACH
    return any(frame.regex.search(form, start, end) for frame in frames)


def own_statement(form: str, span: tuple[int, int], carer: bool = False) -> bool:
    """Whether the match is said by or about the writer or someone they know ("i", "my friend"):
    the match and the few words before it, where its subject sits. In a message about
    schoolwork or media, a match with no such words is about a character or a topic. When a
    parent or member of staff writes about a child (`carer`), "she" and "his" are that child."""
    personal = _PERSONAL_OR_CHILD if carer else _PERSONAL
    return personal.search(form, max(0, span[0] - SUBJECT_REACH), span[1]) is not None
