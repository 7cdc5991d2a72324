"""Issue 12: a row already stored with wrong types cannot take the service down.

It is left out of the index and public views with a clear message, exports and the edit page
still work and show it, the app starts on that data, and saving the entry again heals it.
"""

from __future__ import annotations

import json
import logging

import pytest

from app import create_app, runtime
from app.directory import editing, store

from .test_admin_support import db, form_for, make_app, signed_in

DAMAGE = {
    "numbers-in-local-authorities": ("coverage", {"national": False, "local_authorities": [1, 2],
                                                  "postcodes": []}),
    "cost-as-text": ("cost", "free"),
    "dict-in-topics": ("topics", [{"slug": "anxiety"}]),
    "not-json": ("hours", "{not json"),
    "number-in-contacts": ("contacts", [{"method": "phone", "value": 8001111, "note": None}]),
}


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


def _damage(app, name: str) -> str:
    """Write a bad value straight into the first published entry's row; returns its id."""
    column, value = DAMAGE[name]
    entry = next(iter(store.all_entries(db(app))))
    stored = value if isinstance(value, str) and name == "not-json" else json.dumps(value)
    db(app).execute(f"update entries set [{column}] = ? where id = ?", [stored, entry.id])  # noqa: S608
    return entry.id


@pytest.mark.parametrize("name", list(DAMAGE))
def test_building_the_index_leaves_a_damaged_entry_out_and_says_so(admin_app, name, caplog):
    entry_id = _damage(admin_app, name)
    result = admin_app.test_cli_runner().invoke(args=["build-index"])
    assert result.exit_code == 0, result.output
    assert "Built the index" in result.output
    assert f"left out: entry {entry_id}" in result.output
    assert "1 entry was left out of the index" in result.output
    client = admin_app.test_client()
    assert client.get(f"/directory/{entry_id}").status_code == 404
    assert client.get("/api/services?per_page=100").status_code == 200


@pytest.mark.parametrize("name", list(DAMAGE))
def test_every_export_still_works_with_a_damaged_entry(admin_app, name):
    entry_id = _damage(admin_app, name)
    client = signed_in(admin_app, "editor")
    for fmt in ("csv", "yaml", "openreferral"):
        response = client.get(f"/admin/export/{fmt}")
        assert response.status_code == 200, fmt
        assert entry_id in response.get_data(as_text=True), fmt
        cli = admin_app.test_cli_runner().invoke(args=["export-directory", "--format", fmt])
        assert cli.exit_code == 0, cli.output
        assert "1 entry was left out of the export" in cli.output


@pytest.mark.parametrize("name", list(DAMAGE))
def test_the_edit_page_shows_a_damaged_entry_with_its_problem_flagged(admin_app, name):
    entry_id = _damage(admin_app, name)
    client = signed_in(admin_app, "editor")
    response = client.get(f"/admin/entries/{entry_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html
    assert client.get(f"/admin/entries/{entry_id}/history").status_code == 200


def test_the_app_starts_and_serves_on_a_folder_with_a_damaged_entry(admin_app, caplog):
    entry_id = _damage(admin_app, "numbers-in-local-authorities")
    admin_app.test_cli_runner().invoke(args=["build-index"])
    with caplog.at_level(logging.WARNING):
        again = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                            "DATA_DIR": admin_app.config["DATA_DIR"]})
        client = again.test_client()
        assert client.get("/healthz").status_code == 200
        chat = client.post("/api/chat", json={"message": "I live in Exampleshire and feel anxious"})
        assert chat.status_code == 200
        assert client.get("/directory?q=anxious").status_code == 200
    assert any(entry_id in r.getMessage() and "left out" in r.getMessage() for r in caplog.records)


def test_saving_a_damaged_entry_from_its_edit_page_heals_it(admin_app):
    entry_id = _damage(admin_app, "numbers-in-local-authorities")
    client = signed_in(admin_app, "editor")
    form = form_for(client, entry_id)
    form["national"] = ["yes"]
    form["local_authorities"] = ["Exampleshire"]
    response = client.post(f"/admin/entries/{entry_id}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with admin_app.app_context():
        assert editing.stored_problems(runtime.current().db(), entry_id) == []
    healed = store.get(db(admin_app), entry_id)
    assert healed is not None and healed.coverage["local_authorities"] == ["Exampleshire"]
    assert admin_app.test_client().get(f"/directory/{entry_id}").status_code == 200


def test_loading_a_good_file_over_a_damaged_row_replaces_it(admin_app, tmp_path):
    entry_id = _damage(admin_app, "cost-as-text")
    result = admin_app.test_cli_runner().invoke(args=["load-directory"])
    assert result.exit_code == 0, result.output
    assert store.get(db(admin_app), entry_id) is not None
    assert store.unreadable(db(admin_app)) == []
