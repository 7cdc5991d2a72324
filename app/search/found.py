"""What a search asks and what it answers: filters, hits and what a search text means.

Plain values shared by the finder (`query`), its SQLite stand-in (`fallback`), the web and the
chat, and the postcode reading both sides use. No index access here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .schema import area_key

POSTCODE = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)?(?:\s*\d[A-Z]{2})?$")


@dataclass(frozen=True)
class Filters:
    age: int | None = None
    postcode: str | None = None
    area: str | None = None
    grouping: str | None = None
    topic: str | None = None
    contact: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    free: bool = False
    open_now: bool = False
    active_only: bool = True
    local_needs_place: bool = False  # the chat: local entries only once a place is given


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    why: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    total: int
    hits: tuple[Hit, ...]
    topics: tuple[str, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    words: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Reading:
    """What a search text means: topics with the words that named them, other words, fixes."""
    topics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    words: tuple[str, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()


def postcode_parts(text: str) -> list[str]:
    """The postcode area and district of a postcode, district or area ('ZZ1 4AB' -> ZZ, ZZ1)."""
    match = POSTCODE.match(re.sub(r"\s+", " ", text.strip().upper()))
    if not match:
        return []
    area, district = match.group(1), match.group(1) + (match.group(2) or "")
    return sorted({area, district})


def postcode_terms(text: str) -> list[str]:
    """Index terms a postcode, district or area covers: the district and the area."""
    return [area_key(part) for part in postcode_parts(text)]


NO_FILTERS = Filters()  # the default: no filter at all
