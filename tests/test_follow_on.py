"""Risk said across turns: a short answer ("so i can jump", "took the whole packet") that
completes an idea from an earlier turn of the same conversation escalates, through the real
/api/chat and the state token the page holds. The token carries the names of ideas, never words."""

from __future__ import annotations

import pytest

from app import runtime
from app.chat.state import load


def _talk(client, *messages):
    token, bodies = None, []
    for message in messages:
        body = client.post("/api/chat", json={"message": message, "state": token}).get_json()
        token = body["state"]
        bodies.append(body)
    return bodies


def _escalated(bodies):
    return [bool(b["escalation"]) for b in bodies]


def test_a_plan_to_jump_after_naming_a_high_place_escalates_at_that_turn_and_not_before(client):
    bodies = _talk(client, "theres a footbridge over the motorway near my house", "ok thanks",
                   "so i can jump")
    assert _escalated(bodies) == [False, False, True]
    assert bodies[2]["escalation"]["category"] == "suicidal-thoughts"


def test_a_whole_packet_taken_after_asking_about_a_medicine_gets_999_first(client):
    bodies = _talk(client, "what does ibuprofen actually do", "took the whole packet 10 minutes ago")
    assert _escalated(bodies) == [False, True]
    assert bodies[1]["escalation"]["category"] == "immediate-danger"
    assert bodies[1]["escalation"]["resources"][0]["name"].startswith("Emergency services")


@pytest.mark.parametrize("messages", [
    ("so i can jump",),
    ("the trampoline park is open late tonight", "so i can jump"),
    ("theres a footbridge over the motorway near my house", "Start again", "so i can jump"),
    ("we ate pizza for tea", "had the whole box 20 minutes ago"),
], ids=["alone", "after-an-everyday-turn", "after-start-again", "food-not-medicine"])
def test_the_same_short_answer_without_the_earlier_idea_does_not_escalate(client, messages):
    assert not _talk(client, *messages)[-1]["escalation"]


def test_the_state_carries_idea_names_never_the_words_typed(app):
    client = app.test_client()
    body, = _talk(client, "the car park roof near zorbleton has a good view")
    state = load(body["state"], app.config["SECRET_KEY"])
    assert state.cues and "zorbleton" not in body["state"]
    with app.test_request_context("/"):
        concepts = set(runtime.current().assistant().rules.concepts)
    assert set(state.cues) <= concepts
