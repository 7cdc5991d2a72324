"""Search straight from SQLite while the Whoosh index is being rebuilt or cannot be read.

Slower and plainer than the index (no BM25, no spelling fixes) but it applies the same
filters, built from the same document terms (`schema.document`), and the same topic
reading, so nobody is shown a service outside their age or area. Never writes anything.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable

from app.directory.entry import CONTACT_METHODS, Entry
from app.directory.hours import ALWAYS, is_open, slot_of

from .found import NO_FILTERS, Filters, Found, Hit, Reading
from .query import FIELD_WORDS, WORD
from .schema import ANALYZER, BOOSTS, STOP_WORDS, TOPIC_BOOST, age_term, document

MAIN_TOPIC_BOOST = 3.0
KEEP_SECONDS = 15.0  # decoded entries are reused this long: the fallback is for minutes at most
TERM_FIELDS = ("topics", "ages", "areas", "contact", "open")


class Fallback:
    """Searches the published entries from SQLite with the index's filters and topics."""

    def __init__(self, entries: Callable[[], Iterable[Entry]], finder):
        self.entries = entries
        self.finder = finder  # for its topic reading, place terms and plain-English reasons
        self._lock = threading.Lock()
        self._docs: list[dict] = []
        self._loaded = 0.0

    def _documents(self) -> list[dict]:
        with self._lock:
            if not self._docs or time.monotonic() - self._loaded > KEEP_SECONDS:
                docs = []
                for entry in self.entries():
                    doc = document(entry, "")
                    for name in TERM_FIELDS:
                        doc[name] = set(doc[name].split())
                    for name in BOOSTS:
                        doc[name] = {t.text for t in ANALYZER(doc[name])}
                    docs.append(doc)
                docs.sort(key=lambda d: d["sortname"])
                self._docs, self._loaded = docs, time.monotonic()
            return self._docs

    def search(self, text: str = "", *, topics: tuple[str, ...] = (), filters: Filters = NO_FILTERS,
               limit: int = 10, offset: int = 0, now: dt.datetime | None = None) -> Found:
        """Entries for these words and topics within the filters, best first."""
        reading = self._read(text)
        evidence = {slug: words for slug, words in reading.topics}
        for slug in topics:
            evidence.setdefault(slug, ())
        allowed = [d for d in self._documents() if self._allows(d, filters, now)]
        stems = {w: {t.text for t in ANALYZER(w)} for w in reading.words}
        if not evidence and not stems:
            ranked = [(d, 0.0) for d in allowed]
        else:
            scored = [(d, self._score(d, evidence, stems)) for d in allowed]
            ranked = sorted([p for p in scored if p[1] > 0], key=lambda p: -p[1])
        hits = tuple(self._hit(d, s, evidence, stems, reading)
                     for d, s in ranked[offset:offset + limit])
        return Found(len(ranked), hits, tuple(evidence), reading.corrections, reading.words)

    def _read(self, text: str) -> Reading:
        text = text.strip()
        if not text:
            return Reading()
        if self.finder.understand:
            reading = self.finder.understand(text, frozenset())
        else:
            reading = Reading(words=tuple(w.strip("'") for w in WORD.findall(text.lower())))
        words = tuple(dict.fromkeys(w for w in reading.words
                                    if w not in STOP_WORDS and len(w) >= 2))
        return Reading(reading.topics, words, reading.corrections)

    def _allows(self, doc: dict, filters: Filters, now: dt.datetime | None) -> bool:
        """The same tests as the index's filter term sets (Finder._allowed)."""
        statuses = ("active",) if filters.active_only else ("active", "temporarily-closed")
        if doc["status"] not in statuses:
            return False
        if filters.age is not None and age_term(filters.age) not in doc["ages"]:
            return False
        places = self.finder._places(filters)
        if places and not doc["areas"] & {"national", *places}:
            return False
        if filters.grouping and doc["grouping"] != filters.grouping:
            return False
        if filters.topic and filters.topic not in doc["topics"]:
            return False
        if filters.contact and not doc["contact"] & set(filters.contact):
            return False
        if filters.avoid and not doc["contact"] & (set(CONTACT_METHODS) - set(filters.avoid)):
            return False
        if filters.free and doc["free"] != "yes":
            return False
        if filters.open_now:
            moment = now or dt.datetime.now(dt.UTC)
            if not doc["open"] & {slot_of(moment), ALWAYS} or not is_open(doc["hours"], moment):
                return False
        return True

    @staticmethod
    def _score(doc: dict, evidence: dict, stems: dict) -> float:
        score = 0.0
        for slug in evidence:
            if slug in doc["topics"]:
                score += TOPIC_BOOST + (MAIN_TOPIC_BOOST if doc["main_topic"] == slug else 0.0)
        for found in stems.values():
            score += sum(boost for name, boost in BOOSTS.items() if found & doc[name])
        return score

    def _hit(self, doc: dict, score: float, evidence: dict, stems: dict, reading: Reading) -> Hit:
        hit_topics = tuple(slug for slug in evidence if slug in doc["topics"])
        matched = [(w, name) for w, found in stems.items() for name in BOOSTS if found & doc[name]]
        fields = sorted({FIELD_WORDS[n] for _, n in matched})
        words = list(dict.fromkeys(w for w, _ in matched))
        why = self.finder.reason(hit_topics, evidence, words, fields, reading)
        return Hit(doc["id"], score, why, hit_topics)
