"""Building, updating and checking the Whoosh index from the directory.

The index is disposable: `build` makes it again from SQLite in one commit (readers see the
old index or the new one, never half). `check` reports drift. Nothing here touches Flask.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.writing import CLEAR

from app.directory.entry import Entry

from . import whoosh_speed  # noqa: F401 - caches missing length columns (see the module)
from .schema import SCHEMA_VERSION, document, make_schema

Progress = Callable[[int, int], None]


def index_dir(data_dir: str | Path) -> Path:
    """Where the index for the current schema version lives."""
    return Path(data_dir) / f"index-v{SCHEMA_VERSION}"


def fingerprint(entry: Entry) -> str:
    """A short hash of everything the index holds about an entry."""
    blob = json.dumps(entry.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def exists(data_dir: str | Path) -> bool:
    """Whether an index for this schema version is there and opens."""
    path = index_dir(data_dir)
    try:
        return windex.exists_in(str(path))
    except Exception:  # noqa: BLE001 - a corrupt index counts as missing
        return False


def open_index(data_dir: str | Path):
    """Open the index (raises if it is missing or unreadable)."""
    return windex.open_dir(str(index_dir(data_dir)))


def build(
    data_dir: str | Path, entries: Iterable[Entry], *, total: int = 0,
    progress: Progress | None = None,
) -> int:
    """Rebuild the whole index from these entries in one commit; returns how many."""
    path = index_dir(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    try:
        ix = windex.open_dir(str(path)) if windex.exists_in(str(path)) else None
    except Exception:  # noqa: BLE001 - unreadable: start again from nothing
        ix = None
    if ix is None:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        ix = windex.create_in(str(path), make_schema())
    writer = ix.writer(limitmb=256)
    done = 0
    for entry in entries:
        writer.add_document(**document(entry, fingerprint(entry)))
        done += 1
        if progress and done % 1000 == 0:
            progress(done, total)
    writer.commit(mergetype=CLEAR, optimize=True)
    if progress:
        progress(done, total)
    return done


def update(data_dir: str | Path, entries: Iterable[Entry]) -> None:
    """Replace the given entries' documents at once (after a save or an import)."""
    ix = open_index(data_dir)
    writer = ix.writer(timeout=10)
    for entry in entries:
        writer.update_document(**document(entry, fingerprint(entry)))
    writer.commit()


def remove(data_dir: str | Path, entry_ids: Iterable[str]) -> None:
    """Drop documents by entry id."""
    ix = open_index(data_dir)
    writer = ix.writer(timeout=10)
    for entry_id in entry_ids:
        writer.delete_by_term("id", entry_id)
    writer.commit()


@dataclass(frozen=True)
class Drift:
    missing: tuple[str, ...]    # in SQLite, not in the index
    extra: tuple[str, ...]      # in the index, not in SQLite
    stale: tuple[str, ...]      # in both, but the index holds an older copy

    @property
    def clean(self) -> bool:
        """True when the index matches the directory exactly."""
        return not (self.missing or self.extra or self.stale)


def check(data_dir: str | Path, entries: Iterable[Entry]) -> Drift:
    """Compare the index with the directory, entry by entry."""
    want = {e.id: fingerprint(e) for e in entries}
    if not exists(data_dir):
        return Drift(tuple(sorted(want)), (), ())
    with open_index(data_dir).searcher() as searcher:
        have = {f["id"]: f["fingerprint"] for f in searcher.all_stored_fields()}
    return Drift(
        missing=tuple(sorted(set(want) - set(have))),
        extra=tuple(sorted(set(have) - set(want))),
        stale=tuple(sorted(i for i in set(want) & set(have) if want[i] != have[i])),
    )


def generation(data_dir: str | Path) -> int:
    """The index's commit generation, to know when a cached searcher is out of date."""
    path = index_dir(data_dir)
    if not os.path.isdir(path):
        return -1
    try:
        return TOC._latest_generation(FileStorage(str(path)), windex._DEF_INDEX_NAME)
    except Exception:  # noqa: BLE001
        return -1
