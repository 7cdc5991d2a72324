"""The chat page without JavaScript, through the Flask test client: form posts and the
server-rendered transcript."""

from __future__ import annotations

import re
from html import unescape

import pytest

from app import runtime

from .pagecheck import check_page, parse

WORRY = "i cant sleep because of exams"
RISK = "i want to kill myself"
URGENT_NUMBERS = [("Childline", "0800 1111"), ("Samaritans", "116 123"), ("Shout", "85258"),
                  ("NHS 111", "111")]


def text_of(html: str) -> str:
    """The visible words of some HTML, with spaces tidied."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def state_of(html: str) -> str:
    """The state token the message form carries."""
    return re.search(r'name="state" value="([^"]*)" data-state', html).group(1)


def quick_replies(html: str) -> list[str]:
    """The labels of the quick-reply buttons."""
    form = re.search(r"<form class=\"sp-quick\".*?</form>", html, re.S).group(0)
    return [unescape(v) for v in re.findall(r'name="message" value="([^"]*)"', form)]


def cards(html: str) -> list[str]:
    """The text of each entry offered in the reply (not in the Get help now block)."""
    if "data-resources>" not in html:
        return []
    listed = html.split("data-resources>", 1)[1].split('<form class="sp-quick"', 1)[0]
    return [text_of(c) for c in re.findall(r"<li class=\"sp-result sp-resource\".*?</dl>", listed, re.S)]


def post(client, message: str, state: str = ""):
    """Send a message from the form and follow the redirect, as a browser does."""
    return client.post("/", data={"message": message, "state": state}, follow_redirects=True)


def test_the_greeting_says_what_this_is_and_what_to_do_in_an_emergency(client):
    response = client.get("/")
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert page.h1 == ["Talk about what is on your mind"]
    for words in ("automated guide", "not a person or a counsellor", "do not keep what you type",
                  "call 999"):
        assert words in page.text
    assert "Type your message" in page.text
    assert "Worry or anxiety" in quick_replies(response.get_data(as_text=True))


def test_the_page_always_lists_the_24_7_options(client):
    page = check_page(client.get("/").get_data(as_text=True))
    urgent = page.text.split("Need help right now?")[1]
    for name, number in [*URGENT_NUMBERS, ("Emergency services", "999")]:
        assert name in urgent and number in urgent


def test_a_worry_gets_entries_with_reasons_and_a_did_this_help_form(client):
    response = post(client, WORRY)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = check_page(html)
    assert WORRY not in html  # the page is a redirect's target: what was typed is never in it
    assert "You sent a message. It is not shown here" in page.text
    assert "Get help now" not in text_of(html.split('id="transcript"')[1].split("data-announce")[0])
    offered = cards(html)
    assert 3 <= len(offered) <= 5
    for card in offered:
        assert "Why this: You mentioned" in card
        assert "How to get in touch" in card and "When" in card and "Who it’s for" in card
        assert re.search(r"What it offers [A-Z]\w+", card), card
        assert "risk support" not in card.lower()
    assert 'action="/helpful#latest"' in html
    assert "Did this help?" in page.text
    assert 'name="answer" value="yes"' in html and 'name="answer" value="no"' in html


def test_a_risk_statement_shows_get_help_now_before_the_reply_and_the_entries(client):
    html = post(client, RISK).get_data(as_text=True)
    check_page(html)
    escalation = html.index("data-escalation")
    assert escalation < html.index("data-reply") < html.index("data-resources")
    assert html.index("You sent a message") < escalation
    block = text_of(html[html.index(">", escalation) + 1:html.index("data-reply")])
    assert block.startswith("Get help now")
    for name, number in URGENT_NUMBERS:
        assert name in block and number in block, (name, block)
    assert re.search(r'href="tel:08001111">Call 0800 1111<', html)
    assert 'href="sms:85258">Text SHOUT to 85258<' in html


def test_the_get_help_now_block_is_never_hidden_or_collapsed(client):
    html = post(client, RISK).get_data(as_text=True)
    block = html[html.index("data-escalation") - 200:html.index("data-reply")]
    assert "<details" not in block and " hidden" not in block and "aria-hidden" not in block


def test_every_topic_quick_reply_posts_and_gets_an_answer(client):
    labels = quick_replies(client.get("/").get_data(as_text=True))
    assert len(labels) >= 6 and "Worry or anxiety" in labels
    for label in labels:
        response = client.post("/", data={"message": label, "state": ""}, follow_redirects=True)
        assert response.status_code == 200, label
        html = response.get_data(as_text=True)
        check_page(html)
        assert f"You said {label}" in text_of(html), label  # a button's own words are shown
        assert cards(html) or "data-escalation" in html, label
        assert "Show me more" in quick_replies(html), label


def test_the_show_me_more_quick_reply_keeps_the_conversation_going(client):
    first = post(client, "Worry or anxiety").get_data(as_text=True)
    more = post(client, "Show me more", state_of(first)).get_data(as_text=True)
    check_page(more)
    assert cards(more) and set(cards(more)).isdisjoint(cards(first))


@pytest.mark.parametrize("message", ["", "   \n "], ids=["empty", "only spaces"])
def test_an_empty_message_is_a_400_with_an_error_message(client, message):
    response = client.post("/", data={"message": message, "state": ""})
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    assert page.title.startswith("Error: ")
    assert page.text.count("Type a message first.") == 2  # the summary and the field
    assert "#message" in [href for href, _, _ in page.links]


def test_a_too_long_message_is_a_400_with_an_error_message(client):
    response = client.post("/", data={"message": "a" * 2001, "state": ""})
    assert response.status_code == 400
    assert "Please keep your message under 2000 characters." in check_page(
        response.get_data(as_text=True)).text


def test_the_state_field_round_trips_and_keeps_the_topic(client):
    first = post(client, WORRY).get_data(as_text=True)
    token = state_of(first)
    assert token and "sleep" not in token
    assert all(value == token for value in re.findall(r'name="state" value="([^"]*)"', first))
    second = post(client, "im 15", token).get_data(as_text=True)
    check_page(second)
    assert "age 15" in parse(second).text
    assert cards(second), "the topic was lost: no entries after giving an age"
    assert state_of(second) != token


def test_a_bad_state_token_is_a_400_not_a_crash(client):
    response = post(client, WORRY, "not-a-token")
    assert response.status_code == 400
    assert "Start again" in response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "path", "data"), [
    ("get", "/", None),
    ("post", "/", {"message": WORRY, "state": ""}),
    ("post", "/", {"message": RISK, "state": ""}),
    ("post", "/", {"message": "", "state": ""}),
    ("post", "/helpful", {"answer": "yes", "topics": "sleep"}),
], ids=["page", "reply", "escalation", "error", "helpful"])
def test_chat_responses_set_no_cookie(client, method, path, data):
    response = getattr(client, method)(path, data=data)
    assert "Set-Cookie" not in response.headers


def test_did_this_help_records_the_answer_and_says_thanks(app, client):
    html = post(client, WORRY).get_data(as_text=True)
    topics = re.search(r'name="topics" value="([^"]*)"', html).group(1)
    assert "sleep" in topics.split(",")
    response = client.post("/helpful", data={"answer": "yes", "topics": topics,
                                             "state": state_of(html)}, follow_redirects=True)
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert "Thanks for telling us." in page.text
    with app.app_context():
        rows = list(runtime.current().db().query(
            "select topic, answer, count from helpful_counts order by topic"))
    assert [(r["topic"], r["answer"], r["count"]) for r in rows] == [
        (topic, "yes", 1) for topic in sorted(topics.split(","))]


def test_did_this_help_keeps_the_state_for_the_next_message(client):
    html = post(client, WORRY).get_data(as_text=True)
    thanks = client.post("/helpful", data={"answer": "no", "topics": "sleep", "state": state_of(html)},
                         follow_redirects=True).get_data(as_text=True)
    assert state_of(thanks) == state_of(html)


def test_a_bad_did_this_help_answer_is_a_400(client):
    assert client.post("/helpful", data={"answer": "maybe", "topics": ""}).status_code == 400
