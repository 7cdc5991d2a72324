"""Validation of directory entries, shared by the loader, imports and admin forms.

Owns the rules in docs/data-format.md. It reports every problem it finds as a `Problem`
(file, row, field, message) and never writes anything.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .entry import CONTACT_METHODS, DAYS, GROUPINGS, REFERRALS, STATUSES

KNOWN_KEYS = {
    "id", "name", "organisation", "summary", "description", "website", "email", "contacts",
    "grouping", "topics", "min_age", "max_age", "who_for", "coverage", "hours", "cost",
    "referral", "confidentiality", "languages", "accessibility", "status", "status_note",
    "source_url", "last_verified", "review_due", "needs_review", "review_reason", "example",
}
REQUIRED = ("id", "name", "summary", "grouping", "source_url", "last_verified", "status")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
POSTCODE_PART = re.compile(r"^[A-Z]{1,2}(\d[A-Z\d]?)?$")
URL = re.compile(r"^https?://[^\s]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SUMMARY_MAX = 200


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        return f"{where}, field '{self.field}': {self.message}"


def validate_entry(
    data: Any, *, topics: Iterable[str], today: dt.date, file: str = "", row: int | None = None
) -> list[Problem]:
    """Every problem with one entry's plain data, in field order."""
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(file, row, field, message))

    if not isinstance(data, dict):
        bad("(entry)", "is not a mapping of field names to values")
        return problems
    for key in sorted(set(data) - KNOWN_KEYS):
        bad(key, "is not a known field")
    for key in REQUIRED:
        if data.get(key) in (None, ""):
            bad(key, "is required")
    _check_text(data, bad)
    _check_vocabularies(data, set(topics), bad)
    _check_ages(data, bad)
    _check_contacts(data.get("contacts"), bad)
    _check_coverage(data.get("coverage"), bad)
    _check_hours(data.get("hours"), bad)
    _check_dates(data, today, bad)
    if data.get("needs_review") and not str(data.get("review_reason") or "").strip():
        bad("review_reason", "is required when needs_review is true")
    return problems


def _check_text(data: dict, bad) -> None:
    if data.get("id") and not _is_uuid(data["id"]):
        bad("id", f"'{data['id']}' is not a uuid")
    summary = data.get("summary")
    if isinstance(summary, str) and len(summary) > SUMMARY_MAX:
        bad("summary", f"is {len(summary)} characters; keep it to one sentence of {SUMMARY_MAX}")
    for key in ("website", "source_url"):
        if data.get(key) and not URL.match(str(data[key])):
            bad(key, f"'{data[key]}' is not a web address starting http:// or https://")
    if data.get("email") and not EMAIL.match(str(data["email"])):
        bad("email", f"'{data['email']}' is not an email address")
    for key in ("name", "summary", "organisation", "description", "who_for", "review_reason"):
        if data.get(key) is not None and not isinstance(data[key], str):
            bad(key, "must be text")


def _check_vocabularies(data: dict, topics: set[str], bad) -> None:
    if data.get("grouping") and data["grouping"] not in GROUPINGS:
        bad("grouping", f"'{data['grouping']}' is not one of {', '.join(GROUPINGS)}")
    given = data.get("topics")
    if not isinstance(given, list) or not given:
        bad("topics", "needs at least one topic")
    else:
        for slug in given:
            if slug not in topics:
                bad("topics", f"'{slug}' is not a topic in taxonomy.yaml")
    if data.get("status") and data["status"] not in STATUSES:
        bad("status", f"'{data['status']}' is not one of {', '.join(STATUSES)}")
    referral = data.get("referral") or []
    if not isinstance(referral, list):
        bad("referral", "must be a list")
    else:
        for route in referral:
            if route not in REFERRALS:
                bad("referral", f"'{route}' is not one of {', '.join(REFERRALS)}")
    for key in ("languages",):
        if data.get(key) is not None and not isinstance(data[key], list):
            bad(key, "must be a list")


def _check_ages(data: dict, bad) -> None:
    ages = {}
    for key in ("min_age", "max_age"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
            bad(key, f"'{value}' is not a whole number of years from 0 to 120")
        else:
            ages[key] = value
    if len(ages) == 2 and ages["min_age"] > ages["max_age"]:
        bad("max_age", "is lower than min_age")


def _check_contacts(contacts: Any, bad) -> None:
    if contacts is None:
        return
    if not isinstance(contacts, list):
        bad("contacts", "must be a list")
        return
    for i, contact in enumerate(contacts):
        where = f"contacts[{i}]"
        if not isinstance(contact, dict):
            bad(where, "must have method, value and note")
            continue
        if contact.get("method") not in CONTACT_METHODS:
            bad(f"{where}.method", f"'{contact.get('method')}' is not one of {', '.join(CONTACT_METHODS)}")
        if not str(contact.get("value") or "").strip():
            bad(f"{where}.value", "is required")
        extra = set(contact) - {"method", "value", "note"}
        for key in sorted(extra):
            bad(f"{where}.{key}", "is not a known field")


def _check_coverage(coverage: Any, bad) -> None:
    if not isinstance(coverage, dict):
        bad("coverage", "is required: national, local_authorities and/or postcodes")
        return
    las = coverage.get("local_authorities") or []
    codes = coverage.get("postcodes") or []
    if not (coverage.get("national") or las or codes):
        bad("coverage", "needs national: true, a local authority or a postcode area")
    if not isinstance(las, list) or not isinstance(codes, list):
        bad("coverage", "local_authorities and postcodes must be lists")
        return
    for code in codes:
        if not POSTCODE_PART.match(str(code)):
            bad("coverage.postcodes", f"'{code}' is not a postcode area or district like ZZ or ZZ1")


def _check_hours(hours: Any, bad) -> None:
    if hours is None:
        return
    if not isinstance(hours, dict):
        bad("hours", "must have always_open, weekly and text")
        return
    for i, slot in enumerate(hours.get("weekly") or []):
        where = f"hours.weekly[{i}]"
        if not isinstance(slot, dict):
            bad(where, "must have days, opens and closes")
            continue
        days = slot.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            bad(f"{where}.days", f"must be a list of {', '.join(DAYS)}")
        opens, closes = str(slot.get("opens", "")), str(slot.get("closes", ""))
        for key, value in (("opens", opens), ("closes", closes)):
            if not TIME.match(value):
                bad(f"{where}.{key}", f"'{value}' is not a time like 09:00")
        if TIME.match(opens) and TIME.match(closes) and opens >= closes:
            bad(f"{where}.closes", "must be after opens (use 24:00 for midnight)")


def _check_dates(data: dict, today: dt.date, bad) -> None:
    for key in ("last_verified", "review_due"):
        value = data.get(key)
        if value is None:
            continue
        date = _as_date(value)
        if date is None:
            bad(key, f"'{value}' is not a date like 2026-11-25")
        elif key == "last_verified" and date > today:
            bad(key, "is in the future")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
