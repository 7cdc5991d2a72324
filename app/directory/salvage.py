"""Making a damaged stored entry readable again, so an editor can see it and put it right.

A row written before today's rules (or by hand) may hold values of the wrong type. Public
pages and the index leave such rows out; the admin area shows them through `salvage`, which
turns each value into the nearest thing of the right type (numbers into text, odd items out).
It changes nothing stored: saving the entry again goes through full validation.
"""

from __future__ import annotations

import json
from typing import Any

TEXT = ("id", "name", "organisation", "summary", "description", "website", "email", "grouping",
        "who_for", "confidentiality", "accessibility", "status", "status_note", "source_url",
        "last_verified", "review_due", "review_reason")
LISTS = ("topics", "referral", "languages")


def salvage(data: dict) -> dict:
    """A copy of entry data in which every value has the type the schema asks for."""
    fixed = dict(data)
    for key in TEXT:
        fixed[key] = _text(data.get(key))
    for key in LISTS:
        fixed[key] = _texts(data.get(key))
    for key in ("min_age", "max_age"):
        value = data.get(key)
        fixed[key] = value if isinstance(value, int) and not isinstance(value, bool) else None
    for key in ("needs_review", "example"):
        fixed[key] = data.get(key) is True
    fixed["contacts"] = [
        {"method": _text(c.get("method")) or "", "value": _text(c.get("value")) or "",
         "note": _text(c.get("note"))}
        for c in _list(data.get("contacts")) if isinstance(c, dict)]
    coverage = _dict(data.get("coverage"))
    fixed["coverage"] = {"national": coverage.get("national") is True,
                         "local_authorities": _texts(coverage.get("local_authorities")),
                         "postcodes": _texts(coverage.get("postcodes"))}
    hours = _dict(data.get("hours"))
    fixed["hours"] = {"always_open": hours.get("always_open") is True,
                      "weekly": [{"days": _texts(s.get("days")), "opens": _text(s.get("opens")) or "",
                                  "closes": _text(s.get("closes")) or ""}
                                 for s in _list(hours.get("weekly")) if isinstance(s, dict)],
                      "text": _text(hours.get("text"))}
    cost = _dict(data.get("cost"))
    free = cost.get("free")
    fixed["cost"] = {"free": free if isinstance(free, bool) else None, "note": _text(cost.get("note"))}
    return fixed


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _texts(value: Any) -> list[str]:
    return [t for t in (_text(v) for v in _list(value)) if t]


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}
