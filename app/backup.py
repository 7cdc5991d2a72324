"""Backing up and restoring the directory database with SQLite's online backup API.

A backup is a consistent copy taken while the app keeps serving, written beside its target
and moved into place only after it passes `PRAGMA integrity_check`. A restore refuses any
file that is not a sound Signpost database. No Flask here, and nothing about the index.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.directory import store

HEADER = b"SQLite format 3\x00"
PAGES_PER_STEP = 256
Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the person running it."""


@dataclass(frozen=True)
class Summary:
    path: Path
    entries: int
    schema_version: int
    size_bytes: int


def check(path: str | Path) -> Summary:
    """Check a file is a sound Signpost database (header, integrity, schema); BackupError if not."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    with path.open("rb") as handle:
        if handle.read(len(HEADER)) != HEADER:
            raise BackupError(f"{path} is not an SQLite database.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"{path} failed the integrity check: {'; '.join(problems[:3])}")
            tables = {row[0] for row in conn.execute("select name from sqlite_master where type='table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if "entries" not in tables:
                raise BackupError(f"{path} is an SQLite database but not a Signpost directory.")
            if version > len(store.MIGRATIONS):
                raise BackupError(f"{path} is from a newer Signpost (schema {version}); upgrade first.")
            entries = conn.execute("select count(*) from entries").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged and cannot be read: {exc}") from exc
    return Summary(path, entries, version, path.stat().st_size)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress | None) -> None:
    """Copy every page, a step at a time so writers are not held up for long."""
    def step(status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total)
    source.backup(target, pages=PAGES_PER_STEP, progress=step)


def backup(db_file: str | Path, dest: str | Path, progress: Progress | None = None) -> Summary:
    """Copy the live database to `dest` (replacing it only once the copy checks out)."""
    db_file, dest = Path(db_file), Path(dest)
    if not db_file.is_file():
        raise BackupError(f"There is no database at {db_file}.")
    if dest.is_dir():
        raise BackupError(f"{dest} is a folder; give a file name for the backup.")
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist.")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(db_file)
        target = sqlite3.connect(partial)
        try:
            _copy(source, target, progress)
            # One self-contained file: no -wal beside the backup.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
            source.close()
        summary = check(partial)
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The database could not be copied: {exc}") from exc
    except BackupError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The copy is not sound, so no backup was written ({exc}).") from exc
    os.replace(partial, dest)
    return Summary(dest, summary.entries, summary.schema_version, dest.stat().st_size)


def keep_aside(db_file: str | Path, now: dt.datetime | None = None) -> Path | None:
    """Copy the current database files aside, as they are (even damaged), before a restore."""
    db_file = Path(db_file)
    if not db_file.exists():
        return None
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    aside = db_file.with_name(f"{db_file.name}.replaced-{stamp}")
    for suffix in ("", "-wal"):
        if Path(f"{db_file}{suffix}").exists():
            shutil.copy2(f"{db_file}{suffix}", f"{aside}{suffix}")
    return aside


def restore(source_file: str | Path, db_file: str | Path, progress: Progress | None = None) -> Summary:
    """Replace the database's contents with a checked backup, then check the result."""
    source_file, db_file = Path(source_file), Path(db_file)
    check(source_file)
    if source_file.resolve() == db_file.resolve():
        raise BackupError("That is the live database itself; give a backup file.")
    try:
        _restore_online(source_file, db_file, progress)
    except sqlite3.DatabaseError:
        # The live file cannot even be opened (a damaged header): swap the whole file instead.
        _restore_by_replacing(source_file, db_file, progress)
    try:
        return check(db_file)
    except BackupError as exc:
        raise BackupError(f"The restored database did not pass its check: {exc}") from exc


def _restore_online(source_file: Path, db_file: Path, progress: Progress | None) -> None:
    """Write the backup's pages into the live database, so running servers see it at once."""
    source = sqlite3.connect(f"{source_file.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(db_file, timeout=10)
    try:
        target.execute("PRAGMA journal_mode").fetchone()  # fails fast on an unreadable file
        _copy(source, target, progress)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def _restore_by_replacing(source_file: Path, db_file: Path, progress: Progress | None) -> None:
    """Copy the backup beside the database and move it into place, dropping the old WAL files."""
    fresh = db_file.with_name(db_file.name + ".restoring")
    fresh.unlink(missing_ok=True)
    source = sqlite3.connect(f"{source_file.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(fresh)
    try:
        _copy(source, target, progress)
    finally:
        target.close()
        source.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.replace(fresh, db_file)
