"""Building, updating and checking the Whoosh index from the directory.

The index is disposable: `build` makes it again in a fresh folder and then swaps a symlink
(`index-v<N>`) to it in one step, so readers see the old index or the new one, never half,
and a damaged index is never built on top of. `check` reports drift and never raises: any
error reading the index is drift. Nothing here touches Flask or SQLite.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as windex
from whoosh.writing import CLEAR

from app.directory.entry import Entry

from . import whoosh_speed  # noqa: F401 - caches missing length columns (see the module)
from .schema import SCHEMA_VERSION, document, make_schema

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)
SEAL_NAME = "index-checked.json"  # the last full check that found the index sound
# A commit's table of contents, as whoosh names it (its own pattern, the "." unescaped too).
_TOC_NAME = re.compile("^_%s_([0-9]+).toc$" % windex._DEF_INDEX_NAME)  # noqa: SLF001, UP031


def live_path(data_dir: str | Path) -> Path:
    """The symlink naming the live index for this schema version (a folder in old data)."""
    return Path(data_dir) / f"index-v{SCHEMA_VERSION}"


def index_dir(data_dir: str | Path) -> Path:
    """The folder the live index is in (where the symlink points)."""
    return Path(os.path.realpath(live_path(data_dir)))


def live_folder(data_dir: str | Path) -> str:
    """`index_dir` as a string, read with one readlink instead of resolving every folder above
    it (several times a request): `swap` always points the live symlink straight at a sibling
    build folder. Anything else (an old real folder, a missing link, a link to a link) takes
    `index_dir`. Plain `os` calls: pathlib costs more than the system calls here."""
    live = os.path.join(os.fspath(data_dir), f"index-v{SCHEMA_VERSION}")
    try:
        target = os.readlink(live)
    except OSError:
        return str(index_dir(data_dir))
    parent = os.path.dirname(live)
    if "/" in target or target in ("", ".", "..") or os.path.islink(os.path.join(parent, target)):
        return str(index_dir(data_dir))
    return os.path.join(parent, target)


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
    """Build the whole index in a fresh folder, then swap it in; returns how many entries.

    Callers hold the rebuild lock (`app.search.rebuild`), so only one build runs at a time.
    """
    data_dir = Path(data_dir)
    stamp = f"{time.time_ns():x}"
    name = f"{live_path(data_dir).name}.{stamp}"
    building = data_dir / (name + ".tmp")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    ix = windex.create_in(str(building), make_schema())
    writer = ix.writer(limitmb=256)
    done = 0
    try:
        for entry in entries:
            writer.add_document(**document(entry, fingerprint(entry)))
            done += 1
            if progress and done % 1000 == 0:
                progress(done, total)
        writer.commit(mergetype=CLEAR, optimize=True)
    except BaseException:
        writer.cancel()
        shutil.rmtree(building, ignore_errors=True)
        raise
    os.rename(building, data_dir / name)
    _swap(data_dir, name, stamp)
    if progress:
        progress(done, total)
    return done


def _swap(data_dir: Path, name: str, stamp: str) -> None:
    """Point the live symlink at the new folder in one rename; tidy older builds away."""
    live = live_path(data_dir)
    if live.is_dir() and not live.is_symlink():  # an index from before symlinks: move it aside
        os.rename(live, data_dir / f"{live.name}.{stamp}-old")
    link = data_dir / f"{name}.link"
    if link.is_symlink():
        link.unlink()
    os.symlink(name, link)
    os.replace(link, live)
    _tidy(data_dir, keep={name, _previous(data_dir, name)})


def _previous(data_dir: Path, newest: str) -> str:
    """The build before the newest: kept, so workers still reading it are not cut off."""
    builds = sorted(p.name for p in data_dir.glob(live_path(data_dir).name + ".*")
                    if p.is_dir() and not p.name.endswith(".tmp") and p.name != newest)
    return builds[-1] if builds else ""


def _tidy(data_dir: Path, keep: set[str]) -> None:
    """Remove index folders that are neither live nor the one before (and stale .tmp builds)."""
    prefix = live_path(data_dir).name + "."
    for folder in data_dir.glob(prefix + "*"):
        if folder.name in keep or folder.is_symlink():
            continue
        if folder.name.endswith(".tmp") and time.time() - folder.stat().st_mtime < 3600:
            continue  # maybe still being built by a process that holds no lock we can see
        shutil.rmtree(folder, ignore_errors=True)


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
    error: str | None = None    # the index could not be read at all (missing or damaged)

    @property
    def clean(self) -> bool:
        """True when the index matches the directory exactly."""
        return not (self.missing or self.extra or self.stale or self.error)


def check(data_dir: str | Path, entries: Iterable[Entry]) -> Drift:
    """Compare the index with the directory, entry by entry; never raises on a bad index."""
    want = {e.id: fingerprint(e) for e in entries}
    if not exists(data_dir):
        return Drift(tuple(sorted(want)), (), (), error="the index is missing")
    try:
        with open_index(data_dir).searcher() as searcher:
            have = {f["id"]: f["fingerprint"] for f in searcher.all_stored_fields()}
            probe(searcher)
    except Exception as exc:  # noqa: BLE001 - zlib.error, EOFError, struct.error, ...: rebuild
        log.warning("the search index could not be read: %s: %s", type(exc).__name__, exc)
        return Drift(tuple(sorted(want)), (), (), error=f"{type(exc).__name__}: {exc}")
    return Drift(
        missing=tuple(sorted(set(want) - set(have))),
        extra=tuple(sorted(set(have) - set(want))),
        stale=tuple(sorted(i for i in set(want) & set(have) if want[i] != have[i])),
    )


def _files(data_dir: str | Path) -> list:
    folder = index_dir(data_dir)
    return sorted([f.name, f.stat().st_size, f.stat().st_mtime_ns]
                  for f in folder.iterdir() if f.is_file() and not f.name.endswith("LOCK"))


def seal(data_dir: str | Path, database: str) -> None:
    """Note that the index as it is now (every file's size and time) matched this database."""
    data = {"generation": generation(data_dir), "files": _files(data_dir), "database": database}
    path = Path(data_dir) / SEAL_NAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)


