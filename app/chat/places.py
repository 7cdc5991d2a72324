"""Places in England that people name (directory_data/places.yaml), found in a message.

Owns reading the reviewed list and finding a place in text, so the chat can say honestly when
the directory has no local services there yet. It never turns a place into a filter and never
guesses an area from a place. No Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..reviewed_yaml import load_reviewed

CUE = r"(?:live in|living in|lives in|im in|i am in|based in|near|around|from|in|at|go to school in)"


@dataclass(frozen=True)
class Places:
    names: tuple[str, ...]
    needs_cue: tuple[str, ...] = ()

    def find(self, clean: str) -> str | None:
        """The place named earliest in lower-case text (longest name first on a tie), or None."""
        plain, cued, alone = _patterns(self.names, self.needs_cue)
        found = [(m.start(), -len(m.group(1)), m.group(1)) for p in (plain, cued)
                 for m in p.finditer(clean)]
        if found:
            return self._name(min(found)[2])
        match = alone.fullmatch(clean.strip())
        return self._name(match.group(0)) if match else None

    def _name(self, said: str) -> str:
        """The list's spelling of a place found in lower-case text."""
        key = re.sub(r"[\s\-]+", " ", said)
        for name in (*self.names, *self.needs_cue):
            if re.sub(r"[\s\-]+", " ", name.lower()) == key:
                return name
        return said


def _body(name: str) -> str:
    return r"[\s\-]+".join(map(re.escape, re.split(r"[\s\-]+", name.lower())))


@lru_cache(maxsize=8)
def _patterns(names: tuple[str, ...], needs_cue: tuple[str, ...]):
    """Compiled once: plain names anywhere, cue-only names after a cue, a cue-only name alone."""
    def alternation(items) -> str:
        return "|".join(_body(n) for n in sorted(items, key=len, reverse=True)) or "(?!)"
    plain = re.compile(rf"(?<![a-z0-9])({alternation(names)})(?![a-z0-9])")
    cued = re.compile(rf"\b{CUE}\s+({alternation(needs_cue)})(?![a-z0-9])")
    return plain, cued, re.compile(alternation(needs_cue))


@lru_cache(maxsize=4)
def load_places(path: str | Path) -> Places:
    """The reviewed place list; raises ValueError when a section is missing or not a list."""
    data = load_reviewed(Path(path).read_text(encoding="utf-8")) or {}
    sections = ("cities_and_towns", "counties_and_regions", "needs_cue")
    if not all(isinstance(data.get(key), list) for key in sections):
        raise ValueError(f"{path}: needs lists {', '.join(sections)}")
    names = tuple(dict.fromkeys(str(n) for key in sections[:2] for n in data[key]))
    return Places(names, tuple(dict.fromkeys(str(n) for n in data["needs_cue"])))
