"""Editing entries: validation next to fields, drafts, version conflicts, actions, the index."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from app import runtime
from app.directory import editing, review_dates, store

from .pagecheck import check_page
from .test_admin_support import ADMIN, db, first_entry, form_for, make_app, signed_in

CHAT = {"message": "I feel really anxious and worried all the time"}


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


@pytest.fixture
def client(admin_app):
    return signed_in(admin_app, "editor")


def suggested(app) -> dict:
    """The first entry the chat suggests for an anxious message, as /api/chat gives it."""
    resources = app.test_client().post("/api/chat", json=CHAT).get_json()["resources"]
    assert resources, "the chat suggested nothing"
    return resources[0]


def test_a_new_phone_number_shows_at_once_in_the_chat_and_the_directory(admin_app, client):
    resource = suggested(admin_app)
    form = form_for(client, resource["id"])
    form["contact-0-method"], form["contact-0-value"] = ["phone"], ["01632 960999"]
    assert client.post(f"/admin/entries/{resource['id']}", data=form).status_code == 302
    public = admin_app.test_client()
    chat = public.post("/api/chat", json=CHAT).get_json()["resources"]
    shown = next(r for r in chat if r["id"] == resource["id"])
    assert shown["contacts"][0]["value"] == "01632 960999"
    api = public.get(f"/api/services?q={resource['name']}").get_json()["items"]
    assert any(i["id"] == resource["id"] and "01632 960999" in str(i) for i in api)
    assert "01632 960999" in public.get(f"/directory/{resource['id']}").get_data(as_text=True)


def test_a_renamed_entry_is_found_by_its_new_name_without_a_restart(admin_app, client):
    entry = first_entry(admin_app, status="active")
    form = form_for(client, entry.id)
    form["name"] = ["Zebracorn Listening Line"]
    client.post(f"/admin/entries/{entry.id}", data=form)
    found = admin_app.test_client().get("/api/services?q=zebracorn").get_json()["items"]
    assert [i["id"] for i in found] == [entry.id]
    page = admin_app.test_client().get("/directory?q=zebracorn").get_data(as_text=True)
    assert "Zebracorn Listening Line" in page


def new_entry_form(client, **changes) -> dict:
    """The blank new-entry form, filled in with a valid entry."""
    html = client.get("/admin/entries/new").get_data(as_text=True)
    entry_id = html.split('name="id" value="', 1)[1].split('"', 1)[0]
    form = {"id": entry_id, "name": "Moonbeam Youth Counselling", "summary": "Free counselling.",
            "grouping": "getting-help", "topics": ["anxiety", "low-mood"], "national": "yes",
            "source_url": "https://example.org/moonbeam", "last_verified": "2026-01-05",
            "review_due": "2026-07-05", "status": "active", "publish": "yes",
            "contact-0-method": "phone", "contact-0-value": "01632 960123",
            "referral": ["self"], "cost_free": "yes"}
    form.update(changes)
    return form


def test_a_new_published_entry_is_saved_audited_and_searchable(admin_app, client):
    form = new_entry_form(client)
    response = client.post("/admin/entries/new", data=form)
    assert response.status_code == 302
    entry = store.get(db(admin_app), form["id"])
    assert entry.name == "Moonbeam Youth Counselling" and entry.version == 1
    assert entry.contacts[0].value == "01632 960123"
    found = admin_app.test_client().get("/api/services?q=moonbeam").get_json()["items"]
    assert [i["id"] for i in found] == [form["id"]]
    history = client.get(f"/admin/api/entries/{form['id']}/history").get_json()["items"]
    assert history[0]["action"] == "create" and history[0]["who"] == "editor@example.org"


def test_a_draft_is_kept_out_of_search_and_the_public_report_form(admin_app, client):
    form = new_entry_form(client, publish="no")
    assert client.post("/admin/entries/new", data=form).status_code == 302
    public = admin_app.test_client()
    assert public.get("/api/services?q=moonbeam").get_json()["items"] == []
    assert public.get(f"/directory/{form['id']}/report").status_code == 404
    listed = client.get("/admin/entries?check=drafts").get_data(as_text=True)
    assert "Moonbeam Youth Counselling" in listed
    form = form_for(client, form["id"])
    form["publish"] = ["yes"]
    client.post(f"/admin/entries/{form['id'][0]}", data=form)
    assert len(public.get("/api/services?q=moonbeam").get_json()["items"]) == 1


def test_unpublishing_takes_an_entry_out_of_search(admin_app, client):
    entry = first_entry(admin_app, status="active")
    form = form_for(client, entry.id)
    form["publish"] = ["no"]
    client.post(f"/admin/entries/{entry.id}", data=form)
    ids = [i["id"] for i in admin_app.test_client().get(
        f"/api/services?q={entry.name}&per_page=100").get_json()["items"]]
    assert entry.id not in ids


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": ""}, "name", "Name is required"),
    ({"summary": "x" * 201}, "summary", "Summary is 201 characters"),
    ({"topics": []}, "topics", "Topics needs at least one topic"),
    ({"min_age": "twelve"}, "min_age", "Youngest age: 'twelve' is not a whole number"),
    ({"min_age": "16", "max_age": "12"}, "max_age", "Oldest age is lower than min_age"),
    ({"website": "example.org"}, "website", "is not a web address"),
    ({"contact-0-value": "", "contact-0-note": "Free"}, "contact-0-value",
     "Contact 1 number, address or link is required"),
    ({"weekly-0-days": ["mon"], "weekly-0-opens": "9am", "weekly-0-closes": "17:00"},
     "weekly-0-opens", "Opening times 1 opens: '9am' is not a time"),
    ({"national": "", "postcodes": ""}, "national", "Where needs national: true"),
    ({"last_verified": "2999-01-01"}, "last_verified", "Last checked is in the future"),
    ({"needs_review": "yes", "review_reason": ""}, "review_reason",
     "Reason for review is required"),
    ({"status": "temporarily-closed", "status_note": ""}, "status_note",
     "Note for the public about the closure is required"),
], ids=["name", "summary", "topics", "age-text", "age-order", "website", "contact", "hours",
        "coverage", "future-date", "review-reason", "closed-note"])
def test_problems_show_in_a_summary_and_next_to_each_field(admin_app, client, change, field,
                                                           message):
    form = new_entry_form(client, **change)
    response = client.post("/admin/entries/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    check_page(html)
    assert f'<a href="#{field}">' in html, f"no summary link to #{field}"
    assert f'id="{field}-error"' in html, f"no message next to {field}"
    assert f'id="{field}"' in html
    assert message in unescape(html)
    assert store.get(db(admin_app), form["id"]) is None


def test_the_form_keeps_what_was_typed_after_an_error(client):
    form = new_entry_form(client, name="", summary="Kept summary text.")
    html = client.post("/admin/entries/new", data=form).get_data(as_text=True)
    assert "Kept summary text." in html and "01632 960123" in html


# -- version conflicts ---------------------------------------------------------------------
def test_a_save_against_a_stale_version_is_refused_with_the_differences(admin_app, client):
    entry = first_entry(admin_app, status="active")
    mine = form_for(client, entry.id)
    theirs = form_for(client, entry.id)
    theirs["summary"] = ["Their newer summary."]
    assert client.post(f"/admin/entries/{entry.id}", data=theirs).status_code == 302
    mine["summary"] = ["My different summary."]
    response = client.post(f"/admin/entries/{entry.id}", data=mine)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    check_page(html)
    assert "This entry was changed since you opened it" in html
    assert "Their newer summary." in html and "My different summary." in html
    saved = store.get(db(admin_app), entry.id)
    assert saved.summary == "Their newer summary." and saved.version == entry.version + 1


def test_save_entry_refuses_a_stale_version_without_writing(admin_app):
    entry = first_entry(admin_app)
    with admin_app.app_context():
        rt = runtime.current()
        data = dict(entry.to_dict(), summary="Changed.")
        stale = editing.save_entry(rt.db(), rt.data_dir, rt.taxonomy, data,
                                   editor=editing.Editor(ADMIN),
                                   expected_version=entry.version - 1)
    assert stale.conflict and [c.field for c in stale.conflict] == ["summary"]
    assert store.get(db(admin_app), entry.id).summary == entry.summary


def test_saving_nothing_new_writes_no_version_and_no_audit(admin_app, client):
    entry = first_entry(admin_app)
    client.post(f"/admin/entries/{entry.id}", data=form_for(client, entry.id))
    assert store.get(db(admin_app), entry.id).version == entry.version
    assert db(admin_app)["audit"].count == 0


# -- one-step actions ------------------------------------------------------------------------
def test_checked_today_sets_the_dates_and_nothing_else(admin_app, client):
    entry = first_entry(admin_app, needs_review=True)
    client.post(f"/admin/entries/{entry.id}/checked", data={"version": entry.version})
    after = store.get(db(admin_app), entry.id)
    today = dt.datetime.now(dt.UTC).date()
    assert after.last_verified == today.isoformat()
    assert after.review_due == review_dates.add_months(today, 6).isoformat()
    assert after.needs_review and after.review_reason == entry.review_reason
    unchanged = {k: v for k, v in after.to_dict().items() if k not in ("last_verified", "review_due")}
    assert unchanged == {k: v for k, v in entry.to_dict().items()
                         if k not in ("last_verified", "review_due")}


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2026-01-15", 6, "2026-07-15"), ("2026-08-31", 6, "2027-02-28"),
    ("2027-08-31", 6, "2028-02-29"), ("2026-03-31", -6, "2025-09-30"),
], ids=["plain", "short-month", "leap-year", "backwards"])
def test_add_months_keeps_to_real_dates(day, months, expected):
    assert review_dates.add_months(dt.date.fromisoformat(day), months).isoformat() == expected


def test_temporarily_closing_needs_a_note_which_the_public_sees(admin_app, client):
    entry = first_entry(admin_app, status="active")
    url = f"/admin/entries/{entry.id}/status"
    client.post(url, data={"status": "temporarily-closed", "version": entry.version})
    assert store.get(db(admin_app), entry.id).status == "active"
    client.post(url, data={"status": "temporarily-closed", "status_note": "Closed until May.",
                           "version": entry.version})
    assert store.get(db(admin_app), entry.id).status == "temporarily-closed"
    page = admin_app.test_client().get(f"/directory/{entry.id}").get_data(as_text=True)
    assert "Closed until May." in page


def test_retiring_keeps_the_entry_but_stops_showing_it(admin_app, client):
    entry = first_entry(admin_app, status="active")
    client.post(f"/admin/entries/{entry.id}/status",
                data={"status": "inactive", "version": entry.version})
    assert store.get(db(admin_app), entry.id).status == "inactive"
    ids = [i["id"] for i in admin_app.test_client().get(
        f"/api/services?q={entry.name}&per_page=100").get_json()["items"]]
    assert entry.id not in ids
    reopened = store.get(db(admin_app), entry.id)
    client.post(f"/admin/entries/{entry.id}/status",
                data={"status": "active", "version": reopened.version})
    assert store.get(db(admin_app), entry.id).status == "active"


def test_an_action_on_a_stale_version_changes_nothing(admin_app, client):
    entry = first_entry(admin_app, status="active")
    response = client.post(f"/admin/entries/{entry.id}/status",
                           data={"status": "inactive", "version": entry.version - 1})
    assert response.status_code == 302
    assert store.get(db(admin_app), entry.id).status == "active"
    assert "changed since you opened it" in client.get(response.location).get_data(as_text=True)


# -- the list ------------------------------------------------------------------------------
def names(client, query: str) -> str:
    return client.get("/admin/entries?" + query).get_data(as_text=True)


def test_the_list_filters_by_review_state(admin_app, client):
    flagged = first_entry(admin_app, needs_review=True)
    fresh = first_entry(admin_app, needs_review=False)
    assert flagged.name in names(client, "check=review")
    assert fresh.name not in names(client, "check=review")
    with admin_app.app_context():
        rt = runtime.current()
        editing.save_entry(rt.db(), rt.data_dir, rt.taxonomy,
                           dict(fresh.to_dict(), review_due="2001-01-01",
                                last_verified="2000-06-01"),
                           editor=editing.Editor(ADMIN), expected_version=fresh.version)
    assert fresh.name in names(client, "check=overdue")
    assert fresh.name in names(client, "check=stale")


def test_the_list_filters_by_status_grouping_topic_and_words(admin_app, client):
    entry = first_entry(admin_app, status="active")
    html = names(client, f"status=active&grouping={entry.grouping}&topic={entry.topics[0]}"
                         f"&q={entry.name[:6]}")
    assert entry.name in html
    assert entry.name not in names(client, "status=inactive")
    check_page(html)
