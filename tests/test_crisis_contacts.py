"""The reviewed 24/7 urgent options: the data file's facts, and that /help-now shows each one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .pagecheck import check_page

FILE = Path(__file__).resolve().parent.parent / "directory_data" / "crisis_contacts.yaml"
FIELDS = {"id", "name", "action", "how", "hours", "who_for", "note", "entry"}
ALWAYS = "24 hours a day, every day"
# The facts marked C in the support services reference (November 2026), in the order shown.
EXPECTED = [
    ("emergency-999", "Call 999", "tel:999"),
    ("nhs-111", "Call 111 and choose the mental health option", "tel:111"),
    ("childline", "Call 0800 1111", "tel:08001111"),
    ("samaritans", "Call 116 123", "tel:116123"),
    ("shout", "Text SHOUT to 85258", "sms:85258"),
]
WHO_FOR = {
    "emergency-999": "Everyone",
    "nhs-111": "All ages, including children, and people worried about them",
    "childline": "Children and young people under 19",
    "samaritans": "Anyone",
    "shout": "Anyone in the UK",
}


def contacts() -> list[dict]:
    """The file as plain data."""
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def test_the_file_lists_the_five_urgent_options_in_order():
    assert [(c["id"], c["action"], c["how"]) for c in contacts()] == EXPECTED


@pytest.mark.parametrize("item", contacts(), ids=lambda c: c["id"])
def test_each_option_has_every_field_and_is_always_open(item):
    assert set(item) == FIELDS
    assert all(isinstance(item[k], str) and item[k].strip() for k in FIELDS)
    assert item["hours"] == ALWAYS
    assert item["who_for"] == WHO_FOR[item["id"]]


@pytest.mark.parametrize("item", contacts(), ids=lambda c: c["id"])
def test_the_link_dials_the_number_the_action_names(item):
    scheme, number = item["how"].split(":", 1)
    assert scheme in ("tel", "sms")
    assert number == re.sub(r"\D", "", item["action"])


SILENT = "On a mobile, if it is not safe to speak, stay on the line and press 55 when asked."


def test_the_silent_solution_is_explained_for_999_as_mobile_only_advice():
    note = next(c["note"] for c in contacts() if c["id"] == "emergency-999")
    assert SILENT in note
    assert "call 999 then press 55" not in note


def test_nhs_111_names_the_mental_health_option_not_an_option_number():
    item = next(c for c in contacts() if c["id"] == "nhs-111")
    assert "choose the mental health option" in item["action"]
    assert not re.search(r"option \d", " ".join(item.values()))


def test_childline_is_free_and_off_the_phone_bill():
    note = next(c["note"] for c in contacts() if c["id"] == "childline")
    assert "Free" in note and "does not show on the phone bill" in note


def test_help_now_shows_every_urgent_option(client):
    response = client.get("/help-now")
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    for item in contacts():
        assert item["action"] in page.link_texts(item["how"]), item["id"]
        assert item["name"] in page.text
        assert item["who_for"] in page.text
    assert SILENT in page.text
    assert "call 999 then press 55" not in page.text
    assert page.text.count(ALWAYS) >= len(contacts())
