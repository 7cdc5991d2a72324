"""A conversation that flows, in Chromium: several turns, a service's page and back, with and
without JavaScript; the conversation is still there, and no reply repeats the intro."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_chat_browser import EXIT, WORRY, replies, send, stub, words

pytestmark = pytest.mark.browser

GREETING = "Tell me what is on your mind, in your own words"
FULL_INTRO = "Thanks for telling me. You mentioned"


def transcript_text(page) -> str:
    return words(page.locator("[data-transcript]").inner_text())


def said(page) -> list[str]:
    """Every reply paragraph Signpost said in the transcript."""
    return [words(t) for t in page.locator("[data-transcript] [data-reply]").all_inner_texts()]


def test_with_javascript_the_conversation_survives_a_service_page_back_and_reload(page, live_server):
    page.goto("/")
    send(page, WORRY)
    send(page, "Show me more")
    send(page, "I want to text")
    send(page, "I live in Manchester")
    before = transcript_text(page)
    state = page.locator("[data-state]").input_value()
    assert "local services for Manchester in this list yet" in before

    page.locator("[data-transcript] [data-resource] h3 a").first.click()
    page.wait_for_load_state()
    assert "/directory/" in page.url
    page.go_back()
    page.wait_for_load_state()
    expect(replies(page)).to_have_count(4)
    assert transcript_text(page) == before
    assert f"You said {WORRY}" in before
    assert page.locator("[data-state]").input_value() == state

    page.reload()
    expect(replies(page)).to_have_count(4)
    assert transcript_text(page) == before
    send(page, "not on the phone")  # the restored state still carries the topics
    expect(replies(page).last).to_contain_text("sleep problems and school")

    texts = said(page)
    assert not any(GREETING in t for t in texts), texts
    assert sum(FULL_INTRO in t for t in texts) <= 1, texts
    assert all(len(t.split()) <= 40 for t in texts[1:]), texts


def test_without_javascript_back_and_reload_never_resend_and_keep_the_last_reply(nojs_page, live_server):
    page = nojs_page
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto("/")
    first = words(send(page, WORRY, js=False).inner_text())
    assert "?s=" in page.url and WORRY not in page.url
    page.get_by_role("button", name="Show me more").click()
    page.wait_for_load_state()
    second = words(replies(page).last.inner_text())
    assert second != first
    sent = len(posts)

    page.locator("[data-transcript] [data-resource] h3 a").first.click()
    page.wait_for_load_state()
    assert "/directory/" in page.url
    page.go_back()
    page.wait_for_load_state()
    assert words(replies(page).last.inner_text()) == second
    page.go_back()
    page.wait_for_load_state()
    assert words(replies(page).last.inner_text()) == first
    page.reload()
    page.wait_for_load_state()
    assert words(replies(page).last.inner_text()) == first
    assert len(posts) == sent, "going back or reloading sent the form again"
    assert WORRY not in page.content()  # the typed words are not in the page or its address

    page.go_forward()
    page.wait_for_load_state()
    turn = send(page, "I want to text", js=False)
    cards = turn.locator("[data-resource]")
    assert cards.count() >= 1
    for card in cards.all_inner_texts():
        assert "Text:" in card, card  # only places you can text
    texts = said(page)
    assert not any(GREETING in t for t in texts), texts


def test_did_this_help_no_offers_what_to_try_next(page, live_server):
    page.goto("/")
    send(page, WORRY)
    replies(page).last.get_by_role("button", name="No").click()
    quick = page.locator("[data-quick] [name=message]")
    expect(quick).to_have_count(4)
    assert quick.all_inner_texts() == ["Show me other options", "I'd rather talk by text",
                                       "Something else is on my mind", "Start again"]
    page.get_by_role("button", name="Something else is on my mind").click()
    expect(replies(page).last).to_contain_text("What else is on your mind?")


def test_start_again_and_quick_exit_empty_the_kept_conversation(page, live_server):
    stub(page, EXIT + "*")
    page.goto("/")
    send(page, WORRY)
    page.get_by_role("button", name="Start again").click()
    # The old transcript also has one reply: wait for the new one before reloading.
    expect(replies(page).last).to_contain_text("OK, let us start again")
    expect(replies(page)).to_have_count(1)
    page.reload()
    expect(replies(page)).to_have_count(1)
    assert WORRY not in transcript_text(page)
    send(page, WORRY)
    page.locator("[data-quick-exit]").first.click()
    page.wait_for_url(EXIT + "*")
    page.goto("/")
    expect(replies(page)).to_have_count(0)
    assert page.evaluate("() => window.sessionStorage.length") == 0
