"""Open Referral UK (HSDS 3.0 UK profile): entries as services, and services back as entry data.

Owns both directions of the mapping, the paged shape and the taxonomy terms; it must not touch
Flask, SQLite or the index. Facts the profile cannot hold exactly go in one added `signpost`
object (docs/data-format.md names), so an export loads back as the same entries. The profile
allows added properties, and `phones` and language `name` follow HSDS 3.0 core shapes.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterable
from typing import Any

from .entry import DAYS, GROUPING_PLAIN, GROUPINGS, Entry
from .shapes import POSTCODE_PART

# Fixed for ever: every derived id (organisation, terms, schedules...) hangs off it.
NAMESPACE = uuid.UUID("844dc5be-e050-4103-8e05-1e08672d1c2e")
EXTENSION = "signpost"
GROUPING_TAXONOMY = "thrive-grouping"
TOPIC_TAXONOMY = "signpost-topic"
TAXONOMIES = {
    GROUPING_TAXONOMY: "The five groupings of need in the THRIVE Framework for system change.",
    TOPIC_TAXONOMY: "Signpost topics: what a child or young person may want help with.",
}
ENGLAND_URI = "http://statistics.data.gov.uk/id/statistical-geography/E92000001"
ALWAYS_TEXT = "24 hours a day, every day"
RRULE_DAYS = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
STATUS_OUT = {"active": "active", "temporarily-closed": "temporarily closed",
              "inactive": "inactive"}
STATUS_IN = {"active": "active", "temporarily closed": "temporarily-closed",
             "inactive": "inactive", "defunct": "inactive"}
LIST_FIELDS = ("id", "organization_id", "name", "description", "url", "email", "status",
               "minimum_age", "maximum_age", "assured_date", "alert", "last_modified",
               "organization")
CLOCK = re.compile(r"^(\d\d):(\d\d)(?::(\d\d))?$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d")


def derived_id(*parts: str) -> str:
    """A stable uuid for something Signpost has no id of its own for."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


# -- taxonomy ----------------------------------------------------------------------------
def term(vocabulary: str, slug: str, name: str, description: str | None) -> dict:
    """One taxonomy term; `term` carries the slug (the profile has no `code`)."""
    return {"id": derived_id("term", vocabulary, slug), "name": name,
            "description": description or "", "taxonomy": vocabulary,
            "taxonomy_id": derived_id("taxonomy", vocabulary), "term": slug}


def grouping_term(slug: str) -> dict:
    """The taxonomy term for a THRIVE grouping."""
    return term(GROUPING_TAXONOMY, slug, GROUPINGS.get(slug, slug), GROUPING_PLAIN.get(slug))


def topic_term(taxonomy, slug: str) -> dict:
    """The taxonomy term for a topic slug (its label and description when the taxonomy knows it)."""
    try:
        topic = taxonomy.by_slug(slug)
    except KeyError:
        return term(TOPIC_TAXONOMY, slug, slug, None)
    return term(TOPIC_TAXONOMY, slug, topic.label, topic.description)


def taxonomy_terms(taxonomy) -> list[dict]:
    """Every term: the THRIVE groupings, then the topics."""
    return [grouping_term(slug) for slug in GROUPINGS] + [
        topic_term(taxonomy, t.slug) for t in taxonomy.topics]


def taxonomies(taxonomy, *, with_terms: bool = False) -> list[dict]:
    """The two taxonomies Signpost publishes, optionally with their terms."""
    terms = taxonomy_terms(taxonomy) if with_terms else []
    found = []
    for name, description in TAXONOMIES.items():
        item = {"id": derived_id("taxonomy", name), "name": name, "description": description}
        if with_terms:
            item["taxonomy_terms"] = [t for t in terms if t["taxonomy"] == name]
        found.append(item)
    return found


# -- entry -> service --------------------------------------------------------------------
def to_service(entry: Entry, taxonomy, *, published: bool = True) -> dict:
    """The full Open Referral UK service for an entry, with `signpost` holding what it cannot."""
    service = _service(entry, taxonomy)
    back = _entry_data(service)
    extra = {k: v for k, v in entry.to_dict().items() if back.get(k) != v}
    if not published:
        extra["published"] = False   # a draft loaded back stays a draft
    if extra:
        service[EXTENSION] = extra
    return service


def list_item(service: dict) -> dict:
    """A service cut to the one-to-one fields that paged listings carry."""
    return {k: service[k] for k in LIST_FIELDS if k in service}


def dumps(entries: Iterable[Entry], taxonomy, drafts: Iterable[str] = ()) -> str:
    """The entries as a JSON list of services, the file `load-directory` reads back."""
    hidden = set(drafts)
    services = [to_service(e, taxonomy, published=e.id not in hidden) for e in entries]
    return json.dumps(services, indent=2, ensure_ascii=False) + "\n"


