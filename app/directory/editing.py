"""Changing entries one at a time (and imports): validate, version check, write, audit, index.

Every change goes through `save_entry`: validate with the loader's rules, refuse a stale
version, write the row and its audit record in one transaction, then refresh the search
index. Drafts (published = 0) are kept out of the index. No Flask imports here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlite_utils

from app.search import index as search_index

from . import audit, service, store
from .entry import Entry
from .formats import Record, draft_ids
from .review_dates import REVIEW_MONTHS, add_months
from .salvage import salvage
from .validate import Problem, validate_entry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Editor:
    who: str                 # an email address, or "public report"
    user_id: int | None = None


@dataclass(frozen=True)
class Saved:
    entry: Entry | None = None
    published: bool = True
    problems: tuple[Problem, ...] = ()
    conflict: tuple[audit.Change, ...] | None = None   # theirs (before) vs yours (after)
    current: Entry | None = None                        # what is saved now, on a conflict
    record_id: int | None = None
    unchanged: bool = False
    indexed: bool = True

    @property
    def ok(self) -> bool:
        """True when the change was saved (or there was nothing to change)."""
        return not self.problems and self.conflict is None


@dataclass(frozen=True)
class Imported:
    problems: tuple[Problem, ...] = ()
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    indexed: bool = True

    @property
    def ok(self) -> bool:
        """True when the batch was valid and written."""
        return not self.problems


def snapshot(entry: Entry, published: bool) -> dict:
    """An entry's data as the audit log keeps it, with whether it is published."""
    data = entry.to_dict()
    data["published"] = bool(published)
    return data


def load(db: sqlite_utils.Database, entry_id: str) -> tuple[Entry, bool] | None:
    """An entry and whether it is published, or None; damaged data comes back salvaged."""
    rows = list(db.query("select * from entries where id = ?", [entry_id]))
    if not rows:
        return None
    return entry_of(rows[0]), bool(rows[0].get("published", 1))


def entry_of(row: dict) -> Entry:
    """The entry for a stored row, salvaged when its values have the wrong types (admin only)."""
    try:
        return store.from_row(row)
    except store.UnreadableEntry:
        return Entry.from_dict(dict(salvage(store.decode(row)), version=row.get("version") or 1))


def stored_problems(db: sqlite_utils.Database, entry_id: str) -> list[Problem]:
    """Values of the wrong type in an entry's stored row (empty when it reads cleanly)."""
    rows = list(db.query("select * from entries where id = ?", [entry_id]))
    return store.row_problems(rows[0]) if rows else []


def save_entry(
    db: sqlite_utils.Database, data_dir, taxonomy, data: dict, *, editor: Editor,
    expected_version: int | None, published: bool = True, action: str = "edit",
    note: str | None = None, now: dt.datetime | None = None,
) -> Saved:
    """Validate and save one entry; expected_version None means it must be new."""
    now = now or dt.datetime.now(dt.UTC)
    problems = validate_entry(data, topics=taxonomy.slugs, today=now.date())
    if problems:
        return Saved(problems=tuple(problems))
    entry = Entry.from_dict(data)
    with db.atomic():
        found = load(db, entry.id)
        if found is None and expected_version is not None:
            return Saved(problems=(Problem("", None, "(entry)", "has been removed"),))
        if found is not None and found[0].version != expected_version:
            return _conflict(found, entry, published)
        before = snapshot(*found) if found else None
        after = snapshot(entry, published)
        if before == after:
            return Saved(entry=found[0], published=published, unchanged=True)
        version = (expected_version or 0) + 1
        if not _write(db, entry, published, expected=expected_version, now=now):
            return _conflict(load(db, entry.id), entry, published)
        record_id = audit.record(
            db, who=editor.who, user_id=editor.user_id, entry_id=entry.id,
            action="create" if found is None and action == "edit" else action,
            before=before, after=after, versions=(expected_version, version), now=now, note=note)
    saved = dataclasses.replace(entry, version=version)
    indexed = _reindex(db, data_dir, {entry.id: published})
    return Saved(entry=saved, published=published, record_id=record_id, indexed=indexed)


def _conflict(found: tuple[Entry, bool] | None, yours: Entry, published: bool) -> Saved:
    if found is None:
        return Saved(problems=(Problem("", None, "(entry)", "has been removed"),))
    current, was_published = found
    changes = audit.diff(snapshot(current, was_published), snapshot(yours, published))
    return Saved(conflict=changes, current=current, published=was_published)


def _write(db: sqlite_utils.Database, entry: Entry, published: bool, *,
           expected: int | None, now: dt.datetime) -> bool:
    """Insert a new row, or update only if the stored version is still `expected`."""
    row = store.to_row(entry, version=(expected or 0) + 1, now=now)
    row["published"] = int(published)
    columns = list(row)
    if expected is None:
        try:
            db.execute(f"insert into entries ({', '.join(f'[{c}]' for c in columns)}) "  # noqa: S608
                       f"values ({', '.join('?' for _ in columns)})", [row[c] for c in columns])
        except sqlite3.IntegrityError:
            return False
        return True
    columns.remove("id")
    cursor = db.execute(
        f"update entries set {', '.join(f'[{c}] = ?' for c in columns)} "  # noqa: S608
        "where id = ? and version = ?", [*(row[c] for c in columns), entry.id, expected])
    return cursor.rowcount == 1


def _reindex(db: sqlite_utils.Database, data_dir, ids: dict[str, bool]) -> bool:
    """Index published entries and drop drafts; False (and logged) if the index failed."""
    shown = [i for i, published in ids.items() if published]
    hidden = [i for i, published in ids.items() if not published]
    try:
        if shown:
            service.refresh_index(db, data_dir, shown)
        if hidden and search_index.exists(data_dir):
            search_index.remove(data_dir, hidden)
    except Exception:  # noqa: BLE001 - the database is saved; `flask check-index` shows drift
        log.exception("search index update failed for entries %s", ", ".join(ids))
        return False
    return True


