"""Open Referral UK: services valid against the profile's own schemas, and an exact round trip.

Schemas come from the copy of the profile in tests/reference/openreferral-uk; the
openapi.json's remote $refs are served from it through a `referencing` registry, so nothing
is fetched.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app import runtime
from app.directory import openreferral, openreferral_in, openreferral_vocab, store
from app.directory.entry import Entry
from app.directory.validate import validate_entry

from .builders import entry_data

REFERENCE = Path(__file__).parent / "reference" / "openreferral-uk"
REMOTE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI = "urn:signpost:oruk-openapi"
TODAY = dt.date(2026, 12, 1)

@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    description: str


class StandInTaxonomy:
    """Just enough of app.taxonomy for the mapping."""

    def __init__(self, *topics: Topic):
        self.topics = topics
        self.slugs = frozenset(t.slug for t in topics)

    def by_slug(self, slug: str) -> Topic:
        for topic in self.topics:
            if topic.slug == slug:
                return topic
        raise KeyError(slug)


TAXONOMY = StandInTaxonomy(
    Topic("anxiety", "Worry and anxiety", "Feeling worried a lot of the time."),
    Topic("self-harm", "Self-harm", "Hurting yourself on purpose."),
)


# -- schemas -----------------------------------------------------------------------------
def _load(name: str) -> dict:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


def _checker() -> FormatChecker:
    """The stock checks plus uri and date-time, which would otherwise need extra packages."""
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        return "T" in value.upper() and dt.datetime.fromisoformat(value).tzinfo is not None

    return checker


@pytest.fixture(scope="module")
def schema_for():
    """A validator for a path's 200 response in openapi.json, or for a named definition."""
    definitions = _load("schema/service_with_definitions.json")["definitions"]

    def resource(contents: dict) -> Resource:
        return Resource.from_contents(contents, default_specification=DRAFT202012)

    def definition(name: str) -> Resource:
        return resource({**definitions[name], "definitions": definitions})

    registry = Registry().with_resources([
        (OPENAPI, resource(_load("openapi.json"))),
        (f"{REMOTE}compiled/service.json", resource(_load("schema/service.json"))),
        (f"{REMOTE}compiled/service_list.json", resource(_load("schema/service_list.json"))),
        (f"{REMOTE}taxonomy.json", definition("taxonomy")),
        (f"{REMOTE}taxonomy_term.json", definition("taxonomy_term")),
        ("urn:signpost:phone", definition("phone")),
    ])

    def build(target: str) -> Draft202012Validator:
        if target.startswith("/"):
            pointer = target.replace("~", "~0").replace("/", "~1")
            ref = f"{OPENAPI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"
        else:
            ref = f"urn:signpost:{target}"
        return Draft202012Validator({"$ref": ref}, registry=registry, format_checker=_checker())

    return build


def assert_valid(validator: Draft202012Validator, instance) -> None:
    """Fail with every schema error, each with its path."""
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(instance)]
    assert not errors, "\n".join(errors)


def assert_valid_service(schema_for, service: dict) -> None:
    """Valid as /services/{id} says, with phones valid as the profile's phone definition."""
    assert_valid(schema_for("/services/{id}"), service)
    for phone in service["phones"]:
        assert_valid(schema_for("phone"), phone)


