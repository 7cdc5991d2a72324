"""Concerns: which taxonomy topics a message is about, and the words that showed it.

Owns fuzzy correction of misspelt words and matching taxonomy terms, longest phrase first
(word forms are app.chat.wordforms, phrase gaps app.chat.phrases). When nothing names a topic,
a small list of everyday words that lean to one is used instead. It never judges risk (that is
app.chat.risk) and never drops a topic because of a negation. Precomputed once per taxonomy; no Flask.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from app.chat.normalise import normalise
from app.taxonomy import Taxonomy

from .phrases import PhraseIndex
from .ranking import GROWN_UP_TOPIC
from .soundalike import Soundalikes, english_words
from .wordforms import common_words, loose_forms, merge_cannot, message_forms, stems_to

MIN_CORRECTABLE = 4  # shorter tokens are too ambiguous to correct
SHORT_CUTOFF = 88  # tokens of 4-5 letters: one letter added or dropped
LONG_CUTOFF = 85  # longer tokens: one letter added or dropped, or two swapped
# A real word is only ever "corrected" to a form of itself ("grade" to "grades"): "series" is
# not "services", "antiseptic" not "antisemitic", "refuge" not "refugee", "swallowed" not "allowed".
_FORM_ENDINGS = ("s", "es", "d", "ed", "ing", "er", "y", "i", "n", "an", "ian")


# Everyday words that lean to a topic but are too common to raise it beside a clearer word.
# They count only when nothing else in the message names a topic ("i hide food in my room").
# No words for people or for ways to get in touch: those are how people ask follow-up
# questions ("can my mum call them") and must not replace the topics already found.
FALLBACK_WORDS = {
    "anxiety": "knots worst",
    "low-mood": "cloud heavy",
    "exams-school": "behaviour predicted grade sir",
    "eating-body-image": "food foods meal meals snack snacks eat eats eating ate",
    "sleep": "bed clock",
    "housing-money": "heating electric electricity afford",
    "ocd": "washing counting checking cleaning tapping symmetrical confessing confess",
    "neurodiversity": "noise noises labels forgetful",
    "gaming-gambling": "game games gamer console",
    "discrimination": "religion race accent muslim jewish sikh hindu ethnicity",
    "online-safety": "internet posted posting account accounts profile",
    "drugs-alcohol": "drink drinks wasted",
    "trauma": "accident crash fire",
    "anger": "punch punched smash smashed screaming yelling",
    "bereavement": "loss",
    "young-carers": "housework caring",
    "sexual-health": "protection pee",
    "bullying": "tripped",
    "self-harm": "sleeves",
}
# A grown-up often opens with the child's age or school year and no "my son": "He's 10 and
# since his dad moved out ...", "She's in Year 4 and ...". That is a parent or carer writing.
_OPENS_WITH_A_CHILD = re.compile(
    r"^(?:he|she) (?:is|s) (?:only |just |now )?(?:\d{1,2}|aged \d{1,2}|in year \d{1,2}|in reception|"
    r"in y\d{1,2})\b(?! (?:year|yr|yrs|years) older)")
FALLBACK = {word: slug for slug, words in FALLBACK_WORDS.items() for word in words.split()}


@dataclass(frozen=True)
class Concern:
    slug: str
    label: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Understanding:
    normalised: str
    corrected: str
    corrections: tuple[tuple[str, str], ...]
    concerns: tuple[Concern, ...]

    @property
    def slugs(self) -> tuple[str, ...]:
        """The recognised topic slugs, in order of first mention."""
        return tuple(concern.slug for concern in self.concerns)



def understand(text: str, taxonomy: Taxonomy, *,
               known_words: frozenset[str] = frozenset()) -> Understanding:
    """Normalise, correct misspellings and find the topics a message mentions."""
    matcher = prepare(taxonomy)
    normalised = normalise(text)
    corrected, corrections = matcher.correct(normalised.tokens, known_words)
    concerns = matcher.match(normalised.tokens, corrected)
    opening = _OPENS_WITH_A_CHILD.match(normalised.text)
    if opening and GROWN_UP_TOPIC in matcher.labels and all(c.slug != GROWN_UP_TOPIC for c in concerns):
        concerns = (*concerns, Concern(GROWN_UP_TOPIC, matcher.labels[GROWN_UP_TOPIC], (opening.group(0),)))
    return Understanding(normalised=normalised.text, corrected=" ".join(corrected),
                         corrections=corrections, concerns=concerns)


_MATCHERS: dict[int, tuple[Taxonomy, _Matcher]] = {}


def prepare(taxonomy: Taxonomy) -> _Matcher:
    """The matcher for a taxonomy, built once; call at start-up to make the first turn fast."""
    cached = _MATCHERS.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    matcher = _Matcher(taxonomy)
    _MATCHERS[id(taxonomy)] = (taxonomy, matcher)
    return matcher




class _Matcher:
    """Precomputed lookups for one taxonomy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.labels = {topic.slug: topic.label for topic in taxonomy.topics}
        misspelt = {term for topic in taxonomy.topics for term in topic.misspellings}
        words: dict[str, list[str]] = {}
        context_words: dict[str, list[str]] = {}
        exact: dict[str, list[str]] = {}
        phrases: dict[tuple[tuple[str, ...], bool, bool], list[str]] = {}
        known: set[str] = set(common_words())
        # Owned terms first, so a shared word lists its owner before the topics that share it.
        terms = [(topic.slug, term, True, False) for topic in taxonomy.topics
                 for term in topic.words + topic.phrases]
        terms += [(topic.slug, term, False, False) for topic in taxonomy.topics
                  for term in topic.misspellings]
        terms += [(topic.slug, term, True, False) for topic in taxonomy.topics for term in topic.also]
        terms += [(topic.slug, term, True, True) for topic in taxonomy.topics for term in topic.context]
        for slug, term, stemmed, context in terms:
            stemmed = stemmed and term not in misspelt
            for tokens in _term_variants(term):
                if stemmed:  # misspellings stay correctable, so corrected text reads right
                    known.update(alt for token in tokens for alt in token.split("/"))
                if len(tokens) == 1 and "/" not in tokens[0]:
                    table = context_words if context else words if stemmed else exact
                    _add(table, tokens[0], slug)
                elif tokens:
                    _add(phrases, (tokens, stemmed, context), slug)
        for term in taxonomy.neutral:  # "help him/her get ready" is a phrase with slots too
            for tokens in _term_variants(term):
                known.update(alt for token in tokens for alt in token.split("/"))
                phrases.setdefault((tokens, True, False), [])
        self.words = {key: tuple(value) for key, value in words.items()}
        # A txt spelling that normalises to a scene-setting word ("skool") stays scene-setting.
        self.exact = {key: tuple(value) for key, value in exact.items() if key not in context_words}
        self.context_words = {key: tuple(value) for key, value in context_words.items()}
        self.phrases = PhraseIndex(phrases)
        self.known = frozenset(known)
        targets = sorted({token for word in taxonomy.vocabulary()
                          for token in normalise(word).tokens
                          if len(token) >= MIN_CORRECTABLE and token.isalpha()})
        self.targets_by_length = {
            size: [t for t in targets if abs(len(t) - size) <= 2]
            for size in range(MIN_CORRECTABLE, max(map(len, targets), default=0) + 3)}
        self.soundalikes = Soundalikes(targets)
        self._correct_token = functools.lru_cache(maxsize=4096)(self._best_target)

    def correct(self, tokens: Sequence[str], known_words: frozenset[str]
                ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """Replace unknown, misspelt-looking tokens by the nearest taxonomy word."""
        corrected: list[str] = []
        pairs: dict[tuple[str, str], None] = {}
        for token in tokens:
            fixed = token
            if self._correctable(token, known_words):
                fixed = self._correct_token(token) or token
                if fixed != token and not _same_word(token, fixed):
                    fixed = token
                if fixed != token:
                    pairs[(token, fixed)] = None
            corrected.append(fixed)
        return tuple(corrected), tuple(pairs)

    def _correctable(self, token: str, known_words: frozenset[str]) -> bool:
        """Long enough, letters only, and not already a real or known word."""
        if len(token) < MIN_CORRECTABLE or not token.isalpha():
            return False
        return not any(form in self.known or form in known_words for form in loose_forms(token))

    def _best_target(self, token: str) -> str | None:
        """The closest taxonomy word above the cut-off, else one it is spelt as it sounds, or None."""
        choices = self.targets_by_length.get(len(token))
        if not choices:
            return None
        cutoff = SHORT_CUTOFF if len(token) <= 5 else LONG_CUTOFF
        best = process.extractOne(token, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return self.soundalikes.meant(token) if best is None else best[0]

    def match(self, original: Sequence[str], tokens: Sequence[str]) -> tuple[Concern, ...]:
        """Topics in the tokens as typed or corrected, longest phrase first, then single words."""
        original, tokens = merge_cannot(original, tokens)
        forms = [message_forms(token) if token == typed
                 else message_forms(typed) + message_forms(token)
                 for typed, token in zip(original, tokens, strict=True)]
        covered = [False] * len(tokens)
        hits: list[tuple[int, int, tuple[str, ...], bool]] = []
        for start, end, slugs, context in self._phrase_hits(forms):
            if any(covered[start:end]):
                continue
            covered[start:end] = [True] * (end - start)
            if slugs:
                hits.append((start, end, slugs, context))
        for position, token in enumerate(tokens):
            if covered[position]:
                continue
            for table, context in ((self.words, False), (self.context_words, True)):
                slugs = (not context and (self.exact.get(original[position])
                                          or self.exact.get(token))) or next(
                    (table[form] for form in forms[position]
                     if form in table and stems_to(form, original[position], token)), ())
                if slugs:
                    hits.append((position, position + 1, slugs, context))
                    break
        # Words that only set the scene ("school", "scared") count when nothing clearer does.
        clear = [(start, end, slugs) for start, end, slugs, context in hits if not context]
        hits = clear or [(start, end, slugs) for start, end, slugs, _ in hits]
        if not hits:  # nothing named a topic: fall back on everyday words that lean to one
            hits = [(position, position + 1, (FALLBACK[form],))
                    for position, token_forms in enumerate(forms) if not covered[position]
                    for form in token_forms[:2] if form in FALLBACK and FALLBACK[form] in self.labels]
        return self._concerns(original, hits)

    def _phrase_hits(self, forms: list[tuple[str, ...]]
                     ) -> list[tuple[int, int, tuple[str, ...], bool]]:
        """Every phrase occurrence, longest first, then leftmost."""
        return self.phrases.hits(forms)

    def _concerns(self, original: Sequence[str],
                  hits: Iterable[tuple[int, int, tuple[str, ...]]]) -> tuple[Concern, ...]:
        """Group hits by topic, ordered by first mention, evidence as the user wrote it."""
        first: dict[str, int] = {}
        evidence: dict[str, dict[str, None]] = {}
        for start, end, slugs in sorted(hits):
            words = " ".join(original[start:end])
            for slug in slugs:
                first.setdefault(slug, start)
                evidence.setdefault(slug, {})[words] = None
        order = sorted(first, key=lambda slug: first[slug])
        return tuple(Concern(slug=slug, label=self.labels[slug], evidence=tuple(evidence[slug]))
                     for slug in order)




def _same_word(token: str, fixed: str) -> bool:
    """Whether a correction may stand: the token is no dictionary word, or the fix is a form of it."""
    if token not in english_words() or fixed == token + "g":  # "takin" is a word, and "taking"
        return True
    short, long = sorted((token, fixed), key=len)
    return long.startswith(short) and long[len(short):] in _FORM_ENDINGS


def _term_variants(term: str) -> list[tuple[str, ...]]:
    """A term's normalised words, as one or more variants.

    "mum/dad has/is" is one variant that keeps each slot's alternatives joined by "/". An
    alternative that normalises to more than one word ("dont" is "do not") cannot share a slot
    with one-word alternatives, so the term gets one more variant for each such alternative.
    """
    if "/" not in term:
        return [normalise(term).tokens]
    variants: list[tuple[str, ...]] = [()]
    for slot in term.split():
        written = [normalise(alt).tokens for alt in slot.split("/")]
        single = "/".join(dict.fromkeys(words[0] for words in written if len(words) == 1))
        options = ([(single,)] if single else []) + [words for words in written if len(words) > 1]
        variants = [variant + option for variant in variants for option in options]
    return variants


def _add(table: dict, key: object, slug: str) -> None:
    """Append a slug to a table entry once."""
    slugs = table.setdefault(key, [])
    if slug not in slugs:
        slugs.append(slug)


