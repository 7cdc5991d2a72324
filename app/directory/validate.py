"""Validation of directory entries, shared by every way in: loader, imports, admin form, restore.

Owns the rules in docs/data-format.md: a strict schema of types, lengths and allowed values.
Types are checked before anything else looks at a value, so no input can make a later step
crash. It reports every problem as a `Problem` (file, row, field, message); it writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .entry import GROUPINGS, REFERRALS, STATUSES
from .shapes import check_contacts, check_cost, check_coverage, check_hours, is_text

KNOWN_KEYS = {
    "id", "name", "organisation", "summary", "description", "website", "email", "contacts",
    "grouping", "topics", "min_age", "max_age", "who_for", "coverage", "hours", "cost",
    "referral", "confidentiality", "languages", "accessibility", "status", "status_note",
    "source_url", "last_verified", "review_due", "needs_review", "review_reason", "example",
    "published",
}
REQUIRED = ("id", "name", "summary", "grouping", "source_url", "last_verified", "status")
# The longest text each field may hold (characters); None means a short code checked elsewhere.
TEXT_LIMITS = {
    "id": 36, "name": 200, "organisation": 200, "summary": 200, "description": 5000,
    "website": 2000, "email": 254, "who_for": 500, "confidentiality": 1000,
    "accessibility": 1000, "status_note": 500, "source_url": 2000, "review_reason": 1000,
    "grouping": 40, "status": 40, "last_verified": 40, "review_due": 40,
}
LISTS = {"topics": 40, "referral": 10, "languages": 50}   # most items each list may hold
FLAGS = ("needs_review", "example", "published")
URL = re.compile(r"^https?://[^\s]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SUMMARY_MAX = TEXT_LIMITS["summary"]

Bad = Callable[..., None]   # bad(field, message, kind="value")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str
    message: str
    kind: str = "value"   # "type" when the value is the wrong kind of thing altogether

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        return f"{where}, field '{self.field}': {self.message}"


def validate_entry(
    data: Any, *, topics: Iterable[str], today: dt.date, file: str = "", row: int | None = None
) -> list[Problem]:
    """Every problem with one entry's plain data, in field order."""
    problems: list[Problem] = []

    def bad(field: str, message: str, kind: str = "value") -> None:
        problems.append(Problem(file, row, field, message, kind))

    if not isinstance(data, dict):
        bad("(entry)", "is not a mapping of field names to values", "type")
        return problems
    for key in sorted(str(k) for k in set(data) - KNOWN_KEYS):
        bad(key[:60], "is not a known field")
    for key in REQUIRED:
        if data.get(key) in (None, ""):
            bad(key, "is required")
    _check_text(data, bad)
    _check_vocabularies(data, set(topics), bad)
    _check_ages(data, bad)
    check_contacts(data.get("contacts"), bad)
    check_coverage(data.get("coverage"), bad)
    check_hours(data.get("hours"), bad)
    check_cost(data.get("cost"), bad)
    _check_dates(data, today, bad)
    for key in FLAGS:
        if data.get(key) is not None and not isinstance(data[key], bool):
            bad(key, "must be true or false", "type")
    if data.get("needs_review") is True and not (is_text(data.get("review_reason"))
                                                 and data["review_reason"].strip()):
        bad("review_reason", "is required when needs_review is true")
    return problems


def type_problems(data: Any) -> list[Problem]:
    """Only values of the wrong kind: what would stop an entry being read, shown or indexed."""
    return [p for p in validate_entry(data, topics=(), today=dt.date.max) if p.kind == "type"]


def _check_text(data: dict, bad: Bad) -> None:
    for key, limit in TEXT_LIMITS.items():
        value = data.get(key)
        if value is None or (key in ("last_verified", "review_due") and isinstance(value, dt.date)):
            continue
        if not is_text(value):
            bad(key, "must be text", "type")
        elif len(value) > limit:
            bad(key, f"is {len(value)} characters; keep it to {limit}")
    data_ok = all(data.get(k) is None or is_text(data[k]) for k in ("id", "website", "source_url",
                                                                    "email"))
    if not data_ok:
        return
    if data.get("id") and not _is_uuid(data["id"]):
        bad("id", f"'{data['id'][:60]}' is not a uuid")
    for key in ("website", "source_url"):
        if data.get(key) and not URL.match(data[key]):
            bad(key, f"'{data[key][:80]}' is not a web address starting http:// or https://")
    if data.get("email") and not EMAIL.match(data["email"]):
        bad("email", f"'{data['email'][:80]}' is not an email address")


def _check_vocabularies(data: dict, topics: set[str], bad: Bad) -> None:
    grouping, status = data.get("grouping"), data.get("status")
    if is_text(grouping) and grouping and grouping not in GROUPINGS:
        bad("grouping", f"'{grouping[:40]}' is not one of {', '.join(GROUPINGS)}")
    if is_text(status) and status and status not in STATUSES:
        bad("status", f"'{status[:40]}' is not one of {', '.join(STATUSES)}")
    if data.get("topics") in (None, []):
        bad("topics", "needs at least one topic")
    for key, limit in LISTS.items():
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(is_text(i) for i in items):
            bad(key, "must be a list of text values", "type")
        elif len(items) > limit:
            bad(key, f"has {len(items)} items; at most {limit}")
        else:
            _check_items(key, items, topics, bad)


def _check_items(key: str, items: list[str], topics: set[str], bad: Bad) -> None:
    """Each value of a list field from its vocabulary (topics only when a taxonomy is given)."""
    allowed = {"topics": topics, "referral": set(REFERRALS)}.get(key)
    for item in items:
        if allowed and item not in allowed:
            where = "taxonomy.yaml" if key == "topics" else ", ".join(REFERRALS)
            bad(key, f"'{item[:40]}' is not " + ("a topic in " if key == "topics" else "one of ")
                + where)
        elif key == "languages" and (not item.strip() or len(item) > 60 or ";" in item):
            bad(key, f"'{item[:40]}' must be a language name of up to 60 characters, without ;")


def _check_ages(data: dict, bad: Bad) -> None:
    ages = {}
    for key in ("min_age", "max_age"):
        value = data.get(key)
        if value is None:
            continue
        wrong = isinstance(value, bool) or not isinstance(value, int)
        if wrong or not 0 <= value <= 120:
            bad(key, f"'{str(value)[:20]}' is not a whole number of years from 0 to 120",
                "type" if wrong else "value")
        else:
            ages[key] = value
    if len(ages) == 2 and ages["min_age"] > ages["max_age"]:
        bad("max_age", "is lower than min_age")


def _check_dates(data: dict, today: dt.date, bad: Bad) -> None:
    for key in ("last_verified", "review_due"):
        value = data.get(key)
        if value is None or not (is_text(value) or isinstance(value, dt.date)):
            continue  # reported as "must be text" already
        date = _as_date(value)
        if date is None:
            bad(key, f"'{str(value)[:40]}' is not a date like 2026-11-25")
        elif key == "last_verified" and date > today:
            bad(key, "is in the future")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
