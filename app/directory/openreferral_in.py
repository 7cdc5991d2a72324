"""Open Referral UK services read back as Signpost entry data (the other direction is
app.directory.openreferral). Tolerates what real feeds omit; validation comes later, in
app.directory.formats. Must not touch Flask, SQLite or the index.
"""

from __future__ import annotations

from typing import Any

from .entry import DAYS
from .openreferral_vocab import (
    ALWAYS_TEXT,
    CLOCK,
    DATE,
    ENGLAND_URI,
    EXTENSION,
    GROUPING_TAXONOMY,
    RRULE_DAYS,
    STATUS_IN,
    TOPIC_TAXONOMY,
)
from .shapes import POSTCODE_PART


def read(data: Any) -> list[dict]:
    """Entry data from a service, a list of services or a page of them (validation comes later)."""
    if isinstance(data, dict) and "contents" in data:
        items = data["contents"]
    elif isinstance(data, dict):
        items = [data]
    else:
        items = data
    if not isinstance(items, list):
        raise ValueError("Open Referral UK JSON must be a service, a list of services, "
                         "or a page with a 'contents' list")
    return [from_service(item) if isinstance(item, dict) else item for item in items]


def from_service(service: dict) -> dict:
    """Plain entry data for one service: its standard fields, then its `signpost` facts."""
    data = entry_data(service)
    extra = service.get(EXTENSION)
    if isinstance(extra, dict):
        data.update(extra)
    return data


def entry_data(service: dict) -> dict:
    """Entry data from the standard fields alone, with Signpost's defaults for the rest."""
    summary, description = _split(service.get("description"))
    org = service.get("organization")
    terms = [t for a in _dicts(service.get("attributes"))
             if isinstance(t := a.get("taxonomy_term"), dict)]
    status = service.get("status")
    return {
        "id": service.get("id"), "name": service.get("name"),
        "organisation": org.get("name") if isinstance(org, dict) else None,
        "summary": summary, "description": description,
        "website": service.get("url") or None, "email": service.get("email") or None,
        "contacts": [{"method": "phone", "value": p.get("number"),
                      "note": p.get("description") or None} for p in _dicts(service.get("phones"))],
        "grouping": next((_slug(t) for t in terms if t.get("taxonomy") == GROUPING_TAXONOMY), None),
        "topics": [_slug(t) for t in terms if t.get("taxonomy") == TOPIC_TAXONOMY],
        "min_age": age(service.get("minimum_age")), "max_age": age(service.get("maximum_age")),
        "who_for": None, "coverage": _coverage(_dicts(service.get("service_areas"))),
        "hours": _hours(_dicts(service.get("schedules"))),
        "cost": _cost(_dicts(service.get("cost_options"))),
        "referral": [], "confidentiality": None,
        "languages": [x["name"] for x in _dicts(service.get("languages")) if x.get("name")],
        "accessibility": None,
        "status": STATUS_IN.get(status, status) if isinstance(status, str) else status,
        "status_note": service.get("alert") or None, "source_url": None,
        "last_verified": _date(service.get("assured_date")), "review_due": None,
        "needs_review": False, "review_reason": None, "example": False,
    }


def _dicts(value: Any) -> list[dict]:
    """The objects in a list, ignoring anything else."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _slug(term: dict) -> Any:
    """A term's slug: `term` in the UK profile, `code` in HSDS core."""
    return term.get("term") or term.get("code")


def _split(text: Any) -> tuple[Any, str | None]:
    """Summary and description from the one description field (summary first, blank line)."""
    if not isinstance(text, str) or not text.strip():
        return text or None, None
    first, _, rest = text.strip().partition("\n\n")
    if len(first) > 200 and ". " in first:
        # Another publisher's long opening paragraph: its first sentence is the summary.
        return first.split(". ", 1)[0] + ".", text.strip()
    return first, rest.strip() or None


def age(value: Any) -> Any:
    """Whole-number ages as int; anything else as given, for validation to report."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    return value


def _date(value: Any) -> Any:
    """The date part of an ISO date or date-time."""
    return value[:10] if isinstance(value, str) and DATE.match(value) else value


def _coverage(areas: list[dict]) -> dict:
    """Coverage from service area names (England, postcode parts, else local authorities)."""
    national, las, codes = False, [], []
    for area in areas:
        name = str(area.get("name") or area.get("service_area") or "").strip()
        if area.get("uri") == ENGLAND_URI or name.lower() == "england":
            national = True
        elif POSTCODE_PART.match(name):
            codes.append(name)
        elif name:
            las.append(name)
    return {"national": national, "local_authorities": las, "postcodes": codes}


def _hours(schedules: list[dict]) -> dict:
    """Hours from weekly schedules; the first description is the hours text."""
    always, weekly, text = False, [], None
    for item in schedules:
        days = _days(item.get("byday"))
        opens, closes = _clock(item.get("opens_at")), _clock(item.get("closes_at"), closing=True)
        full_week = days == list(DAYS) and (opens, closes) == ("00:00", "24:00")
        description = item.get("description") or None
        if text is None and description and not (full_week and description == ALWAYS_TEXT):
            text = description
        if item.get("freq") not in (None, "WEEKLY") or not days:
            continue  # monthly and description-only schedules have no weekly slot
        if full_week:
            always = True
        else:
            weekly.append({"days": days, "opens": opens, "closes": closes})
    return {"always_open": always, "weekly": weekly, "text": text}


def _days(byday: Any) -> list[str]:
    """Day names from an RRULE BYDAY list (unknown parts kept for validation to report)."""
    if not isinstance(byday, str):
        return []
    names = {v: k for k, v in RRULE_DAYS.items()}
    return [names.get(part.strip().upper(), part.strip().lower())
            for part in byday.split(",") if part.strip()]


def _clock(value: Any, *, closing: bool = False) -> str:
    """HH:MM from HH:MM[:SS]; a closing 23:59:59 is midnight, 24:00."""
    match = CLOCK.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return str(value or "")
    if closing and value.strip() == "23:59:59":
        return "24:00"
    return f"{match.group(1)}:{match.group(2)}"


def _cost(options: list[dict]) -> dict:
    """Cost from the first cost option: free when its amount is 0 or it says Free."""
    if not options:
        return {"free": None, "note": None}
    first = options[0]
    amount = first.get("amount")
    if isinstance(amount, int | float) and not isinstance(amount, bool):
        free = amount == 0
    else:
        free = str(first.get("option") or "").strip().lower() == "free"
    return {"free": free, "note": first.get("amount_description") or None}
