"""Ranking the entries a chat turn offers, by plain rules a reviewer can read (docs/ranking.md).

1. Eligibility (a filter, never a score): the person's age is inside the entry's range; an entry
   only for grown-ups is not offered to a young person. (Area is filtered by the index.)
2. How specific it is: mainly for the person's first worry, then a broad service that covers it,
   then mainly for another worry they named, then broad, then a specialist in something else.
3. The contact methods the person asked for, then who it is meant for (young people; parents
   and staff when one of them is writing; services for anyone as much as youth services for
   someone of 20 or over), then THRIVE grouping (advice and help before more
   help for everyday worries), then, among broad services, the broadest.
No learned scores and nothing about the person beyond what they told us. No Flask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.chat import who_for
from app.directory.entry import Entry

RISK_TOPICS = frozenset({"suicidal-thoughts", "self-harm", "abuse-safeguarding",
                         "domestic-abuse"})
# Worries where urgent services come first in the THRIVE order (running away is not everyday).
URGENT_FIRST = RISK_TOPICS | {"running-away"}
GROWN_UP_TOPIC = "parenting"  # raised by "my son", "a pupil", "as a teacher": a grown-up writing
BROAD = 4  # an entry listing this many topics or more is a broad service, not a specialist
# The THRIVE order for everyday worries: advice and self-help first, urgent services last.
# Advice and help are one step: someone to talk to is as everyday as a page to read.
EVERYDAY_ORDER = (("getting-advice", "getting-help"), ("thriving",), ("getting-more-help",),
                  ("getting-risk-support",))
RISK_ORDER = (("getting-risk-support",), ("getting-help",), ("getting-more-help",),
              ("getting-advice",), ("thriving",))

MAIN_FIRST, BROAD_FIRST, MAIN_OTHER, BROAD_COVER, IN_PASSING = 4, 3, 2, 1, 0

@dataclass(frozen=True)
class Fit:
    """Why an entry sits where it does: how specific it is, and to which topic."""
    level: int  # MAIN_FIRST, BROAD_FIRST, MAIN_OTHER, BROAD_COVER or IN_PASSING
    topic: str | None  # the person's topic that decided the level
    contact: tuple[str, ...]  # the asked-for contact methods the entry offers


def grown_up(topics: Sequence[str]) -> bool:
    """True when a parent, carer or member of staff is writing about a child."""
    return GROWN_UP_TOPIC in topics




# A route a school uses: its who-for names schools (Mental Health Support Teams, the school nurse).
SCHOOL_ROUTE = re.compile(r"\bschools?\b", re.IGNORECASE)
# The everyday mental health worries a school refers on through those routes (anger since staff
# in topics batches 2-36 chose a Mental Health Support Team first for it). Bullying, sexual health
# and the rest have their own specialists, which staff chose first.
SCHOOL_ROUTE_WORRIES = frozenset({"anxiety", "low-mood", "stress", "anger"})


def school_route(entry: Entry, topics: Sequence[str], school: bool) -> bool:
    """True when a member of staff at a school (`school`) names an everyday worry about a pupil
    (anxiety, low mood, stress, anger) and the entry is a route their school uses for it (a Mental Health
    Support Team, the school nurse): for them, as specific as a specialist and first, since it is
    the school's own way in."""
    if not school or entry.grouping != "getting-more-help" or URGENT_FIRST & set(topics):
        return False
    ordered = lead(topics)
    return (bool(ordered) and ordered[0] in SCHOOL_ROUTE_WORRIES and ordered[0] in entry.topics
            and who_for.names(SCHOOL_ROUTE, entry.who_for or ""))


# Words that only say who the worry is with ("me and my boyfriend"), not what it is: a topic
# named only by them follows the worry ("can we get condoms" leads with sexual health).
_ONLY_WHO = re.compile(r"^(?:(?:me and|and|with) )?(?:my |her |his |our )?(?:boyfriend|girlfriend|bf|gf|"
                       r"partner|boyfriends|girlfriends|bfs|gfs)$")


