"""A small in-process cache of public, anonymous responses, dropped whenever the data changes.

Owns `cached`, a view decorator for GET pages and API answers that are the same for everyone
(directory lists, entry pages, the JSON APIs). A response is kept only for a request with no
cookies, only when the view did not touch the session and set no cookie, and only under the
current data stamp (the search index generation plus the database and index files' change
times), so an edit, an import or a restore shows at once. Never used for chat or admin views.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path

from flask import Response, current_app, make_response, request
from flask.globals import request_ctx

from app import runtime
from app.search import index as search_index

MAX_PAGES = 4_000  # per worker process
MAX_BYTES = 48 * 1024 * 1024  # per worker process
TIME_DEPENDENT = ("open_now",)  # answers that change with the clock, not the data


class PageCache:
    """A bounded least-recently-used map of (key) -> (status, headers, body), by data stamp."""

    def __init__(self, max_pages: int = MAX_PAGES, max_bytes: int = MAX_BYTES):
        self.max_pages, self.max_bytes = max_pages, max_bytes
        self._pages: OrderedDict = OrderedDict()
        self._bytes = 0
        self._stamp = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key, stamp):
        """The kept response for key under this stamp, or None (a new stamp empties the cache)."""
        with self._lock:
            if stamp != self._stamp:
                self._pages.clear()
                self._bytes, self._stamp = 0, stamp
            found = self._pages.get(key)
            if found is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key, stamp, value: tuple[int, tuple, bytes]) -> None:
        """Keep a response, if the data has not changed since it was made; evict the oldest."""
        size = len(value[2]) + 200
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if stamp != self._stamp:
                return
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2]) + 200
            self._pages[key] = value
            self._bytes += size
            while len(self._pages) > self.max_pages or self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped[2]) + 200

    def __len__(self) -> int:
        return len(self._pages)


def _file_state(path: str) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        return ()
    return info.st_ino, info.st_size, info.st_mtime_ns


def data_stamp(data_dir: str | Path) -> tuple:
    """What changes whenever entries or the index change, in this or any other process.

    The date is part of it, because how long ago an entry was checked (and so whether it shows
    as due for review) changes at midnight with no change to the data. Plain `os` calls: this
    runs on every cached request, and pathlib costs more than the system calls.
    """
    folder = os.fspath(data_dir)
    live = search_index.live_folder(folder)  # read once: it is both the generation and a state
    db = os.path.join(folder, "signpost.db")
    return (date.today().isoformat(), search_index.generation_in(live), _file_state(live),
            _file_state(folder), _file_state(db), _file_state(db + "-wal"))


def cache_for(app) -> PageCache:
    """This app's page cache (one per app, so tests never share one)."""
    cache = app.extensions.get("signpost_pages")
    if cache is None:
        cache = app.extensions.setdefault("signpost_pages", PageCache())
    return cache


def _session_used() -> bool:
    """Whether this request's view read or wrote the session (checked without touching it)."""
    ctx = request_ctx._get_current_object()  # noqa: SLF001
    # Flask 3.1 marks the session accessed on every read of `flask.session`, so look underneath.
    raw = ctx.__dict__.get("_session", ctx.__dict__.get("session"))
    return raw is None or bool(getattr(raw, "accessed", True)) or bool(getattr(raw, "modified", True))


def _cacheable_request() -> bool:
    return (request.method == "GET" and not request.cookies
            and not any(name in request.args for name in TIME_DEPENDENT))


def cached(view: Callable) -> Callable:
    """Serve a view's answer from the cache when the same address was answered under this data."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable_request():
            return view(*args, **kwargs)
        app = current_app._get_current_object()  # noqa: SLF001 - the app, not its proxy
        cache = cache_for(app)
        stamp = data_stamp(runtime.current().data_dir)
        key = (request.endpoint, request.full_path)
        found = cache.get(key, stamp)
        if found is not None:
            status, headers, body = found
            return Response(body, status=status, headers=list(headers))
        response = make_response(view(*args, **kwargs))
        if (response.status_code == 200 and not response.direct_passthrough
                and not _session_used() and "Set-Cookie" not in response.headers):
            kept = tuple((k, v) for k, v in response.headers.items() if k.lower() != "content-length")
            cache.put(key, stamp, (200, kept, response.get_data()))
        return response

    return wrapper
