"""Source watch: is each entry's source page still there, in the same place, saying the same?

Owns fetching every entry's `source_url` politely (one request per host at a time, a pause
between them, a User-Agent naming the project), the `source_checks` table (status, final URL,
a fingerprint of the page's visible text, the baseline recorded at last_verified) and putting
entries whose page is gone, moved or changed in the review queue. It never edits an entry's
facts: flagging sets needs_review and a reason, audited, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser

import sqlite_utils

from . import editing, store
from .entry import Entry
from .fetch import DEFAULT_LIMITS, FetchError, Limits, get

PURPOSE = "source-check"
EDITOR = editing.Editor("source check")
OUTCOMES = {"ok": "Page as it was", "changed": "Changed since last verified",
            "moved": "Moved to another address", "gone": "Gone", "error": "Could not check"}
HIDDEN_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


@dataclass(frozen=True)
class Fetched:
    entry_id: str
    url: str
    status: int | None = None
    final_url: str | None = None
    fingerprint: str | None = None
    error: str | None = None
    error_kind: str | None = None


class _Text(HTMLParser):
    """The words a person sees on a page: no scripts, styles or head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.words.extend(data.split())


def visible_text(body: bytes, content_type: str = "text/html") -> str:
    """A page's visible text, whitespace normalised (other text as it is, normalised)."""
    charset = "utf-8"
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    if "html" not in content_type.lower() and not text.lstrip().startswith("<"):
        return " ".join(text.split())
    parser = _Text()
    parser.feed(text)
    parser.close()
    return " ".join(parser.words)


def fingerprint(body: bytes, content_type: str = "text/html") -> str:
    """sha256 of the visible text: markup, scripts and spacing changes do not count."""
    return hashlib.sha256(visible_text(body, content_type).encode("utf-8")).hexdigest()


def fetch_one(entry_id: str, url: str, limits: Limits) -> Fetched:
    """Fetch one source page (no retries beyond the fetcher's) and fingerprint it."""
    try:
        response = get(url, purpose=PURPOSE, limits=limits, accept="text/html,*/*;q=0.8")
    except FetchError as exc:
        return Fetched(entry_id, url, error=str(exc), error_kind=exc.kind)
    found = fingerprint(response.body, response.content_type) if response.status < 400 else None
    return Fetched(entry_id, url, response.status, response.final_url, found)


def fetch_all(targets: list[tuple[str, str]], *, limits: Limits = DEFAULT_LIMITS,
              delay: float = 1.0, workers: int = 4,
              progress: Callable[[Fetched], None] | None = None) -> list[Fetched]:
    """Fetch (entry id, url) pairs: hosts in parallel, each host one request at a time."""
    by_host: dict[str, list[tuple[str, str]]] = {}
    for entry_id, url in targets:
        by_host.setdefault(urllib.parse.urlsplit(url).netloc.lower(), []).append((entry_id, url))

    def host_run(pairs: list[tuple[str, str]]) -> list[Fetched]:
        done = []
        for i, (entry_id, url) in enumerate(pairs):
            if i:
                time.sleep(delay)
            done.append(fetch_one(entry_id, url, limits))
            if progress:
                progress(done[-1])
        return done

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return [f for group in pool.map(host_run, by_host.values()) for f in group]


def moved(url: str, final_url: str | None) -> bool:
    """True when a redirect ended on another host or path (http to https alone is not a move)."""
    if not final_url:
        return False
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(final_url)
    return (a.netloc.lower(), a.path.rstrip("/") or "/") != (b.netloc.lower(), b.path.rstrip("/") or "/")


def judge(entry: Entry, fetched: Fetched, previous: dict | None) -> tuple[dict, str | None]:
    """The source_checks row for this check, and the review reason when the entry needs one."""
    row = {"entry_id": entry.id, "url": fetched.url, "status": fetched.status,
           "final_url": fetched.final_url, "fingerprint": fetched.fingerprint,
           "baseline": (previous or {}).get("baseline"),
           "baseline_verified": (previous or {}).get("baseline_verified")}
    if fetched.error_kind == "dns" or fetched.status in (404, 410):
        why = "its site's name was not found" if fetched.error_kind == "dns" else \
            f"it answers HTTP {fetched.status}"
        return row | {"outcome": "gone", "detail": why}, f"The source page has gone ({why})."
    if fetched.error or fetched.status is None or fetched.status >= 400:
        detail = fetched.error or f"HTTP {fetched.status}"
        return row | {"outcome": "error", "detail": detail}, None  # may be passing: not flagged
    rebaseline = row["baseline"] is None or row["baseline_verified"] != entry.last_verified
    if rebaseline:
        row |= {"baseline": fetched.fingerprint, "baseline_verified": entry.last_verified}
    if moved(fetched.url, fetched.final_url):
        return (row | {"outcome": "moved", "detail": f"now at {fetched.final_url}"},
                f"The source page has moved to {fetched.final_url}.")
    if not rebaseline and fetched.fingerprint != row["baseline"]:
        return (row | {"outcome": "changed", "detail": "the page's text differs"},
                f"The source page has changed since it was last verified on {entry.last_verified}.")
    return row | {"outcome": "ok", "detail": None}, None


def check_sources(db: sqlite_utils.Database, data_dir, taxonomy, *, limits: Limits = DEFAULT_LIMITS,
                  delay: float = 1.0, workers: int = 4, now: dt.datetime | None = None,
                  progress: Callable[[Fetched], None] | None = None) -> dict[str, int]:
    """Check every live entry's source page, record it, flag the gone, moved and changed."""
    now = now or dt.datetime.now(dt.UTC)
    entries = {e.id: e for e in store.all_entries(db, include_inactive=False, drafts=True)
               if e.source_url}
    previous = {r["entry_id"]: r for r in db.query("select * from source_checks")}
    results = fetch_all([(e.id, e.source_url) for e in entries.values()], limits=limits,
                        delay=delay, workers=workers, progress=progress)
    counts = dict.fromkeys(OUTCOMES, 0) | {"flagged": 0}
    for fetched in results:
        entry = entries[fetched.entry_id]
        row, reason = judge(entry, fetched, previous.get(entry.id))
        row["checked_at"] = now.isoformat(timespec="seconds")
        with db.atomic():
            db["source_checks"].upsert(row, pk="entry_id")
        counts[row["outcome"]] += 1
        if reason and reason not in (entry.review_reason or ""):
            saved = editing.flag_for_review(db, data_dir, taxonomy, entry.id, reason, editor=EDITOR,
                                            now=now, action="source-check")
            counts["flagged"] += int(saved.ok and not saved.unchanged)
    return counts


def status_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Live entries by their latest source check outcome, with those never checked."""
    rows = db.query("select coalesce(c.outcome, 'unchecked') as outcome, count(*) as n"
                    " from entries e left join source_checks c on c.entry_id = e.id"
                    " where e.status != 'inactive' group by 1")
    found = {r["outcome"]: r["n"] for r in rows}
    return {key: found.get(key, 0) for key in (*OUTCOMES, "unchecked")}