# -- the mapping, on built entries --------------------------------------------------------
CASES = {
    "weekly-local": {},
    "always-open-national": dict(
        min_age=None, max_age=None, coverage={"national": True, "local_authorities": [],
                                              "postcodes": []},
        hours={"always_open": True, "weekly": [], "text": None}),
    "always-open-with-text": dict(hours={"always_open": True, "weekly": [],
                                         "text": "Phone: 24 hours a day, every day."}),
    "temporarily-closed": dict(status="temporarily-closed", status_note="Closed until March."),
    "inactive-needs-review": dict(status="inactive", needs_review=True,
                                  review_reason="Phone line withdrawn."),
    "many-contacts": dict(email="help@example.org", contacts=[
        {"method": "text", "value": "85258", "note": "Text SHOUT."},
        {"method": "phone", "value": "0800 1111", "note": None},
        {"method": "web-chat", "value": "https://example.org/chat", "note": "Chat."},
        {"method": "app", "value": "https://example.org/app", "note": None},
        {"method": "phone", "value": "01632 960002", "note": "Evenings."}]),
    "no-contacts-no-hours": dict(contacts=[], hours={}, description=None),
    "midnight-and-split-week": dict(hours={"always_open": False, "weekly": [
        {"days": ["mon", "wed"], "opens": "18:00", "closes": "24:00"},
        {"days": ["sat", "sun"], "opens": "00:00", "closes": "23:59"}], "text": None}),
    "charges-and-unknown-cost": dict(cost={"free": False, "note": "£5 a session."}),
    "cost-not-confirmed": dict(cost={"free": None, "note": "Ask when you call."}),
    "postcode-areas": dict(coverage={"national": False, "local_authorities": [],
                                     "postcodes": ["ZZ", "ZZ9", "ZZ1A"]}),
    "sparse-coverage-keys": dict(coverage={"national": True}),
    "all-signpost-facts": dict(
        referral=["self", "school"], confidentiality="Private unless you are in danger.",
        languages=["English", "Cymraeg"], accessibility="BSL video relay.", who_for="Anyone.",
        organisation=None, website=None, topics=["self-harm", "anxiety"], example=False),
    "unicode": dict(name="Café Talk — Ŵales", summary="Talk it through, in English or Cymraeg."),
}


@pytest.mark.parametrize("overrides", CASES.values(), ids=CASES.keys())
def test_built_entry_is_a_valid_service_that_reads_back_as_the_same_entry(schema_for, overrides):
    entry = Entry.from_dict(entry_data(**overrides))
    service = openreferral.to_service(entry, TAXONOMY)
    assert_valid_service(schema_for, service)
    (data,) = openreferral_in.read(json.loads(openreferral.dumps([entry], TAXONOMY)))
    assert validate_entry(data, topics=TAXONOMY.slugs, today=TODAY) == []
    assert Entry.from_dict(data).to_dict() == entry.to_dict()


@pytest.mark.parametrize(("status", "published"), [
    ("active", "active"), ("temporarily-closed", "temporarily closed"), ("inactive", "inactive"),
], ids=["active", "temporarily-closed", "inactive"])
def test_status_uses_the_profiles_words(status, published):
    entry = Entry.from_dict(entry_data(status=status))
    assert openreferral.to_service(entry, TAXONOMY)["status"] == published


def test_standard_fields_carry_what_the_profile_can_say():
    entry = Entry.from_dict(entry_data(status_note="Back soon.", email="a@example.org"))
    service = openreferral.to_service(entry, TAXONOMY)
    assert service["description"] == f"{entry.summary}\n\n{entry.description}"
    assert (service["url"], service["email"]) == (entry.website, entry.email)
    assert (service["minimum_age"], service["maximum_age"]) == (11, 18)
    assert service["assured_date"] == entry.last_verified
    assert service["last_modified"] == f"{entry.last_verified}T00:00:00Z"
    assert service["alert"] == "Back soon."
    assert service["organization"]["name"] == "Test Charity"
    assert service["organization_id"] == service["organization"]["id"]
    assert service["phones"] == [{"id": service["phones"][0]["id"], "number": "01632 960001",
                                  "description": "Free to call."}]
    assert [o["option"] for o in service["cost_options"]] == ["Free"]
    assert [lang["name"] for lang in service["languages"]] == ["English"]


def test_ages_are_left_out_when_not_stated():
    service = openreferral.to_service(
        Entry.from_dict(entry_data(min_age=None, max_age=None)), TAXONOMY)
    assert "minimum_age" not in service
    assert "maximum_age" not in service


