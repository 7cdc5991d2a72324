"""The Whoosh schema and how an entry becomes an index document.

Owns field names, boosts and the filter terms (ages, areas, contact methods, open slots).
It reads entries and the taxonomy but never writes to SQLite.
"""

from __future__ import annotations

import re

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from app.directory import facts
from app.directory.entry import Entry
from app.directory.hours import open_slots

# Bump when the schema changes: the index folder name carries it, so a new schema builds a
# fresh index instead of opening an old one.
SCHEMA_VERSION = 5
MAX_AGE_TERM = 25  # ages above this share one term; nobody in our audience needs finer

STOP_WORDS = frozenset(
    """a about am an and any are as at be been but by can could did do does doing dont for
    from get got had has have having he her him his how i i'm im if in into is it its just
    know like me my myself need of on or our really she so some something that the their them
    then there they this to too very want was we were what when where which who why will with
    would you your help feel feeling lot much things thing someone people""".split()
)
ANALYZER = StemmingAnalyzer(stoplist=STOP_WORDS, minsize=2)
# Topics are matched through the `topics` field (people's words become topic slugs first), so
# free-text words only need the entry's own text.
BOOSTS = {"name": 3.0, "summary": 1.4, "description": 1.0}
TOPIC_BOOST = 4.0


def make_schema() -> Schema:
    """The index schema."""
    return Schema(
        id=ID(stored=True, unique=True),
        name=TEXT(analyzer=ANALYZER),
        summary=TEXT(analyzer=ANALYZER),
        description=TEXT(analyzer=ANALYZER),
        topics=KEYWORD(scorable=True),
        main_topic=ID,  # the first topic listed: what the entry is mainly for
        grouping=ID,
        ages=KEYWORD,
        areas=KEYWORD,
        contact=KEYWORD,
        free=ID,
        status=ID,
        open=KEYWORD,
        example=ID,
        sortname=ID(sortable=True),
        hours=STORED,
        fingerprint=STORED,
    )


def age_terms(entry: Entry) -> str:
    """Space-separated age terms the entry covers ('a0' .. 'a25', then 'a26plus')."""
    lo = entry.min_age if entry.min_age is not None else 0
    hi = entry.max_age if entry.max_age is not None else 200
    terms = [f"a{age}" for age in range(lo, min(hi, MAX_AGE_TERM) + 1)]
    if hi > MAX_AGE_TERM:
        terms.append("a26plus")
    return " ".join(terms)


def age_term(age: int) -> str:
    """The term a person's age is filtered on."""
    return f"a{age}" if age <= MAX_AGE_TERM else "a26plus"


def area_key(text: str) -> str:
    """A comparable key for a local authority or postcode part."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def area_terms(entry: Entry) -> str:
    """Space-separated area terms: 'national', local authorities and postcode parts."""
    cover = entry.coverage
    terms = ["national"] if cover.get("national") else []
    terms += [area_key(la) for la in cover.get("local_authorities") or ()]
    terms += [area_key(code) for code in cover.get("postcodes") or ()]
    return " ".join(terms)


def document(entry: Entry, fingerprint: str) -> dict:
    """The index document for an entry."""
    free = facts.is_free(entry)
    return {
        "id": entry.id,
        "name": entry.name + " " + (entry.organisation or ""),
        "summary": entry.summary,
        "description": entry.description or "",
        "topics": " ".join(entry.topics),
        "main_topic": entry.topics[0] if entry.topics else "",
        "grouping": entry.grouping,
        "ages": age_terms(entry),
        "areas": area_terms(entry),
        "contact": " ".join(sorted({c.method for c in entry.contacts})),
        "free": {True: "yes", False: "no"}.get(free, "unknown"),
        "status": entry.status,
        "open": " ".join(open_slots(entry.hours)),
        "example": "yes" if entry.example else "no",
        "sortname": entry.name.lower(),
        "hours": entry.hours,
        "fingerprint": fingerprint,
    }
