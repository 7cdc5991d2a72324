"""Cached postings: for one open index generation, each term's documents and BM25F scores.

Terms repeat across searches (topics, ages, areas, common words), and decoding a posting list
in pure Python is what makes Whoosh slow, so each term is read once per index generation and
kept within a budget of postings. Callers must drop the cache when the index changes.
"""

from __future__ import annotations

from collections import OrderedDict

from whoosh import query as Q

BUDGET = 2_000_000  # postings kept across all cached terms (about 110 bytes each: ~220 MB at worst)


class PostingsCache:
    """Documents and scores per (field, term), read through one Whoosh searcher."""

    def __init__(self, searcher, budget: int = BUDGET):
        self.searcher = searcher
        self.budget = budget
        self._docs: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self._scores: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self._held = 0

    def docs(self, field: str, text: str) -> frozenset[int]:
        """The live documents that hold this term."""
        key = (field, text)
        found = self._docs.get(key)
        if found is None:
            matcher = Q.Term(field, text).matcher(self.searcher)
            found = frozenset(matcher.all_ids()) if matcher.is_active() else frozenset()
            self._keep(self._docs, key, found)
        else:
            self._docs.move_to_end(key)
        return found

    def scores(self, field: str, text: str) -> dict[int, float]:
        """Each live document that holds this term, with its BM25F score for the term."""
        key = (field, text)
        found = self._scores.get(key)
        if found is None:
            found = {}
            matcher = Q.Term(field, text).matcher(self.searcher)
            while matcher.is_active():
                found[matcher.id()] = matcher.score()
                matcher.next()
            self._keep(self._scores, key, found)
        else:
            self._scores.move_to_end(key)
        return found

    def _keep(self, table: OrderedDict, key, value) -> None:
        table[key] = value
        self._held += len(value)
        while self._held > self.budget and (self._docs or self._scores):
            victim = self._scores if len(self._scores) >= len(self._docs) else self._docs
            _, dropped = victim.popitem(last=False)
            self._held -= len(dropped)