def test_always_open_is_every_day_all_day():
    entry = Entry.from_dict(entry_data(hours={"always_open": True, "weekly": [], "text": None}))
    (schedule,) = openreferral.to_service(entry, TAXONOMY)["schedules"]
    assert schedule["freq"] == "WEEKLY"
    assert schedule["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("00:00:00", "23:59:59")
    assert schedule["description"] == "24 hours a day, every day"


def test_weekly_hours_become_weekly_schedules_with_the_hours_text():
    entry = Entry.from_dict(entry_data())
    (schedule,) = openreferral.to_service(entry, TAXONOMY)["schedules"]
    assert schedule["byday"] == "MO,TU,WE,TH,FR"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("09:00:00", "17:00:00")
    assert schedule["description"] == "Monday to Friday, 9am to 5pm."


def test_service_areas_name_england_local_authorities_and_postcodes():
    entry = Entry.from_dict(entry_data(coverage={
        "national": True, "local_authorities": ["Exampleshire"], "postcodes": ["ZZ", "ZZ1"]}))
    areas = openreferral.to_service(entry, TAXONOMY)["service_areas"]
    assert [a["name"] for a in areas] == ["England", "Exampleshire", "ZZ", "ZZ1"]
    assert areas[0]["uri"] == openreferral_vocab.ENGLAND_URI
    assert [a["service_area"] for a in areas[2:]] == ["Postcode area ZZ", "Postcode district ZZ1"]


def test_attributes_link_the_grouping_and_each_topic_to_published_terms():
    entry = Entry.from_dict(entry_data(topics=["self-harm", "anxiety"]))
    attributes = openreferral.to_service(entry, TAXONOMY)["attributes"]
    terms = [a["taxonomy_term"] for a in attributes]
    assert [(t["taxonomy"], t["term"]) for t in terms] == [
        ("thrive-grouping", "getting-help"), ("signpost-topic", "self-harm"),
        ("signpost-topic", "anxiety")]
    assert terms[2]["name"] == "Worry and anxiety"
    published = {t["id"]: t for t in openreferral.taxonomy_terms(TAXONOMY)}
    assert all(published[t["id"]] == t for t in terms)
    assert all(a["taxonomy_term_id"] == a["taxonomy_term"]["id"] for a in attributes)


def test_ids_are_derived_the_same_way_every_time():
    data = entry_data()
    first = openreferral.to_service(Entry.from_dict(data), TAXONOMY)
    again = openreferral.to_service(Entry.from_dict(data), TAXONOMY)
    assert first == again
    other = openreferral.to_service(Entry.from_dict(entry_data(organisation="Test Charity")),
                                    TAXONOMY)
    assert other["organization_id"] == first["organization_id"]
    assert other["schedules"][0]["id"] != first["schedules"][0]["id"]


def test_signpost_object_holds_only_what_the_profile_cannot():
    entry = Entry.from_dict(entry_data(example=False, referral=[]))
    extra = openreferral.to_service(entry, TAXONOMY)["signpost"]
    assert extra == {"source_url": entry.source_url, "who_for": entry.who_for,
                     "review_due": entry.review_due}
    mixed = entry_data(contacts=[{"method": "text", "value": "85258", "note": None}])
    extra = openreferral.to_service(Entry.from_dict(mixed), TAXONOMY)["signpost"]
    assert extra["contacts"] == mixed["contacts"]


def test_taxonomies_list_groupings_and_topics_with_unique_ids():
    terms = openreferral.taxonomy_terms(TAXONOMY)
    assert len({t["id"] for t in terms}) == len(terms) == 5 + len(TAXONOMY.topics)
    full = openreferral.taxonomies(TAXONOMY, with_terms=True)
    assert [len(t["taxonomy_terms"]) for t in full] == [5, 2]


# -- reading other shapes -------------------------------------------------------------------
def test_read_accepts_a_service_a_list_or_a_page():
    service = openreferral.to_service(Entry.from_dict(entry_data()), TAXONOMY)
    for shape in (service, [service, service], openreferral.page([service], total=1, page=1,
                                                                 size=20)):
        data = openreferral_in.read(json.loads(json.dumps(shape)))
        assert data and all(d["id"] == service["id"] for d in data)


@pytest.mark.parametrize("data", ["a service", 3, None, {"contents": "not a list"}],
                         ids=["text", "number", "null", "contents-not-a-list"])
def test_read_rejects_what_is_not_a_service_with_a_clear_message(data):
    with pytest.raises(ValueError, match="Open Referral UK JSON must be"):
        openreferral_in.read(data)


def test_another_publishers_service_loads_what_it_can_and_validation_names_the_rest():
    (data,) = openreferral_in.read(_load("examples/service_full.json"))
    assert data["name"] == "Community Counselling"
    assert (data["min_age"], data["max_age"]) == (12, 100)
    assert data["last_verified"] == "2005-01-01"
    assert data["hours"]["weekly"] == [{"days": ["thu", "fri"], "opens": "10:00",
                                        "closes": "18:00"}]
    assert data["cost"] == {"free": False, "note": "per 1 hour session"}
    fields = {p.field for p in validate_entry(data, topics=TAXONOMY.slugs, today=TODAY)}
    # Its service area "name" is a 170-character sentence, too long for an area name.
    assert fields == {"grouping", "topics", "source_url", "coverage.local_authorities"}


def test_odd_shapes_inside_a_service_do_not_raise():
    odd = {"id": "x", "attributes": "none", "schedules": [1, {"byday": 5}, {"freq": "MONTHLY"}],
           "minimum_age": "twelve", "service_areas": {"name": "England"}, "status": ["active"],
           "organization": "NSPCC", "phones": [{"number": "0800"}, None], "signpost": "odd"}
    (data,) = openreferral_in.read([odd])
    fields = {p.field for p in validate_entry(data, topics=TAXONOMY.slugs, today=TODAY)}
    assert {"id", "min_age", "coverage", "status", "grouping"} <= fields
    assert data["contacts"] == [{"method": "phone", "value": "0800", "note": None}]


def test_page_counts_pages_and_flags_the_ends():
    assert openreferral.page(["a", "b"], total=42, page=3, size=20) == {
        "total_items": 42, "total_pages": 3, "page_number": 3, "size": 2, "first_page": False,
        "last_page": True, "empty": False, "contents": ["a", "b"]}
    empty = openreferral.page([], total=0, page=1, size=20)
    assert (empty["total_pages"], empty["first_page"], empty["last_page"], empty["empty"]) == (
        0, True, True, True)


def test_dumps_is_pretty_json_keeping_non_ascii_text():
    entry = Entry.from_dict(entry_data(name="Café Talk"))
    text = openreferral.dumps([entry], TAXONOMY)
    assert text.startswith("[\n  {") and "Café Talk" in text


# -- the API, on the built-in directory -----------------------------------------------------
def _entries(app) -> list[Entry]:
    with app.app_context():
        return list(store.all_entries(runtime.current().db()))


def test_every_builtin_service_is_valid_against_the_profile(app, client, schema_for):
    entries = _entries(app)
    assert entries
    for entry in entries:
        response = client.get(f"/openreferral/services/{entry.id}")
        assert response.status_code == 200, entry.id
        assert_valid_service(schema_for, response.get_json())


def test_service_list_is_a_valid_page_of_one_to_one_fields(app, client, schema_for):
    active = [e for e in _entries(app) if e.status == "active"]
    body = client.get("/openreferral/services?per_page=5&page=2").get_json()
    assert_valid(schema_for("/services"), body)
    assert (body["total_items"], body["total_pages"]) == (len(active), math.ceil(len(active) / 5))
    assert (body["page_number"], body["size"], body["first_page"], body["empty"]) == (
        2, 5, False, False)
    assert all(set(item) <= set(openreferral_vocab.LIST_FIELDS) for item in body["contents"])


def test_services_search_and_size_are_accepted(client, schema_for):
    body = client.get("/openreferral/services?search=panic&size=3").get_json()
    assert_valid(schema_for("/services"), body)
    assert 0 < body["size"] <= 3


def test_taxonomy_term_id_filters_services_to_that_topic(app, client):
    with app.app_context():
        taxonomy = runtime.current().taxonomy
    term = next(t for t in openreferral.taxonomy_terms(taxonomy) if t["term"] == "anxiety")
    body = client.get(f"/openreferral/services?taxonomy_term_id={term['id']}&per_page=100")
    ids = [s["id"] for s in body.get_json()["contents"]]
    assert ids
    for service_id in ids:
        full = client.get(f"/openreferral/services/{service_id}").get_json()
        assert term["id"] in {a["taxonomy_term_id"] for a in full["attributes"]}


@pytest.mark.parametrize(("query", "parameters"), [
    ("page=0", {"page"}), ("page=two", {"page"}), ("per_page=1000", {"per_page"}),
    ("size=0", {"size"}), ("taxonomy_term_id=nope&page=0", {"taxonomy_term_id", "page"}),
], ids=["page-zero", "page-word", "too-many", "size-zero", "unknown-term-and-bad-page"])
def test_bad_parameters_get_a_json_400_naming_each(client, query, parameters):
    response = client.get(f"/openreferral/services?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400
    assert {d["parameter"] for d in error["details"]} == parameters
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_service_id_is_a_json_404(client):
    response = client.get("/openreferral/services/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


@pytest.mark.parametrize("path", [
    "/openreferral/", "/openreferral/services", "/openreferral/taxonomies",
    "/openreferral/taxonomy_terms", "/openreferral/services/nope", "/openreferral/nowhere",
])
def test_every_response_allows_any_origin(client, path):
    assert client.get(path).headers["Access-Control-Allow-Origin"] == "*"


def test_info_names_the_version_profile_and_openapi(client, schema_for):
    body = client.get("/openreferral/").get_json()
    assert_valid(schema_for("/"), body)
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("openapi.json")


def test_taxonomies_and_terms_are_valid_pages_and_each_can_be_fetched(client, schema_for):
    taxonomies = client.get("/openreferral/taxonomies").get_json()
    assert_valid(schema_for("/taxonomies"), taxonomies)
    assert taxonomies["total_items"] == 2
    terms = client.get("/openreferral/taxonomy_terms?per_page=100").get_json()
    assert_valid(schema_for("/taxonomy_terms"), terms)
    first = terms["contents"][0]
    assert client.get(f"/openreferral/taxonomy_terms/{first['id']}").get_json() == first
    one = client.get(f"/openreferral/taxonomies/{first['taxonomy_id']}").get_json()
    assert_valid(schema_for("/taxonomies/{id}"), one)
    assert first in one["taxonomy_terms"]
    assert client.get("/openreferral/taxonomy_terms/nope").status_code == 404


# -- round trip through the CLI ---------------------------------------------------------------
def _round_trip(app, tmp_path) -> list[Entry]:
    """Export as Open Referral UK, load that file back, and check nothing changed."""
    entries = _entries(app)
    out = tmp_path / "directory.json"
    runner = app.test_cli_runner()
    # `flask` itself pushes an app context for every command; the test runner does not.
    with app.app_context():
        result = runner.invoke(args=["export-directory", "--format", "openreferral", "-o",
                                     str(out)])
        assert result.exit_code == 0, result.output
        result = runner.invoke(args=["load-directory", str(out)])
        assert result.exit_code == 0, result.output
    assert f"0 added, 0 changed, {len(entries)} unchanged" in result.output
    back = [Entry.from_dict(d) for d in openreferral_in.read(json.loads(out.read_text("utf-8")))]
    assert [e.to_dict() for e in back] == [e.to_dict() for e in entries]
    return entries


def test_builtin_directory_round_trips_exactly(app, tmp_path):
    _round_trip(app, tmp_path)


def test_demo_directory_round_trips_and_validates(demo_app, demo_client, tmp_path, schema_for):
    entries = _round_trip(demo_app, tmp_path)
    demo = [e for e in entries if e.example]
    assert any(e.hours.get("weekly") for e in demo)
    assert any(e.coverage.get("local_authorities") or e.coverage.get("postcodes") for e in demo)
    assert any(len({c.method for c in e.contacts}) > 1 for e in demo)
    for entry in demo:
        assert_valid_service(schema_for, demo_client.get(
            f"/openreferral/services/{entry.id}").get_json())
