"""The audit trail cannot be edited, and loads from the command line are audited too.

UPDATE, DELETE and INSERT OR REPLACE (which deletes without firing DELETE triggers) are all
refused by the database itself; `flask load-directory` writes one record per entry it adds
or changes, by "cli", and none for entries left alone.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from app.cli import load_directory
from app.directory import audit, service, store

from .builders import entry_data

SQL = {
    "update": "update audit set who = 'someone else' where id = :id",
    "delete": "delete from audit where id = :id",
    "replace": "replace into audit (id, at, who, entry_id, action) values (:id, 'x', 'y', 'z', 'edit')",
    "insert or replace": "insert or replace into audit (id, at, who, entry_id, action) "
                         "values (:id, 'x', 'y', 'z', 'edit')",
    "upsert": "insert into audit (id, at, who, entry_id, action) values (:id, 'x', 'y', 'z', 'edit') "
              "on conflict(id) do update set who = 'y'",
}


def _load(app, tmp_path: Path, *entries: dict):
    path = tmp_path / "batch.yaml"
    path.write_text(yaml.safe_dump(list(entries)), encoding="utf-8")
    return app.test_cli_runner().invoke(load_directory, [str(path)])


@pytest.mark.parametrize("sql", SQL.values(), ids=SQL.keys())
def test_an_audit_record_cannot_be_rewritten_by_any_sql(app, tmp_path, sql):
    result = _load(app, tmp_path, entry_data(name="Audited Service"))
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(service.db_path(app.config["DATA_DIR"]))
    record_id, who = conn.execute("select id, who from audit order by id desc limit 1").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="audit records cannot be changed"):
        conn.execute(sql, {"id": record_id})
    conn.rollback()
    assert conn.execute("select who from audit where id = ?", [record_id]).fetchone() == (who,)


def test_load_directory_writes_one_audit_record_per_entry_added_or_changed(app, tmp_path):
    db = store.connect(service.db_path(app.config["DATA_DIR"]))
    first, second = entry_data(name="First Cli Service"), entry_data(name="Second Cli Service")
    assert _load(app, tmp_path, first, second).exit_code == 0
    changed = dict(first, summary="A different summary, changed from the command line.")
    result = _load(app, tmp_path, changed, second)
    assert result.exit_code == 0, result.output
    assert "1 changed, 1 unchanged" in result.output
    first_history = audit.history(db, first["id"])
    assert [(r.who, r.action, r.version_before, r.version_after) for r in first_history] == [
        ("cli", "import", 1, 2), ("cli", "import", None, 1)]
    assert [c.field for c in first_history[0].changes] == ["summary"]
    assert len(audit.history(db, second["id"])) == 1
