"""Open Referral UK syncs against a real local feed: preview, accept, changes, gone, broken feeds."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path

import pytest

from app.directory import audit, store, sync
from app.directory.feed import FeedError, read_feed
from app.directory.fetch import Limits

from .pagecheck import check_page
from .test_admin_support import db, make_app, signed_in
from .webserver import Site

EXAMPLE = Path(__file__).parent / "reference" / "openreferral-uk" / "examples" / "service_full.json"
# The profile's example carries a placeholder term ("name"); each copy gets a real one.
SERVICES = (("Community Counselling", "Counselling"), ("Riverside Bereavement Group", "Bereavement"),
            ("Young Carers Club", "Young carers"))
FAST = {"FEED_TIMEOUT": 2, "FEED_RETRIES": 1, "FEED_BACKOFF": 0.01}


def example_services() -> list[dict]:
    """The profile's full service example, three times over with their own ids and terms."""
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    services = []
    for name, term in SERVICES:
        service = copy.deepcopy(base)
        service["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, name))
        service["name"] = name
        service["attributes"][0]["taxonomy_term"].update(term=term, name=term)
        services.append(service)
    return services


@pytest.fixture
def site():
    served = Site()
    served.services = example_services()
    yield served
    served.close()


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path, **FAST)


def run_cli(app, *args):
    return app.test_cli_runner().invoke(args=["sync-openreferral", *args])


def test_a_sync_previews_the_examples_and_publishes_only_on_accept(admin_app, site):
    result = run_cli(admin_app, site.url, "--area", "Exampleshire")
    assert result.exit_code == 0, result.output
    assert "3 new, 0 changed, 0 gone" in result.output
    assert "page 2" in result.output  # the server gives two services a page
    ids = [s["id"] for s in site.services]
    assert store.get_many(db(admin_app), ids, drafts=True) == {}

    client = signed_in(admin_app, "admin")
    sync_id = db(admin_app).execute("select max(id) from syncs").fetchone()[0]
    page = client.get(f"/admin/syncs/{sync_id}").get_data(as_text=True)
    check_page(page)
    assert "Community Counselling" in page and "Young Carers Club" in page

    response = client.post(f"/admin/syncs/{sync_id}/accept")
    assert response.status_code == 302
    published = store.get_many(db(admin_app), ids)
    assert len(published) == 3
    counselling = published[ids[0]]
    assert counselling.topics == ("anxiety", "low-mood") and counselling.grouping == "getting-help"
    assert counselling.coverage["local_authorities"] == ["Exampleshire"]
    assert counselling.source_url == f"{site.url}/services/{ids[0]}"
    assert published[ids[1]].needs_review  # no grouping from its term: a person must confirm
    assert [r.action for r in audit.history(db(admin_app), ids[0])] == ["import"]
    search = admin_app.test_client().get("/api/services?q=young+carers+club&area=Exampleshire").get_json()
    assert ids[2] in [item["id"] for item in search["items"]]


def test_a_second_sync_shows_one_changed_and_one_gone_and_accepting_retires_the_gone(admin_app, site):
    assert run_cli(admin_app, site.url, "--area", "Exampleshire", "--accept").exit_code == 0
    changed, gone, same = site.services
    changed["alert"] = "Closed on Fridays this month."
    site.services = [changed, same]

    result = run_cli(admin_app, site.url, "--area", "Exampleshire", "--dry-run")
    assert "0 new, 1 changed, 1 gone, 1 unchanged" in result.output, result.output
    assert "Nothing was stored" in result.output
    result = run_cli(admin_app, site.url, "--area", "Exampleshire")
    sync_id = db(admin_app).execute("select max(id) from syncs").fetchone()[0]
    plan = sync.get_sync(db(admin_app), sync_id)["plan"]
    assert [i["name"] for i in plan["changed"]] == ["Community Counselling"]
    assert [c["field"] for c in plan["changed"][0]["changes"]] == ["status_note"]
    assert [i["name"] for i in plan["gone"]] == ["Riverside Bereavement Group"]
    assert store.get(db(admin_app), gone["id"]).status == "active"  # not until accepted

    client = signed_in(admin_app, "admin")
    assert client.post(f"/admin/syncs/{sync_id}/accept").status_code == 302
    retired = store.get(db(admin_app), gone["id"])
    assert retired is not None and retired.status == "inactive"  # closed, not deleted
    assert store.get(db(admin_app), changed["id"]).status_note == "Closed on Fridays this month."
    assert audit.history(db(admin_app), gone["id"])[0].action == "retire"
    assert client.post(f"/admin/syncs/{sync_id}/accept").status_code == 302
    assert len(audit.history(db(admin_app), gone["id"])) == 2  # accepting twice does nothing


def test_an_entry_edited_after_the_preview_stops_the_accept_and_changes_nothing(admin_app, site):
    assert run_cli(admin_app, site.url, "--area", "Exampleshire", "--accept").exit_code == 0
    site.services[0]["alert"] = "New note."
    run_cli(admin_app, site.url, "--area", "Exampleshire")
    sync_id = db(admin_app).execute("select max(id) from syncs").fetchone()[0]
    database = db(admin_app)
    database.execute("update entries set version = version + 1 where id = ?", [site.services[0]["id"]])
    result = sync.accept(database, admin_app.config["DATA_DIR"], sync_id,
                         editor=sync.Editor("test"))
    assert not result.ok and "Community Counselling has changed" in result.problems[0]
    assert store.get(database, site.services[0]["id"]).status_note != "New note."


