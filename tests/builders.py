"""Plain builders for test data, with defaults a test overrides only where it matters."""

from __future__ import annotations

import uuid


def entry_data(**overrides) -> dict:
    """A valid entry as plain data (the YAML format), with overrides applied."""
    data = {
        "id": str(uuid.uuid4()),
        "name": "Test Listening Service",
        "organisation": "Test Charity",
        "summary": "Someone to talk to about worries.",
        "description": "A free listening service for young people.",
        "website": "https://example.org/listening",
        "email": None,
        "contacts": [{"method": "phone", "value": "01632 960001", "note": "Free to call."}],
        "grouping": "getting-help",
        "topics": ["anxiety"],
        "min_age": 11,
        "max_age": 18,
        "who_for": "Young people aged 11 to 18.",
        "coverage": {"national": False, "local_authorities": ["Exampleshire"], "postcodes": ["ZZ1"]},
        "hours": {"always_open": False,
                  "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"],
                              "opens": "09:00", "closes": "17:00"}],
                  "text": "Monday to Friday, 9am to 5pm."},
        "cost": {"free": True, "note": None},
        "referral": ["self"],
        "confidentiality": None,
        "languages": ["English"],
        "accessibility": None,
        "status": "active",
        "status_note": None,
        "source_url": "https://example.org/listening",
        "last_verified": "2026-11-01",
        "review_due": "2027-05-01",
        "needs_review": False,
        "review_reason": None,
        "example": True,
    }
    data.update(overrides)
    return data
