"""The entry form: between an entry's data, what the form shows, and what was posted.

Owns form field names, the form-only rules (a closed entry needs a note for the public) and
turning validation problems into messages linked to form fields. It never saves anything.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from app.directory.validate import Problem

BLANK_CONTACTS = 2
BLANK_SLOTS = 1
LABELS = {
    "name": "Name", "organisation": "Organisation", "summary": "Summary",
    "description": "Description", "website": "Website", "email": "Email address",
    "grouping": "Type of support", "topics": "Topics", "min_age": "Youngest age",
    "max_age": "Oldest age", "who_for": "Who it is for", "national": "Where",
    "postcodes": "Postcode areas", "local_authorities": "Local authorities",
    "hours_text": "Opening hours", "cost_note": "Note for the public about cost", "referral": "How to start",
    "confidentiality": "Confidentiality", "languages": "Languages",
    "accessibility": "Accessibility", "status": "Status",
    "status_note": "Note for the public about the closure",
    "source_url": "Source page", "last_verified": "Last checked", "review_due": "Review due",
    "review_reason": "Reason for review", "example": "Example data",
}
# Names for whole fields of the stored data, for differences and history.
FIELD_NAMES = {**LABELS, "id": "Id", "contacts": "Contacts", "coverage": "Where",
               "hours": "Opening hours", "cost": "Cost", "needs_review": "Needs review",
               "published": "Published", "national": "Anyone in England"}
TEXT = ("name", "organisation", "summary", "description", "website", "email", "who_for",
        "confidentiality", "accessibility", "status_note", "source_url", "last_verified",
        "review_due", "review_reason", "grouping", "status")
FLAGS = ("national", "always_open", "needs_review", "example")
SLOT = re.compile(r"^(contact|weekly)-(\d+)-(\w+)$")


def new_values() -> dict:
    """What the form shows for a new entry."""
    values = to_values({"id": str(uuid.uuid4()), "status": "active", "contacts": [],
                        "coverage": {"national": True}, "hours": {}, "cost": {},
                        "referral": ["self"], "languages": ["English"]})
    values["publish"] = False
    return values


def to_values(data: Mapping[str, Any], published: bool = True) -> dict:
    """What the form shows for an entry's data."""
    cover, hours, cost = data.get("coverage") or {}, data.get("hours") or {}, data.get("cost") or {}
    values = {key: "" if data.get(key) is None else str(data.get(key)) for key in TEXT}
    values.update(
        id=data.get("id") or "",
        topics=list(data.get("topics") or []),
        referral=list(data.get("referral") or []),
        min_age=_text(data.get("min_age")), max_age=_text(data.get("max_age")),
        national=bool(cover.get("national")),
        local_authorities="\n".join(cover.get("local_authorities") or []),
        postcodes=", ".join(cover.get("postcodes") or []),
        always_open=bool(hours.get("always_open")), hours_text=_text(hours.get("text")),
        cost_free={True: "yes", False: "no"}.get(cost.get("free"), ""),
        cost_note=_text(cost.get("note")),
        languages=", ".join(data.get("languages") or []),
        needs_review=bool(data.get("needs_review")), example=bool(data.get("example")),
        contacts=[{"method": c.get("method", ""), "value": _text(c.get("value")),
                   "note": _text(c.get("note"))} for c in data.get("contacts") or []],
        weekly=[{"days": list(s.get("days") or []), "opens": _text(s.get("opens")),
                 "closes": _text(s.get("closes"))} for s in hours.get("weekly") or []],
        publish=published,
    )
    return with_blank_rows(values)


def with_blank_rows(values: dict) -> dict:
    """Add empty contact and opening-time rows to fill in."""
    blank_contact = {"method": "phone", "value": "", "note": ""}
    values["contacts"] = [c for c in values["contacts"] if c["value"] or c["note"]] + \
        [dict(blank_contact) for _ in range(BLANK_CONTACTS)]
    values["weekly"] = [s for s in values["weekly"] if s["days"] or s["opens"] or s["closes"]] + \
        [{"days": [], "opens": "", "closes": ""} for _ in range(BLANK_SLOTS)]
    return values