write_row = _write    # for other writers in this package (Open Referral UK syncs)
reindex = _reindex


# -- one-step actions on a saved entry ---------------------------------------------------
def _change(db, data_dir, taxonomy, entry_id: str, edit: Callable[[dict], None], *,
            editor: Editor, expected_version: int | None, action: str,
            note: str | None = None, now: dt.datetime | None = None) -> Saved:
    found = load(db, entry_id)
    if found is None:
        return Saved(problems=(Problem("", None, "(entry)", "has been removed"),))
    entry, published = found
    data = entry.to_dict()
    edit(data)
    version = entry.version if expected_version is None else expected_version
    return save_entry(db, data_dir, taxonomy, data, editor=editor, expected_version=version,
                      published=published, action=action, note=note, now=now)


def mark_checked(db, data_dir, taxonomy, entry_id: str, *, editor: Editor,
                 expected_version: int | None, now: dt.datetime | None = None) -> Saved:
    """Checked today: last_verified is today and review_due six months on; nothing else."""
    today = (now or dt.datetime.now(dt.UTC)).date()

    def edit(data: dict) -> None:
        data["last_verified"] = today.isoformat()
        data["review_due"] = add_months(today, REVIEW_MONTHS).isoformat()

    return _change(db, data_dir, taxonomy, entry_id, edit, editor=editor,
                   expected_version=expected_version, action="checked", now=now)


STATUS_ACTIONS = {"active": "reopen", "temporarily-closed": "close", "inactive": "retire"}


def set_status(db, data_dir, taxonomy, entry_id: str, status: str, *, editor: Editor,
               expected_version: int | None, status_note: str | None = None,
               now: dt.datetime | None = None) -> Saved:
    """Reopen, temporarily close (with a note for the public) or retire an entry."""
    def edit(data: dict) -> None:
        data["status"] = status
        data["status_note"] = status_note if status == "temporarily-closed" else None

    return _change(db, data_dir, taxonomy, entry_id, edit, editor=editor,
                   expected_version=expected_version, action=STATUS_ACTIONS[status], now=now)


def restore(db, data_dir, taxonomy, record: audit.AuditRecord, *, editor: Editor,
            expected_version: int | None, before: bool = False,
            now: dt.datetime | None = None) -> Saved:
    """Put back an entry's fields as they were after (or before) a change; itself audited."""
    chosen = record.before if before else record.after
    if chosen is None:
        return Saved(problems=(Problem("", None, "(entry)", "that version cannot be restored"),))
    kept = {k: v for k, v in chosen.items() if k != "published"}
    version = record.version_before if before else record.version_after

    def edit(data: dict) -> None:
        data.clear()
        data.update(kept)

    return _change(db, data_dir, taxonomy, record.entry_id, edit, editor=editor,
                   expected_version=expected_version, action="restore", now=now,
                   note=f"Restored version {version} (from change {record.id}).")


def flag_for_review(db, data_dir, taxonomy, entry_id: str, reason: str, *, editor: Editor,
                    now: dt.datetime | None = None, action: str = "report") -> Saved:
    """Mark an entry needs_review, adding the reason to any reason already given."""
    def edit(data: dict) -> None:
        old = (data.get("review_reason") or "").strip() if data.get("needs_review") else ""
        data["needs_review"] = True
        data["review_reason"] = f"{old} {reason}".strip() if reason not in old else old

    return _change(db, data_dir, taxonomy, entry_id, edit, editor=editor,
                   expected_version=None, action=action, now=now)


# -- imports -----------------------------------------------------------------------------
def import_records(db: sqlite_utils.Database, data_dir, taxonomy, records: Iterable[Record], *,
                   editor: Editor, now: dt.datetime | None = None) -> Imported:
    """Validate a batch; if all is well write it in one transaction, one audit record each."""
    now = now or dt.datetime.now(dt.UTC)
    records = list(records)
    entries, problems = service.check_records(records, taxonomy, now.date())
    if problems:
        return Imported(problems=tuple(problems))
    drafts = draft_ids(records)
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    touched: dict[str, bool] = {}
    with db.atomic():
        for entry in entries:
            found = load(db, entry.id)
            # An import never publishes or hides an existing entry; a new one follows the file.
            published = found[1] if found else entry.id not in drafts
            before = snapshot(*found) if found else None
            after = snapshot(entry, published)
            if before == after:
                counts["unchanged"] += 1
                continue
            expected = found[0].version if found else None
            if not _write(db, entry, published, expected=expected, now=now):
                raise RuntimeError(f"entry {entry.id} changed during the import")
            audit.record(db, who=editor.who, user_id=editor.user_id, entry_id=entry.id,
                         action="import", before=before, after=after,
                         versions=(expected, (expected or 0) + 1), now=now)
            counts["added" if found is None else "changed"] += 1
            touched[entry.id] = published
    indexed = _reindex(db, data_dir, touched) if touched else True
    return Imported(indexed=indexed, **counts)


def preview(db: sqlite_utils.Database, entries: Iterable[Entry]) -> dict[str, list]:
    """What an import would do: entries added, changed (with their changes) and left alone."""
    plan: dict[str, list] = {"added": [], "changed": [], "unchanged": []}
    for entry in entries:
        found = load(db, entry.id)
        if found is None:
            plan["added"].append((entry, ()))
            continue
        changes = audit.diff(found[0].to_dict(), entry.to_dict())
        plan["changed" if changes else "unchanged"].append((entry, changes))
    return plan
