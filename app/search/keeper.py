"""Keeping search answering: the index when it is sound, SQLite meanwhile, and healing.

`IndexKeeper` stands where the `Finder` stood. Any error opening or reading the index, at
start or on a search, sends searches to the fallback and starts one healing thread, which
waits for the rebuild lock, checks again and rebuilds only if nobody else has. Risk checks
run before search, so they never wait on any of this. No Flask here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from . import index as search_index
from . import rebuild

log = logging.getLogger(__name__)
RETRY_SECONDS = 30.0  # after a failed heal, the next search tries again no sooner than this


class IndexKeeper:
    """Searches the index when it is ready, else the fallback; heals the index in the background."""

    def __init__(self, finder, fallback, data_dir, *, check: Callable[[], search_index.Drift],
                 ensure: Callable[[str | None], tuple[str, search_index.Drift]]):
        self.finder = finder
        self.fallback = fallback
        self.data_dir = data_dir
        self.check = check      # drift between the database and the index (never raises)
        self.ensure = ensure    # waits for the lock, then rebuilds if still needed
        self.ready = False
        self.outcome: tuple[str, search_index.Drift] | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._failed_at = 0.0

    def start(self, *, background: bool) -> None:
        """At start-up: use the index if it matches the database, else heal it (here or behind)."""
        if not background:
            self.outcome = self.ensure(None)
            self.ready = True
            return
        drift = self.check()
        if drift.clean:
            self.outcome, self.ready = ("ok", drift), True
            return
        log.warning("search index not usable at start (%s): searching the database until it "
                    "is rebuilt", drift.error or "behind the database")
        self.heal()

    def heal(self, failed: str | None = None) -> None:
        """Search the fallback until one thread has made sure the index is sound again."""
        with self._lock:
            self.ready = False
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._heal, args=(failed,), daemon=True,
                                            name="index-keeper")
            self._thread.start()

    def _heal(self, failed: str | None) -> None:
        try:
            self.outcome = self.ensure(failed)
            self.ready = True
            if self.outcome[0] == "rebuilt":
                log.warning("search index rebuilt from the database: searching it again")
            else:
                log.info("search index ready")
        except Exception:  # noqa: BLE001 - stay on the fallback and try again later
            log.exception("search index could not be rebuilt; searching the database meanwhile")
            self._failed_at = time.monotonic()

    @property
    def healing(self) -> bool:
        """True while this process or another is rebuilding or checking the index."""
        alive = self._thread is not None and self._thread.is_alive()
        return alive or rebuild.busy(self.data_dir)

    def search(self, *args, **kwargs):
        """The finder's search, or the fallback's while the index is not ready."""
        if self.ready:
            generation = search_index.generation(self.data_dir)
            try:
                return self.finder.search(*args, **kwargs)
            except Exception:  # noqa: BLE001 - a damaged index must not stop search
                log.exception("search index failed: searching the database while it is rebuilt")
                self.finder.close()
                self.heal(failed=generation)
        elif not self.healing and time.monotonic() - self._failed_at > RETRY_SECONDS:
            self.heal()
        return self.fallback.search(*args, **kwargs)

    def close(self) -> None:
        """Release the finder's open searcher."""
        self.finder.close()

    def __getattr__(self, name):
        return getattr(self.finder, name)
