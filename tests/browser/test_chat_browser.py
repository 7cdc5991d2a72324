"""The chat page in Chromium: replies over /api/chat with JavaScript, the form post without it,
Get help now first, Quick exit on a phone with the message box focused, and axe-core."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import AXE_OPTIONS

pytestmark = pytest.mark.browser

EXIT = "https://www.bbc.co.uk/weather"
START = "https://start.example/"
STUB = "<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
WORRY = "i cant sleep because of exams"
RISK = "i want to kill myself"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def own_origin_only(page, live_server, allowed=()):
    """Assert every request the page made went to the app (or an intercepted stub)."""
    others = [u for u in page.requested
              if not u.startswith(live_server + "/") and not u.startswith(tuple(allowed) or "\0")]
    assert not others, f"requests to other origins: {others}"


def stub(page, url_glob):
    """Answer an outside site locally: no network needed."""
    page.route(url_glob, lambda route: route.fulfill(status=200, content_type="text/html", body=STUB))


@pytest.fixture
def phone(browser, live_server):
    """A fresh page the size of a phone (390 x 844), with JavaScript on."""
    context = browser.new_context(base_url=live_server, **PHONE)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def replies(page):
    """Signpost's turns in the transcript (not the greeting)."""
    return page.locator("[data-transcript] .sp-turn--guide")


def send(page, message: str, js: bool = True):
    """Type a message, send it and wait for the reply; returns the reply's turn."""
    before = replies(page).count() if js else 0
    page.locator("#message").fill(message)
    page.get_by_role("button", name="Send").click()
    if not js:
        page.wait_for_load_state()
    expect(replies(page)).to_have_count(before + 1)
    return replies(page).last


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_worry_gets_entries_with_reasons_without_a_page_load(page, live_server):
    page.goto("/")
    page.evaluate("window.sameDocument = true")
    turn = send(page, WORRY)
    entries = turn.locator("[data-resource]")
    assert 3 <= entries.count() <= 5
    for text in entries.all_inner_texts():
        # The reason quotes what was typed, or names the topic when the words were respelt.
        assert "Why this: You said '" in text or "which you told me about" in text
        assert "How to get in touch" in text and "What it offers" in text
    expect(turn.get_by_role("group", name="Did this help?")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    assert page.url == live_server + "/"
    assert page.locator("[data-transcript] .sp-turn--you").last.inner_text().endswith(WORRY)
    assert page.evaluate("document.activeElement.id") == "message"
    assert page.locator("#message").input_value() == ""
    expect(page.locator("[data-announce]")).to_have_text(
        re.compile(r"^Signpost said: Thanks for telling me\..* There are \d places listed below it\.$"))
    expect(page.locator("[data-alert]")).to_have_text("")
    own_origin_only(page, live_server)


def test_a_risk_statement_shows_get_help_now_first_and_announces_it(page, live_server):
    page.goto("/")
    turn = send(page, RISK)
    block = turn.locator("[data-escalation]")
    expect(block).to_be_visible()
    expect(block).to_be_in_viewport()
    first = turn.evaluate("t => t.firstElementChild.hasAttribute('data-escalation')")
    assert first, "the Get help now block is not the first thing in the reply"
    order = block.evaluate("""b => {
        const after = n => !!(b.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
        const t = b.closest('.sp-turn');
        return [after(t.querySelector('[data-reply]')), after(t.querySelector('[data-resources]'))];
    }""")
    assert order == [True, True]
    assert block.bounding_box()["y"] < turn.locator("[data-reply]").bounding_box()["y"]
    text = words(block.inner_text())
    assert text.startswith("Get help now")
    for number in ("Call 0800 1111", "Call 116 123", "Text SHOUT to 85258", "Call 111", "Call 999"):
        assert number in text
    expect(page.locator("[data-alert]")).to_contain_text("Get help now. Thank you for telling me.")
    expect(page.locator("[data-alert]")).to_contain_text("Childline: Call 0800 1111.")
    assert page.evaluate("document.activeElement.id") == "message"
    own_origin_only(page, live_server)


def test_quick_replies_work_and_keep_the_conversation(page, live_server):
    page.goto("/")
    page.get_by_role("button", name="Worry or anxiety").click()
    expect(replies(page)).to_have_count(1)
    assert replies(page).last.locator("[data-resource]").count() >= 3
    shown = set(replies(page).last.locator(".sp-result__name").all_inner_texts())
    page.get_by_role("button", name="Show me more").click()
    expect(replies(page)).to_have_count(2)
    more = set(replies(page).last.locator(".sp-result__name").all_inner_texts())
    assert more and shown.isdisjoint(more)
    expect(page.locator("[data-transcript] .sp-turn--you")).to_have_text(
        ["You said Worry or anxiety", "You said Show me more"], use_inner_text=True)
    assert page.evaluate("document.activeElement.id") == "message"
    own_origin_only(page, live_server)


def test_did_this_help_answers_without_leaving_the_page(page, live_server):
    page.goto("/")
    turn = send(page, WORRY)
    with page.expect_response("**/api/chat/helpful") as answered:
        turn.get_by_role("button", name="Yes").click()
    sent = answered.value.request.post_data_json
    assert sent["answer"] == "yes" and "sleep" in sent["topics"]
    thanks = turn.locator(".sp-helpful__thanks")
    expect(thanks).to_contain_text("Thanks for telling us.")
    expect(thanks).to_be_focused()
    own_origin_only(page, live_server)


def test_an_empty_message_shows_an_error_and_sends_nothing(page, live_server):
    page.goto("/")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#message-error")).to_have_text("Error: Type a message first.")
    expect(page.locator("#message")).to_be_focused()
    assert not [u for u in page.requested if "/api/chat" in u]
    send(page, WORRY)
    expect(page.locator("#message-error")).to_have_count(0)
    own_origin_only(page, live_server)


# Read from the page that was left, after its way out was answered "204 No Content". A console
# message, a call into Python, a beacon and a synchronous request were each lost at times on a
# loaded CI machine when the page navigated away straight after the click.
LEFT_BEHIND = """() => ({
    exiting: document.body.classList.contains('sp-exiting'),
    transcript: document.querySelector('[data-transcript]').textContent.trim(),
    box: document.querySelector('#message').value,
    states: [...document.querySelectorAll('input[name=state]')].map(i => i.value).join(''),
    title: document.title})"""


def test_quick_exit_on_a_phone_with_the_box_focused_clears_and_leaves(phone, live_server):
    page = phone
    stub(page, START + "**")
    stub(page, "https://www.bbc.co.uk/**")
    page.goto(START)
    page.goto("/")
    send(page, WORRY)
    page.locator("#message").focus()
    page.locator("#message").fill("something private")
    exit_link = page.get_by_role("link", name=re.compile("Quick exit"))
    expect(exit_link).to_be_in_viewport()
    box = exit_link.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844 and box["height"] >= 24
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    on_top = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('[data-quick-exit]')",
                           [x, y])
    assert on_top, "something covers the Quick exit button"

    # What is left on the page just after the click. The first way out is answered "204 No
    # Content", which a browser does not navigate to, so the page that was left can be read.
    asked = []
    page.route(EXIT + "**", lambda route: (asked.append(route.request.url), route.fulfill(status=204)))
    page.mouse.click(x, y)
    expect(page.locator("body")).to_have_class(re.compile("sp-exiting"))
    assert asked, "Quick exit did not leave for the exit page"
    assert page.evaluate(LEFT_BEHIND) == {"exiting": True, "transcript": "", "box": "", "states": "",
                                          "title": ""}
    page.unroute(EXIT + "**")
    page.mouse.click(x, y)
    page.wait_for_url(EXIT + "**")
    assert page.title() == "Weather"
    page.go_back()
    assert page.url.startswith(START), page.url
    own_origin_only(page, live_server, allowed=("https://www.bbc.co.uk/", START))


