"""Reports of problems with a listing: the public form, its limits, and the admin queue."""

from __future__ import annotations

import pytest

from app.directory import audit, store

from .pagecheck import check_page
from .test_admin_support import db, first_entry, make_app, signed_in


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path, csrf=True)


@pytest.fixture
def entry(admin_app):
    return first_entry(admin_app, status="active", needs_review=False)


def report(client, entry_id: str, **form):
    return client.post(f"/directory/{entry_id}/report", data={"kind": "contact", **form})


def test_the_report_form_asks_for_nothing_personal_and_sets_no_cookie(admin_app, entry):
    response = admin_app.test_client().get(f"/directory/{entry.id}/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    check_page(html)
    assert "Report a problem with this listing" in html
    assert "We do not need your name" in html
    for personal in ('name="email"', 'name="name"', 'name="phone"', 'type="email"'):
        assert personal not in html
    assert "Set-Cookie" not in response.headers


def test_a_report_is_kept_and_flags_the_entry_for_review(admin_app, entry):
    client = admin_app.test_client()
    response = report(client, entry.id, detail="The number is now 01632 960000.")
    assert response.status_code == 200
    assert "Thank you" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    [row] = db(admin_app).query("select * from reports")
    assert (row["entry_id"], row["kind"]) == (entry.id, "contact")
    assert row["detail"] == "The number is now 01632 960000."
    flagged = store.get(db(admin_app), entry.id)
    assert flagged.needs_review and flagged.review_reason == "Reported: a contact detail may be wrong."
    [record] = audit.history(db(admin_app), entry.id)
    assert record.action == "report" and record.who == "public report"


def test_a_second_report_adds_its_reason_once(admin_app, entry):
    client = admin_app.test_client()
    report(client, entry.id, kind="closed")
    report(client, entry.id, kind="closed")
    report(client, entry.id, kind="contact")
    reason = store.get(db(admin_app), entry.id).review_reason
    assert reason == "Reported: it may be closed. Reported: a contact detail may be wrong."


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"kind": ""}, "kind-closed", "Select what is wrong"),
    ({"detail": "x" * 501}, "detail", "500 characters or fewer"),
], ids=["no-kind", "too-long"])
def test_report_problems_are_shown_next_to_the_field(admin_app, entry, form, field, message):
    response = report(admin_app.test_client(), entry.id, **form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    check_page(html)
    assert f'href="#{field}"' in html and f'id="{field}-error"' in html and message in html
    assert db(admin_app)["reports"].count == 0


def test_the_honeypot_field_keeps_robots_out_quietly(admin_app, entry):
    response = report(admin_app.test_client(), entry.id, website="http://spam.example")
    assert response.status_code == 200
    assert db(admin_app)["reports"].count == 0
    assert not store.get(db(admin_app), entry.id).needs_review


def test_reports_are_rate_limited_per_address(admin_app, entry):
    client = admin_app.test_client()
    for _ in range(5):
        assert report(client, entry.id).status_code == 200
    response = report(client, entry.id)
    assert response.status_code == 429
    assert "Wait an hour" in response.get_data(as_text=True)
    check_page(response.get_data(as_text=True))
    assert db(admin_app)["reports"].count == 5
    other = admin_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert report(other, entry.id).status_code == 200


def test_unknown_entries_have_no_report_form(admin_app):
    assert admin_app.test_client().get("/directory/nope/report").status_code == 404
    assert report(admin_app.test_client(), "nope").status_code == 404


def test_reports_appear_in_the_admin_queue_and_resolve_with_a_note(built_default, tmp_path):
    app = make_app(built_default, tmp_path)
    entry = first_entry(app, status="active", needs_review=False)
    report(app.test_client(), entry.id, kind="closed", detail="Shut last month.")
    client = signed_in(app, "editor")
    html = client.get("/admin/reports").get_data(as_text=True)
    check_page(html)
    assert entry.name in html and "Shut last month." in html
    report_id = next(db(app).query("select id from reports"))["id"]
    assert client.post(f"/admin/reports/{report_id}/resolve", data={"resolution": ""}).status_code == 302
    assert next(db(app).query("select resolved_at from reports"))["resolved_at"] is None
    client.post(f"/admin/reports/{report_id}/resolve", data={"resolution": "Marked retired."})
    row = next(db(app).query("select * from reports"))
    assert row["resolution"] == "Marked retired." and row["resolved_by"] == "editor@example.org"
    assert "There are no open reports" in client.get("/admin/reports").get_data(as_text=True)
    assert client.post(f"/admin/reports/{report_id}/resolve",
                       data={"resolution": "Again"}).status_code == 404


def test_the_dashboard_counts_open_reports(built_default, tmp_path):
    app = make_app(built_default, tmp_path)
    entry = first_entry(app, status="active", needs_review=False)
    report(app.test_client(), entry.id)
    html = signed_in(app).get("/admin/").get_data(as_text=True)
    assert "1 report from the public" in html
