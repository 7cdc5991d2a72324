"""Search finds the specialist service people expect, forgives typos, and filters honestly."""

from __future__ import annotations

import datetime as dt

import pytest

from app import runtime
from app.search.found import Filters


def _names(client, query: str, n: int = 5) -> list[str]:
    body = client.get(f"/api/services?{query}").get_json()
    return [item["name"] for item in body["items"][:n]]


SPECIALISTS = [
    ("q=eating", {"Beat"}),
    ("q=bereavement", {"Winston's Wish", "Cruse Bereavement Support", "Hope Again"}),
    ("q=my nan died", {"Winston's Wish", "Cruse Bereavement Support", "Hope Again"}),
    ("q=drugs", {"FRANK"}),
    ("q=ocd", {"OCD-UK", "OCD Action"}),
    ("q=hearing voices", {"Hearing Voices Network"}),
    ("q=gambling", {"National Gambling Helpline (GamCare)"}),
    ("q=young carer", {"Carers Trust"}),
    ("q=cant sleep", {"Teen Sleep Hub"}),
    ("q=self harm", {"selfharmUK", "Calm Harm app"}),
    ("q=suicidal", {"Papyrus HOPELINE247", "Samaritans"}),
    ("q=nudes shared online", {"Report Remove", "CEOP Safety Centre"}),
    ("q=gay", {"Switchboard LGBT+", "akt", "Just Like Us Pride Groups"}),
    ("q=homeless", {"Centrepoint Helpline", "Shelter"}),
    ("q=bullying", {"Kidscape", "Ditch the Label"}),
]


@pytest.mark.parametrize("query,expected", SPECIALISTS, ids=[q for q, _ in SPECIALISTS])
def test_search_finds_the_specialist_service_in_the_top_five(client, query, expected):
    assert expected & set(_names(client, query)), _names(client, query)


MISSPELT = [
    ("q=eatting disorder", {"Beat"}),
    ("q=bereavment", {"Winston's Wish", "Cruse Bereavement Support", "Hope Again"}),
    ("q=drugz", {"FRANK"}),
    ("q=gambleing", {"National Gambling Helpline (GamCare)"}),
    ("q=anxeity", {"Mind Infoline", "Childline", "The Mix", "On My Mind", "Kooth", "Shout",
                   "YoungMinds textline"}),
]


@pytest.mark.parametrize("query,expected", MISSPELT, ids=[q for q, _ in MISSPELT])
def test_misspelt_search_still_finds_the_service(client, query, expected):
    assert expected & set(_names(client, query)), _names(client, query)


def test_misspelt_word_is_reported_as_corrected(client):
    body = client.get("/api/services?q=bereavemnt").get_json()
    assert {"from": "bereavemnt", "to": "bereavement"} in body["corrections"]


def test_a_real_word_is_never_corrected(app):
    with app.app_context():
        speller = runtime.current().finder
        speller.search("warm")  # opens the index and its vocabulary
        assert speller.speller.correct("sacred") is None
        assert speller.speller.correct("scared") is None


@pytest.mark.parametrize("word", ["going", "getting", "eating", "making", "thoughts", "problems"])
def test_inflections_of_real_words_are_never_corrected(client, word):
    assert client.get(f"/api/services?q={word}").get_json()["corrections"] == []


def test_each_result_says_why_it_was_found(client):
    body = client.get("/api/services?q=exams").get_json()
    assert body["items"]
    assert "you searched 'exams'" in body["items"][0]["why"]


def test_listing_without_a_search_gives_every_active_entry_without_reasons(client):
    body = client.get("/api/services?per_page=100").get_json()
    assert body["total"] == len(body["items"])
    assert all(item["status"] == "active" for item in body["items"])
    assert all("why" not in item for item in body["items"])


def test_age_filter_keeps_only_entries_whose_range_fits(demo_client):
    for item in demo_client.get("/api/services?age=8&per_page=100").get_json()["items"]:
        assert (item["min_age"] or 0) <= 8 <= (item["max_age"] or 200), item["name"]


def test_postcode_filter_keeps_local_entries_for_that_place_and_national_ones(demo_client):
    items = demo_client.get("/api/services?postcode=ZZ3 1AB&per_page=100").get_json()["items"]
    local = [i for i in items if not i["coverage"]["national"]]
    assert local, "some Exampleshire entries cover ZZ3"
    for item in local:
        cover = item["coverage"]
        assert "ZZ3" in cover["postcodes"] or "ZZ" in cover["postcodes"] or cover["local_authorities"]
    elsewhere = demo_client.get("/api/services?postcode=AB1&per_page=100").get_json()["items"]
    assert all(i["coverage"]["national"] for i in elsewhere)


def test_area_filter_matches_a_local_authority(demo_client):
    items = demo_client.get("/api/services?area=Exampleshire&per_page=100").get_json()["items"]
    assert any("Exampleshire" in i["coverage"]["local_authorities"] for i in items)


@pytest.mark.parametrize("method", ["text", "phone", "web-chat", "in-person"])
def test_contact_filter_keeps_entries_reachable_that_way(demo_client, method):
    items = demo_client.get(f"/api/services?contact={method}&per_page=100").get_json()["items"]
    assert items
    assert all(method in {c["method"] for c in i["contacts"]} for i in items)


def test_grouping_and_topic_filters(demo_client):
    items = demo_client.get("/api/services?grouping=thriving&per_page=100").get_json()["items"]
    assert items and all(i["grouping"] == "thriving" for i in items)
    items = demo_client.get("/api/services?topic=bereavement&per_page=100").get_json()["items"]
    assert items and all("bereavement" in i["topics"] for i in items)


def test_free_filter_drops_paid_entries(demo_client):
    all_items = demo_client.get("/api/services?per_page=100").get_json()["items"]
    free = demo_client.get("/api/services?free=true&per_page=100").get_json()["items"]
    assert any(i["cost"].get("free") is False for i in all_items)
    assert free and all(i["cost"].get("free") is True for i in free)


def test_open_now_depends_on_the_time(demo_app):
    with demo_app.app_context():
        finder = runtime.current().finder
        monday_noon = dt.datetime(2026, 11, 23, 12, 0)
        sunday_4am = dt.datetime(2026, 11, 29, 4, 0)
        day = finder.search(filters=Filters(open_now=True), limit=200, now=monday_noon)
        night = finder.search(filters=Filters(open_now=True), limit=200, now=sunday_4am)
    assert day.total > night.total > 0  # the 24/7 lines stay open at night


def test_inactive_and_closed_entries_are_left_out_by_default(demo_client):
    items = demo_client.get("/api/services?per_page=100").get_json()["items"]
    assert all(i["status"] == "active" for i in items)


def test_paging_walks_through_every_result_once(demo_client):
    first = demo_client.get("/api/services?per_page=10&page=1").get_json()
    second = demo_client.get("/api/services?per_page=10&page=2").get_json()
    assert first["total"] == second["total"] > 10
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_an_entry_mainly_for_a_topic_comes_before_one_listing_it_among_others(client):
    names = _names(client, "q=anxiety", n=3)
    # On My Mind, The Mix, Mind Infoline, Kooth and YoungMinds list anxiety first; OCD services second.
    assert not {"OCD-UK", "OCD Action"} & set(names), names
