"""Search results kept per index generation: the same question gets the same `Found` again.

Owns a small bounded LRU of finished results keyed by everything a result depends on (the
search text, topics, filters, limit and offset). The finder that owns it drops it whenever the
index generation changes, so an edit, import or restore is seen at once. Searches that depend on
the clock (`open_now`) are never kept. Results are frozen dataclasses, safe to share between
requests and threads. Chat turns search by topics and filters only, never by what was typed.
"""

from __future__ import annotations

from collections import OrderedDict

MAX_RESULTS = 4_000  # about 30 hits each: a few MB per worker


class Results:
    """A bounded least-recently-used map from a search's key to its result."""

    def __init__(self, limit: int = MAX_RESULTS):
        self.limit = limit
        self._kept: OrderedDict = OrderedDict()

    def get(self, key):
        """The kept result for key, or None (the caller holds the finder's lock)."""
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key, found) -> None:
        """Keep a result, forgetting the least recently used beyond the limit."""
        self._kept[key] = found
        self._kept.move_to_end(key)
        while len(self._kept) > self.limit:
            self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)
