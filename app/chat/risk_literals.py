"""Which rule regexes could match a text at all, from the literal strings each one needs.

Owns reading a compiled regex (concept, rule or idiom pattern) for strings of which every match
must contain at least one ("kill myself" or "end it" for a pattern), and finding which regexes'
strings occur in a text, so app.chat.risk_scan runs only those. Exact by construction: a regex
is only ever passed over when none of its strings is in the text, and any regex it cannot read
(an unknown construct, ignore-case) is always run. Keeps nothing of the texts it looks at.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# The parser Python's own `re` uses (private, so anything it gives that is not understood here
# is read as "could be anything", and a failure as "always run").
from re import _constants as _op  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

LIMIT = 64  # most strings a piece of a pattern is spelt out as before only part of it is kept
_UNKNOWN: tuple = (None, None)  # (the strings it can match, strings every match contains)
_REPEATS = (_op.MAX_REPEAT, _op.MIN_REPEAT, _op.POSSESSIVE_REPEAT)


def needed(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of the regex contains one; None if that cannot be said."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(regex.pattern, regex.flags)
        if parsed.state.flags & re.IGNORECASE:
            return None
        exact, need = _sequence(list(parsed))
    except Exception:  # noqa: BLE001 - anything unreadable is simply always run
        return None
    strings = exact if exact is not None else need
    if not strings or "" in strings:
        return None
    # A text holding "pay " holds "pay": keep only strings with no shorter one inside them.
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _sequence(items: list) -> tuple:
    """(every string the sequence can match, or None; strings each match contains, or None)."""
    run: set[str] = {""}  # what the items since the last unknown one can spell out
    found: list[set[str]] = []
    exact = True
    for op, av in items:
        spelt, need = _item(op, av)
        if spelt is not None and len(run) * len(spelt) <= LIMIT:
            run = {a + b for a in run for b in spelt}
            continue
        exact = False
        found.append(run)
        if need is not None:
            found.append(need)
        run = set(spelt) if spelt is not None else {""}
    if exact:
        return run, _best([run])
    return None, _best([*found, run])


def _best(options: list[set[str]]) -> set[str] | None:
    """The most telling set of needed strings: the longest shortest string, then the fewest."""
    usable = [o for o in options if o and "" not in o]
    return max(usable, key=lambda o: (min(map(len, o)), -len(o))) if usable else None


def _item(op, av) -> tuple:
    """(strings, or None; needed strings, or None) for one parsed regex item."""
    if op is _op.LITERAL:
        return {chr(av)}, {chr(av)}
    if op is _op.IN:
        chars = _chars(av)
        return (chars, chars) if chars is not None else _UNKNOWN
    if op is _op.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _UNKNOWN if (add_flags | del_flags) & re.IGNORECASE else _sequence(list(sub))
    if op is _op.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is _op.BRANCH:
        return _branch([_sequence(list(sub)) for sub in av[1]])
    if op in _REPEATS:
        low, high, sub = av
        spelt, need = _sequence(list(sub))
        if low == high == 1:
            return spelt, need
        if low == 0:
            return ({"", *spelt}, None) if high == 1 and spelt is not None else _UNKNOWN
        need = spelt if spelt is not None else need  # at least once, so one copy is needed
        return (None, need) if need and "" not in need else _UNKNOWN
    if op in (_op.AT, _op.ASSERT, _op.ASSERT_NOT):
        return {""}, None  # looks without taking any text
    return _UNKNOWN  # any character, a category, a back reference...


def _chars(av) -> set[str] | None:
    """The characters a class [...] matches, or None if negated, a category or too many."""
    chars: set[str] = set()
    for op, value in av:
        if op is _op.LITERAL:
            chars.add(chr(value))
        elif op is _op.RANGE and value[1] - value[0] < LIMIT:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None
    return chars if len(chars) <= LIMIT else None


def _branch(alternatives: list[tuple]) -> tuple:
    """An alternation: its strings if all are known, else every alternative's needed strings."""
    if all(spelt is not None for spelt, _ in alternatives):
        every = set().union(*(spelt for spelt, _ in alternatives))
        if len(every) <= LIMIT:
            return every, _best([every])
    needs = [spelt if spelt is not None else need for spelt, need in alternatives]
    if any(not n or "" in n for n in needs):
        return _UNKNOWN
    return None, set().union(*needs)


