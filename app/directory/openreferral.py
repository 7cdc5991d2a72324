"""Open Referral UK (HSDS 3.0 UK profile): entries as services, and services back as entry data.

Owns entries as services (reading them back is app.directory.openreferral_in), the paged shape
and the taxonomy terms; it must not touch Flask, SQLite or the index. Facts the profile cannot
hold exactly go in one added `signpost` object (docs/data-format.md names), so an export loads
back as the same entries. The profile allows added properties, and `phones` and language `name`
follow HSDS 3.0 core shapes.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable

from .entry import DAYS, GROUPING_PLAIN, GROUPINGS, Entry
from .openreferral_in import entry_data
from .openreferral_vocab import (
    ALWAYS_TEXT,
    ENGLAND_URI,
    EXTENSION,
    GROUPING_TAXONOMY,
    LIST_FIELDS,
    NAMESPACE,
    RRULE_DAYS,
    STATUS_OUT,
    TAXONOMIES,
    TOPIC_TAXONOMY,
)


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
    back = entry_data(service)
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
