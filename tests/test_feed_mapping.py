"""The reviewed Open Referral UK term mapping: the shipped file is sound, and mistakes are named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.directory.feed_mapping import check_mapping, load_mapping, map_service
from app.taxonomy import load_taxonomy

DATA = Path(__file__).resolve().parent.parent / "directory_data"
TOPICS = load_taxonomy(DATA / "taxonomy.yaml").slugs
TODAY = dt.date(2026, 12, 1)


def service(*terms: str, **fields) -> dict:
    return {"id": "svc-1", "name": "Drop-in", "description": "A drop-in for young people.",
            "attributes": [{"taxonomy_term": {"name": t}} for t in terms], **fields}


def mapped(svc: dict, mapping=None, area: str | None = "Exampleshire") -> dict:
    mapping = mapping or load_mapping(DATA / "openreferral_mapping.yaml", TOPICS)
    return map_service(svc, mapping, feed_url="https://feed.example/services", area=area, today=TODAY)


def test_the_shipped_mapping_has_no_problems():
    assert load_mapping(DATA / "openreferral_mapping.yaml", TOPICS).problems == ()


def test_every_mistake_in_a_mapping_is_listed():
    mapping = check_mapping({
        "default_grouping": "getting-lots",
        "default_topics": ["worry"],
        "colour": "blue",
        "terms": [{"match": ["counselling"], "topics": ["feelings"]},
                  {"match": "anxiety", "topics": ["anxiety"]},
                  {"match": ["Counselling"], "grouping": "getting-help"}],
        "eligibility": [{"match": ["teens"], "ages": [18, 11]}],
    }, TOPICS)
    text = "\n".join(mapping.problems)
    for part in ("'colour' is not a known setting", "default_grouping 'getting-lots'",
                 "default_topics: 'worry'", "terms[0].topics: 'feelings'",
                 "terms[1]: match must be a list", "'counselling' is already matched by terms[0]",
                 "eligibility[0]: ages must be"):
        assert part in text


def test_terms_give_topics_and_the_first_listed_grouping_wins():
    data = mapped(service("Counselling", "Mental health crisis"))
    assert data["grouping"] == "getting-risk-support"
    assert data["topics"] == ["suicidal-thoughts", "self-harm", "anxiety", "low-mood"]
    assert not data.get("needs_review")


def test_a_default_grouping_is_flagged_for_review_and_unknown_terms_give_no_topic():
    data = mapped(service("Bereavement"))
    assert data["grouping"] == "getting-help" and data["needs_review"]
    assert "no THRIVE grouping" in data["review_reason"]
    assert mapped(service("Knitting circle"))["topics"] == []


def test_eligibility_terms_give_ages_only_when_the_service_states_none():
    assert (mapped(service("Counselling", "Young people aged 11 to 18"))["min_age"]) == 11
    stated = mapped(service("Counselling", "Young people aged 11 to 18", minimum_age=13, maximum_age=19))
    assert (stated["min_age"], stated["max_age"]) == (13, 19)
    assert mapped(service("Counselling", "Children and young people"))["min_age"] is None


def test_ages_in_the_eligibility_records_are_used_when_the_service_states_none():
    got = mapped(service("Counselling", eligibilitys=[{"minimum_age": 12, "maximum_age": 17}]))
    assert (got["min_age"], got["max_age"]) == (12, 17)


def test_source_and_dates_come_from_the_feed_and_never_from_the_future():
    data = mapped(service("Counselling", assured_date="2031-01-01", last_modified="2026-10-02T10:00:00Z"))
    assert data["source_url"] == "https://feed.example/services/svc-1"
    assert data["last_verified"] == "2026-10-02"
    assert data["id"] != "svc-1" and len(data["id"]) == 36  # not a uuid: a stable derived id
    assert mapped(service("Counselling"), area=None)["coverage"]["local_authorities"] == []
