"""Things made from one decoded entry (its API JSON, its directory result), made once.

Owns `PerEntry`: a bounded map kept beside the decoded entries `Runtime.fetch` hands out. A
value is served again only for the very same entry object it was made from, so an edit, an
import or a new index generation (which bring new objects) is never answered from here.
Holds nothing from chat, sessions or requests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

MAX_KEPT = 20_000  # values per kind, per worker; as many entries as the runtime keeps decoded
T = TypeVar("T")


class PerEntry:
    """Values keyed by (entry id, variant), each kept with the entry object it was made from."""

    def __init__(self, limit: int = MAX_KEPT):
        self.limit = limit
        self._kept: dict[tuple, tuple[object, object]] = {}
        self._lock = threading.Lock()

    def get(self, entry, variant: tuple, make: Callable[[], T]) -> T:
        """The value made for this very entry object and variant, made now if there is none."""
        key = (entry.id, variant)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is entry:
            return kept[1]  # type: ignore[return-value]
        made = make()
        with self._lock:
            if len(self._kept) >= self.limit:
                self._kept.clear()  # rare (a new generation brings new objects): start again
            self._kept[key] = (entry, made)
        return made

    def __len__(self) -> int:
        return len(self._kept)


def per_entry(app, kind: str, limit: int = MAX_KEPT) -> PerEntry:
    """This app's kept values of one kind (one per app, so tests never share one)."""
    name = f"signpost_per_entry_{kind}"
    kept = app.extensions.get(name)
    if kept is None:
        kept = app.extensions.setdefault(name, PerEntry(limit))
    return kept
