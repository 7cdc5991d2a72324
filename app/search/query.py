"""Searching the index: topics and words, filters, typo tolerance and a plain reason per hit.

People's words become topic slugs first (the injected `understand`), and only the words left
over are searched as text: short, topic-led queries. Every term's postings are read once per
index generation (`PostingsCache`), so filters and scores are set and dict operations.
User text never reaches a query parser.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
import threading
from collections.abc import Callable
from pathlib import Path

from whoosh.scoring import BM25F

from app.directory.entry import CONTACT_METHODS
from app.directory.hours import ALWAYS, is_open, slot_of

from . import index as search_index
from .found import NO_FILTERS, Filters, Found, Hit, Reading, postcode_parts, postcode_terms
from .postings import PostingsCache
from .results import Results
from .schema import ANALYZER, BOOSTS, STOP_WORDS, TOPIC_BOOST, age_term, area_key
from .spelling import Speller

FIELD_WORDS = {"name": "its name", "summary": "its summary", "description": "its description"}
WORD = re.compile(r"[a-z][a-z']*")
MAIN_TOPIC_BOOST = 3.0  # on top of TOPIC_BOOST when it is the entry's main topic
FLAT_FIELDS = ("topics", "main_topic")
FILTER_BUDGET = 1_000_000  # documents held across cached filter sets (~60 bytes each)
# Search texts read (topics, words, spelling fixes) kept per index generation: the same words
# come back with other filters and pages. Directory and API search boxes only; the chat
# searches by topics and never passes what was typed.
MAX_READINGS = 2_000


class Finder:
    """Searches one index directory; reopens itself (and drops its caches) when the index changes."""

    def __init__(self, data_dir: str | Path, taxonomy, known_words: frozenset[str] = frozenset(),
                 postcode_areas: dict[str, tuple[str, ...]] | None = None,
                 understand: Callable[[str, frozenset[str]], Reading] | None = None):
        self.data_dir = Path(data_dir)
        self.taxonomy = taxonomy
        self.known_words = known_words
        self.postcode_areas = {k.upper(): tuple(v) for k, v in (postcode_areas or {}).items()}
        self.understand = understand
        self._lock = threading.RLock()
        self._generation = None
        self._searcher = None
        self._postings: PostingsCache | None = None
        self._filters: dict = {}
        self._results = Results()
        self._readings = Results(MAX_READINGS)
        self._ids: dict[int, str] = {}  # document number -> entry id, for this generation
        self._by_name: list[int] = []
        self.speller = Speller(frozenset(), known_words)

    # -- opening -----------------------------------------------------------------------
    def _current(self):
        gen = search_index.generation(self.data_dir)
        if self._searcher is None or gen != self._generation:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            searcher = search_index.open_index(self.data_dir).searcher(weighting=BM25F())
            self._searcher, self._generation = searcher, gen
            self._postings = PostingsCache(searcher)
            self._filters = {}
            self._results = Results()
            self._readings = Results(MAX_READINGS)
            self._ids = {}
            names = searcher.reader().column_reader("sortname")
            self._by_name = sorted(searcher.reader().all_doc_ids(), key=lambda d: names[d])
            self.speller = Speller(self._vocabulary(searcher), self.known_words)
        return self._searcher

    def _vocabulary(self, searcher) -> frozenset[str]:
        words = {w for t in self.taxonomy.topics for w in (*t.words, t.slug) if " " not in w}
        for fieldname in ("name", "summary"):
            words.update(t.decode() if isinstance(t, bytes) else t for t in searcher.lexicon(fieldname))
        return frozenset(w for w in words if w.isalpha())

    def _indexed(self, word: str) -> bool:
        """True when the word (as the index stems it) is in some entry's text: never correct it."""
        return any(self._postings.docs(f, t.text) for t in ANALYZER(word) for f in BOOSTS)

    def close(self) -> None:
        """Release the open searcher."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    # -- searching ---------------------------------------------------------------------
    def search(self, text: str = "", *, topics: tuple[str, ...] = (), filters: Filters = NO_FILTERS,
               limit: int = 10, offset: int = 0, now: dt.datetime | None = None) -> Found:
        """Entries for these words and topics within the filters, best first.

        The same search again within one index generation gets the result kept the first time
        (never for `open_now`, which changes with the clock)."""
        with self._lock:
            searcher = self._current()
            key = None if filters.open_now else (text.strip(), tuple(topics), filters, limit, offset)
            found = self._results.get(key) if key is not None else None
            if found is None:
                found = self._search(searcher, text, topics, filters, limit, offset, now)
                if key is not None:
                    self._results.put(key, found)
        return found

    def _search(self, searcher, text: str, topics: tuple[str, ...], filters: Filters, limit: int,
                offset: int, now: dt.datetime | None) -> Found:
        """The search itself, under the finder's lock."""
        reading = self._readings.get(text.strip())
        if reading is None:
            reading = self._read(text)
            self._readings.put(text.strip(), reading)
        evidence = {slug: words for slug, words in reading.topics}
        for slug in topics:
            evidence.setdefault(slug, ())
        allowed = self._allowed(filters, now)
        if filters.open_now:
            allowed = {d for d in allowed if is_open(searcher.stored_fields(d)["hours"], now)}
        terms = self._terms(list(evidence), reading.words)
        if not terms:
            ranked = [d for d in self._by_name if d in allowed]
            page = [(d, 0.0) for d in ranked[offset:offset + limit]]
            total = len(ranked)
        else:
            scores = self._score(terms, allowed)
            total = len(scores)
            # Ties keep the order documents were first scored in (the first term's postings).
            best = heapq.nlargest(offset + limit, scores, key=scores.__getitem__)
            page = [(d, scores[d]) for d in best[offset:]]
        matchable = self._matchable(terms) if page else []
        hits = tuple(self._hit(d, s, matchable, evidence, reading) for d, s in page)
        return Found(total, hits, tuple(evidence), reading.corrections, reading.words)

    def _read(self, text: str) -> Reading:
        """Topics (with the words that named them), leftover words, and spelling fixes."""
        text = text.strip()
        if not text:
            return Reading()
        if self.understand:
            # Words in some entry's own text (a name like "Otterly") are never "corrected".
            indexed = frozenset(w for w in WORD.findall(text.lower()) if self._indexed(w))
            reading = self.understand(text, indexed)
        else:
            reading = Reading(words=tuple(w.strip("'") for w in WORD.findall(text.lower())))
        words, corrections = [], list(reading.corrections)
        for word in reading.words:
            if word in STOP_WORDS or len(word) < 2:
                continue
            new = None if self._indexed(word) else self.speller.correct(word)
            if new:
                corrections.append((word, new))
                word = new
            if word not in words:
                words.append(word)
        return Reading(reading.topics, tuple(words), tuple(dict.fromkeys(corrections)))

    def _terms(self, topics: list[str], words: tuple[str, ...]) -> list[tuple[str, str, float, str]]:
        """(field, term, boost, what the person asked for) for each part of the query."""
        terms = [("topics", slug, TOPIC_BOOST, slug) for slug in topics]
        # An entry mainly for a topic beats one that lists it among many.
        terms += [("main_topic", slug, MAIN_TOPIC_BOOST, slug) for slug in topics]
        for word in words:
            for stem in {t.text for t in ANALYZER(word)}:
                terms.extend((f, stem, boost, word) for f, boost in BOOSTS.items())
        return terms

    def _score(self, terms, allowed: set[int] | frozenset[int]) -> dict[int, float]:
        """Summed BM25F scores of every allowed document that matches any term."""
        scores: dict[int, float] = {}
        get = scores.get
        for fieldname, term, boost, _ in terms:
            if fieldname in FLAT_FIELDS:  # a topic is there or not: no length or frequency bias
                docs = self._postings.docs(fieldname, term)
                # Each matching document scores 1.0 * boost, read straight from the set (the
                # same documents in the same order as a {doc: 1.0} made from it, unbuilt).
                flat = (d for d in docs if d in allowed) if len(docs) <= len(allowed) else (
                    d for d in allowed if d in docs)
                for doc in flat:
                    scores[doc] = get(doc, 0.0) + boost
                continue
            postings = self._postings.scores(fieldname, term)
            if len(postings) <= len(allowed):
                pairs = ((d, s) for d, s in postings.items() if d in allowed)
            else:
                pairs = ((d, postings[d]) for d in allowed if d in postings)
            for doc, score in pairs:
                scores[doc] = get(doc, 0.0) + score * boost
        return scores

    def _allowed(self, filters: Filters, now: dt.datetime | None) -> frozenset[int]:
        """The documents the filters let through, from cached term sets."""
        key = (filters, slot_of(now or dt.datetime.now(dt.UTC)) if filters.open_now else None)
        cached = self._filters.get(key)
        if cached is not None:
            return cached
        docs = self._postings.docs
        sets = [docs("status", "active")] if filters.active_only else [
            docs("status", "active") | docs("status", "temporarily-closed")]
        if filters.age is not None:
            sets.append(docs("ages", age_term(filters.age)))
        places = self._places(filters)
        if places or filters.local_needs_place:
            sets.append(_union(docs("areas", p) for p in ["national", *places]))
        if filters.grouping:
            sets.append(docs("grouping", filters.grouping))
        if filters.topic:
            sets.append(docs("topics", filters.topic))
        sets += self._contact_sets(filters)
        if filters.free:
            sets.append(docs("free", "yes"))
        if filters.open_now:
            slot = slot_of(now or dt.datetime.now(dt.UTC))
            sets.append(docs("open", slot) | docs("open", ALWAYS))
        allowed = frozenset.intersection(*sorted(sets, key=len))
        if sum(map(len, self._filters.values())) + len(allowed) > FILTER_BUDGET:
            self._filters.clear()
        self._filters[key] = allowed
        return allowed

    def _contact_sets(self, filters: Filters) -> list[frozenset[int]]:
        """Entries reachable the ways asked for, and by some way other than those to avoid."""
        docs = self._postings.docs
        sets = []
        if filters.contact:
            sets.append(_union(docs("contact", c) for c in filters.contact))
        if filters.avoid:
            others = [m for m in CONTACT_METHODS if m not in filters.avoid]
            sets.append(_union(docs("contact", m) for m in others))
        return sets

    def _places(self, filters: Filters) -> list[str]:
        """Area terms for a postcode (and the local authorities it lies in) or an area name."""
        places = []
        if filters.postcode:
            places += postcode_terms(filters.postcode)
            places += [area_key(la) for code in postcode_parts(filters.postcode)
                       for la in self.postcode_areas.get(code, ())]
        if filters.area:
            places.append(area_key(filters.area))
        return places

    def _hit(self, doc: int, score: float, matchable, evidence, reading: Reading) -> Hit:
        """One result; `matchable` is `_matchable(terms)`, read once per search."""
        matched = [(f, t, asked) for f, t, asked, docs in matchable if doc in docs]
        hit_topics = tuple(asked for f, _, asked in matched if f == "topics")
        fields = sorted({FIELD_WORDS[f] for f, _, _ in matched if f in FIELD_WORDS})
        words = list(dict.fromkeys(asked for f, _, asked in matched if f != "topics"))
        why = self.reason(hit_topics, evidence, words, fields, reading)
        entry_id = self._ids.get(doc)
        if entry_id is None:  # stored fields are decoded whole: read each id once
            entry_id = self._ids[doc] = self._searcher.stored_fields(doc)["id"]
        return Hit(entry_id, score, why, hit_topics)

    def _matchable(self, terms) -> list[tuple[str, str, str, frozenset[int]]]:
        """(field, term, what was asked, its documents) of each term a hit's reason can name:
        the postings read once per search, not once per hit and term."""
        docs = self._postings.docs
        return [(f, t, asked, docs(f, t)) for f, t, _, asked in terms if f != "main_topic"]

    def reason(self, topics, evidence, words, fields, reading: Reading) -> str:
        """Why this entry was found, in plain words."""
        original = {new: old for old, new in reading.corrections}
        parts = []
        for slug in topics:
            topic = self.taxonomy.by_slug(slug)
            label = topic.label if topic else slug
            said = evidence.get(slug) or ()
            if said:
                shown = ", ".join(f"'{original.get(w, w)}'" for w in dict.fromkeys(said))
                parts.append(f"you searched {shown}: {label}")
            else:
                parts.append(label)
        if words and fields:
            shown = ", ".join(f"'{original.get(w, w)}'" for w in words[:3])
            parts.append(f"{shown} is in {' and '.join(fields)}")
        return "; ".join(parts)


def _union(sets) -> frozenset[int]:
    return frozenset().union(*sets)
