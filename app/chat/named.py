"""Services a message asks about by name: "what is CAMHS", "is Childline free", "can I text Shout".

Owns the names people use for directory entries. From each entry's own name it takes the name
itself, the name without a part in brackets or a leading "the" or "your", each name in brackets
("CAMHS", "GamCare"), the name without a trailing "in schools", "app", "helpline" or "textline",
and the singular of the last word of a long name ("support team"). A name two entries share (or
that starts another entry's name), or made only of digits, is dropped. A name counts only where
the words around it ask about the service ("what is", "see the", "is it free"), not where they report
it, name the writer's job or ask for something else ("GP says", "school nurse here", "waiting for
CAMHS", "without going to my GP"). A name
made only of everyday words ("shout", "on my mind", "stop it now") counts only straight after a
word for getting in touch ("text Shout", "called Frank"), so "I shout at my mum" names nothing.
Pure: no Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import who_for
from .normalise import normalise

MAX_NAMED = 2  # services put first for one message
_BRACKETS = re.compile(r"\(([^)]*)\)")
_LEADING = ("the ", "your ")
_TRAILING = (" in schools", " in school", " app", " helpline", " textline")
# Service names that are ordinary English words the common-word list leaves out.
ORDINARY = frozenset({"mermaids", "samaritans", "papyrus", "brook", "runaway"})
# Words that make a name a kind of service however everyday its other words ("school nurse").
SERVICE_WORDS = frozenset({"gp", "nurse", "doctor", "helpline", "advice", "trust", "uk", "nhs"})
# Words just before a name (past "the", "my" and the like) or just after it that ask about it.
_ARTICLES = frozenset("the a an my your our his her their this that".split())
_ASK_BEFORE = frozenset("""
what whats who is are does do did can could about call calling called ring rang text texted
message messaged contact contacted try tried use used using see seeing saw to referred referral
join joined with
""".split())
_ASK_AFTER = frozenset("""
free confidential any number website appointment appointments referral open safe good cost costs
tell tells work works
""".split())
# Words just before a name that ask for something else ("without going to my GP").
_INSTEAD = frozenset("without not instead rather than avoid except".split())
# Words straight before an everyday-word name that show it is the service being asked about.
_ASKING = frozenset("""
call calling called ring ringing rang text texting texted message messaging messaged contact
contacting contacted phone phoning phoned try trying tried use using used join joined
""".split())


@dataclass(frozen=True)
class Names:
    """Normalised names for directory entries, ready to look up in a message."""
    by_name: dict[str, str] = field(default_factory=dict)  # name -> entry id
    everyday: frozenset[str] = frozenset()  # names that are also everyday words
    longest: int = 0  # words in the longest name


def index(entries, everyday_words: frozenset[str]) -> Names:
    """Names for these entries (id and name each); a name two entries share is left out."""
    owners: dict[str, set[str]] = {}
    full: dict[str, str] = {}
    for entry in entries:
        full[entry.id] = _norm(_BRACKETS.sub(" ", entry.name))
        for name in _names(entry.name):
            owners.setdefault(name, set()).add(entry.id)
    # A short form that starts another entry's name ("youngminds" for two YoungMinds services)
    # could mean either, so it is shared too.
    starts: dict[str, set[str]] = {}  # the first words of a full name -> entries named so
    for entry_id, text in full.items():
        words = text.split()
        for size in range(1, len(words)):
            starts.setdefault(" ".join(words[:size]), set()).add(entry_id)
    by_name = {name: next(iter(ids)) for name, ids in owners.items()
               if len(ids) == 1 and starts.get(name, set()) <= ids}
    everyday = frozenset(n for n in by_name if n in ORDINARY or (
        not SERVICE_WORDS & set(n.split()) and all(_everyday(w, everyday_words) for w in n.split())))
    return Names(by_name, everyday, max((n.count(" ") + 1 for n in by_name), default=0))


def named(normalised: str, names: Names) -> tuple[str, ...]:
    """Entry ids the message names, in the order it names them (at most MAX_NAMED)."""
    words = normalised.split()
    found: list[str] = []
    i = 0
    while i < len(words) and len(found) < MAX_NAMED:
        for size in range(min(names.longest, len(words) - i), 0, -1):
            name = " ".join(words[i:i + size])
            entry_id = names.by_name.get(name)
            if entry_id and (_asked(words, i) if name in names.everyday
                             else _asked_about(words, i, i + size)):
                if entry_id not in found:
                    found.append(entry_id)
                i += size
                break
        else:
            i += 1
    return tuple(found)


def usable(entries, *, age: int | None, grown_up: bool, place_given: bool) -> list:
    """The named entries this person may use: inside the age range and who it is for, and a
    local service only once they have said where they are."""
    return [e for e in entries if who_for.eligible(e, age=age, grown_up=grown_up)
            and (place_given or e.coverage.get("national"))]


def first(named_entries, ranked, limit: int) -> list:
    """The named entries, then the ranked ones not already named, `limit` in all."""
    ids = {e.id for e in named_entries}
    return [*named_entries, *(e for e in ranked if e.id not in ids)][:limit]


def _asked_about(words: list[str], start: int, end: int) -> bool:
    """Whether the words around a name ask about the service ("what is CAMHS", "is Kooth free",
    "see the GP", "can I get an appointment"), rather than report it or name the writer's own
    job ("GP says nothing physical", "school nurse here", "without my GP knowing")."""
    before = [w for w in words[max(0, start - 3):start] if w not in _ARTICLES]
    if _INSTEAD.intersection(words[max(0, start - 4):start]):
        return False
    after = words[end:end + 1]
    return bool(before and before[-1] in _ASK_BEFORE) or bool(after and after[0] in _ASK_AFTER)


def _asked(words: list[str], i: int) -> bool:
    """Whether a word for getting in touch comes straight before word i ("text Shout", "called
    the Samaritans")."""
    before = [w for w in words[max(0, i - 2):i] if w != "the"]
    return bool(before) and before[-1] in _ASKING


def _names(name: str) -> set[str]:
    """The names people use for an entry called `name`, normalised like a message."""
    bracketed = [part for inner in _BRACKETS.findall(name) for part in inner.split(",")]
    plain = _BRACKETS.sub(" ", name)
    found = {_norm(name), _norm(plain), *(_norm(part) for part in bracketed)}
    for text in list(found):
        for lead in _LEADING:
            if text.startswith(lead):
                found.add(text[len(lead):])
    for text in list(found):
        for tail in _TRAILING:
            if text.endswith(tail) and len(text) > len(tail):
                found.add(text[:-len(tail)])
    for text in list(found):
        if text.count(" ") >= 2 and text.endswith("s") and not text.endswith("ss"):
            found.add(text[:-1])
    return {text for text in found if len(text) >= 2 and not text.replace(" ", "").isdigit()}


def _everyday(word: str, everyday_words: frozenset[str]) -> bool:
    """Whether a word is everyday English, as typed or without a plural ending."""
    forms = [word] + [word[:-len(end)] for end in ("es", "s") if word.endswith(end)]
    return any(form in everyday_words for form in forms)


def _norm(text: str) -> str:
    return " ".join(normalise(text).text.split())
