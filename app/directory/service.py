"""Changing the directory: validate, write to SQLite in one transaction, refresh the index.

The one module that writes both the store and the index, so they cannot drift apart by
accident. Loading is all-or-nothing: any problem in a batch and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from app.search import index as search_index
from app.search.rebuild import rebuild_lock

from . import audit, store
from .entry import Entry
from .formats import Record, draft_ids, read_paths
from .validate import Problem, validate_entry

DB_NAME = "signpost.db"


@dataclass(frozen=True)
class LoadReport:
    problems: tuple[Problem, ...] = ()
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    entries: tuple[Entry, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        """True when the batch was valid (and so was written, unless a dry run)."""
        return not self.problems


def db_path(data_dir: str | Path) -> Path:
    """The SQLite file inside a data directory."""
    return Path(data_dir) / DB_NAME


def check_records(records: Iterable[Record], taxonomy, today: dt.date) -> tuple[list[Entry], list[Problem]]:
    """Validate a whole batch: every problem in every record, and duplicate ids and names."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for record in records:
        found = validate_entry(record.data, topics=taxonomy.slugs, today=today,
                               file=record.file, row=record.row)
        entry_id = record.data.get("id") if isinstance(record.data, dict) else None
        entry_id = entry_id if isinstance(entry_id, str) else None  # a list id is reported, not hashed
        where = record.file + (f" row {record.row}" if record.row is not None else "")
        if entry_id and entry_id in seen:
            found.append(Problem(record.file, record.row, "id",
                                 f"'{entry_id}' is used twice in this batch (also {seen[entry_id]})"))
        elif entry_id:
            seen[entry_id] = where
        problems.extend(found)
        if not found:
            entries.append(Entry.from_dict(record.data))
    return entries, problems


def load_records(
    db: sqlite_utils.Database, data_dir: str | Path, records: list[Record], taxonomy, *,
    today: dt.date, now: dt.datetime, dry_run: bool = False, who: str | None = "cli",
) -> LoadReport:
    """Validate everything first; if all is well, upsert in one transaction and update the index.

    Each entry added or changed gets an audit record (by `who`) in the same transaction;
    `who=None` only for filling an empty data folder from the reviewed `directory_data/`.
    """
    entries, problems = check_records(records, taxonomy, today)
    if problems:
        return LoadReport(problems=tuple(problems))
    if dry_run:
        return LoadReport(entries=tuple(entries), **_diff(db, entries))
    with db.atomic():
        before = _stored(db, [e.id for e in entries])
        counts = store.upsert(db, entries, now=now, drafts=draft_ids(records))
        after = _stored(db, [e.id for e in entries])
        for entry in entries:
            old, new = before.get(entry.id), after[entry.id]
            if old != new and who is not None:
                audit.record(db, who=who, user_id=None, entry_id=entry.id, action="import",
                             before=old and old[1], after=new[1],
                             versions=(old and old[0], new[0]), now=now)
    if counts["added"] or counts["changed"] or not search_index.exists(data_dir):
        refresh_index(db, data_dir, [e.id for e in entries])
    return LoadReport(entries=tuple(entries), **counts)


def _stored(db: sqlite_utils.Database, ids: list[str]) -> dict[str, tuple[int, dict]]:
    """(version, audit snapshot) of each stored entry among these ids, drafts included."""
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        sql = f"select * from entries where id in ({','.join('?' * len(chunk))})"  # noqa: S608
        for row in db.query(sql, chunk):
            try:
                snapshot = store.from_row(row).to_dict()
            except store.UnreadableEntry:  # a damaged row: record what was really stored
                snapshot = {k: v for k, v in store.decode(row).items()
                            if k not in ("version", "updated_at")}
            snapshot["published"] = bool(row.get("published", 1))
            found[row["id"]] = (row["version"], snapshot)
    return found


def _diff(db: sqlite_utils.Database, entries: list[Entry]) -> dict:
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    existing = store.get_many(db, [e.id for e in entries], drafts=True)
    for entry in entries:
        old = existing.get(entry.id)
        key = "added" if old is None else ("unchanged" if old.to_dict() == entry.to_dict() else "changed")
        counts[key] += 1
    return counts


