"""The nested parts of an entry: contacts, coverage, hours and cost, and their exact shapes.

Each check reports problems through `bad(field, message, kind)`; "type" problems mean the value
is the wrong kind of thing altogether (a number where text belongs, text where a mapping
belongs). Values are never looked into until their type is known. Nothing here writes.
"""

from __future__ import annotations

import re
from typing import Any

from .entry import CONTACT_METHODS, DAYS

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
POSTCODE_PART = re.compile(r"^[A-Z]{1,2}(\d[A-Z\d]?)?$")
MAX_CONTACTS, MAX_SLOTS, MAX_AREAS = 20, 30, 3000
NOTE_MAX, AREA_MAX = 500, 100


def is_text(value: Any) -> bool:
    """True for a string (the only kind of value text fields may hold)."""
    return isinstance(value, str)


def _mapping(value: Any, where: str, keys: tuple[str, ...], bad) -> bool:
    """True when value is a mapping with only these keys (reporting anything else)."""
    if not isinstance(value, dict):
        bad(where, f"must be a mapping with {', '.join(keys)}", "type")
        return False
    for key in sorted(str(k) for k in set(value) - set(keys)):
        bad(f"{where}.{key[:40]}", "is not a known field")
    return True


def _text(value: Any, where: str, bad, *, limit: int = NOTE_MAX, required: bool = False) -> bool:
    """True when value is text of a sensible length (or None, unless required)."""
    if value is None or value == "":
        if required:
            bad(where, "is required")
        return not required
    if not is_text(value):
        bad(where, "must be text (put quotes around numbers, like \"0800 1111\")", "type")
        return False
    if len(value) > limit:
        bad(where, f"is {len(value)} characters; keep it to {limit}")
        return False
    return True


def _flag(value: Any, where: str, bad) -> None:
    if value is not None and not isinstance(value, bool):
        bad(where, "must be true, false or empty", "type")


def _texts(value: Any, where: str, bad, *, limit: int) -> list[str] | None:
    """The list of text values, or None (reported) when it is not one."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(is_text(v) for v in value):
        bad(where, "must be a list of text values", "type")
        return None
    if len(value) > limit:
        bad(where, f"has {len(value)} items; at most {limit}")
        return None
    return value


def check_contacts(contacts: Any, bad) -> None:
    """Each contact: a known method, a value in text, an optional note."""
    if contacts is None:
        return
    if not isinstance(contacts, list):
        bad("contacts", "must be a list", "type")
        return
    if len(contacts) > MAX_CONTACTS:
        bad("contacts", f"has {len(contacts)} items; at most {MAX_CONTACTS}")
        return
    for i, contact in enumerate(contacts):
        where = f"contacts[{i}]"
        if not _mapping(contact, where, ("method", "value", "note"), bad):
            continue
        method = contact.get("method")
        if not is_text(method) or method not in CONTACT_METHODS:
            bad(f"{where}.method", f"'{str(method)[:40]}' is not one of {', '.join(CONTACT_METHODS)}",
                "value" if is_text(method) else "type")
        _text(contact.get("value"), f"{where}.value", bad, required=True)
        _text(contact.get("note"), f"{where}.note", bad)


def check_coverage(coverage: Any, bad) -> None:
    """Where: national, local authority names and postcode areas or districts."""
    if coverage is None:
        bad("coverage", "is required: national, local_authorities and/or postcodes")
        return
    if not _mapping(coverage, "coverage", ("national", "local_authorities", "postcodes"), bad):
        return
    _flag(coverage.get("national"), "coverage.national", bad)
    las = _texts(coverage.get("local_authorities"), "coverage.local_authorities", bad,
                 limit=MAX_AREAS)
    codes = _texts(coverage.get("postcodes"), "coverage.postcodes", bad, limit=MAX_AREAS)
    if las is None or codes is None:
        return
    if not (coverage.get("national") is True or las or codes):
        bad("coverage", "needs national: true, a local authority or a postcode area")
    for name in las:
        if not name.strip() or len(name) > AREA_MAX:
            bad("coverage.local_authorities",
                f"'{name[:40]}' must be a local authority name of up to {AREA_MAX} characters")
    for code in codes:
        if not POSTCODE_PART.match(code):
            bad("coverage.postcodes", f"'{code[:20]}' is not a postcode area or district like ZZ or ZZ1")


def check_hours(hours: Any, bad) -> None:
    """Opening hours: always open, weekly slots and the words people read."""
    if hours is None:
        return
    if not _mapping(hours, "hours", ("always_open", "weekly", "text"), bad):
        return
    _flag(hours.get("always_open"), "hours.always_open", bad)
    _text(hours.get("text"), "hours.text", bad)
    weekly = hours.get("weekly")
    if weekly is None:
        return
    if not isinstance(weekly, list) or len(weekly) > MAX_SLOTS:
        bad("hours.weekly", f"must be a list of up to {MAX_SLOTS} opening times", "type")
        return
    for i, slot in enumerate(weekly):
        where = f"hours.weekly[{i}]"
        if not _mapping(slot, where, ("days", "opens", "closes"), bad):
            continue
        days = slot.get("days")
        if not isinstance(days, list) or not days or any(not is_text(d) or d not in DAYS for d in days):
            bad(f"{where}.days", f"must be a list of {', '.join(DAYS)}",
                "value" if isinstance(days, list) and all(is_text(d) for d in days) else "type")
        times = {}
        for key in ("opens", "closes"):
            value = slot.get(key)
            if not is_text(value):
                bad(f"{where}.{key}", "must be a time in quotes, like \"09:00\"", "type")
            elif not TIME.match(value):
                bad(f"{where}.{key}", f"'{value[:20]}' is not a time like 09:00")
            else:
                times[key] = value
        if len(times) == 2 and times["opens"] >= times["closes"]:
            bad(f"{where}.closes", "must be after opens (use 24:00 for midnight)")


def check_cost(cost: Any, bad) -> None:
    """Cost: free (true, false or not known) and a note."""
    if cost is None:
        return
    if not _mapping(cost, "cost", ("free", "note"), bad):
        return
    _flag(cost.get("free"), "cost.free", bad)
    _text(cost.get("note"), "cost.note", bad)