def test_the_form_post_works_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto("/")
    turn = send(page, WORRY, js=False)
    assert page.url.startswith(live_server + "/?s=") and page.url.endswith("#latest")
    assert 3 <= turn.locator("[data-resource]").count() <= 5
    assert "Why this:" in turn.locator("[data-resource]").first.inner_text()
    page.get_by_role("button", name="Show me more").click()
    page.wait_for_load_state()
    expect(page.locator("[data-transcript] .sp-turn--you")).to_have_text("You said Show me more",
                                                                       use_inner_text=True)
    replies(page).last.get_by_role("button", name="No").click()
    page.wait_for_load_state()
    expect(page.locator("[data-transcript]")).to_contain_text("Thanks for telling us.")
    turn = send(page, RISK, js=False)
    expect(turn.locator("[data-escalation]")).to_be_visible()
    assert turn.evaluate("t => t.firstElementChild.hasAttribute('data-escalation')")
    own_origin_only(page, live_server)


@pytest.mark.parametrize("message", [WORRY, RISK], ids=["signpost", "escalation"])
def test_javascript_and_the_form_show_the_same_reply(page, nojs_page, message):
    page.goto("/")
    with_js = send(page, message)
    nojs_page.goto("/")
    without = send(nojs_page, message, js=False)
    assert words(with_js.inner_text()) == words(without.inner_text())


def _reach(page, stage: str, js: bool) -> None:
    page.goto("/")
    if stage != "empty":
        send(page, WORRY if stage == "reply" else RISK, js=js)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("stage", ["empty", "reply", "escalation"])
def test_axe_finds_no_violations_on_the_chat(page, live_server, stage, js):
    if not js:
        # axe-core needs script to run, so the page's own scripts are blocked instead: it is
        # then exactly what the server renders for a browser without JavaScript.
        page.route("**/static/js/*.js", lambda route: route.abort())
    _reach(page, stage, js)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    own_origin_only(page, live_server)


def shots_folder(tmp_path) -> Path:
    """Where screenshots go: $SIGNPOST_SHOTS when set (to look at them), else a temp folder."""
    folder = Path(os.environ.get("SIGNPOST_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_the_chat_fits_the_screen_and_shows_urgent_help_in_view(browser, live_server, tmp_path, size):
    context = browser.new_context(base_url=live_server, **(PHONE if size == "mobile" else DESKTOP))
    page = context.new_page()
    folder = shots_folder(tmp_path)
    try:
        page.goto("/")
        stages = [("empty", None), ("reply", WORRY), ("escalation", RISK)]
        for stage, message in stages:
            turn = send(page, message) if message else None
            page.wait_for_timeout(200)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), \
                f"{size} {stage}: the page scrolls sideways"
            expect(page.get_by_role("link", name=re.compile("Quick exit"))).to_be_in_viewport()
            if stage == "escalation":
                expect(turn.get_by_role("heading", name="Get help now")).to_be_in_viewport()
            page.screenshot(path=folder / f"{size}-{stage}.png")
            page.screenshot(path=folder / f"{size}-{stage}-full.png", full_page=True)
    finally:
        context.close()
