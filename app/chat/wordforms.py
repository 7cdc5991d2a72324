"""Word forms: how a typed word relates to the words the taxonomy lists.

Owns the light suffix strip (bullying -> bully), irregular past forms (felt -> feel), everyday
aliases on the message side (mother -> mum), reading "could not" as "cannot", and the shipped
list of everyday English words that are never spell-corrected. No matching, no Flask.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

COMMON_WORDS_PATH = Path(__file__).with_name("common_words.txt")


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


def loose_forms(token: str) -> tuple[str, ...]:
    """Wider suffix strip, only for deciding that a word is real English."""
    forms = list(word_forms(token))
    for suffix in _LOOSE_SUFFIXES:
        if len(token) > len(suffix) + 2 and token.endswith(suffix):
            stem = token[: -len(suffix)]
            forms += [stem, stem + "y", stem + "e"]
    return tuple(forms)


_CANNOT = {("could", "not"): "cannot", ("unable", "to"): "cannot", ("can", "not"): "cannot"}


def merge_cannot(original: Sequence[str], tokens: Sequence[str]
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


def stems_to(form: str, typed: str, token: str) -> bool:
    """Whether a form may stand for the word: a short word (rip, sh, ex) only as itself or plural."""
    return len(form) > 3 or any(form in (word, word[:-1]) for word in (typed, token))
