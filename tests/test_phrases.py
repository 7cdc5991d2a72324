"""Phrase matching (app.chat.phrases): looking only at phrases whose words a message has finds
exactly what trying every phrase at every word finds, on the real taxonomy and stored messages."""

from __future__ import annotations

import glob
import random
from pathlib import Path

import pytest
import yaml

from app.chat.concerns import prepare
from app.chat.normalise import normalise
from app.chat.phrases import PhraseIndex, phrase_end
from app.chat.wordforms import merge_cannot, message_forms
from app.taxonomy import load_taxonomy

TESTS = Path(__file__).resolve().parent
TAXONOMY = load_taxonomy()


def stored_texts() -> list[str]:
    """Every message and turn of the risk and topic batches, once each."""
    texts: list[str] = []
    for path in sorted(glob.glob(str(TESTS / "risk_*.yaml")) + glob.glob(str(TESTS / "topics_*.yaml"))):
        for case in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
            if isinstance(case, dict):
                texts += [case["message"]] if isinstance(case.get("message"), str) else []
                texts += [t for t in case.get("turns") or () if isinstance(t, str)]
    return list(dict.fromkeys(texts))


def message_word_forms(text: str) -> list[tuple[str, ...]]:
    """The forms of each word of a message as the matcher reads it (typed and corrected)."""
    matcher = prepare(TAXONOMY)
    typed = normalise(text).tokens
    corrected, _ = matcher.correct(typed, frozenset())
    typed, corrected = merge_cannot(typed, corrected)
    return [message_forms(token) if token == was else message_forms(was) + message_forms(token)
            for was, token in zip(typed, corrected, strict=True)]


def every_phrase_tried(index: PhraseIndex, forms: list[tuple[str, ...]]) -> list[tuple]:
    """The straightforward scan: every phrase whose first word is here, tried at every word."""
    found = []
    for start, token_forms in enumerate(forms):
        seen: set[int] = set()
        for form in token_forms:
            for phrase in index.by_first.get(form, ()):
                if id(phrase) not in seen:
                    seen.add(id(phrase))
                    end = phrase_end(phrase, forms, start)
                    if end is not None:
                        found.append((start, end, phrase.slugs, phrase.context))
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
    return found


def test_the_phrases_found_are_those_every_phrase_tried_finds_on_stored_messages():
    index = prepare(TAXONOMY).phrases
    texts = stored_texts()[::3]
    rng = random.Random(12)
    shuffled = [" ".join(rng.sample(text.split(), len(text.split()))) for text in texts[::4]]
    differing = [text for text in texts + shuffled
                 if index.hits(message_word_forms(text))
                 != every_phrase_tried(index, message_word_forms(text))]
    assert len(texts) > 4000
    assert differing == []


ARGUE = {(("argue", "with", "my", "mum/dad"), True, False): ["family"],
         (("everyone", "hate", "me"), True, False): ["bullying"]}


@pytest.mark.parametrize("message, found", [
    ("i argue with my mum", [(1, 5, ("family",))]),
    ("i argue with mum", [(1, 4, ("family",))]),  # "my" may be left out
    ("i argue so much with my dad", []),  # "much" is no filler
    ("i argue so really with my dad", [(1, 7, ("family",))]),
    ("everyone at my school hates me", [(0, 6, ("bullying",))]),  # a short place after everyone
    ("everyone hates", []),
    ("me and mum argue", []),  # the words, in another order
], ids=["whole", "without-my", "not-a-filler", "fillers", "place", "cut-short", "other-order"])
def test_a_phrase_matches_with_its_small_gaps_and_not_without_all_its_words(message, found):
    index = PhraseIndex(ARGUE)
    forms = [message_forms(token) for token in normalise(message).tokens]
    assert [(start, end, slugs) for start, end, slugs, _ in index.hits(forms)] == found
    assert index.hits(forms) == every_phrase_tried(index, forms)
