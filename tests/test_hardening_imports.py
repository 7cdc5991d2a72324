"""Issue 12: wrong types in any way in are refused whole with every problem listed, never a 500.

The same strict schema runs for YAML, CSV and Open Referral UK JSON (command line and admin
upload), the admin entry form and restoring a version; nothing is written when it fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml

from app.directory import audit, formats, openreferral, store
from app.directory.entry import Entry
from app.taxonomy import load_taxonomy

from .builders import entry_data
from .test_admin_support import db, form_for, make_app, signed_in

TAXONOMY = load_taxonomy()
# Each hand-found bad value, and the field a person is told to fix.
WRONG_TYPES = [
    ({"coverage": {"national": False, "local_authorities": [1, 2], "postcodes": []}},
     "coverage.local_authorities"),
    ({"id": ["6f0b3e2a-0a4f-4c1e-9d7b-2f3c1a9e8b70"]}, "id"),
    ({"grouping": ["getting-help"]}, "grouping"),
    ({"topics": [{"slug": "anxiety"}]}, "topics"),
    ({"cost": "free"}, "cost"),
    ({"contacts": [{"method": "phone", "value": 8001111}]}, "contacts[0].value"),
    ({"hours": {"always_open": "yes", "weekly": [], "text": None}}, "hours.always_open"),
    ({"needs_review": "no"}, "needs_review"),
    ({"description": "word " * 2000}, "description"),
    ({"languages": ["English"] * 51}, "languages"),
]
IDS = ["numbers-in-local-authorities", "id-as-list", "grouping-as-list", "dict-in-topics",
       "cost-as-text", "number-phone", "text-flag-in-hours", "text-needs-review",
       "description-too-long", "too-many-languages"]


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


@pytest.fixture
def client(admin_app):
    return signed_in(admin_app, "editor")


def _upload(client, text: str, name: str):
    return client.post("/admin/import", data={"upload": (io.BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("bad", "field"), WRONG_TYPES, ids=IDS)
def test_a_yaml_upload_with_a_wrong_type_is_a_400_naming_the_field(admin_app, client, bad, field):
    data = entry_data(**bad)
    before = db(admin_app)["entries"].count
    response = _upload(client, yaml.safe_dump([data]), "bad.yaml")
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[:500]
    assert f">{field}</td>" in html
    assert db(admin_app)["entries"].count == before


@pytest.mark.parametrize(("bad", "field"), WRONG_TYPES, ids=IDS)
def test_an_open_referral_upload_with_a_wrong_type_is_a_400(admin_app, client, bad, field):
    service = openreferral.to_service(Entry.from_dict(entry_data()), TAXONOMY)
    service["signpost"] = dict(service.get("signpost") or {}, **bad)
    response = _upload(client, json.dumps([service]), "bad.json")
    assert response.status_code == 400
    assert f">{field}</td>" in response.get_data(as_text=True)


@pytest.mark.parametrize(("bad", "field"), WRONG_TYPES[:6], ids=IDS[:6])
def test_the_command_line_load_refuses_wrong_types_in_yaml_and_json(admin_app, tmp_path, bad, field):
    data = entry_data(**bad)
    service = openreferral.to_service(Entry.from_dict(entry_data()), TAXONOMY)
    service["signpost"] = dict(service.get("signpost") or {}, **bad)
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps([service]), encoding="utf-8")
    before = db(admin_app)["entries"].count
    for name in ("bad.yaml", "bad.json"):
        result = admin_app.test_cli_runner().invoke(args=["load-directory", str(tmp_path / name)])
        assert result.exit_code == 1, result.output
        assert "Nothing was written" in result.output
        assert f"'{field}'" in result.output and name in result.output
    assert db(admin_app)["entries"].count == before


@pytest.mark.parametrize(("cells", "field"), [
    ({"cost": '"free"'}, "cost"),
    ({"coverage": '{"national": false, "local_authorities": [1, 2], "postcodes": []}'},
     "coverage.local_authorities"),
    ({"contacts": '[{"method": "phone", "value": 8001111}]'}, "contacts[0].value"),
    ({"needs_review": "perhaps"}, "needs_review"),
    ({"hours": "[" * 5000 + "]" * 5000}, "hours"),
], ids=["cost-as-text", "numbers-in-local-authorities", "number-phone", "text-flag",
        "deep-json-cell"])
def test_a_csv_row_with_a_wrong_type_is_refused_naming_row_and_field(admin_app, client, cells,
                                                                     field):
    row = next(csv.DictReader(io.StringIO(formats.to_csv([Entry.from_dict(entry_data())]))))
    row.update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    response = _upload(client, out.getvalue(), "bad.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ">2</td>" in html and f">{field}</td>" in html


def test_restoring_a_version_with_wrong_types_is_refused_and_changes_nothing(admin_app, client):
    entry = next(iter(store.all_entries(db(admin_app))))
    bad = dict(entry.to_dict(), coverage={"national": False, "local_authorities": [1, 2],
                                           "postcodes": []}, published=True)
    record_id = audit.record(db(admin_app), who="someone", user_id=None, entry_id=entry.id,
                             action="edit", before=None, after=bad,
                             versions=(entry.version, entry.version),
                             now=dt.datetime.now(dt.UTC))
    response = client.post(f"/admin/entries/{entry.id}/history/{record_id}/restore",
                           data={"version": str(entry.version)}, follow_redirects=True)
    assert response.status_code == 200
    assert "must be a list of text values" in response.get_data(as_text=True)
    assert store.get(db(admin_app), entry.id).coverage == entry.coverage


def test_the_entry_form_with_odd_values_is_a_400_not_a_500(admin_app, client):
    entry = next(iter(store.all_entries(db(admin_app))))
    form = form_for(client, entry.id)
    form.update({"min_age": ["twelve"], "contact-0-method": ["carrier-pigeon"],
                 "grouping": ["getting-help", "thriving"], "name": ["x" * 300]})
    response = client.post(f"/admin/entries/{entry.id}", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Youngest age" in html and "keep it to 200" in html
    assert store.get(db(admin_app), entry.id) == entry
