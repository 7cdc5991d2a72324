"""Source watch against a real local server: pages that change, move and disappear."""

from __future__ import annotations

import datetime as dt

import pytest

from app import runtime
from app.directory import audit, editing, sources, store
from app.directory.entry import Entry

from .pagecheck import check_page
from .test_admin_support import db, make_app, signed_in
from .webserver import Site

PAGE = "<html><head><title>{0}</title><script>var t = {1};</script></head><body><h1>{0}</h1>" \
       "<p>Call us on 0808 000 0000, Monday to Friday.</p></body></html>"


@pytest.fixture
def site():
    served = Site()
    yield served
    served.close()


@pytest.fixture
def watched(built_default, tmp_path, site):
    """An app whose entries' source pages are all on the local server; three of them named."""
    app = make_app(built_default, tmp_path, SOURCE_TIMEOUT=2, SOURCE_RETRIES=0)
    database = db(app)
    ids = [r["id"] for r in database.query(
        "select id from entries order by needs_review = 0 and status = 'active' desc, name")]
    for i, entry_id in enumerate(ids):
        page = ("changing", "removed", "moving")[i] if i < 3 else "steady"
        database.execute("update entries set source_url = ? where id = ?",
                         [f"{site.url}/pages/{page}", entry_id])
    database.conn.commit()
    for name in ("changing", "removed", "moving", "steady"):
        site.route(f"/pages/{name}", PAGE.format(name.title(), 1), delay=0.01)
    site.route("/pages/moving", status=301, headers={"Location": f"{site.url}/new-home"})
    site.route("/new-home", PAGE.format("New home", 1))
    return app, ids[:3]


def check(app) -> dict:
    result = app.test_cli_runner().invoke(args=["check-sources", "--delay", "0"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rt = runtime.current()
        return sources.status_counts(rt.db()) | {"output": result.output}


def test_a_changed_and_a_removed_page_are_flagged_and_no_fact_is_edited(watched, site):
    app, (changing, removed, moving) = watched
    first = check(app)
    assert (first["ok"], first["moved"], first["changed"], first["gone"]) == (len_live(app) - 1, 1, 0, 0)
    before = {i: store.get(db(app), i, drafts=True) for i in (changing, removed)}
    assert not any(e.needs_review for e in before.values())

    site.route("/pages/changing", PAGE.format("Changing", 1).replace("Monday to Friday", "weekdays"))
    site.route("/pages/removed", "<h1>Not found</h1>", status=404)
    site.route("/pages/steady", PAGE.format("Steady", 2).replace("<p>", "\n\n   <p >"))  # markup only
    second = check(app)
    assert (second["changed"], second["gone"], second["moved"]) == (1, 1, 1)
    assert "1 changed, 1 moved, 1 gone" in second["output"]

    for entry_id, words in ((changing, "has changed since it was last verified"),
                            (removed, "has gone (it answers HTTP 404)")):
        after = store.get(db(app), entry_id, drafts=True)
        assert after.needs_review and words in after.review_reason
        assert _facts(after) == _facts(before[entry_id])
        assert audit.history(db(app), entry_id)[0].action == "source-check"
    assert "moved to" in store.get(db(app), moving, drafts=True).review_reason
    assert all(ua.startswith("Signpost-source-check/1.0") for ua in site.user_agents)
    assert site.most_in_flight == 1  # one host: one request at a time, though 4 workers ran

    third = check(app)
    assert len(audit.history(db(app), changing)) == 1  # flagged once, not on every run
    assert third["changed"] == 1


def test_verifying_an_entry_again_makes_its_page_the_new_baseline(watched, site):
    app, (changing, _, _) = watched
    check(app)
    site.route("/pages/changing", PAGE.format("Changing", 1).replace("Monday", "Tuesday"))
    with app.app_context():
        rt = runtime.current()
        editing.mark_checked(rt.db(), rt.data_dir, rt.taxonomy, changing, editor=editing.Editor("x"),
                             expected_version=None, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert check(app)["changed"] == 0


def test_the_dashboard_draws_the_source_check_counts(watched, site):
    app, _ = watched
    page = signed_in(app, "editor").get("/admin/").get_data(as_text=True)
    assert "Not checked yet: " + str(len_live(app)) in page
    check(app)
    page = signed_in(app, "editor").get("/admin/").get_data(as_text=True)
    check_page(page)
    assert "Moved: 1." in page and "Not checked yet: 0." in page


@pytest.mark.parametrize(("fetched", "outcome"), [
    (sources.Fetched("x", "https://a.example/p", error="name not found", error_kind="dns"), "gone"),
    (sources.Fetched("x", "https://a.example/p", status=410, final_url="https://a.example/p"), "gone"),
    (sources.Fetched("x", "https://a.example/p", error="timed out", error_kind="timeout"), "error"),
    (sources.Fetched("x", "https://a.example/p", status=503, final_url="https://a.example/p"), "error"),
    (sources.Fetched("x", "http://a.example/p", 200, "https://a.example/p/", "f"), "ok"),
    (sources.Fetched("x", "https://a.example/p", 200, "https://b.example/p", "f"), "moved"),
], ids=["dns-error", "410", "timeout", "503", "https-and-slash-only", "other-host"])
def test_each_answer_is_judged_as_a_person_would(fetched, outcome):
    entry = Entry(id="x", name="X", summary="S", grouping="getting-help",
                  source_url=fetched.url, last_verified="2026-01-01")
    row, reason = sources.judge(entry, fetched, None)
    assert row["outcome"] == outcome
    assert (reason is not None) == (outcome in ("gone", "moved"))


def test_visible_text_ignores_scripts_styles_and_spacing():
    a = sources.fingerprint(b"<html><head><style>p{}</style></head><body><p>Hi  there</p></body></html>")
    b = sources.fingerprint(b"<body>\n<p>Hi there</p><script>x=1</script></body>")
    c = sources.fingerprint(b"<body><p>Hi where</p></body>")
    assert a == b != c


def len_live(app) -> int:
    return db(app).execute("select count(*) from entries where status != 'inactive'").fetchone()[0]


def _facts(entry: Entry) -> dict:
    data = entry.to_dict()
    for key in ("needs_review", "review_reason"):
        data.pop(key)
    return data