class Literals:
    """Regexes, by their source, indexed by their needed strings; `present` says which could
    match a text. Built from the sources alone, so one built before is used again."""

    def __init__(self, regexes: Iterable[re.Pattern[str]], counts: Counter | None = None):
        wanted: dict[str, frozenset[str] | None] = {}
        for regex in regexes:  # by source; one compiled twice (other flags) needs either's
            strings, before = _needed(regex), wanted.get(regex.pattern, frozenset())
            wanted[regex.pattern] = None if strings is None or before is None else strings | before
        self.always = frozenset(key for key, strings in wanted.items() if strings is None)
        # A needed string is looked for only where its rarest piece of six letters (or three,
        # in a shorter one) is in the text, by `counts` (see `rarity`).
        counts = counts if counts is not None else Counter()
        short: dict[str, set[str]] = {}
        postings: dict[str, dict[str, set[str]]] = {}
        for key, strings in wanted.items():
            for s in strings or ():
                if len(s) < 3:
                    short.setdefault(s, set()).add(key)
                else:
                    gram = min(_grams(s), key=lambda g: (counts[g], -len(g), " " in g, g))
                    postings.setdefault(gram, {}).setdefault(s, set()).add(key)
        self.short = tuple((s, frozenset(keys)) for s, keys in sorted(short.items()))
        self.postings = {gram: tuple((s, frozenset(keys)) for s, keys in sorted(by.items()))
                         for gram, by in postings.items()}
        self.grams = frozenset(self.postings)

    def present(self, text: str) -> set[str]:
        """Sources of the regexes (other than `always`) with a needed string in text."""
        found: set[str] = set()
        for s, keys in self.short:
            if s in text:
                found |= keys
        postings = self.postings
        for gram in _grams(text) & self.grams:
            for s, keys in postings[gram]:
                if s in text:
                    found |= keys
        return found


_BUILT: dict[tuple, tuple[Counter, Literals]] = {}
_RARITY: dict[tuple[str, ...], Counter] = {}
_NEEDED: dict[tuple[str, int], frozenset[str] | None] = {}


def rarity(corpus: Iterable[str]) -> Counter:
    """How many times each piece occurs in these texts (the rules' own examples), made once
    for the same texts (4 kept)."""
    corpus = tuple(corpus)
    counts = _RARITY.get(corpus)
    if counts is None:
        if len(_RARITY) >= 4:
            _RARITY.clear()
        counts = _RARITY[corpus] = Counter(g for text in corpus for g in _grams(text.lower()))
    return counts


def literals(regexes: Iterable[re.Pattern[str]], counts: Counter) -> Literals:
    """The index of these regexes, made once for the same sources and counts (16 kept)."""
    regexes = tuple(regexes)
    key = (tuple((r.pattern, r.flags) for r in regexes), id(counts))
    built = _BUILT.pop(key, None)
    if built is None or built[0] is not counts:
        built = (counts, Literals(regexes, counts))
    while len(_BUILT) >= 16:
        del _BUILT[next(iter(_BUILT))]  # the least recently used
    _BUILT[key] = built
    return built[1]


def _needed(regex: re.Pattern[str]) -> frozenset[str] | None:
    """`needed` for a regex source, worked out once per source (rule data, not messages)."""
    key = (regex.pattern, regex.flags)
    if key not in _NEEDED:
        if len(_NEEDED) > 20_000:
            _NEEDED.clear()
        _NEEDED[key] = needed(regex)
    return _NEEDED[key]


def _grams(text: str) -> set[str]:
    """Every piece of three and of six letters in text (six: fewer strings to look for than
    four or five; longer pieces cost more to list than they save)."""
    return {text[i:i + n] for n in (3, 6) for i in range(len(text) - n + 1)}
