"""Phrases: multi-word taxonomy terms and how they match a message with small gaps.

Owns the gaps a phrase tolerates: intensifiers between its words ("feel so down"), a left-out
"my" ("argue with mum") and a short place after a group word ("everyone at school hates me").
Works on precomputed word forms; it knows nothing of topics beyond the slugs it carries.
`PhraseIndex` looks, in each message, only at the phrases whose every word it has somewhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .wordforms import word_forms

# Intensifiers a phrase may skip between its words ("feel so down", "not really ok").
FILLERS = frozenset("so really proper well bare mad super very literally lowkey highkey just "
                    "actually too fully totally completely absolutely fucking fking bloody "
                    "extremely quite kinda pretty always still ever even honestly genuinely "
                    "constantly seriously rlly rly realy relly soo v hella mega deffo lowk "
                    "highk like".split())
# A possessive inside a phrase may be left out ("dad hits mum" for "hits my mum").
OPTIONAL_INSIDE = frozenset({"my"})
# After a word for a group of people, a phrase may skip a short place ("everyone at school hates
# me" for "everyone hates me", "no one in my form talks to me" for "no one talks to me").
GROUP_WORDS = frozenset("everyone everybody nobody one people anyone anybody someone they kids "
                        "boys girls lads".split())
PLACE_WORDS = frozenset("in at from around on".split())
MAX_PLACE = 4  # the place word and up to three more
MAX_FILLERS = 2


@dataclass(frozen=True)
class Phrase:
    """One multi-word term: the forms each word accepts, and the topics it names."""
    forms: tuple[frozenset[str], ...]  # per word, the forms it accepts
    slugs: tuple[str, ...]  # () for a neutral idiom
    context: bool = False  # names only the setting ("at school"): counts when nothing else does


def phrase_end(phrase: Phrase, forms: list[tuple[str, ...]], start: int) -> int | None:
    """Where a phrase starting at `start` ends, allowing a few fillers between its words."""
    position = start
    last = len(phrase.forms) - 1
    for k, accepted in enumerate(phrase.forms):
        if (0 < k < last and accepted <= OPTIONAL_INSIDE and position < len(forms)
                and accepted.isdisjoint(forms[position])):
            continue  # "argue with mum" for "argue with my mum"
        if (k and position < len(forms) and forms[position][0] in PLACE_WORDS
                and forms[position - 1][0] in GROUP_WORDS and accepted.isdisjoint(forms[position])):
            position = next((j for j in range(position + 2, min(position + MAX_PLACE, len(forms)) + 1)
                             if j < len(forms) and not accepted.isdisjoint(forms[j])), position)
        skipped = 0
        while (k and skipped < MAX_FILLERS and position < len(forms)
               and forms[position][0] in FILLERS and accepted.isdisjoint(forms[position])):
            position += 1
            skipped += 1
        if position >= len(forms) or accepted.isdisjoint(forms[position]):
            return None
        position += 1
    return position


def make_phrases(phrases: dict[tuple[tuple[str, ...], bool, bool], list[str]]) -> list[Phrase]:
    """One Phrase per term, in the order given; "mum/dad" accepts either word."""
    return [Phrase(forms=tuple(frozenset(form for alt in t.split("/")
                                         for form in (word_forms(alt) if stemmed else (alt,)))
                               for t in tokens),
                   slugs=tuple(slugs), context=context)
            for (tokens, stemmed, context), slugs in phrases.items()]


def index_phrases(phrases: dict[tuple[tuple[str, ...], bool, bool], list[str]]
                  ) -> dict[str, tuple[Phrase, ...]]:
    """Index phrases by every form of their first word, each list in the order given."""
    return _by_first(make_phrases(phrases))


def _by_first(phrases: list[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        for form in phrase.forms[0]:
            index.setdefault(form, []).append(phrase)
    return {form: tuple(found) for form, found in index.items()}


def needed_words(phrase: Phrase) -> tuple[frozenset[str], ...]:
    """The words every match holds somewhere: all but a "my" that may be left out."""
    last = len(phrase.forms) - 1
    return tuple(accepted for k, accepted in enumerate(phrase.forms)
                 if not (0 < k < last and accepted <= OPTIONAL_INSIDE))


class PhraseIndex:
    """Phrases, and for each message only those whose every needed word it has somewhere.

    `phrase_end` never accepts a phrase with a needed word missing from the message, so the
    rest are never tried: the same hits in the same order, for far fewer calls. Each phrase is
    looked up by the needed word fewest phrases share ("to", "me" and "my" are in many phrases,
    and in most messages). Built once per taxonomy from whatever phrases it has.
    """

    def __init__(self, phrases: dict[tuple[tuple[str, ...], bool, bool], list[str]]):
        self.phrases = make_phrases(phrases)
        self.by_first = _by_first(self.phrases)
        shared = Counter(form for phrase in self.phrases for form in set().union(*phrase.forms))
        # For each form of a phrase's rarest word: the phrase's number and its other words.
        self._by_key: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for number, phrase in enumerate(self.phrases):
            needs = sorted(needed_words(phrase),
                           key=lambda accepted: sum(shared[form] for form in accepted))
            for form in needs[0]:
                self._by_key.setdefault(form, []).append((number, tuple(needs[1:])))

    def possible(self, present: set[str]) -> set[int]:
        """The numbers of the phrases whose every needed word has a form in `present`."""
        found: set[int] = set()
        for form in present:
            for number, rest in self._by_key.get(form, ()):
                for accepted in rest:
                    if accepted.isdisjoint(present):
                        break
                else:
                    found.add(number)
        return found

    def hits(self, forms: list[tuple[str, ...]]) -> list[tuple[int, int, tuple[str, ...], bool]]:
        """Every phrase occurrence (start, end, slugs, context), longest first, then leftmost."""
        by_form: dict[str, list[Phrase]] = {}
        for number in sorted(self.possible(set().union(*forms))):  # the index's own order
            phrase = self.phrases[number]
            for form in phrase.forms[0]:
                by_form.setdefault(form, []).append(phrase)
        found: list[tuple[int, int, tuple[str, ...], bool]] = []
        for start, token_forms in enumerate(forms):
            seen: set[int] = set()
            for form in token_forms:
                for phrase in by_form.get(form, ()):
                    if id(phrase) in seen:
                        continue
                    seen.add(id(phrase))
                    end = phrase_end(phrase, forms, start)
                    if end is not None:
                        found.append((start, end, phrase.slugs, phrase.context))
        found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
        return found
