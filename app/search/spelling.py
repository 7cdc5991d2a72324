"""Typo tolerance for search words: rapidfuzz correction against a known vocabulary.

A word that is already known (in the index, the taxonomy or the common-words list) is never
corrected: the `sacred` -> `scared` trap. Nothing here reads user text into logs.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

MIN_LENGTH = 4
CUTOFF = 80


class Speller:
    """Corrects unknown words to the closest known one, or leaves them alone."""

    def __init__(self, targets: frozenset[str], known: frozenset[str]):
        self.targets = sorted(t for t in targets if len(t) >= MIN_LENGTH - 1 and t.isalpha())
        self.known = known | frozenset(targets)
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str | None:
        word = word.lower()
        if len(word) < MIN_LENGTH or word in self.known or not word.isalpha():
            return None
        best = process.extractOne(
            word, self.targets, scorer=fuzz.ratio, score_cutoff=CUTOFF,
        )
        if best is None:
            return None
        return best[0] if best[0] != word else None
