"""Phrases: multi-word taxonomy terms and how they match a message with small gaps.

Owns the gaps a phrase tolerates: intensifiers between its words ("feel so down"), a left-out
"my" ("argue with mum") and a short place after a group word ("everyone at school hates me").
Works on precomputed word forms; it knows nothing of topics beyond the slugs it carries.
"""

from __future__ import annotations

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


def index_phrases(phrases: dict[tuple[tuple[str, ...], bool, bool], list[str]]
                  ) -> dict[str, tuple[Phrase, ...]]:
    """Index phrases by every form of their first word; "mum/dad" accepts either word."""
    index: dict[str, list[Phrase]] = {}
    for (tokens, stemmed, context), slugs in phrases.items():
        accepted = tuple(frozenset(form for alt in t.split("/")
                                   for form in (word_forms(alt) if stemmed else (alt,)))
                         for t in tokens)
        phrase = Phrase(forms=accepted, slugs=tuple(slugs), context=context)
        for form in accepted[0]:
            index.setdefault(form, []).append(phrase)
    return {form: tuple(found) for form, found in index.items()}
