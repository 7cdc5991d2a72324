"""The escalation plan (reviewed data) points only at real, active, national options."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.chat.risk import CATEGORIES
from app.chat.urgent import load_plan

DATA = Path(__file__).resolve().parent.parent / "directory_data"
PLAN = yaml.safe_load((DATA / "escalation.yaml").read_text(encoding="utf-8"))
EXTRAS = [(key, entry_id) for key, ids in PLAN["extras"].items() for entry_id in ids]


def test_every_category_has_an_order_that_starts_with_24_7_options():
    plan = load_plan(DATA)
    for category in CATEGORIES:
        resources = plan.resources(category)
        assert len(resources) == 5
        assert all("24 hours" in r.hours for r in resources)


def test_immediate_danger_puts_999_first():
    assert load_plan(DATA).resources("immediate-danger")[0].name == "Emergency services"


@pytest.mark.parametrize("key,entry_id", EXTRAS, ids=[f"{k}:{i[:8]}" for k, i in EXTRAS])
def test_every_extra_is_an_active_national_entry(client, key, entry_id):
    response = client.get(f"/api/services/{entry_id}")
    assert response.status_code == 200, f"{key} points at a missing entry {entry_id}"
    entry = response.get_json()
    assert entry["status"] == "active"
    assert entry["coverage"]["national"] is True


def test_the_urgent_numbers_match_the_directory_entries(client):
    plan = load_plan(DATA)
    items = client.get("/api/services?per_page=100").get_json()["items"]
    by_name = {i["name"]: i for i in items}
    for resource in plan.everyone():
        matches = [i for name, i in by_name.items() if name.startswith(resource.name)]
        assert matches, resource.name
        values = {c["value"] for c in matches[0]["contacts"]}
        assert resource.contacts[0].value in values, resource.name