def lead(topics: Sequence[str], evidence: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The person's topics with the worry first: a parent's "my son is being bullied" leads with
    bullying, and "me and my boyfriend ... condoms" with condoms."""
    def context(topic: str) -> bool:
        return topic == GROWN_UP_TOPIC or bool(
            evidence and evidence.get(topic) and len(topics) > 1
            and all(_ONLY_WHO.match(w.lower()) for w in evidence[topic]))
    return [t for t in topics if not context(t)] + [t for t in topics if context(t)]


def fit(entry: Entry, topics: Sequence[str], contact: Sequence[str] = (),
        evidence: Mapping[str, Sequence[str]] | None = None) -> Fit:
    """Rule 2: how specific the entry is to what the person named (and the asked-for contacts)."""
    ordered = lead(topics, evidence)
    named = frozenset(ordered)
    return _fit(entry, ordered, named, contact, who_for.for_their_situation_in(entry, named, evidence, {}))


def _fit(entry: Entry, ordered: Sequence[str], named: frozenset[str], contact: Sequence[str],
         suits: bool) -> Fit:
    """fit, given the person's topics worry first (and as a set) and whether the entry is for
    their situation: worked out once per ranking, not once per entry."""
    offered: tuple[str, ...] = ()
    if contact:  # most turns ask for no particular way to get in touch
        methods = {c.method for c in entry.contacts}
        offered = tuple(m for m in contact if m in methods)
    main = entry.topics[0] if entry.topics else None
    if not suits:
        return Fit(IN_PASSING, next((t for t in ordered if t in entry.topics), None), offered)
    needs = who_for.situations_named(entry.who_for or "")
    # Made for the situation they led with (children of parents who drink, for drinking at
    # home), and mainly for another worry they named: as specific as a specialist.
    if ordered and main in named and any(ordered[0] in needed for needed in needs):
        return Fit(MAIN_FIRST, ordered[0], offered)
    # A broad service's first topic is not a specialism, unless it is made for a situation they
    # named (an LGBTQ+ helpline to someone coming out), however many topics it lists.
    broad = len(entry.topics) >= BROAD and not any(not needed.isdisjoint(named) for needed in needs)
    if ordered and main == ordered[0] and not broad:
        return Fit(MAIN_FIRST, main, offered)
    if ordered and broad and ordered[0] in entry.topics:
        return Fit(BROAD_FIRST, ordered[0], offered)
    # A service for parents that covers the worry a parent named (Internet Matters, for a child's
    # screen time): as specific to them as a specialist, ahead of a general parents' line.
    if (GROWN_UP_TOPIC in named and GROWN_UP_TOPIC in entry.topics and not broad
            and ordered[0] != GROWN_UP_TOPIC and ordered[0] in entry.topics):
        return Fit(MAIN_FIRST, ordered[0], offered)
    if main == GROWN_UP_TOPIC and GROWN_UP_TOPIC in named:  # a service for parents, to a parent
        return Fit(BROAD_FIRST, main, offered)
    if main in named and not broad:
        return Fit(MAIN_OTHER, main, offered)
    covered = next((t for t in ordered if t in entry.topics), None)
    level = BROAD_COVER if covered and broad else IN_PASSING
    return Fit(level, covered, offered)


def rank(entries: Sequence[Entry], topics: Sequence[str], scores: dict[str, float], *,
         contact: Sequence[str] = (), age: int | None = None,
         evidence: Mapping[str, Sequence[str]] | None = None, staff: bool = False,
         school: bool = False) -> list[Entry]:
    """Eligible entries for their situation, best fit first; ties keep the index's order.
    `evidence` (the words that named each topic, when known) narrows situations such as
    gender; `staff` says a member of staff (a school, a youth club) is writing about a young
    person, and `school` that they work at a school."""
    adult = grown_up(topics)
    ordered = lead(topics, evidence)
    named = frozenset(ordered)
    said: dict[tuple[str, re.Pattern], bool] = {}
    # A service made for a situation the person has not named (autism, for dyslexia) is left
    # out, not listed last: when nothing else fits, the reply offers general services instead.
    kept = [e for e in entries if who_for.eligible(e, age=age, grown_up=adult)
            and who_for.for_their_situation_in(e, named, evidence, said)]
    order = {e.id: i for i, e in enumerate(kept)}
    young_adult = age is not None and age >= 20 and not adult
    staff = staff and adult
    school = school and staff
    steps = RISK_ORDER if URGENT_FIRST & named else EVERYDAY_ORDER
    step_of: dict[str, int] = {}
    for number, step in enumerate(steps):
        for grouping in step:
            step_of.setdefault(grouping, number)

    def key(entry: Entry) -> tuple:
        """Each rule in turn, then the index's text score, then the index's order."""
        found = _fit(entry, ordered, named, contact, True)  # every kept entry is for their situation
        meant_for = who_for.audience(entry, adult, staff, young_adult)
        grouping = step_of.get(entry.grouping, len(steps))
        if school_route(entry, topics, school):
            found, grouping = Fit(MAIN_FIRST, ordered[0], found.contact), -1
        unconfirmed = entry.needs_review and not entry.contacts  # nothing confirmed to contact yet
        # Among broad services, the broadest: the others mainly specialise in something else.
        # (Not among Getting more help routes: a GP is no narrower than a specialist team.)
        broad = found.level in (BROAD_FIRST, BROAD_COVER) and entry.grouping != "getting-more-help"
        breadth = -len(entry.topics) if broad else 0
        return (-found.level, -len(found.contact), -meant_for, grouping, breadth, unconfirmed,
                -min(scores.get(entry.id, 0.0), 10.0), order[entry.id])

    return sorted(kept, key=key)
