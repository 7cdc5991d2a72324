"""Ranking the entries a chat turn offers: what the person mentioned first, then who it suits.

The index finds candidates by topic; this orders them with plain, reviewable rules (no
learned scores, nothing about the person beyond what they told us). It never filters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.directory.entry import Entry

RISK_TOPICS = frozenset({"suicidal-thoughts", "self-harm", "abuse-safeguarding",
                         "domestic-abuse"})
YOUTH = re.compile(r"\b(young|children|child|teen|teenagers?|under (1[0-9]|2[0-5])s?|students?|"
                   r"pupils?|aged? (1[0-9]|[5-9]) to)\b", re.IGNORECASE)


def suits_young_people(entry: Entry) -> bool:
    """True when the entry is meant for children and young people."""
    if entry.max_age is not None and entry.max_age <= 25:
        return True
    return bool(YOUTH.search(entry.who_for or "")) or bool(YOUTH.search(entry.summary))


def score(entry: Entry, topics: Sequence[str], found_score: float) -> float:
    """A plain score: topics covered, the main topic first, suited to young people."""
    matched = [t for t in topics if t in entry.topics]
    points = 3.0 * len(matched)
    if topics and entry.topics and entry.topics[0] == topics[0]:
        points += 2.0
    elif entry.topics and entry.topics[0] in topics:
        points += 1.0
    if matched and len(entry.topics) <= 4:
        points += 1.0  # a specialist in what they mentioned
    if suits_young_people(entry):
        points += 1.5
    risky_query = bool(RISK_TOPICS & set(topics))
    if not risky_query and entry.topics and entry.topics[0] in RISK_TOPICS and len(entry.topics) <= 4:
        points -= 3.0  # a crisis specialist is not the first thing to offer for everyday worries
    if entry.needs_review and not entry.contacts:
        points -= 1.0  # nothing confirmed to contact them by yet
    return points + min(found_score, 10.0) / 10.0


def rank(entries: Sequence[Entry], topics: Sequence[str], scores: dict[str, float]) -> list[Entry]:
    """Entries best first; ties keep the index's order."""
    # A parent or teacher naming a worry ("my daughter has stopped eating"): the worry leads.
    topics = [t for t in topics if t != "parenting"] + [t for t in topics if t == "parenting"]
    order = {e.id: i for i, e in enumerate(entries)}
    return sorted(entries, key=lambda e: (-score(e, topics, scores.get(e.id, 0.0)), order[e.id]))
