"""One index rebuild at a time: an exclusive file lock (`index.lock`) in the data folder.

Every process (gunicorn workers, `flask` commands) takes the lock before building, so two
builds never race (no Whoosh LockError) and a waiting process can see a build is under way.
The lock is re-entrant within one thread. Nothing here reads SQLite or touches Flask.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "index.lock"
_held = threading.local()


def lock_path(data_dir: str | Path) -> Path:
    """The lock file for a data folder."""
    return Path(data_dir) / LOCK_NAME


@contextmanager
def rebuild_lock(data_dir: str | Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the data folder's rebuild lock; yields False (at once) if busy and not waiting."""
    key = os.path.realpath(data_dir)
    held = getattr(_held, "paths", None)
    if held is None:
        held = _held.paths = set()
    if key in held:
        yield True
        return
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(data_dir), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        held.add(key)
        try:
            yield True
        finally:
            held.discard(key)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def busy(data_dir: str | Path) -> bool:
    """True when some process (or another thread here) is rebuilding the index now."""
    if os.path.realpath(data_dir) in (getattr(_held, "paths", None) or ()):
        return True
    with rebuild_lock(data_dir, wait=False) as got:
        return not got
