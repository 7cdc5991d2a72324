"""Next steps, so no chat turn is a dead end: fallbacks that fit, honest lines, routes for adults.

Owns what the chat offers when a search finds nothing (national services reachable the way the
person asked, or a filter to drop), the line for a place with no local entries yet, and the
"getting more help" routes for school staff and parents. Reviewed templates only; it never
quotes what the person typed. Pure: no Flask.
"""

from __future__ import annotations

import re

from app.directory import facts
from app.directory.entry import Entry
from app.search.found import Filters

from .ranking import RISK_TOPICS, grown_up
from .who_for import audience

FALLBACK_SHOW = 3
GENERAL_TOPICS = ("anxiety", "low-mood", "stress")  # most general services list these
GENERAL_MIN_TOPICS = 4  # a service listing this many topics helps with lots of things
ROUTES_SHOW = 4  # GP, school nurse, the local CYPMHS and Mental Health Support Teams
PARENT = re.compile(r"\bmy (?:son|daughter|child|children|kid|kids|teen|teenager|stepson|"
                    r"stepdaughter|boy|girl)\b")
FILTER_NAMES = ("contact", "avoid", "area", "postcode", "age")


def is_adult_helper(normalised: str, staff: re.Pattern) -> bool:
    """True when a member of school staff or a parent is writing about a young person."""
    return bool(staff.search(normalised) or PARENT.search(normalised))


def fallback(assistant, state, exclude=frozenset(), now=None, *, everyday=False) -> list[Entry]:
    """National services that help with lots of things, reachable the ways asked for.

    Services meant for people like the writer come first (young people's services for a young
    person), then open-all-hours services you can talk to; for an everyday worry, services whose
    main topic is a crisis (and 999) come after the rest.
    """
    # Services mainly for parents are not a young person's fallback.
    general = [e for e in _national(assistant, state, GENERAL_TOPICS, now) if e.id not in exclude
               and len(e.topics) >= GENERAL_MIN_TOPICS and e.topics[0] != "parenting"]
    adult = grown_up(state.topics)
    general.sort(key=lambda e: (everyday and bool(e.topics) and e.topics[0] in RISK_TOPICS,
                                -audience(e, adult), not facts.always_open(e), not facts.can_talk(e)))
    return general[:FALLBACK_SHOW]


def specialists(assistant, state, topics, now=None) -> list[Entry]:
    """National services whose main topic is one of these, reachable the ways asked for: where to
    find good information about a topic (a lesson, a poster, training), best match first."""
    if not topics:
        return []
    fitting = [e for e in _national(assistant, state, tuple(topics), now)
               if e.topics and e.topics[0] in topics and not _emergency(e)]
    # Somewhere to read or talk before an app (an app is to use, not to find out from), then
    # services meant for people like the writer.
    adult = grown_up(state.topics)
    fitting.sort(key=lambda e: (bool(e.contacts) and all(c.method == "app" for c in e.contacts),
                                -audience(e, adult)))
    return fitting[:FALLBACK_SHOW]


def _national(assistant, state, topics, now) -> list[Entry]:
    """National services for these topics that fit the person's age and ways of talking, best
    match first. Routes (a GP, a school's team) are left out: they are not services anyone can
    contact, and the staff routes name them."""
    filters = Filters(age=state.age, contact=state.contact, avoid=state.avoid)
    found = assistant.finder.search(topics=topics, filters=filters, limit=30, now=now)
    fetched = assistant.fetch([h.id for h in found.hits])
    return [fetched[h.id] for h in found.hits
            if h.id in fetched and fetched[h.id].national
            and fetched[h.id].grouping != "getting-more-help"]


def _emergency(entry: Entry) -> bool:
    """999 is for danger now, which the urgent block offers, never a place for information."""
    return any(c.value.strip() == "999" for c in entry.contacts)


def emptied_by(assistant, state, topics, now=None) -> str | None:
    """The one filter whose removal brings results back (its state field name), or None."""
    for name in FILTER_NAMES:
        value = getattr(state, name)
        if value in (None, ()):
            continue
        looser = state.with_(**{name: None if name in ("area", "postcode", "age") else ()})
        filters = Filters(age=looser.age, postcode=looser.postcode, area=looser.area,
                          contact=looser.contact, avoid=looser.avoid)
        if assistant.finder.search(topics=topics, filters=filters, limit=1, now=now).hits:
            return name
    return None


def describe_filter(name: str, state, replies) -> str:
    """One filter in plain words, as the emptied line names it."""
    if name == "contact":
        return "places you can " + join([ways(m, replies) for m in state.contact], "or")
    if name == "avoid":
        return "not by " + join([m.replace("-", " ") for m in state.avoid], "or")
    if name == "age":
        return f"age {state.age}"
    if name == "postcode":
        return f"postcode {state.postcode}"
    return str(state.area)


def ways(method: str, replies) -> str:
    """How you reach a place by a contact method, in a few words ('text', 'chat to online')."""
    return replies.data["next"]["ways"].get(method, method.replace("-", " "))


def drop(state, name: str):
    """The state without one filter."""
    return state.with_(**{name: None if name in ("area", "postcode", "age") else ()})


def cleared(state):
    """The state without place or ways to talk: "drop my choices" keeps only the age."""
    return state.with_(postcode=None, area=None, contact=(), avoid=())


def routes(assistant, state, exclude=frozenset(), now=None) -> list[Entry]:
    """Getting-more-help routes: national ones, and local ones where the person said they are."""
    filters = Filters(age=state.age, postcode=state.postcode, area=state.area,
                      grouping="getting-more-help")
    found = assistant.finder.search(filters=filters, limit=20, now=now)
    fetched = assistant.fetch([h.id for h in found.hits])
    local = bool(state.postcode or state.area)
    entries = [fetched[h.id] for h in found.hits if h.id in fetched and h.id not in exclude]
    # A local team must work with what they mentioned; the national routes suit any worry.
    worries = set(state.topics) - {"parenting"}
    entries = [e for e in entries if e.national or (local and (not worries or set(e.topics) & worries))]
    entries.sort(key=lambda e: e.national)  # local teams first: they are the ones to contact
    return entries[:ROUTES_SHOW]


def join(items: list[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
