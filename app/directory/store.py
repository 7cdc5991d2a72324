"""The directory store: SQLite through sqlite-utils, the source of truth.

Owns the schema and its migrations, and reading and writing entries. Callers that change
entries go through `app.directory.service`, which also refreshes the search index.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlite_utils

from .entry import Entry
from .validate import KNOWN_KEYS, Problem, type_problems

log = logging.getLogger(__name__)

JSON_FIELDS = ("contacts", "topics", "coverage", "hours", "cost", "referral", "languages")


def _m1_entries(db: sqlite_utils.Database) -> None:
    db["entries"].create(
        {
            "id": str, "name": str, "organisation": str, "summary": str, "description": str,
            "website": str, "email": str, "contacts": str, "grouping": str, "topics": str,
            "min_age": int, "max_age": int, "who_for": str, "coverage": str, "hours": str,
            "cost": str, "referral": str, "confidentiality": str, "languages": str,
            "accessibility": str, "status": str, "status_note": str, "source_url": str,
            "last_verified": str, "review_due": str, "needs_review": int, "review_reason": str,
            "example": int, "version": int, "updated_at": str,
        },
        pk="id",
        not_null={"name", "summary", "grouping", "status", "source_url", "last_verified"},
        defaults={"version": 1, "needs_review": 0, "example": 0},
    )
    db["entries"].create_index(["status"])


def _m2_feedback(db: sqlite_utils.Database) -> None:
    db["helpful_counts"].create(
        {"day": str, "topic": str, "answer": str, "count": int},
        pk=("day", "topic", "answer"),
    )


def _m3_admin(db: sqlite_utils.Database) -> None:
    """Admin area: accounts, the append-only audit log, listing reports, draft entries."""
    db["users"].create(
        {"id": int, "email": str, "password_hash": str, "role": str, "active": int,
         "created_at": str, "password_changed_at": str, "last_login_at": str},
        pk="id", not_null={"email", "password_hash", "role"}, defaults={"active": 1},
    )
    db["users"].create_index(["email"], unique=True)
    db["audit"].create(
        {"id": int, "at": str, "user_id": int, "who": str, "entry_id": str, "action": str,
         "version_before": int, "version_after": int, "changes": str, "before": str,
         "after": str, "note": str},
        pk="id", not_null={"at", "who", "entry_id", "action"},
    )
    db["audit"].create_index(["entry_id", "id"])
    # Audit records are never changed or removed, whatever code runs against the file.
    for verb in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit "
                   "BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END")
    db["reports"].create(
        {"id": int, "entry_id": str, "kind": str, "detail": str, "created_at": str,
         "resolved_at": str, "resolved_by": str, "resolution": str},
        pk="id", not_null={"entry_id", "kind", "created_at"},
    )
    db["reports"].create_index(["resolved_at"])
    # Drafts: 0 keeps an entry out of public pages and the search index; loads publish.
    db["entries"].add_column("published", int, not_null_default=1)


def _m4_audit_replace(db: sqlite_utils.Database) -> None:
    """REPLACE deletes the old row without firing DELETE triggers: refuse reusing an id instead."""
    db.execute("CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit "
               "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit WHERE id = NEW.id) "
               "BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END")


def _m5_sessions_and_limits(db: sqlite_utils.Database) -> None:
    """Admin sessions (ended server side on sign-out) and rate-limit hits shared by workers."""
    db["admin_sessions"].create(
        {"id": str, "user_id": int, "created_at": float}, pk="id", not_null={"user_id"})
    db["admin_sessions"].create_index(["user_id"])
    db["rate_hits"].create({"scope": str, "key": str, "at": float}, not_null={"scope", "key", "at"})
    db["rate_hits"].create_index(["scope", "key", "at"])
    # Addresses and emails are kept only as keyed hashes; the key never leaves this database.
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["settings"].insert({"key": "limits_salt", "value": secrets.token_hex(32)})


MIGRATIONS = (_m1_entries, _m2_feedback, _m3_admin, _m4_audit_replace, _m5_sessions_and_limits)


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the database at `path`, applying any migrations it has not had yet."""
    db = sqlite_utils.Database(str(path))
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=5000")
    migrate(db)
    return db


def migrate(db: sqlite_utils.Database) -> int:
    """Apply pending migrations in order; returns the schema version reached."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, step in enumerate(MIGRATIONS, start=1):
        if number > version:
            with db.atomic():
                step(db)
                db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)


def to_row(entry: Entry, *, version: int, now: dt.datetime) -> dict:
    """The database row for an entry."""
    row = entry.to_dict()
    for key in JSON_FIELDS:
        row[key] = json.dumps(row[key], ensure_ascii=False)
    row["needs_review"] = int(entry.needs_review)
    row["example"] = int(entry.example)
    row["version"] = version
    row["updated_at"] = now.isoformat(timespec="seconds")
    return row


class UnreadableEntry(ValueError):
    """A stored row whose values have the wrong types: left out of public pages and the index."""

    def __init__(self, entry_id: str, problems: list[Problem]):
        self.entry_id, self.problems = entry_id, problems
        super().__init__(f"entry {entry_id} has stored data that is not valid: "
                         + "; ".join(f"field '{p.field}' {p.message}" for p in problems[:5]))


def decode(row: dict) -> dict:
    """A row's entry data with its JSON columns decoded (text that is not JSON kept as text)."""
    data = {k: v for k, v in row.items() if k in KNOWN_KEYS and k != "published"}
    for key in JSON_FIELDS:
        try:
            data[key] = json.loads(data[key]) if data.get(key) else None
        except (TypeError, ValueError):
            pass  # left as it is: the type check reports it
    for key in ("needs_review", "example"):
        if data.get(key) in (0, 1):
            data[key] = bool(data[key])
    return data


