"""The audit log: who changed which entry, when, and every field before and after.

Records are appended inside the caller's transaction and never changed or removed (the
database refuses UPDATE, DELETE and REPLACE on the table; triggers in `store`). Nothing here
imports Flask or commits.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

ACTIONS = {
    "create": "Created",
    "edit": "Edited",
    "restore": "Restored an earlier version",
    "checked": "Checked today",
    "close": "Temporarily closed",
    "reopen": "Reopened",
    "retire": "Retired",
    "import": "Imported",
    "report": "Flagged by a public report",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: str
    who: str
    user_id: int | None
    entry_id: str
    action: str
    version_before: int | None
    version_after: int | None
    changes: tuple[Change, ...]
    before: dict | None
    after: dict | None
    note: str | None

    @property
    def action_label(self) -> str:
        """The action in plain words."""
        return ACTIONS.get(self.action, self.action)


def diff(before: dict | None, after: dict | None) -> tuple[Change, ...]:
    """Field-by-field differences between two snapshots (None means 'did not exist')."""
    old, new = before or {}, after or {}
    keys = list(dict.fromkeys([*new, *old]))
    return tuple(Change(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def record(
    db: sqlite_utils.Database, *, who: str, user_id: int | None, entry_id: str, action: str,
    before: dict | None, after: dict | None, versions: tuple[int | None, int | None],
    now: dt.datetime, note: str | None = None,
) -> int:
    """Append one audit record inside the caller's transaction; returns its id."""
    changes = [{"field": c.field, "before": c.before, "after": c.after}
               for c in diff(before, after)]
    cursor = db.execute(
        "insert into audit (at, user_id, who, entry_id, action, version_before, version_after,"
        " changes, before, after, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [now.isoformat(timespec="seconds"), user_id, who, entry_id, action,
         versions[0], versions[1],
         _dump(changes), _dump(before), _dump(after), note],
    )
    return int(cursor.lastrowid)


def history(db: sqlite_utils.Database, entry_id: str) -> list[AuditRecord]:
    """Every record for one entry, newest first."""
    rows = db.query("select * from audit where entry_id = ? order by id desc", [entry_id])
    return [_from_row(r) for r in rows]


def get(db: sqlite_utils.Database, record_id: int) -> AuditRecord | None:
    """One record by id, or None."""
    rows = list(db.query("select * from audit where id = ?", [record_id]))
    return _from_row(rows[0]) if rows else None


def recent(db: sqlite_utils.Database, *, limit: int = 50, offset: int = 0) -> list[AuditRecord]:
    """The latest records across the directory, newest first."""
    rows = db.query("select * from audit order by id desc limit ? offset ?", [limit, offset])
    return [_from_row(r) for r in rows]


def count(db: sqlite_utils.Database) -> int:
    """How many audit records there are."""
    return db["audit"].count


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=False)


def _from_row(row: dict) -> AuditRecord:
    changes = json.loads(row["changes"]) if row.get("changes") else []
    return AuditRecord(
        id=row["id"], at=row["at"], who=row["who"], user_id=row.get("user_id"),
        entry_id=row["entry_id"], action=row["action"],
        version_before=row.get("version_before"), version_after=row.get("version_after"),
        changes=tuple(Change(c["field"], c["before"], c["after"]) for c in changes),
        before=json.loads(row["before"]) if row.get("before") else None,
        after=json.loads(row["after"]) if row.get("after") else None,
        note=row.get("note"),
    )
