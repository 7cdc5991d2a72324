"""The audit log: who changed what and when, field by field; history, restore; read-only."""

from __future__ import annotations

import sqlite3

import pytest

from app.directory import audit, store

from .pagecheck import check_page
from .test_admin_support import EDITOR, db, first_entry, form_for, make_app, signed_in


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


@pytest.fixture
def client(admin_app):
    return signed_in(admin_app, "editor")


def change_phone(client, entry_id: str, number: str) -> None:
    form = form_for(client, entry_id)
    form["contact-0-method"], form["contact-0-value"] = ["phone"], [number]
    assert client.post(f"/admin/entries/{entry_id}", data=form).status_code == 302


def test_every_change_records_who_when_and_each_field(admin_app, client):
    entry = first_entry(admin_app, status="active")
    change_phone(client, entry.id, "01632 960111")
    [record] = audit.history(db(admin_app), entry.id)
    assert record.who == EDITOR and record.action == "edit"
    assert record.at.startswith("20") and "T" in record.at
    assert (record.version_before, record.version_after) == (entry.version, entry.version + 1)
    assert [c.field for c in record.changes] == ["contacts"]
    assert record.changes[0].before == [dict(c.__dict__) for c in entry.contacts]
    assert record.changes[0].after[0]["value"] == "01632 960111"


def test_the_history_page_shows_each_change(admin_app, client):
    entry = first_entry(admin_app, status="active")
    change_phone(client, entry.id, "01632 960111")
    change_phone(client, entry.id, "01632 960222")
    html = client.get(f"/admin/entries/{entry.id}/history").get_data(as_text=True)
    check_page(html)
    assert html.count("Edited") == 2 and "01632 960111" in html and "01632 960222" in html
    assert html.count("By you at") == 2  # the editor's own changes


def test_restoring_a_version_puts_it_back_and_is_itself_audited(admin_app, client):
    entry = first_entry(admin_app, status="active")
    old = entry.contacts[0].value if entry.contacts else None
    change_phone(client, entry.id, "01632 960111")
    first = audit.history(db(admin_app), entry.id)[0]
    change_phone(client, entry.id, "01632 960222")
    page = client.get(f"/admin/entries/{entry.id}/history/{first.id}")
    assert "Restore this version" in page.get_data(as_text=True)
    check_page(page.get_data(as_text=True))
    now = store.get(db(admin_app), entry.id)
    response = client.post(f"/admin/entries/{entry.id}/history/{first.id}/restore",
                           data={"version": now.version})
    assert response.status_code == 302
    restored = store.get(db(admin_app), entry.id)
    assert restored.contacts[0].value == "01632 960111"
    assert restored.version == now.version + 1
    latest = audit.history(db(admin_app), entry.id)[0]
    assert latest.action == "restore" and latest.who == EDITOR
    assert f"change {first.id}" in latest.note
    assert old != "01632 960111"


def test_the_loaded_version_can_be_restored_from_the_first_change(admin_app, client):
    entry = first_entry(admin_app, status="active")
    change_phone(client, entry.id, "01632 960111")
    record = audit.history(db(admin_app), entry.id)[0]
    html = client.get(f"/admin/entries/{entry.id}/history").get_data(as_text=True)
    assert f"/history/{record.id}?before=1" in html
    page = client.get(f"/admin/entries/{entry.id}/history/{record.id}?before=1")
    assert f"Version {entry.version}" in page.get_data(as_text=True)
    client.post(f"/admin/entries/{entry.id}/history/{record.id}/restore",
                data={"version": entry.version + 1, "before": "1"})
    restored = store.get(db(admin_app), entry.id)
    assert restored.to_dict() == entry.to_dict()
    assert restored.version == entry.version + 2


def test_restore_against_a_stale_version_changes_nothing(admin_app, client):
    entry = first_entry(admin_app, status="active")
    change_phone(client, entry.id, "01632 960111")
    first = audit.history(db(admin_app), entry.id)[0]
    change_phone(client, entry.id, "01632 960222")
    client.post(f"/admin/entries/{entry.id}/history/{first.id}/restore",
                data={"version": entry.version})
    assert store.get(db(admin_app), entry.id).contacts[0].value == "01632 960222"


def test_a_restored_entry_is_back_in_search(admin_app, client):
    entry = first_entry(admin_app, status="active")
    form = form_for(client, entry.id)
    form["name"] = ["Quokka Helpline"]
    client.post(f"/admin/entries/{entry.id}", data=form)
    created = audit.history(db(admin_app), entry.id)[0]
    client.post(f"/admin/entries/{entry.id}/status", data={"status": "inactive", "version": 2})
    now = store.get(db(admin_app), entry.id)
    client.post(f"/admin/entries/{entry.id}/history/{created.id}/restore",
                data={"version": now.version})
    items = admin_app.test_client().get("/api/services?q=quokka").get_json()["items"]
    assert [i["id"] for i in items] == [entry.id]


def test_the_audit_log_lists_changes_for_admins(admin_app, client):
    entry = first_entry(admin_app, status="active")
    change_phone(client, entry.id, "01632 960111")
    html = signed_in(admin_app, "admin").get("/admin/audit").get_data(as_text=True)
    check_page(html)
    assert entry.name in html and EDITOR in html
    items = signed_in(admin_app, "admin").get("/admin/api/audit").get_json()["items"]
    assert items[0]["entry_id"] == entry.id and items[0]["changes"][0]["field"] == "contacts"


def test_no_route_can_change_or_delete_audit_records(admin_app):
    writers = [r for r in admin_app.url_map.iter_rules()
               if "audit" in r.rule and r.methods - {"GET", "HEAD", "OPTIONS"}]
    assert writers == []
    history_writers = [r.rule for r in admin_app.url_map.iter_rules()
                       if "/history" in r.rule and r.methods - {"GET", "HEAD", "OPTIONS"}]
    assert history_writers == ["/admin/entries/<entry_id>/history/<int:record_id>/restore"]
    client = signed_in(admin_app, "admin")
    for method in ("post", "put", "patch", "delete"):
        for url in ("/admin/audit", "/admin/api/audit"):
            assert getattr(client, method)(url).status_code == 405


def test_the_database_refuses_to_change_audit_records(admin_app, client):
    entry = first_entry(admin_app, status="active")
    change_phone(client, entry.id, "01632 960111")
    for sql in ("update audit set who = 'someone else'", "delete from audit"):
        with pytest.raises(sqlite3.IntegrityError, match="audit records cannot be changed"):
            db(admin_app).execute(sql)
    assert audit.history(db(admin_app), entry.id)[0].who == EDITOR


def test_audit_diff_lists_only_changed_fields_in_order():
    changes = audit.diff({"a": 1, "b": [1], "c": None}, {"a": 1, "b": [2], "c": "x", "d": 0})
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("b", [1], [2]), ("c", None, "x"), ("d", None, 0)]