def row_problems(row: dict) -> list[Problem]:
    """Why a stored row cannot be read as an entry (empty when it can)."""
    return type_problems(decode(row))


def from_row(row: dict) -> Entry:
    """The entry for a database row, or UnreadableEntry when its values have the wrong types."""
    data = decode(row)
    problems = type_problems(data)
    if problems:
        raise UnreadableEntry(str(row.get("id")), problems)
    data["version"] = row.get("version") or 1
    return Entry.from_dict(data)


def _readable(rows: Iterable[dict]) -> Iterator[Entry]:
    """Entries for rows, leaving out (and logging) any that cannot be read."""
    for row in rows:
        try:
            yield from_row(row)
        except UnreadableEntry as exc:
            log.warning("%s; it is left out until an editor fixes it", exc)


def get(db: sqlite_utils.Database, entry_id: str, *, drafts: bool = False) -> Entry | None:
    """One entry by id, or None; drafts only when asked for (the public never sees them)."""
    where = "" if drafts else " and published = 1"
    rows = db.query(f"select * from entries where id = ?{where}", [entry_id])  # noqa: S608
    return next(_readable(rows), None)


def get_many(db: sqlite_utils.Database, ids: list[str], *, drafts: bool = False) -> dict[str, Entry]:
    """Entries by id, for the ids that exist (published ones unless drafts are asked for)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    where = "" if drafts else " and published = 1"
    sql = f"select * from entries where id in ({marks}){where}"  # noqa: S608
    return {e.id: e for e in _readable(db.query(sql, ids))}


def all_entries(db: sqlite_utils.Database, *, include_inactive: bool = True,
                drafts: bool = False) -> Iterator[Entry]:
    """Every readable entry, by name: published ones unless drafts are asked for."""
    clauses = ([] if include_inactive else ["status != 'inactive'"]) + ([] if drafts else ["published = 1"])
    where = ("where " + " and ".join(clauses)) if clauses else ""
    yield from _readable(db.query(f"select * from entries {where} order by name collate nocase"))  # noqa: S608


def unreadable(db: sqlite_utils.Database) -> list[UnreadableEntry]:
    """Every stored row that cannot be read as an entry, with why."""
    found = []
    for row in db.query("select * from entries order by name collate nocase"):
        problems = row_problems(row)
        if problems:
            found.append(UnreadableEntry(str(row.get("id")), problems))
    return found


def count(db: sqlite_utils.Database) -> int:
    """How many entries the directory holds."""
    return db["entries"].count


def upsert(db: sqlite_utils.Database, entries: Iterable[Entry], *, now: dt.datetime,
           drafts: Iterable[str] = ()) -> dict:
    """Insert or update entries inside the caller's transaction; counts added/changed/unchanged.

    New entries whose ids are in `drafts` are saved unpublished; existing ones keep their state.
    """
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    hidden = set(drafts)
    for entry in entries:
        old = get(db, entry.id, drafts=True)
        exists = old is not None or db.execute(
            "select 1 from entries where id = ?", [entry.id]).fetchone() is not None
        if not exists:
            counts["added"] += 1
            version = 1
            row = to_row(entry, version=version, now=now)
            row["published"] = int(entry.id not in hidden)
            db["entries"].insert(row, pk="id")
            continue
        if old is None:   # a damaged stored row: the load replaces it
            counts["changed"] += 1
            version = (db.execute("select version from entries where id = ?",
                                  [entry.id]).fetchone()[0] or 0) + 1
        elif old.to_dict() == entry.to_dict():
            counts["unchanged"] += 1
            continue
        else:
            counts["changed"] += 1
            version = old.version + 1
        db["entries"].upsert(to_row(entry, version=version, now=now), pk="id")
    return counts


def record_helpful(db: sqlite_utils.Database, *, day: str, topics: Iterable[str], answer: str) -> None:
    """Add one anonymous 'did this help?' answer to the daily counts per topic."""
    with db.atomic():
        for topic in sorted(set(topics)) or ["none"]:
            db.execute(
                "insert into helpful_counts (day, topic, answer, count) values (?, ?, ?, 1) "
                "on conflict(day, topic, answer) do update set count = count + 1",
                [day, topic, answer],
            )
