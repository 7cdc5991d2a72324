"""Words spelt as they sound are read as the word meant, by the risk rules and the topics alike.

Young children and voice typing spell by sound ("secrit", "bruther", "prisun"); blind batches 30
and 22 were a third written that way. A real word is never changed, and a spelling that sounds
like two offered words is left alone rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.chat.concerns import understand
from app.chat.risk import assess, load_rules
from app.chat.soundalike import Soundalikes, is_english, sound_key
from app.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules(ROOT / "directory_data" / "risk_rules.yaml")
TAXONOMY = load_taxonomy(ROOT / "directory_data" / "taxonomy.yaml")


@pytest.mark.parametrize(("typed", "meant"), [
    ("secrit", "secret"), ("bruther", "brother"), ("evrywon", "everyone"), ("hevan", "heaven"),
    ("sumone", "someone"), ("happyer", "happier"), ("dissapear", "disappear"),
])
def test_a_word_spelt_as_it_sounds_is_read_as_the_word_meant(typed, meant):
    words = Soundalikes([meant, "secure", "bother", "every", "heavy", "simple"])
    assert sound_key(typed) == sound_key(meant)
    assert words.meant(typed) == meant


REAL = ["scared", "dyed", "maths", "colour", "realised", "centre", "travelling", "tellin",
        "bettings", "sacred"]
NEAR = ["secret", "died", "myths", "color", "realized", "center", "traveling", "telling", "beatings"]


@pytest.mark.parametrize("word", REAL)
def test_real_words_are_never_changed(word):
    assert is_english(word)
    assert Soundalikes(NEAR).meant(word) is None


def test_a_spelling_that_sounds_like_two_words_is_not_guessed():
    # "litel" is two letters from "little" and from "lately": no guessing.
    assert Soundalikes(["little", "lately"]).meant("litel") is None
    assert Soundalikes(["little"]).meant("litel") == "little"


def test_short_words_are_too_ambiguous_to_respell():
    assert Soundalikes(["there", "were"]).meant("ther") is None


@pytest.mark.parametrize("message", [
    "my uncle says its our secrit",
    "sumtimes i think if i wasnt born evrywon wud be happyer and i wish i cud dissapear for ever",
    "i want to go to hevan and be with my nan and i think about how to get there",
])
def test_the_risk_rules_read_sound_spellings(message):
    assert assess(message, RULES)


def test_the_rules_still_ignore_everyday_sound_spellings():
    assert not assess("my bruther is having a party for his birthday on saterday", RULES)


def test_topics_read_sound_spellings():
    found = understand("my dad is in prisun and i tell evryone hes working away", TAXONOMY)
    assert "family-prison" in found.slugs
