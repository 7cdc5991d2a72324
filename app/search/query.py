"""Searching the index: words and topics, filters, typo tolerance and a plain reason per hit.

Queries are built from `whoosh.query` objects only; user text never reaches a query parser.
Filter document sets are cached per index generation, since the same few filters repeat.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as Q
from whoosh.scoring import BM25F

from app.directory.entry import CONTACT_METHODS
from app.directory.hours import ALWAYS, is_open, slot_of

from . import index as search_index
from .schema import ANALYZER, BOOSTS, age_term, area_key
from .spelling import Speller

TEXT_FIELDS = tuple(BOOSTS)
FIELD_WORDS = {"name": "its name", "synonyms": "its topics", "summary": "its summary",
               "description": "its description"}
POSTCODE = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)?(?:\s*\d[A-Z]{2})?$")
WORD = re.compile(r"[a-z][a-z']*")
CACHE_SIZE = 256


@dataclass(frozen=True)
class Filters:
    age: int | None = None
    postcode: str | None = None
    area: str | None = None
    grouping: str | None = None
    topic: str | None = None
    contact: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    free: bool = False
    open_now: bool = False
    active_only: bool = True


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    why: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    total: int
    hits: tuple[Hit, ...]
    topics: tuple[str, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    words: tuple[str, ...] = field(default=())


def postcode_parts(text: str) -> list[str]:
    """The postcode area and district of a postcode, district or area ('ZZ1 4AB' -> ZZ, ZZ1)."""
    match = POSTCODE.match(re.sub(r"\s+", " ", text.strip().upper()))
    if not match:
        return []
    area, district = match.group(1), match.group(1) + (match.group(2) or "")
    return sorted({area, district})


def postcode_terms(text: str) -> list[str]:
    """Index terms a postcode, district or area covers: the district and the area."""
    return [area_key(part) for part in postcode_parts(text)]


class Finder:
    """Searches one index directory; reopens itself when the index changes."""

    def __init__(self, data_dir: str | Path, taxonomy, known_words: frozenset[str] = frozenset(),
                 postcode_areas: dict[str, tuple[str, ...]] | None = None):
        self.data_dir = Path(data_dir)
        self.postcode_areas = {k.upper(): tuple(v) for k, v in (postcode_areas or {}).items()}
        self.taxonomy = taxonomy
        self.known_words = known_words
        self._lock = threading.RLock()
        self._generation = None
        self._searcher = None
        self._filters: OrderedDict = OrderedDict()
        self._word_topics = _word_topics(taxonomy)
        self.speller = Speller(frozenset(), known_words)

    # -- opening -----------------------------------------------------------------------
    def _current(self):
        gen = search_index.generation(self.data_dir)
        if self._searcher is None or gen != self._generation:
            if self._searcher is not None:
                self._searcher.close()
            ix = search_index.open_index(self.data_dir)
            self._searcher = ix.searcher(weighting=BM25F())
            self._generation = gen
            self._filters.clear()
            self.speller = Speller(self._vocabulary(self._searcher), self.known_words)
        return self._searcher

    def _vocabulary(self, searcher) -> frozenset[str]:
        words = set(self._word_topics)
        for fieldname in ("name", "synonyms"):
            words.update(t.decode() if isinstance(t, bytes) else t
                         for t in searcher.lexicon(fieldname))
        return frozenset(w for w in words if w.isalpha())

    def close(self) -> None:
        """Release the open searcher."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    # -- searching ---------------------------------------------------------------------
    def search(self, text: str = "", *, topics: tuple[str, ...] = (), filters: Filters = Filters(),
               limit: int = 10, offset: int = 0, now: dt.datetime | None = None) -> Found:
        """Entries for these words and topics within the filters, best first."""
        with self._lock:
            searcher = self._current()
            words, corrections = self._words(text)
            found_topics = list(dict.fromkeys([*topics, *self._topics_for(words)]))
            query = self._query(words, found_topics)
            allowed = self._allowed(searcher, filters, now)
            if filters.open_now:
                allowed = {d for d in allowed if is_open(searcher.stored_fields(d)["hours"], now)}
            if not allowed:  # Whoosh reads an empty filter set as "no filter"
                return Found(0, (), tuple(found_topics), tuple(corrections), tuple(words))
            if query is None:
                results = searcher.search(Q.Every(), filter=allowed, limit=offset + limit,
                                          sortedby="sortname")
            else:
                results = searcher.search(query, filter=allowed, limit=offset + limit, terms=True)
            total = len(results)
            hits = tuple(
                self._hit(h, words, found_topics, corrections) for h in results[offset:offset + limit]
            )
        return Found(total, hits, tuple(found_topics), tuple(corrections), tuple(words))

    def _words(self, text: str) -> tuple[list[str], list[tuple[str, str]]]:
        words, corrections = [], []
        for word in WORD.findall(text.lower()):
            word = word.strip("'")
            fixed = self.speller.correct(word)
            if fixed:
                corrections.append((word, fixed))
                word = fixed
            if word not in words:
                words.append(word)
        return words, corrections

    def _topics_for(self, words: list[str]) -> list[str]:
        found: list[str] = []
        for word in words:
            for slug in self._word_topics.get(word, ()):
                if slug not in found:
                    found.append(slug)
        return found

    def _query(self, words: list[str], topics: list[str]) -> Q.Query | None:
        parts: list[Q.Query] = [Q.Term("topics", slug, boost=2.0) for slug in topics]
        for word in words:
            for stem in {t.text for t in ANALYZER(word)}:
                parts.extend(Q.Term(f, stem) for f in TEXT_FIELDS)
        if not parts:
            return None
        return Q.Or(parts)

    def _allowed(self, searcher, filters: Filters, now: dt.datetime | None) -> set[int]:
        key = (filters.age, filters.postcode, filters.area, filters.grouping, filters.topic,
               filters.contact, filters.avoid, filters.free, filters.active_only,
               slot_of(now or dt.datetime.now(dt.UTC)) if filters.open_now else None)
        cached = self._filters.get(key)
        if cached is not None:
            self._filters.move_to_end(key)
            return cached
        docs = searcher.docs_for_query(self._filter_query(filters, now))
        allowed = set(docs)
        self._filters[key] = allowed
        if len(self._filters) > CACHE_SIZE:
            self._filters.popitem(last=False)
        return allowed

    def _filter_query(self, filters: Filters, now: dt.datetime | None) -> Q.Query:
        must: list[Q.Query] = []
        if filters.active_only:
            must.append(Q.Term("status", "active"))
        else:
            must.append(Q.Not(Q.Term("status", "inactive")))
        if filters.age is not None:
            must.append(Q.Term("ages", age_term(filters.age)))
        places = []
        if filters.postcode:
            places += postcode_terms(filters.postcode)
            places += [area_key(la) for code in postcode_parts(filters.postcode)
                       for la in self.postcode_areas.get(code, ())]
        if filters.area:
            places.append(area_key(filters.area))
        if places:
            must.append(Q.Or([Q.Term("areas", "national"), *(Q.Term("areas", p) for p in places)]))
        if filters.grouping:
            must.append(Q.Term("grouping", filters.grouping))
        if filters.topic:
            must.append(Q.Term("topics", filters.topic))
        if filters.contact:
            must.append(Q.Or([Q.Term("contact", c) for c in filters.contact]))
        if filters.avoid:
            # Keep entries that offer at least one way in other than the ones to avoid.
            others = [m for m in CONTACT_METHODS if m not in filters.avoid]
            must.append(Q.Or([Q.Term("contact", m) for m in others]))
        if filters.free:
            must.append(Q.Term("free", "yes"))
        if filters.open_now:
            slot = slot_of(now or dt.datetime.now(dt.UTC))
            must.append(Q.Or([Q.Term("open", slot), Q.Term("open", ALWAYS)]))
        return Q.And(must)

    def _hit(self, hit, words, topics, corrections) -> Hit:
        matched = hit.matched_terms() if hit.results.has_matched_terms() else []
        hit_topics = tuple(dict.fromkeys(t.decode() for f, t in matched if f == "topics"))
        score = hit.score if isinstance(hit.score, float) else 0.0
        return Hit(hit.fields()["id"], score,
                   self.reason(matched, words, corrections), hit_topics)

    def reason(self, matched, words, corrections) -> str:
        """Why this entry was found, in plain words."""
        topic_hits = [t.decode() for f, t in matched if f == "topics"]
        fixed = {new: old for old, new in corrections}
        parts = []
        for slug in topic_hits:
            topic = self.taxonomy.by_slug(slug)
            said = [w for w in words if slug in self._word_topics.get(w, ())]
            label = topic.label if topic else slug
            if said:
                shown = ", ".join(f"'{fixed.get(w, w)}'" for w in said)
                parts.append(f"you searched {shown}: {label}")
            else:
                parts.append(label)
        if parts:
            return "; ".join(parts)
        where = sorted({FIELD_WORDS[f] for f, _ in matched if f in FIELD_WORDS})
        said = ", ".join(f"'{w}'" for w in words[:3])
        return f"{said} is in {' and '.join(where)}" if where else ""


def _word_topics(taxonomy) -> dict[str, tuple[str, ...]]:
    """Single words (and misspellings) people use, to the topics they point at."""
    table: dict[str, list[str]] = {}
    for topic in taxonomy.topics:
        for word in (*topic.words, *getattr(topic, "misspellings", ()), topic.slug):
            for token in word.lower().split():
                if len(token) > 2 and token not in ("and", "the"):
                    table.setdefault(token, [])
                    if topic.slug not in table[token] and " " not in word:
                        table[token].append(topic.slug)
    return {w: tuple(s) for w, s in table.items() if s}
