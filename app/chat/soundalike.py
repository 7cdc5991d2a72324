"""Words spelt as they sound ("secrit", "bruther", "evryone"), read as the word meant.

Young children, and voice typing, spell by sound. Owns the sound key and the choice of word. A
word is respelt only when it is no English word (pyspellchecker's word list, which ships inside
the package, plus the normaliser's own words), only into one of the words a caller offers (the
risk rules' words), and only when the two sound alike (the same first letter and consonants), are
two edits apart (three for words of seven letters or more), and no other offered word is as close.
Pure: text in, text out; nothing is kept.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Iterable
from importlib import resources

from rapidfuzz.distance import DamerauLevenshtein

from .normalise import KNOWN_WORDS

MIN_LENGTH = 5  # "dye", "wer" and "ther" are too short to tell apart by sound
LONG_WORD = 7  # from this length three edits are allowed ("evrywon" for "everyone"), else two
# Sounds that are spelt more than one way, read as one letter before vowels are dropped.
_SAME_SOUND = ((re.compile(r"ph"), "f"), (re.compile(r"ck"), "k"), (re.compile(r"c(?=[eiy])"), "s"),
               (re.compile(r"[cq]"), "k"), (re.compile(r"x"), "ks"), (re.compile(r"z"), "s"))
_SOFT = re.compile(r"[aeiouyhw]")  # vowels and the letters that only colour them
_DOUBLED = re.compile(r"(.)\1+")


def sound_key(word: str) -> str:
    """The first letter, then the consonants as they sound: "secrit" and "secret" both "skrt"."""
    for pattern, sound in _SAME_SOUND:
        word = pattern.sub(sound, word)
    return _DOUBLED.sub(r"\1", word[:1] + _SOFT.sub("", word[1:]))


@functools.cache
def english_words() -> frozenset[str]:
    """Every word in pyspellchecker's English list (about 160,000), read once from the package."""
    data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    return frozenset(json.loads(gzip.decompress(data)))


# British spellings the American word list lacks: "colour", "realise", "analyse", "centre".
_BRITISH = ((re.compile(r"our(?=s?$|ed$|ing$|ite)"), "or"), (re.compile(r"is(?=e[sd]?$|ing$|ation)"), "iz"),
            (re.compile(r"ys(?=e[sd]?$|ing$)"), "yz"), (re.compile(r"tre(?=s?$)"), "ter"),
            (re.compile(r"ogue(?=s?$)"), "og"), (re.compile(r"ll(?=ed$|ing$|er$)"), "l"))


def is_english(word: str) -> bool:
    """A real word (British or American spelling), a plural or a dropped-g form of one
    ("tellin"), or one the normaliser knows."""
    words = english_words()
    if word in words or word in KNOWN_WORDS:
        return True
    if (word.endswith("s") and word[:-1] in words) or (word.endswith("in") and word + "g" in words):
        return True
    for pattern, american in _BRITISH:
        if pattern.search(word) and pattern.sub(american, word) in words:
            return True
    return False


class Soundalikes:
    """The words a caller cares about, by sound, and the one each sound-spelt word stands for."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w.isalpha() and len(w) >= MIN_LENGTH - 1)
        by_key: dict[str, set[str]] = {}
        for word in self.words:
            by_key.setdefault(sound_key(word), set()).add(word)
        self._by_key = {key: tuple(sorted(words)) for key, words in by_key.items()}
        self.meant = functools.lru_cache(maxsize=8192)(self._meant)

    def _meant(self, word: str) -> str | None:
        """The one offered word this sound-spelt word stands for, or None."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.words or is_english(word):
            return None
        limit = 3 if len(word) >= LONG_WORD else 2
        close = sorted((DamerauLevenshtein.distance(word, c, score_cutoff=limit), c)
                       for c in self._by_key.get(sound_key(word), ()) if c[0] == word[0])
        close = [pair for pair in close if pair[0] <= limit]
        if not close or (len(close) > 1 and close[1][0] == close[0][0]):
            return None  # nothing near enough, or two words as near: no guessing
        return close[0][1]

    def respell(self, text: str) -> str:
        """The text with each sound-spelt word replaced by the word it stands for."""
        return " ".join(self.meant(word) or word for word in text.split())


def pattern_words(sources: Iterable[str]) -> set[str]:
    """The plain words written in regex sources (escapes and group names left out)."""
    words: set[str] = set()
    for source in sources:
        plain = re.sub(r"\\[a-zA-Z]|\(\?P?<\w+>|\{\w+\}", " ", source)
        words.update(re.findall(r"(?<![a-z])[a-z]{4,}(?![a-z])", plain))
    return words