def test_a_feed_cannot_take_over_an_entry_it_does_not_own(admin_app, site):
    national = next(store.all_entries(db(admin_app)))
    site.services[0]["id"] = national.id
    result = run_cli(admin_app, site.url, "--area", "Exampleshire", "--accept")
    assert "does not come from this feed" in result.output
    assert store.get(db(admin_app), national.id).name == national.name


def test_services_the_mapping_cannot_place_are_left_out_and_listed(admin_app, site):
    site.services[0]["attributes"] = []
    del site.services[1]["description"]
    result = run_cli(admin_app, site.url, "--area", "Exampleshire", "--dry-run")
    assert "1 new, 0 changed, 0 gone, 0 unchanged, 2 left out" in result.output
    assert "topics: needs at least one topic" in result.output
    assert "summary: is required" in result.output


def test_a_feed_without_totals_or_page_numbers_is_still_read_to_the_end(site):
    def bare(path, items):
        site.route(path, {"contents": items})
    services = example_services() * 1
    site.services = services
    found = read_feed(site.url, limits=Limits(timeout=2, retries=0))
    assert len(found.services) == 3
    # A feed that ignores `page` and sends the same list every time ends after one repeat.
    bare("/services", [{"id": s["id"], "name": s["name"]} for s in services])
    found = read_feed(site.url, limits=Limits(timeout=2, retries=0))
    assert [s["name"] for s in found.services] == [s["name"] for s in services]
    assert found.pages == 2 and found.details_fetched == 3


BROKEN = [
    ("html", dict(body="<html><body>Welcome to our site</body></html>"), "web page, not JSON"),
    ("bad-json", dict(body='{"contents": [', content_type="application/json"), "not valid JSON"),
    ("huge", dict(body="[" + " " * 300_000 + "]", content_type="application/json"), "over the limit"),
    ("server-error", dict(body={"error": "down"}, status=500), "HTTP 500"),
    ("wrong-type", dict(body={"contents": "lots of services"}), "no 'contents' list"),
    ("not-services", dict(body={"contents": [1, 2, 3]}), "not a service object"),
    ("no-ids", dict(body={"contents": [{"name": "A service"}]}), "has no service id"),
    ("slow", dict(body={"contents": []}, delay=1.5), "did not answer"),
]


@pytest.mark.parametrize(("kind", "route", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_feed_gives_a_clear_error_and_changes_nothing(admin_app, site, kind, route, message):
    site.route("/services", **route)
    before = db(admin_app).execute("select count(*) from entries").fetchone()[0]
    app = admin_app
    app.config.update(FEED_TIMEOUT=1, FEED_MAX_BYTES=200_000, FEED_RETRIES=0)
    result = run_cli(app, site.url)
    assert result.exit_code == 1
    assert message in result.output and "Nothing was changed" in result.output
    assert db(app).execute("select count(*) from syncs").fetchone()[0] == 0
    assert db(app).execute("select count(*) from entries").fetchone()[0] == before


def test_endless_paging_stops_at_the_page_limit(site):
    def endless(number):
        return {"contents": [{"id": str(uuid.uuid4()), "name": f"Service {number}",
                              "attributes": []}], "last_page": False}
    original = site.answer

    def answer(raw):
        if raw.startswith("/services?"):
            number = int(raw.split("page=")[1].split("&")[0])
            return 200, {"Content-Type": "application/json"}, json.dumps(endless(number)).encode(), 0
        return original(raw)
    site.answer = answer
    with pytest.raises(FeedError, match="more than 5 pages"):
        read_feed(site.url, limits=Limits(timeout=2, retries=0), max_pages=5)
    assert len(site.requests) == 5


def test_a_500_is_retried_before_giving_up(site):
    site.route("/services", {"error": "down"}, status=503)
    with pytest.raises(FeedError, match="HTTP 503"):
        read_feed(site.url, limits=Limits(timeout=2, retries=2, backoff=0.01))
    assert len(site.requests) == 3
    assert all(ua.startswith("Signpost-openreferral-sync/1.0") for ua in site.user_agents)


def test_the_admin_form_reads_a_feed_and_explains_a_broken_one(admin_app, site):
    client = signed_in(admin_app, "admin")
    page = client.get("/admin/syncs")
    assert page.status_code == 200
    check_page(page.get_data(as_text=True))
    response = client.post("/admin/syncs", data={"url": site.url, "area": "Exampleshire"})
    assert response.status_code == 302 and "/admin/syncs/" in response.headers["Location"]
    site.route("/services", "<html>Sign in</html>")
    response = client.post("/admin/syncs", data={"url": site.url, "area": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "web page, not JSON" in html
    check_page(html)
    assert signed_in(admin_app, "editor").get("/admin/syncs").status_code == 403
