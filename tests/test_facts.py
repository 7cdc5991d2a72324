"""One source for cost and hours: the filters, entry pages, the chat and the help box agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from app import runtime
from app.chat.places import load_places
from app.directory import facts, store
from app.directory.entry import Entry

from .builders import entry_data
from .test_chat_page import text_of

DATA = Path(__file__).resolve().parent.parent / "directory_data"


@pytest.mark.parametrize(("cost", "free", "text"), [
    ({"free": True, "note": None}, True, "Free."),
    ({"free": False, "note": "£5 a session."}, False, "You may have to pay. £5 a session."),
    ({"free": None, "note": None}, None, "Not confirmed."),
    ({"free": None, "note": "Free to call."}, True, "Free to call."),
], ids=["free", "paid", "unknown", "note-says-free"])
def test_cost_facts_read_the_same_everywhere(cost, free, text):
    entry = Entry.from_dict(entry_data(cost=cost))
    assert facts.is_free(entry) is free
    assert facts.cost_text(entry) == text


def test_free_only_lists_exactly_the_entries_whose_page_says_free(app, client):
    with app.app_context():
        entries = {e.id: e for e in store.all_entries(runtime.current().db()) if e.status == "active"}
    listed = client.get("/api/services", query_string={"free": "1", "per_page": 100}).get_json()
    assert {i["id"] for i in listed["items"]} == {i for i, e in entries.items() if facts.is_free(e)}
    for entry_id in list(entries)[:60]:
        page = text_of(client.get(f"/directory/{entry_id}").get_data(as_text=True))
        cost = page.split("Cost", 1)[1].split("Privacy", 1)[0].strip()
        assert cost.startswith("Free") == bool(facts.is_free(entries[entry_id])), (entry_id, cost)


def test_the_help_box_says_free_only_when_every_option_is_free_by_its_facts(app, client):
    with app.app_context():
        rt = runtime.current()
        links = yaml.safe_load((DATA / "crisis_contacts.yaml").read_text(encoding="utf-8"))
        found = rt.fetch([item["entry"] for item in links])
    every = all(facts.is_free(found[item["entry"]]) for item in links)
    box = text_of(client.get("/").get_data(as_text=True)).split("Need help right now?")[1]
    assert ("These are free and open" in box) is every
    assert "open 24 hours a day, every day" in box


def test_a_directory_search_emptied_by_a_filter_names_it_and_offers_to_drop_it(client):
    query = {"topic": "bullying", "contact": "text"}
    html = client.get("/directory", query_string=query).get_data(as_text=True)
    text = text_of(html)
    assert "No services found" in text
    assert "Nothing matches with the filter How to get in touch" in text
    link = re.search(r'<a href="([^"]+)">Show (\d+) services? without this filter</a>', html)
    assert link, text
    url = link.group(1).replace("&amp;", "&")
    assert "contact=" not in url and "topic=bullying" in url
    dropped = text_of(client.get(url).get_data(as_text=True))
    assert f"{link.group(2)} services found" in dropped or "1 service found" in dropped


def test_the_place_list_is_well_formed_and_has_no_everyday_words_unguarded():
    places = load_places(DATA / "places.yaml")
    assert len(places.names) >= 150
    assert len(set(n.lower() for n in places.names)) == len(places.names)
    for word in ("reading", "bath", "rugby", "sale", "hull"):
        assert word.title() not in places.names and word.title() in places.needs_cue
    assert places.find("i live in newcastle upon tyne") == "Newcastle upon Tyne"
    assert places.find("im from greater manchester") == "Greater Manchester"
    assert places.find("we moved to milton-keynes") == "Milton Keynes"
    assert places.find("reading makes me anxious") is None
    assert places.find("i live in reading") == "Reading"


def test_free_only_keeps_shout_because_its_facts_say_free(client):
    listed = client.get("/api/services", query_string={"free": "1", "per_page": 100}).get_json()
    assert "Shout" in {i["name"] for i in listed["items"]}
    chat = client.post("/api/chat", json={"message": "I want to text", "state": None}).get_json()
    assert "Shout" in {r["name"] for r in chat["resources"]}
