"""The check-in tier, and keeping urgent help on screen once it has been needed.

Owns: a kind, direct question when a message is worrying but not explicit (a check-in rule
fired, or understanding found a risk topic that no rule caught); reading the answer to that
question; and keeping the urgent block after an immediate-danger turn until the person starts
again. Pure: no Flask, no storage, and nothing typed is kept (only a category in the state).
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import risk, risk_frames
from .concerns import Understanding, understand
from .normalise import normalise
from .subject import about_for, carer_writing

# Topics that understanding can find and the risk category each needs at least a check-in for.
RISK_TOPICS = {"suicidal-thoughts": "suicidal-thoughts", "self-harm": "self-harm",
               "abuse-safeguarding": "abuse", "domestic-abuse": "abuse"}
# Answers to "Are you thinking about ending your life?". Anything unsure counts as yes.
_NO = re.compile(r"^(?:no+|nope|nah|nop|not at all|no i am not|i am not|no i am (?:fine|ok|okay|alright)|"
                 r"i am (?:fine|ok|okay|alright)|no thanks|no thank you|definitely not|of course not)$")
_YES = re.compile(r"^(?:y|ya|yh|yea|yeah|yep|yes+|yes i am|i am|maybe|not sure|unsure|i do not know|"
                  r"do not know|i am not sure|kind of|sort of|a bit|a little|i think so|possibly|"
                  r"sometimes|probably|perhaps|not really|idk|dunno|i guess|yes please)$")
TOPIC_RULE = "risk-topic"  # the rule id shown when a risk topic, not a rule, asked the question
ANSWER_RULE = "check-in-answer"
STILL_RULE = "still-urgent"


def from_topics(text: str, understanding: Understanding | None, rules,
                taxonomy) -> risk.RiskMatch | None:
    """A check-in for a risk topic that no rule caught, unless the message is schoolwork or media.

    The topic must still be found once the reviewed everyday idioms of the risk rules ("killing
    myself laughing", "dye my hair") are taken out, so both judge a message the same way.
    """
    if understanding is None or not any(c.slug in RISK_TOPICS for c in understanding.concerns):
        return None
    if risk_frames.framed(text, rules) or risk_frames.everyday_context(text, rules):
        return None
    plain = understand(risk.without_idioms(text, rules), taxonomy)
    found = [RISK_TOPICS[c.slug] for c in plain.concerns if c.slug in RISK_TOPICS]
    if not found:
        return None
    category = min(found, key=risk.CATEGORIES.index)
    plain_text = normalise(text).text
    who = "someone-else" if carer_writing(plain_text) else about_for(plain_text, None, category)
    return risk.RiskMatch(TOPIC_RULE, category, who, "", "check-in")


def without_risk_topics(understanding: Understanding) -> Understanding:
    """Understanding with the risk topics taken out: only an escalation may name them."""
    return replace(understanding, concerns=tuple(c for c in understanding.concerns
                                                 if c.slug not in RISK_TOPICS))


def answer(text: str) -> str | None:
    """'yes' (yes or unsure), 'no', or None when the message is not an answer to the question."""
    plain = " ".join(re.sub(r"[^a-z ]+", " ", normalise(text).text).split())
    if _NO.match(plain):
        return "no"
    if _YES.match(plain):
        return "yes"
    return None


def answered_yes(category: str, about: str) -> risk.RiskMatch:
    """The urgent match that a yes (or not sure) to a check-in question brings."""
    return risk.RiskMatch(ANSWER_RULE, category, about, "", "urgent")


def still_urgent(about: str) -> risk.RiskMatch:
    """Immediate danger carried on from an earlier turn until the person starts again."""
    return risk.RiskMatch(STILL_RULE, "immediate-danger", about, "", "urgent")
