"""How an entry is shown: the one JSON serialiser the API and the chat share, and the template
filters for its facts (cost, hours, what it offers), read from app/directory/facts.py."""

from __future__ import annotations

from flask import Flask, url_for

from app.directory import facts
from app.directory.entry import Entry


def contact_json(entry: Entry) -> list[dict]:
    """Contacts as plain data."""
    return [{"method": c.method, "value": c.value, "note": c.note} for c in entry.contacts]


def entry_json(entry: Entry, why: str | None = None) -> dict:
    """The API's view of an entry: what the public may see, never a reviewer's note."""
    data = {
        "id": entry.id,
        "name": entry.name,
        "organisation": entry.organisation,
        "summary": entry.summary,
        "description": entry.description,
        "url": entry.website,
        "page": url_for("pages.entry", entry_id=entry.id, _external=False),
        "email": entry.email,
        "grouping": entry.grouping,
        "grouping_label": entry.grouping_label,
        "topics": list(entry.topics),
        "min_age": entry.min_age,
        "max_age": entry.max_age,
        "who_for": entry.who_for,
        "coverage": entry.coverage,
        "contacts": contact_json(entry),
        "hours": entry.hours,
        "cost": entry.cost,
        "referral": list(entry.referral),
        "confidentiality": entry.confidentiality,
        "languages": list(entry.languages),
        "accessibility": entry.accessibility,
        "status": entry.status,
        # Shown only while closed: at other times it may be a note for staff.
        "status_note": entry.status_note if entry.status == "temporarily-closed" else None,
        "source_url": entry.source_url,
        "last_verified": entry.last_verified,
        "review_due": entry.review_due,
        "needs_review": entry.needs_review,
        "example": entry.example,
    }
    if why is not None:
        data["why"] = why
    return data


def init_app(app: Flask) -> None:
    """Register the fact filters, so every page words cost and hours the same way."""
    app.add_template_filter(facts.cost_text, "cost_text")
    app.add_template_filter(facts.hours_text, "hours_text")