def page(items: list, *, total: int, page: int, size: int) -> dict:
    """The profile's paged shape; `size` counts this page's items, as the profile defines it."""
    pages = math.ceil(total / size) if size > 0 else 0
    return {"total_items": total, "total_pages": pages, "page_number": page,
            "size": len(items), "first_page": page == 1, "last_page": page >= pages,
            "empty": not items, "contents": list(items)}


def _service(entry: Entry, taxonomy) -> dict:
    """The service from standard fields only (None fields left out)."""
    sid = entry.id
    org = {"id": derived_id("organization", entry.organisation), "name": entry.organisation,
           "description": entry.organisation} if entry.organisation else None
    terms = [grouping_term(entry.grouping)] + [topic_term(taxonomy, s) for s in entry.topics]
    service = {
        "id": sid, "organization_id": org["id"] if org else None, "name": entry.name,
        "description": "\n\n".join(p for p in (entry.summary, entry.description) if p),
        "url": entry.website or None, "email": entry.email or None,
        "status": STATUS_OUT.get(entry.status, entry.status),
        "minimum_age": entry.min_age, "maximum_age": entry.max_age,
        "assured_date": entry.last_verified, "alert": entry.status_note or None,
        "last_modified": f"{entry.last_verified}T00:00:00Z",
        "schedules": _schedules(entry), "service_areas": _areas(entry),
        "languages": [{"id": derived_id(sid, "language", str(i)), "service_id": sid, "name": name}
                      for i, name in enumerate(entry.languages)],
        "organization": org, "cost_options": _costs(entry),
        "phones": [{"id": derived_id(sid, "phone", str(i)), "number": c.value}
                   | ({"description": c.note} if c.note else {})
                   for i, c in enumerate(entry.contacts) if c.method == "phone"],
        "attributes": [{"id": derived_id(sid, "attribute", t["id"]), "link_id": sid,
                        "link_type": "service", "taxonomy_term_id": t["id"], "taxonomy_term": t}
                       for t in terms],
    }
    return {k: v for k, v in service.items() if v is not None}


def _schedules(entry: Entry) -> list[dict]:
    """Weekly RRULE-style schedules; always open is every day, 00:00 to 23:59:59."""
    hours = entry.hours or {}
    text = hours.get("text")
    always = hours.get("always_open")
    slots = [(list(DAYS), "00:00", "24:00", text or ALWAYS_TEXT)] if always else []
    slots += [(s["days"], s["opens"], s["closes"], text) for s in hours.get("weekly") or []]
    if not slots and text:
        return [{"id": derived_id(entry.id, "schedule", "0"), "service_id": entry.id,
                 "description": text}]
    schedules = []
    for i, (days, opens, closes, description) in enumerate(slots):
        item = {"id": derived_id(entry.id, "schedule", str(i)), "service_id": entry.id,
                "freq": "WEEKLY", "interval": 1, "byday": ",".join(RRULE_DAYS[d] for d in days),
                "opens_at": f"{opens}:00",
                "closes_at": "23:59:59" if closes == "24:00" else f"{closes}:00"}
        if description:
            item["description"] = description
        schedules.append(item)
    return schedules


def _areas(entry: Entry) -> list[dict]:
    """Service areas named England, a local authority, or a postcode area or district."""
    coverage = entry.coverage or {}
    areas = [("England", "Anyone in England", ENGLAND_URI)] if coverage.get("national") else []
    areas += [(la, f"The {la} local authority area", None)
              for la in coverage.get("local_authorities") or []]
    areas += [(code, f"Postcode {'district' if any(c.isdigit() for c in code) else 'area'} {code}",
               None) for code in coverage.get("postcodes") or []]
    return [{"id": derived_id(entry.id, "service_area", str(i)), "service_id": entry.id,
             "name": name, "service_area": words} | ({"uri": uri} if uri else {})
            for i, (name, words, uri) in enumerate(areas)]


def _costs(entry: Entry) -> list[dict]:
    """One cost option when it is known whether the service is free."""
    free, note = (entry.cost or {}).get("free"), (entry.cost or {}).get("note")
    if free is None:
        return []
    option = {"id": derived_id(entry.id, "cost_option", "0"), "service_id": entry.id,
              "option": "Free" if free else "Charges apply"}
    if free:
        option["amount"] = 0
    if note:
        option["amount_description"] = note
    return [option]


# -- service -> entry data ---------------------------------------------------------------
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
    data = _entry_data(service)
    extra = service.get(EXTENSION)
    if isinstance(extra, dict):
        data.update(extra)
    return data


def _entry_data(service: dict) -> dict:
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
        "min_age": _age(service.get("minimum_age")), "max_age": _age(service.get("maximum_age")),
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


def _age(value: Any) -> Any:
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
