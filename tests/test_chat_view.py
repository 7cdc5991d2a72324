"""The no-JavaScript chat after post/redirect/get: the sealed address, what it holds, Back and reload."""

from __future__ import annotations

import base64
import re

import pytest

from app.web import chat_view

from .pagecheck import check_page
from .test_chat_page import cards, state_of, text_of

MARKER = "zqxwvmarker"


def test_a_post_redirects_to_a_sealed_address_with_no_typed_words(client):
    response = client.post("/", data={"message": f"i cant sleep because of exams {MARKER}"})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/\?s=[A-Za-z0-9_\-=%]+#latest", location), location
    sealed = location.split("s=", 1)[1].split("#")[0].replace("%3D", "=")
    raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    for word in (b"sleep", b"exams", MARKER.encode(), b"topics"):
        assert word not in raw  # encrypted: history shows nothing about the conversation
    page = client.get(location)
    assert MARKER not in page.get_data(as_text=True)


def test_reloading_the_address_shows_the_same_reply_and_state(client):
    location = client.post("/", data={"message": "i feel lonely"}).headers["Location"]
    first, again = client.get(location).get_data(as_text=True), client.get(location).get_data(as_text=True)
    assert first == again
    check_page(first)
    assert cards(first) and state_of(first)


def test_a_quick_reply_label_is_shown_as_what_you_said(client):
    response = client.post("/", data={"message": "Worry or anxiety"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "You said Worry or anxiety" in text_of(html)


@pytest.mark.parametrize("sealed", ["nonsense", "gAAAAABnot-a-real-token==", "x" * 9000],
                         ids=["junk", "forged", "too-long"])
def test_a_damaged_address_shows_a_fresh_chat_not_an_error(client, sealed):
    response = client.get("/", query_string={"s": sealed})
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert "That chat has ended" in page.text
    assert not cards(response.get_data(as_text=True))


def test_an_address_sealed_with_another_key_or_too_old_is_not_opened():
    sealed = chat_view.seal({"s": "", "a": "yes"}, "one-key")
    assert chat_view.unseal(sealed, "one-key") == {"s": "", "a": "yes"}
    assert chat_view.unseal(sealed, "another-key") is None
    assert chat_view.unseal(sealed, "one-key", ttl=-1) is None


def test_did_this_help_no_without_javascript_offers_what_next(client):
    html = client.post("/", data={"message": "i feel lonely"}, follow_redirects=True).get_data(as_text=True)
    response = client.post("/helpful", data={"answer": "no", "topics": "loneliness",
                                             "state": state_of(html)})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    text = text_of(page)
    assert "Sorry it did not help. What would you like to try next?" in text
    for label in ("Show me other options", "I'd rather talk by text", "Something else is on my mind"):
        assert f'value="{label}"' in page.replace("&#39;", "'")
    assert state_of(page) == state_of(html)


def test_an_escalation_is_rebuilt_first_with_every_24_7_option(client):
    html = client.post("/", data={"message": "i want to kill myself"},
                       follow_redirects=True).get_data(as_text=True)
    assert html.index("data-escalation") < html.index("data-reply")
    for number in ("0800 1111", "116 123", "85258", "111"):
        assert number in text_of(html.split("data-escalation", 1)[1])


def test_the_address_stays_short_enough_for_any_server_after_a_long_chat(client):
    state, longest = "", 0
    for message in ["I am a teacher and a pupil in my class is self harming", *["Show me more"] * 12]:
        location = client.post("/", data={"message": message, "state": state}).headers["Location"]
        longest = max(longest, len(location))
        state = state_of(client.get(location).get_data(as_text=True))
    assert longest < 4000  # gunicorn's request-line limit is 4094 bytes
