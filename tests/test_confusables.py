"""Look-alike letters and spaced-out letters cannot hide a risk word (issue 12, item 6)."""

from __future__ import annotations

import pytest

from app.chat.normalise import as_typed, normalise


@pytest.mark.parametrize(("typed", "plain"), [
    ("i want to k\u0456ll myself", "i want to kill myself"),          # Cyrillic i
    ("\u0455uicide", "suicide"),                                       # Cyrillic dze
    ("s\u0435lf h\u0430rm", "self harm"),                              # Cyrillic e and a
    ("\u03bfverdose", "overdose"),                                     # Greek omicron
    ("k i l l m y s e l f", "kill myself"),
    ("i want to d i e", "i want to die"),
    ("s u i c i d e", "suicide"),
    ("he wants n.u.d.e.s", "he wants nudes"),                          # dotted letters
    ("s-u-i-c-i-d-e", "suicide"),
    ("k*i*l*l myself", "kill myself"),
    ("i do s.h again", "i do sh again"),
])
def test_look_alike_and_spaced_letters_are_read_as_plain_letters(typed, plain):
    assert normalise(typed).text == plain


def test_ordinary_single_letters_and_numbers_are_left_alone():
    assert normalise("plan a or b for year 9").text == "plan a or b for year 9"
    assert normalise("version 1.2.3, e.g. this").text == "version 1 2 3 e g this"
    assert as_typed("option a b") == "option a b"


@pytest.mark.parametrize("typed", ["i want to k\u0456ll myself", "k i l l m y s e l f",
                                   "\u0455\u0443\u0456c\u0456d\u0430l", "s e l f  h a r m ing again",
                                   "he says hell s.h.a.r.e the n.u.d.e.s if i stop replying"])
def test_disguised_risk_words_still_escalate(client, typed):
    body = client.post("/api/chat", json={"message": typed, "state": None}).get_json()
    assert body["escalation"] is not None