def read_form(form) -> dict:
    """The form's values as posted (the same shape `to_values` gives)."""
    values: dict[str, Any] = {key: form.get(key, "").strip() for key in TEXT}
    values.update(
        id=form.get("id", "").strip(),
        topics=form.getlist("topics"), referral=form.getlist("referral"),
        min_age=form.get("min_age", "").strip(), max_age=form.get("max_age", "").strip(),
        local_authorities=form.get("local_authorities", ""), postcodes=form.get("postcodes", ""),
        hours_text=form.get("hours_text", "").strip(), cost_free=form.get("cost_free", ""),
        cost_note=form.get("cost_note", "").strip(), languages=form.get("languages", ""),
        publish=form.get("publish") == "yes",
    )
    for flag in FLAGS:
        values[flag] = form.get(flag) == "yes"
    rows: dict[tuple[str, int], dict] = {}
    for key in form:
        match = SLOT.match(key)
        if match:
            kind, number, part = match.group(1), int(match.group(2)), match.group(3)
            value = form.getlist(key) if part == "days" else form.get(key, "").strip()
            rows.setdefault((kind, number), {})[part] = value
    values["contacts"] = [{"method": r.get("method", ""), "value": r.get("value", ""),
                           "note": r.get("note", "")}
                          for (kind, _), r in sorted(rows.items()) if kind == "contact"]
    values["weekly"] = [{"days": r.get("days", []), "opens": r.get("opens", ""),
                         "closes": r.get("closes", "")}
                        for (kind, _), r in sorted(rows.items()) if kind == "weekly"]
    return values


def to_data(values: Mapping[str, Any]) -> dict:
    """Entry data (the YAML format) from form values; bad values are left for the validator."""
    data: dict[str, Any] = {key: values.get(key) or None for key in TEXT}
    data.update(
        id=values.get("id") or None,
        topics=list(values.get("topics") or []),
        referral=list(values.get("referral") or []),
        min_age=_number(values.get("min_age", "")), max_age=_number(values.get("max_age", "")),
        coverage={"national": bool(values.get("national")),
                  "local_authorities": _lines(values.get("local_authorities", "")),
                  "postcodes": [p.upper() for p in re.split(r"[,;\s]+", values.get("postcodes", ""))
                                if p]},
        hours={"always_open": bool(values.get("always_open")),
               "weekly": [{"days": s["days"], "opens": s["opens"], "closes": s["closes"]}
                          for s in values.get("weekly", []) if s["days"] or s["opens"] or s["closes"]],
               "text": values.get("hours_text") or None},
        cost={"free": {"yes": True, "no": False}.get(values.get("cost_free", "")),
              "note": values.get("cost_note") or None},
        languages=_split(values.get("languages", "")),
        contacts=[{"method": c["method"], "value": c["value"], "note": c["note"] or None}
                  for c in values.get("contacts", []) if c["value"] or c["note"]],
        needs_review=bool(values.get("needs_review")), example=bool(values.get("example")),
    )
    if not data["needs_review"]:
        data["review_reason"] = None  # a reason only means something while review is needed
    return data


def review_note(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> str | None:
    """For the audit log: the review was cleared, and what its reason had been."""
    if not before or not before.get("needs_review") or after.get("needs_review"):
        return None
    reason = str(before.get("review_reason") or "").strip()
    return "Review cleared" + (f"; the reason had been: {reason}" if reason else ".")


def form_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Rules the form adds to the loader's: a closed entry tells the public why."""
    if data.get("status") == "temporarily-closed" and not data.get("status_note"):
        return [Problem("", None, "status_note", "is required when the entry is temporarily closed")]
    return []


def errors_for(problems: Iterable[Problem]) -> list[dict]:
    """Each problem as {field: form field id, message}, one per field, in form order."""
    errors: dict[str, dict] = {}
    for problem in problems:
        field, label = _field_id(problem.field)
        message = problem.message
        text = f"{label} {message}" if message.split(" ")[0] in (
            "is", "needs", "must", "has") else f"{label}: {message}"
        errors.setdefault(field, {"field": field, "message": text})
    return list(errors.values())


def _field_id(name: str) -> tuple[str, str]:
    """The form field a validation problem points at, and its label."""
    match = re.match(r"^(contacts|hours\.weekly)\[(\d+)\](?:\.(\w+))?$", name)
    if match:
        kind = "contact" if match.group(1) == "contacts" else "weekly"
        part = match.group(3) or ("value" if kind == "contact" else "opens")
        number = int(match.group(2))
        label = f"{'Contact' if kind == 'contact' else 'Opening times'} {number + 1}"
        words = {"method": "is by", "value": "number, address or link"}.get(part, part)
        if part == "note":
            return f"contact-{number}-note", f"Note for the public about contact {number + 1}"
        return f"{kind}-{number}-{part}", f"{label} {words}"
    fixed = {"contacts": "contact-0-value", "hours": "hours_text", "coverage": "national",
             "coverage.postcodes": "postcodes", "id": "name", "(entry)": "name",
             "cost": "cost_note"}
    field = fixed.get(name, name)
    if name == "(entry)":
        return "name", "This entry"
    return field, LABELS.get(field, LABELS.get(name, name.replace("_", " ").capitalize()))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(raw: str) -> Any:
    raw = (raw or "").strip()
    if raw == "":
        return None
    return int(raw) if raw.isascii() and raw.isdigit() else raw


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]
