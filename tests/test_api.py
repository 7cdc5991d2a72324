"""The JSON API: shapes, error bodies that name each bad parameter, and never a 500."""

from __future__ import annotations

import pytest

ITEM_KEYS = {"id", "name", "organisation", "summary", "url", "grouping", "topics", "min_age",
             "max_age", "coverage", "contacts", "hours", "cost", "referral", "source_url",
             "last_verified", "needs_review"}


def test_services_list_has_the_documented_shape(client):
    body = client.get("/api/services").get_json()
    assert set(body) >= {"total", "page", "per_page", "items"}
    assert ITEM_KEYS <= set(body["items"][0])


def test_searched_items_carry_why(client):
    body = client.get("/api/services?q=sleep").get_json()
    assert all(item["why"] for item in body["items"])


@pytest.mark.parametrize("query,bad", [
    ("age=abc", {"age"}),
    ("page=0", {"page"}),
    ("per_page=1000", {"per_page"}),
    ("age=abc&page=0&grouping=nope&topic=nope&contact=pigeon&free=maybe&postcode=!!",
     {"age", "page", "grouping", "topic", "contact", "free", "postcode"}),
], ids=["age", "page", "per-page", "everything"])
def test_bad_parameters_get_a_400_naming_each_one(client, query, bad):
    response = client.get(f"/api/services?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400
    assert {d["parameter"] for d in error["details"]} == bad


def test_unknown_entry_is_a_json_404(client):
    response = client.get("/api/services/no-such-id")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json


def test_one_entry_by_id(client):
    first = client.get("/api/services").get_json()["items"][0]
    body = client.get(f"/api/services/{first['id']}").get_json()
    assert body["name"] == first["name"]


def test_topics_lists_the_thirty_four_topics(client):
    items = client.get("/api/topics").get_json()["items"]
    assert len(items) == 34
    assert {"slug", "label", "description"} <= set(items[0])


@pytest.mark.parametrize("query", ["q=%00", "q=" + "a" * 5000, "q=)(*&^%$", "q=AND OR NOT",
                                    "q=title:foo*", "postcode=%F0%9F%98%80", "age=-1",
                                    "age=1e9", "page=99999999999"])
def test_odd_input_never_causes_a_server_error(client, query):
    assert client.get(f"/api/services?{query}").status_code < 500


@pytest.mark.parametrize("value", ["²", "١٢", "1²"], ids=["superscript", "arabic-indic", "mixed"])
def test_non_ascii_digits_are_a_400_not_a_crash(client, value):
    response = client.get(f"/api/services?age={value}&page={value}")
    assert response.status_code == 400
    assert {d["parameter"] for d in response.get_json()["error"]["details"]} == {"age", "page"}
