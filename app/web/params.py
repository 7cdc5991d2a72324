"""Reading search parameters from a request, for the API and the directory pages alike.

Collects every bad parameter before complaining, so a client can fix them all at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.directory.entry import CONTACT_METHODS, GROUPINGS
from app.search.found import Filters, postcode_terms

from .errors import BadRequest

MAX_PER_PAGE = 100
TRUE = {"1", "true", "yes", "on"}
FALSE = {"", "0", "false", "no", "off"}


def search_params(args: Mapping[str, str], topics: frozenset[str], *, per_page: int = 20
                  ) -> tuple[str, tuple[str, ...], Filters, int, int]:
    """(text, topics, filters, page, per_page) from query parameters, or BadRequest listing each problem."""
    details: list[dict] = []

    def bad(name: str, message: str) -> None:
        details.append({"parameter": name, "message": message})

    text = (args.get("q") or "").strip()
    if len(text) > 200:
        bad("q", "must be at most 200 characters")
    age = _int(args, "age", 0, 120, bad)
    page = _int(args, "page", 1, 10_000, bad) or 1
    size = _int(args, "per_page", 1, MAX_PER_PAGE, bad) or per_page
    topic = args.get("topic") or None
    if topic and topic not in topics:
        bad("topic", f"'{topic}' is not a known topic; see /api/topics")
    grouping = args.get("grouping") or None
    if grouping and grouping not in GROUPINGS:
        bad("grouping", f"must be one of {', '.join(GROUPINGS)}")
    contact = tuple(c for c in _list(args, "contact") if c)
    for method in contact:
        if method not in CONTACT_METHODS:
            bad("contact", f"'{method}' must be one of {', '.join(CONTACT_METHODS)}")
    postcode = (args.get("postcode") or "").strip() or None
    if postcode and not postcode_terms(postcode):
        bad("postcode", "must be a UK postcode, district or area, like ZZ1 4AB, ZZ1 or ZZ")
    area = (args.get("area") or "").strip() or None
    free = _bool(args, "free", bad)
    open_now = _bool(args, "open_now", bad)
    if details:
        raise BadRequest("Some search parameters are not valid.", details)
    filters = Filters(age=age, postcode=postcode, area=area, grouping=grouping, topic=topic,
                      contact=contact, free=free, open_now=open_now)
    return text, (topic,) if topic else (), filters, page, size


def _list(args: Mapping[str, str], name: str) -> list[str]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else [args.get(name, "")]
    return [part.strip() for value in values for part in (value or "").split(",")]


def _int(args, name, low, high, bad) -> int | None:
    raw = (args.get(name) or "").strip()
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        bad(name, f"must be a whole number from {low} to {high}")
        return None
    return int(raw)


def _bool(args, name, bad) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if raw in TRUE:
        return True
    if raw not in FALSE:
        bad(name, "must be true or false")
    return False
