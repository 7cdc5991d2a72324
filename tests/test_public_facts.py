"""What the public sees of the national entries: confirmed facts, never a reviewer's note.

Every public page and API response is read through the Flask test client and searched for the
text of every entry's review_reason, which is for the people who keep the directory right.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from .pagecheck import parse

DATA = Path(__file__).resolve().parent.parent / "directory_data"
NATIONAL = sorted((DATA / "entries").glob("*.yaml"))
ENOUGH_CONFIRMED = 45


@cache
def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Whitespace folded, so a note wrapped over lines still matches."""
    return re.sub(r"\s+", " ", text).strip()


def notes() -> dict[str, str]:
    """Each national entry's reviewer note, by entry name."""
    return {load(p)["name"]: squash(load(p)["review_reason"]) for p in NATIONAL
            if load(p).get("review_reason")}


def assert_no_notes(text: str, where: str) -> None:
    flat = squash(text)
    shown = [name for name, note in notes().items() if note in flat]
    assert shown == [], f"{where} shows the reviewer note of {shown}"


def all_pages(client, path: str) -> list:
    """Every page of a paged JSON listing."""
    out, page = [], 1
    while True:
        response = client.get(f"{path}{'&' if '?' in path else '?'}per_page=100&page={page}")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        out.append(response.get_data(as_text=True))
        body = response.get_json()
        items = body.get("items", body.get("contents", []))
        if len(items) < 100:
            return out
        page += 1


def test_some_national_entries_have_a_reviewer_note_to_hide():
    assert notes(), "the test would prove nothing without a note to look for"


def test_no_entry_page_or_sheet_shows_a_reviewer_note(client):
    ids = [load(p)["id"] for p in NATIONAL]
    for entry_id in ids:
        response = client.get(f"/directory/{entry_id}")
        assert response.status_code == 200
        assert_no_notes(parse(response.get_data(as_text=True)).text, f"/directory/{entry_id}")
    for start in range(0, len(ids), 20):
        query = "&".join(f"id={i}" for i in ids[start:start + 20])
        response = client.get(f"/directory/sheet?{query}")
        assert response.status_code == 200
        assert_no_notes(parse(response.get_data(as_text=True)).text, "the signposting sheet")


def test_no_directory_listing_shows_a_reviewer_note(client):
    page, seen = 1, 0
    while True:
        response = client.get(f"/directory?page={page}")
        assert response.status_code == 200
        text = parse(response.get_data(as_text=True)).text
        assert_no_notes(text, f"/directory?page={page}")
        seen += 1
        if f"page={page + 1}" not in response.get_data(as_text=True):
            break
        page += 1
    assert seen >= 2, "the listing should run over more than one page"


def test_no_api_response_shows_a_reviewer_note(client):
    for body in all_pages(client, "/api/services"):
        assert "review_reason" not in json.loads(body)["items"][0]
        assert_no_notes(body, "/api/services")
    for path in NATIONAL:
        response = client.get(f"/api/services/{load(path)['id']}")
        assert response.status_code == 200
        assert "review_reason" not in response.get_json()
        assert_no_notes(response.get_data(as_text=True), f"/api/services/{path.stem}")


def test_no_open_referral_response_shows_a_reviewer_note(client):
    for body in all_pages(client, "/openreferral/services"):
        assert_no_notes(body, "/openreferral/services")
    for path in NATIONAL:
        response = client.get(f"/openreferral/services/{load(path)['id']}")
        assert response.status_code == 200
        assert_no_notes(response.get_data(as_text=True), f"/openreferral/services/{path.stem}")


@pytest.mark.parametrize("message", ["I keep hurting myself", "my mum drinks too much",
                                     "someone shared a nude of me", "my grandad died"])
def test_the_chat_never_shows_a_reviewer_note(client, message):
    response = client.post("/api/chat", json={"message": message, "age": 15})
    assert response.status_code == 200
    assert_no_notes(response.get_data(as_text=True), f"the chat reply to {message!r}")


def test_an_entry_without_confirmed_hours_says_to_check_the_website(client):
    path = next(p for p in NATIONAL if not (load(p)["hours"] or {}).get("text"))
    text = parse(client.get(f"/directory/{load(path)['id']}").get_data(as_text=True)).text
    assert "Check the service’s website for opening times." in text


def test_enough_national_entries_have_every_shown_fact_confirmed():
    confirmed = [p.stem for p in NATIONAL if not load(p)["needs_review"]]
    assert len(confirmed) >= ENOUGH_CONFIRMED, sorted(set(p.stem for p in NATIONAL) - set(confirmed))


@pytest.mark.parametrize("path", NATIONAL, ids=[p.stem for p in NATIONAL])
def test_every_national_entry_records_its_source_page_and_when_it_was_checked(path):
    data = load(path)
    assert str(data["source_url"]).startswith(("https://", "http://")), "a source page is recorded"
    assert isinstance(data["last_verified"], dt.date)
    assert data["last_verified"] <= dt.date.today()


@pytest.mark.parametrize("path", NATIONAL, ids=[p.stem for p in NATIONAL])
def test_a_flagged_entry_says_why_and_a_confirmed_one_has_a_source_that_is_not_a_shop_window(path):
    data = load(path)
    if data["needs_review"]:
        assert squash(data["review_reason"] or "")
    weak = ("betfinder", "casino", "kinsta.cloud", "staging", "/scotland/")
    assert not any(w in data["source_url"] for w in weak), data["source_url"]
