"""The review dashboard, the read-only safety pages and "try a message"."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from app import runtime
from app.admin import review
from app.directory import editing, store

from .pagecheck import check_page
from .test_admin_support import ADMIN, db, first_entry, make_app, signed_in


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


@pytest.fixture
def client(admin_app):
    return signed_in(admin_app, "editor")


def save(app, entry, **changes):
    with app.app_context():
        rt = runtime.current()
        saved = editing.save_entry(rt.db(), rt.data_dir, rt.taxonomy,
                                   dict(entry.to_dict(), **changes), editor=editing.Editor(ADMIN),
                                   expected_version=entry.version)
    assert saved.ok, saved.problems


def test_the_dashboard_lists_what_needs_checking(admin_app, client):
    entries = [e for e in store.all_entries(db(admin_app)) if e.status == "active"]
    save(admin_app, entries[0], review_due="2001-02-03", last_verified="2000-01-01")
    save(admin_app, entries[1], status="temporarily-closed", status_note="Back in June.")
    html = client.get("/admin/").get_data(as_text=True)
    page = check_page(html)
    assert entries[0].name in html and "3 February 2001" in html
    assert entries[1].name in html and "Back in June." in html
    flagged = first_entry(admin_app, needs_review=True)
    assert flagged.review_reason in html
    assert "Recently changed" in html and entries[1].name in page.text


def test_the_review_chart_has_a_text_alternative(admin_app, client):
    html = client.get("/admin/").get_data(as_text=True)
    assert 'role="img"' in html and "<title id=\"chart-title\">" in html
    desc = html.split('<desc id="chart-desc">', 1)[1].split("</desc>", 1)[0]
    counts = review.review_counts(db(admin_app), dt.datetime.now(dt.UTC).date())
    assert f"Review overdue: {counts['overdue']}." in desc
    assert f"Flagged for review: {counts['flagged']}." in desc
    assert "<script" not in html.split("<main", 1)[1]


def test_review_counts_sort_entries_by_state(admin_app):
    day = dt.date(2026, 6, 1)
    entry = first_entry(admin_app, status="active", needs_review=False)
    save(admin_app, entry, review_due="2026-12-01", last_verified="2026-01-01")
    before = review.review_counts(db(admin_app), day)
    save(admin_app, store.get(db(admin_app), entry.id), review_due="2026-05-01")
    overdue = review.review_counts(db(admin_app), day)
    assert overdue["overdue"] == before["overdue"] + 1
    assert overdue["up_to_date"] == before["up_to_date"] - 1
    save(admin_app, store.get(db(admin_app), entry.id), review_due="2026-06-10")
    soon = review.review_counts(db(admin_app), day)
    assert soon["due_soon"] == before["due_soon"] + 1 and soon["overdue"] == before["overdue"]
    bars = {b["key"]: b for b in review.chart_bars(soon)}
    assert bars["due_soon"]["count"] == soon["due_soon"]
    assert 0 <= bars["up_to_date"]["width"] <= 300


def test_helpful_answers_are_counted_by_topic_and_week(admin_app, client):
    today = dt.date.today()
    last_week = today - dt.timedelta(days=7)
    db(admin_app)["helpful_counts"].insert_all([
        {"day": today.isoformat(), "topic": "anxiety", "answer": "yes", "count": 3},
        {"day": today.isoformat(), "topic": "anxiety", "answer": "no", "count": 1},
        {"day": last_week.isoformat(), "topic": "anxiety", "answer": "yes", "count": 2},
    ])
    weeks, table = review.helpful_table(db(admin_app), runtime_taxonomy(admin_app), today)
    [row] = table
    assert row["label"] == "Worry and anxiety"
    assert row["weeks"][0] == {"yes": 3, "no": 1} and row["weeks"][1] == {"yes": 2, "no": 0}
    assert "3 yes, 1 no" in client.get("/admin/").get_data(as_text=True)


def runtime_taxonomy(app):
    with app.app_context():
        return runtime.current().taxonomy


def test_review_counts_are_available_as_json(client):
    body = client.get("/admin/api/review").get_json()
    assert {"overdue", "flagged", "closed", "drafts", "up_to_date"} <= set(body)


# -- safety data, read-only ------------------------------------------------------------------
def test_the_safety_page_shows_rules_and_topics_read_only(admin_app, client):
    html = client.get("/admin/safety").get_data(as_text=True)
    check_page(html)
    with admin_app.app_context():
        rules = runtime.current().assistant().rules
    assert rules.rules[0].id in html and "Worry and anxiety" in html
    main = html.split("<main", 1)[1]
    assert "<form" not in main and "<textarea" not in main


def test_no_route_changes_rules_or_topics(admin_app):
    rules = [r for r in admin_app.url_map.iter_rules() if "safety" in r.rule]
    assert [sorted(r.methods - {"HEAD", "OPTIONS"}) for r in rules] == [["GET"]]


# -- try a message ---------------------------------------------------------------------------
def test_try_a_message_shows_each_step(admin_app, client):
    response = client.post("/admin/try", data={"message": "im so anxous about my exams"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    check_page(html)
    assert "Normalised" in html and "Corrected" in html
    assert "anxous" in html and "Worry and anxiety" in html
    assert "No safety rules fired." in html
    assert "Entries it would suggest" in html and "<td class=\"nhsuk-table__cell\">0." not in html


def test_try_a_message_shows_the_rules_that_fired(admin_app, client):
    html = client.post("/admin/try", data={"message": "i want to kill myself"}).get_data(
        as_text=True)
    assert "suicidal-thoughts" in html and "Urgent help shown first" in html
    assert "No safety rules fired." not in html


def test_try_a_message_stores_and_logs_nothing(admin_app, client, caplog):
    secret = "my unique test phrase about feeling anxious"
    tables = {t: db(admin_app)[t].count for t in db(admin_app).table_names()}
    with caplog.at_level(logging.DEBUG):
        client.post("/admin/try", data={"message": secret})
    assert secret not in caplog.text and "unique test phrase" not in caplog.text
    assert {t: db(admin_app)[t].count for t in db(admin_app).table_names()} == tables
    with client.session_transaction() as session:
        assert secret not in str(dict(session))


def test_try_a_message_needs_a_message(client):
    response = client.post("/admin/try", data={"message": "  "})
    assert response.status_code == 400
    assert 'href="#message"' in response.get_data(as_text=True)
