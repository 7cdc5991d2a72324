"""The chat state token: signed, small, holds no chat text, and refuses tampering."""

from __future__ import annotations

import pytest

from app.chat.state import BadState, State, dump, load


def test_state_round_trips():
    state = State(age=14, postcode="ZZ1", contact=("text",), topics=("anxiety",), shown=("a", "b"))
    assert load(dump(state, "k"), "k") == state


def test_empty_token_is_a_fresh_state():
    assert load(None, "k") == State()
    assert load("", "k") == State()


@pytest.mark.parametrize("token", ["garbage", "eyJhZ2UiOjE0fQ.bad", "x" * 5000],
                         ids=["garbage", "bad-signature", "too-long"])
def test_tampered_or_foreign_tokens_are_refused(token):
    with pytest.raises(BadState):
        load(token, "k")


def test_a_token_signed_with_another_key_is_refused():
    with pytest.raises(BadState):
        load(dump(State(age=12), "other"), "k")
