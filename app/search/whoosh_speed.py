"""A fix for one slow path in whoosh-reloaded, applied once when the index module is imported.

Its per-document reader caches the reader of each length column it finds, but not the absence
of one, so while a segment is written every posting of a field without lengths (ids, keywords)
asks the file system again: about 730,000 stat calls, a quarter of building a 15,000-entry
index. A written segment's columns never change, so remembering the absence is safe.
"""

from __future__ import annotations

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    """The column reader for a field, or None; both answers remembered."""
    found = self._readers.get(fieldname, _MISSING)
    if found is _MISSING:
        found = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = found
    return found


whoosh3.W3PerDocReader._cached_reader = _cached_reader
