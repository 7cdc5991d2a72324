"""Concerns: which taxonomy topics a message is about, and the words that showed it.

Owns fuzzy correction of misspelt words and matching taxonomy phrases and words (longest first,
with a light suffix strip, irregular past forms and a few everyday aliases such as "mother" for
"mum"). Phrases tolerate intensifiers between their words, a left-out "my" and a short place after
a group word ("everyone at school hates me"). When nothing names a topic, a small list of
everyday words that lean to one is used instead. It never judges risk (that is app.chat.risk)
and never drops a topic because of a negation. Everything is precomputed once per taxonomy.
No Flask.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from app.chat.normalise import normalise
from app.taxonomy import Taxonomy

COMMON_WORDS_PATH = Path(__file__).with_name("common_words.txt")
MIN_CORRECTABLE = 4  # shorter tokens are too ambiguous to correct
SHORT_CUTOFF = 88  # tokens of 4-5 letters: one letter added or dropped
LONG_CUTOFF = 85  # longer tokens: one letter added or dropped, or two swapped
# Intensifiers a phrase may skip between its words ("feel so down", "not really ok").
FILLERS = frozenset("so really proper well bare mad super very literally lowkey highkey just "
                    "actually too fully totally completely absolutely fucking fking bloody "
                    "extremely quite kinda pretty always still ever even honestly genuinely "
                    "constantly seriously rlly rly realy relly soo v hella mega deffo lowk "
                    "highk".split())
# A possessive inside a phrase may be left out ("dad hits mum" for "hits my mum").
OPTIONAL_INSIDE = frozenset({"my"})
# After a word for a group of people, a phrase may skip a short place ("everyone at school hates
# me" for "everyone hates me", "no one in my form talks to me" for "no one talks to me").
GROUP_WORDS = frozenset("everyone everybody nobody one people anyone anybody someone they kids "
                        "boys girls lads".split())
PLACE_WORDS = frozenset("in at from around on".split())
MAX_PLACE = 4  # the place word and up to three more
MAX_FILLERS = 2


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


@dataclass(frozen=True)
class _Phrase:
    forms: tuple[frozenset[str], ...]  # per word, the forms it accepts
    slugs: tuple[str, ...]  # () for a neutral idiom


def understand(text: str, taxonomy: Taxonomy, *,
               known_words: frozenset[str] = frozenset()) -> Understanding:
    """Normalise, correct misspellings and find the topics a message mentions."""
    matcher = prepare(taxonomy)
    normalised = normalise(text)
    corrected, corrections = matcher.correct(normalised.tokens, known_words)
    return Understanding(normalised=normalised.text, corrected=" ".join(corrected),
                         corrections=corrections,
                         concerns=matcher.match(normalised.tokens, corrected))


_MATCHERS: dict[int, tuple[Taxonomy, _Matcher]] = {}


def prepare(taxonomy: Taxonomy) -> _Matcher:
    """The matcher for a taxonomy, built once; call at start-up to make the first turn fast."""
    cached = _MATCHERS.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    matcher = _Matcher(taxonomy)
    _MATCHERS[id(taxonomy)] = (taxonomy, matcher)
    return matcher


@functools.cache
def common_words() -> frozenset[str]:
    """The shipped list of everyday English words that are never corrected."""
    words: set[str] = set()
    for line in COMMON_WORDS_PATH.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


# Irregular past forms and their base, so "felt low" matches "feel low" and "ate" matches "eat".
IRREGULAR = {
    "felt": "feel", "made": "make", "took": "take", "taken": "take", "lost": "lose",
    "left": "leave", "told": "tell", "went": "go", "gone": "go", "came": "come", "saw": "see",
    "seen": "see", "sent": "send", "threw": "throw", "thrown": "throw", "fought": "fight",
    "stole": "steal", "stolen": "steal", "drank": "drink", "ate": "eat", "eaten": "eat",
    "gave": "give", "given": "give", "froze": "freeze", "frozen": "freeze", "hid": "hide",
    "hidden": "hide", "kept": "keep", "got": "get", "gotten": "get", "woke": "wake",
    "woken": "wake", "broke": "break", "broken": "break", "beaten": "beat", "fell": "fall",
    "fallen": "fall", "thought": "think", "caught": "catch", "ran": "run", "spat": "spit",
    "shook": "shake", "swore": "swear", "forgot": "forget", "bought": "buy", "sold": "sell",
    "spent": "spend", "met": "meet", "paid": "pay", "slept": "sleep", "bit": "bite",
    "bitten": "bite", "began": "begin", "begun": "begin", "chose": "choose", "wrote": "write",
    "written": "write", "drove": "drive", "rode": "ride", "flew": "fly", "grew": "grow",
    "knew": "know", "understood": "understand", "stood": "stand", "sat": "sit", "lay": "lie",
    "lied": "lie", "hung": "hang", "shot": "shoot", "stuck": "stick", "swam": "swim", "bled": "bleed",
}
# Words a message may use for a word the taxonomy spells one way (message side only).
ALIASES = {
    "himself": "myself", "herself": "myself", "themselves": "myself", "themself": "myself",
    "yourself": "myself", "urself": "myself", "meself": "myself",
    "his": "my", "her": "my", "their": "my", "our": "my", "your": "my",
    "mother": "mum", "mummy": "mum", "father": "dad", "daddy": "dad", "stepfather": "stepdad",
    "stepmother": "stepmum", "nana": "nan", "nanna": "nan", "nanny": "nan", "granny": "gran",
    "grandma": "gran", "grandmother": "gran", "grandpa": "grandad", "granddad": "grandad",
    "grandfather": "grandad", "bro": "brother", "sis": "sister", "mate": "friend",
    "mates": "friends", "pal": "friend", "pals": "friends", "bestie": "friend",
    "msgs": "messages", "msg": "message", "txts": "texts", "txt": "text", "pic": "picture",
    "photo": "picture", "photos": "pictures", "skl": "school", "skool": "school",
}


@functools.lru_cache(maxsize=8192)
def word_forms(token: str) -> tuple[str, ...]:
    """The token and the base forms a light suffix strip gives (bullying -> bully)."""
    forms = [token]
    size = len(token)
    if size > 4 and token.endswith(("ies", "ied")):
        forms.append(token[:-3] + "y")
    if size > 4 and token.endswith("es"):
        forms.append(token[:-2])
    if size > 3 and token.endswith("s") and not token.endswith("ss"):
        forms.append(token[:-1])
    for suffix in ("ed", "ing"):
        if size > len(suffix) + 2 and token.endswith(suffix):
            stem = token[: -len(suffix)]
            forms += [stem, stem + "e"]
            if stem[-1] == stem[-2] or stem.endswith("ck"):  # stopped -> stop, panicked -> panic
                forms.append(stem[:-1])
    irregular = [IRREGULAR[token]] if token in IRREGULAR else []
    return tuple(dict.fromkeys([token, *irregular] + [form for form in forms[1:] if len(form) >= 3]))


@functools.lru_cache(maxsize=8192)
def message_forms(token: str) -> tuple[str, ...]:
    """The forms of a word as typed in a message: its word forms and what it stands for."""
    alias = ALIASES.get(token)
    return word_forms(token) + word_forms(alias) if alias else word_forms(token)


_LOOSE_SUFFIXES = ("ly", "er", "est", "ness", "ful", "less", "ment", "y", "ily", "ier", "iest")


def _loose_forms(token: str) -> tuple[str, ...]:
    """Wider suffix strip, only for deciding that a word is real English."""
    forms = list(word_forms(token))
    for suffix in _LOOSE_SUFFIXES:
        if len(token) > len(suffix) + 2 and token.endswith(suffix):
            stem = token[: -len(suffix)]
            forms += [stem, stem + "y", stem + "e"]
    return tuple(forms)


class _Matcher:
    """Precomputed lookups for one taxonomy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.labels = {topic.slug: topic.label for topic in taxonomy.topics}
        misspelt = {term for topic in taxonomy.topics for term in topic.misspellings}
        words: dict[str, list[str]] = {}
        exact: dict[str, list[str]] = {}
        phrases: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        known: set[str] = set(common_words())
        # Owned terms first, so a shared word lists its owner before the topics that share it.
        terms = [(topic.slug, term, True) for topic in taxonomy.topics
                 for term in topic.words + topic.phrases]
        terms += [(topic.slug, term, False) for topic in taxonomy.topics
                  for term in topic.misspellings]
        terms += [(topic.slug, term, True) for topic in taxonomy.topics for term in topic.also]
        for slug, term, stemmed in terms:
            tokens = normalise(term).tokens
            stemmed = stemmed and term not in misspelt
            if stemmed:  # misspellings stay correctable, so corrected text reads right
                known.update(tokens)
            if len(tokens) == 1:
                _add(words if stemmed else exact, tokens[0], slug)
            elif tokens:
                _add(phrases, (tokens, stemmed), slug)
        for term in taxonomy.neutral:
            tokens = normalise(term).tokens
            known.update(tokens)
            phrases.setdefault((tokens, True), [])
        self.words = {key: tuple(value) for key, value in words.items()}
        self.exact = {key: tuple(value) for key, value in exact.items()}
        self.phrase_index = _index_phrases(phrases)
        self.known = frozenset(known)
        targets = sorted({token for word in taxonomy.vocabulary()
                          for token in normalise(word).tokens
                          if len(token) >= MIN_CORRECTABLE and token.isalpha()})
        self.targets_by_length = {
            size: [t for t in targets if abs(len(t) - size) <= 2]
            for size in range(MIN_CORRECTABLE, max(map(len, targets), default=0) + 3)}
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
                if fixed != token:
                    pairs[(token, fixed)] = None
            corrected.append(fixed)
        return tuple(corrected), tuple(pairs)

    def _correctable(self, token: str, known_words: frozenset[str]) -> bool:
        """Long enough, letters only, and not already a real or known word."""
        if len(token) < MIN_CORRECTABLE or not token.isalpha():
            return False
        return not any(form in self.known or form in known_words for form in _loose_forms(token))

    def _best_target(self, token: str) -> str | None:
        """The closest taxonomy word above the cut-off, or None."""
        choices = self.targets_by_length.get(len(token))
        if not choices:
            return None
        cutoff = SHORT_CUTOFF if len(token) <= 5 else LONG_CUTOFF
        best = process.extractOne(token, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if best is None else best[0]

    def match(self, original: Sequence[str], tokens: Sequence[str]) -> tuple[Concern, ...]:
        """Topics in the tokens as typed or corrected, longest phrase first, then single words."""
        original, tokens = _merge_cannot(original, tokens)
        forms = [message_forms(token) if token == typed
                 else message_forms(typed) + message_forms(token)
                 for typed, token in zip(original, tokens, strict=True)]
        covered = [False] * len(tokens)
        hits: list[tuple[int, int, tuple[str, ...]]] = []
        for start, end, slugs in self._phrase_hits(forms):
            if any(covered[start:end]):
                continue
            covered[start:end] = [True] * (end - start)
            if slugs:
                hits.append((start, end, slugs))
        for position, token in enumerate(tokens):
            if covered[position]:
                continue
            slugs = self.exact.get(original[position]) or self.exact.get(token) or next(
                (self.words[form] for form in forms[position]
                 if form in self.words and _stems_to(form, original[position], token)), ())
            if slugs:
                hits.append((position, position + 1, slugs))
        if not hits:  # nothing named a topic: fall back on everyday words that lean to one
            hits = [(position, position + 1, (FALLBACK[form],))
                    for position, token_forms in enumerate(forms) if not covered[position]
                    for form in token_forms[:2] if form in FALLBACK and FALLBACK[form] in self.labels]
        return self._concerns(original, hits)

    def _phrase_hits(self, forms: list[tuple[str, ...]]
                     ) -> list[tuple[int, int, tuple[str, ...]]]:
        """Every phrase occurrence, longest first, then leftmost."""
        found: list[tuple[int, int, tuple[str, ...]]] = []
        for start, token_forms in enumerate(forms):
            seen: set[int] = set()
            for form in token_forms:
                for phrase in self.phrase_index.get(form, ()):
                    if id(phrase) in seen:
                        continue
                    seen.add(id(phrase))
                    end = _phrase_end(phrase, forms, start)
                    if end is not None:
                        found.append((start, end, phrase.slugs))
        found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
        return found

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


_CANNOT = {("could", "not"): "cannot", ("unable", "to"): "cannot", ("can", "not"): "cannot"}


def _merge_cannot(original: Sequence[str], tokens: Sequence[str]
                  ) -> tuple[Sequence[str], Sequence[str]]:
    """Read "could not" and "unable to" as "cannot", so "couldnt sleep" matches "cant sleep"."""
    if not any(pair in _CANNOT for pair in zip(tokens, tokens[1:], strict=False)):
        return original, tokens
    merged_original: list[str] = []
    merged: list[str] = []
    position = 0
    while position < len(tokens):
        pair = tuple(tokens[position:position + 2])
        if pair in _CANNOT:
            merged_original.append(" ".join(original[position:position + 2]))
            merged.append(_CANNOT[pair])
            position += 2
        else:
            merged_original.append(original[position])
            merged.append(tokens[position])
            position += 1
    return merged_original, merged


def _phrase_end(phrase: _Phrase, forms: list[tuple[str, ...]], start: int) -> int | None:
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


def _stems_to(form: str, typed: str, token: str) -> bool:
    """Whether a form may stand for the word: a short word (rip, sh, ex) only as itself or plural."""
    return len(form) > 3 or any(form in (word, word[:-1]) for word in (typed, token))


def _add(table: dict, key: object, slug: str) -> None:
    """Append a slug to a table entry once."""
    slugs = table.setdefault(key, [])
    if slug not in slugs:
        slugs.append(slug)


def _index_phrases(phrases: dict[tuple[tuple[str, ...], bool], list[str]]
                   ) -> dict[str, tuple[_Phrase, ...]]:
    """Index phrases by every form of their first word."""
    index: dict[str, list[_Phrase]] = {}
    for (tokens, stemmed), slugs in phrases.items():
        accepted = tuple(frozenset(word_forms(t) if stemmed else (t,)) for t in tokens)
        phrase = _Phrase(forms=accepted, slugs=tuple(slugs))
        for form in accepted[0]:
            index.setdefault(form, []).append(phrase)
    return {form: tuple(found) for form, found in index.items()}