def sealed(data_dir: str | Path, database: str) -> bool:
    """True when neither the index files nor the database have changed since `seal`."""
    try:
        data = json.loads((Path(data_dir) / SEAL_NAME).read_text(encoding="utf-8"))
        return data == {"generation": generation(data_dir), "files": _files(data_dir),
                        "database": database}
    except (OSError, ValueError):
        return False


def probe(searcher) -> None:
    """Read every posting list and column once, so damage anywhere in a segment shows here."""
    reader = searcher.reader()
    for fieldname in reader.indexed_field_names():
        for term in reader.lexicon(fieldname):
            for _ in reader.postings(fieldname, term).all_ids():
                pass
    names = reader.column_reader("sortname")
    for doc in reader.all_doc_ids():
        names[doc]


def doc_count(data_dir: str | Path) -> int | None:
    """How many entries the index holds, or None when it cannot be read."""
    try:
        with open_index(data_dir).searcher() as searcher:
            return searcher.doc_count()
    except Exception:  # noqa: BLE001 - unreadable is reported, not raised
        return None


def generation(data_dir: str | Path) -> str:
    """The live build and its commit generation: changes whenever the index does.

    Whoosh's own `TOC._latest_generation`, without building a FileStorage (this runs on
    every request, so it is written with plain `os` calls)."""
    return generation_in(live_folder(data_dir))


def generation_in(path: str) -> str:
    """`generation` for a live build folder already read with `live_folder`."""
    if not os.path.isdir(path):
        return "none"
    try:
        names = os.listdir(path)
    except OSError:
        return f"{os.path.basename(path)}:-1"
    number = max((int(m.group(1)) for m in map(_TOC_NAME.match, names) if m), default=-1)
    return f"{os.path.basename(path)}:{number}"
