"""Typo tolerance for search words: rapidfuzz correction against a known vocabulary.

A word that is already known (in the index, the taxonomy or the common-words list) is never
corrected: the `sacred` -> `scared` trap. Nothing here reads user text into logs.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process
from whoosh.lang.porter import stem

MIN_LENGTH = 4
CUTOFF = 80


class Speller:
    """Corrects unknown words to the closest known one, or leaves them alone."""

    def __init__(self, targets: frozenset[str], known: frozenset[str]):
        self.targets = sorted(t for t in targets if len(t) >= MIN_LENGTH - 1 and t.isalpha())
        self.known = known | frozenset(targets)
        # Inflections of known words are real words too: "going" (go), "getting" (get).
        self.known_stems = frozenset(stem(w) for w in self.known)
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str | None:
        word = word.lower()
        if len(word) < MIN_LENGTH or word in self.known or not word.isalpha():
            return None
        if self._inflected(word):
            return None
        best = process.extractOne(
            word, self.targets, scorer=fuzz.ratio, score_cutoff=CUTOFF,
        )
        if best is None:
            return None
        return best[0] if best[0] != word else None

    def _inflected(self, word: str) -> bool:
        """Whether the word is an inflection of a known word ("going", "getting", "hoped")."""
        if stem(word) in self.known_stems:
            return True
        for suffix in ("ing", "ed", "es", "s", "er", "ly"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                base = word[: -len(suffix)]
                doubled = base[:-1] if len(base) > 2 and base[-1] == base[-2] else base
                if {base, base + "e", doubled} & self.known:
                    return True
        return False