def load_paths(
    db: sqlite_utils.Database, data_dir: str | Path, paths: Iterable[str | Path], taxonomy, *,
    include_demo: bool = False, today: dt.date | None = None, now: dt.datetime | None = None,
    dry_run: bool = False, who: str | None = "cli",
) -> LoadReport:
    """Read files and folders, then load them all or nothing."""
    now = now or dt.datetime.now(dt.UTC)
    records, problems = read_paths(paths, include_demo=include_demo)
    if problems:
        _, more = check_records(records, taxonomy, today or now.date())
        return LoadReport(problems=tuple(problems + more))
    return load_records(db, data_dir, records, taxonomy, today=today or now.date(), now=now,
                        dry_run=dry_run, who=who)


def refresh_index(db: sqlite_utils.Database, data_dir: str | Path, ids: list[str]) -> None:
    """Bring the index up to date for these entries (a full build when there is no index)."""
    if not search_index.exists(data_dir):
        rebuild_index(db, data_dir)
        return
    entries = store.get_many(db, ids)
    search_index.update(data_dir, entries.values())


def rebuild_index(db: sqlite_utils.Database, data_dir: str | Path,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Build the whole index again from SQLite (one process at a time), then catch up."""
    with rebuild_lock(data_dir):
        version = db.execute("PRAGMA data_version").fetchone()[0]
        total = search_index.build(data_dir, store.all_entries(db),
                                   total=store.count(db), progress=progress)
        if db.execute("PRAGMA data_version").fetchone()[0] != version:
            # Another connection saved while the build read: that went into the old index.
            drift = search_index.check(data_dir, store.all_entries(db))
            if not drift.clean and not drift.error:
                found = store.get_many(db, [*drift.missing, *drift.stale])
                search_index.update(data_dir, found.values())
                if drift.extra:
                    search_index.remove(data_dir, drift.extra)
        search_index.seal(data_dir, _signature(db))
        return total


def ensure_index(db: sqlite_utils.Database, data_dir: str | Path, *, wait: bool = True,
                 failed: str | None = None) -> tuple[str, search_index.Drift]:
    """Rebuild the index if it is missing, damaged or behind the database.

    Returns ("ok" | "rebuilt" | "busy", the drift found). "busy": another process holds the
    rebuild lock and `wait` is False. After waiting for another process's build the index is
    checked again, so it is never built twice. `failed` names a generation a search failed on:
    it is rebuilt even if the check finds nothing, unless a newer build has replaced it.
    A full check is skipped when nothing changed since the last one (`index.sealed`).
    """
    seen = search_index.generation(data_dir)
    drift = check_index(db, data_dir, trust_seal=failed is None)
    if drift.clean and failed != seen:
        return "ok", drift
    with rebuild_lock(data_dir, wait=wait) as held:
        if not held:
            return "busy", drift
        now = search_index.generation(data_dir)
        if now != seen and search_index.check(data_dir, store.all_entries(db)).clean:
            return "ok", drift  # another process rebuilt it while we waited
        rebuild_index(db, data_dir)
        return "rebuilt", drift


def check_index(db: sqlite_utils.Database, data_dir: str | Path, *,
                trust_seal: bool = True) -> search_index.Drift:
    """Drift between the database and the index; skips reading it all if nothing changed."""
    signature = _signature(db)
    if trust_seal and search_index.sealed(data_dir, signature):
        return search_index.Drift((), (), ())
    drift = search_index.check(data_dir, store.all_entries(db))
    if drift.clean:
        search_index.seal(data_dir, signature)
    return drift


def _signature(db: sqlite_utils.Database) -> str:
    """Changes whenever an entry is added, changed, published or removed."""
    row = db.execute("select count(*), max(updated_at), sum(version), sum(published) "
                     "from entries").fetchone()
    return "/".join(str(v) for v in row)
