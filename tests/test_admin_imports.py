"""Import (upload, preview, confirm; all or nothing; audited) and export in the admin area."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from app.directory import audit, formats, store
from app.directory.entry import Entry

from .builders import entry_data
from .pagecheck import check_page
from .test_admin_support import db, first_entry, make_app, signed_in


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


@pytest.fixture
def client(admin_app):
    return signed_in(admin_app, "editor")


def upload(client, text: str, name: str):
    """Post a file to the import form."""
    return client.post("/admin/import", data={"upload": (io.BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


def token_of(html: str) -> str:
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


def batch(app):
    """A new entry, a changed existing one and an unchanged one, as plain data."""
    existing = [e for e in store.all_entries(db(app)) if e.status == "active"][:2]
    changed = dict(existing[0].to_dict(), summary="An updated one-sentence summary.")
    return [entry_data(name="Otterly Calm Club"), changed, existing[1].to_dict()], existing


def test_a_preview_lists_what_would_be_added_changed_and_left_alone(admin_app, client):
    records, existing = batch(admin_app)
    response = upload(client, yaml.safe_dump(records), "batch.yaml")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    check_page(html)
    assert "1 to add, 1 to change, 1 left alone" in html
    assert "Otterly Calm Club" in html and "An updated one-sentence summary." in html
    assert store.get(db(admin_app), records[0]["id"]) is None
    assert store.get(db(admin_app), existing[0].id).summary == existing[0].summary
    assert db(admin_app)["audit"].count == 0


def test_confirming_writes_the_batch_with_one_audit_record_per_entry_changed(admin_app, client):
    records, existing = batch(admin_app)
    html = upload(client, yaml.safe_dump(records), "batch.yaml").get_data(as_text=True)
    response = client.post("/admin/import/confirm", data={"token": token_of(html)})
    assert response.status_code == 302
    assert store.get(db(admin_app), records[0]["id"]).name == "Otterly Calm Club"
    assert store.get(db(admin_app), existing[0].id).summary == "An updated one-sentence summary."
    recorded = audit.recent(db(admin_app))
    assert sorted(r.entry_id for r in recorded) == sorted([records[0]["id"], existing[0].id])
    assert {r.action for r in recorded} == {"import"}
    assert {r.who for r in recorded} == {"editor@example.org"}
    found = admin_app.test_client().get("/api/services?q=otterly").get_json()["items"]
    assert [i["id"] for i in found] == [records[0]["id"]]
    assert not list((Path(admin_app.config["DATA_DIR"]) / "uploads").iterdir())


def test_every_problem_is_listed_by_row_and_field_and_nothing_is_written(admin_app, client):
    good = Entry.from_dict(entry_data(name="Valid Row Service"))
    bad = Entry.from_dict(entry_data(name="Broken Row Service"))
    text = formats.to_csv([good, bad]).replace(",getting-help,", ",not-a-grouping,", 2)
    text = text.replace("https://example.org/listening", "not a url")
    response = upload(client, text, "batch.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    check_page(html)
    assert "Nothing has been saved" in html
    assert "grouping" in html and "source_url" in html and ">2<" in html and ">3<" in html
    assert 'name="token"' not in html
    assert store.get(db(admin_app), good.id) is None


def test_a_batch_with_any_problem_writes_nothing_even_its_good_rows(admin_app, client):
    records = [entry_data(name="Good One"), entry_data(name="Bad One", topics=["nope"])]
    assert upload(client, yaml.safe_dump(records), "b.yaml").status_code == 400
    assert store.get(db(admin_app), records[0]["id"]) is None


def test_a_tampered_token_is_refused(admin_app, client):
    records, _ = batch(admin_app)
    html = upload(client, yaml.safe_dump(records), "batch.yaml").get_data(as_text=True)
    token = token_of(html)
    response = client.post("/admin/import/confirm", data={"token": token[:-2] + "xx"})
    assert response.status_code == 302
    assert "expired" in client.get(response.location).get_data(as_text=True)
    assert store.get(db(admin_app), records[0]["id"]) is None


def test_an_upload_changed_on_disk_after_the_preview_is_refused(admin_app, client):
    records, _ = batch(admin_app)
    html = upload(client, yaml.safe_dump(records), "batch.yaml").get_data(as_text=True)
    [kept] = (Path(admin_app.config["DATA_DIR"]) / "uploads").iterdir()
    kept.write_text(yaml.safe_dump([entry_data(name="Sneaky")]), encoding="utf-8")
    response = client.post("/admin/import/confirm", data={"token": token_of(html)})
    assert "has changed since the preview" in client.get(response.location).get_data(as_text=True)
    assert store.get(db(admin_app), records[0]["id"]) is None
    assert db(admin_app)["audit"].count == 0


@pytest.mark.parametrize(("text", "name", "message"), [
    ("a: [unclosed", "bad.yaml", "could not be read as YAML"),
    ("{not json", "bad.json", "could not be read as JSON"),
    ("id,name\n", "empty.csv", "has no entries"),
    ("hello", "notes.txt", "must be YAML (.yaml), CSV (.csv) or Open Referral UK JSON"),
], ids=["yaml", "json", "empty-csv", "wrong-type"])
def test_unreadable_files_are_explained(client, text, name, message):
    response = upload(client, text, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    check_page(response.get_data(as_text=True))


def test_no_file_is_explained(client):
    response = client.post("/admin/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'href="#upload"' in response.get_data(as_text=True)


@pytest.mark.parametrize(("fmt", "mimetype", "extension"), [
    ("csv", "text/csv", "csv"), ("yaml", "application/yaml", "yaml"),
    ("openreferral", "application/json", "json"),
])
def test_downloads_hold_every_entry(admin_app, client, fmt, mimetype, extension):
    response = client.get(f"/admin/export/{fmt}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert f'.{extension}"' in response.headers["Content-Disposition"]
    entry = first_entry(admin_app)
    assert entry.id in response.get_data(as_text=True) or fmt == "openreferral"
    if fmt == "openreferral":
        assert json.loads(response.get_data(as_text=True))


@pytest.mark.parametrize(("fmt", "name"), [("yaml", "all.yaml"), ("csv", "all.csv"),
                                           ("openreferral", "all.json")])
def test_an_export_imports_back_unchanged(admin_app, client, fmt, name):
    text = client.get(f"/admin/export/{fmt}").get_data(as_text=True)
    html = upload(client, text, name).get_data(as_text=True)
    total = store.count(db(admin_app))
    assert f"0 to add, 0 to change, {total} left alone" in html
