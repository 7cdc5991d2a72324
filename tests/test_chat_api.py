"""/api/chat: the fixed contract, escalation first, refinements across turns, clean 4xx errors."""

from __future__ import annotations

import pytest

KEYS = {"reply", "topics", "escalation", "resources", "quick_replies", "state", "kind"}
RESOURCE_KEYS = {"id", "name", "grouping", "summary", "why", "contacts", "hours", "url", "offer"}


def chat(client, message, state=None, **extra):
    response = client.post("/api/chat", json={"message": message, "state": state, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_reply_has_the_contract_shape(client):
    body = chat(client, "im so stressed about my exams and i cant sleep")
    assert set(body) == KEYS
    assert {"exams-school", "sleep"} <= set(body["topics"])
    assert body["escalation"] is None
    assert 3 <= len(body["resources"]) <= 5
    for resource in body["resources"]:
        assert RESOURCE_KEYS <= set(resource)
        assert resource["why"]


def test_each_resource_says_why_in_the_persons_words(client):
    body = chat(client, "my nan died and i miss her")
    whys = " ".join(r["why"] for r in body["resources"])
    assert "died" in whys or "miss" in whys


def test_risk_statement_brings_urgent_help_first(client):
    body = chat(client, "i want to kill myself")
    esc = body["escalation"]
    assert esc["category"] == "suicidal-thoughts"
    assert esc["about"] == "self"
    names = [r["name"] for r in esc["resources"]]
    assert {"Childline", "Samaritans", "Shout", "NHS 111"} <= set(names)
    assert body["reply"].startswith(esc["message"])


def test_immediate_danger_puts_999_first(client):
    body = chat(client, "ive taken a load of pills")
    assert body["escalation"]["category"] == "immediate-danger"
    assert body["escalation"]["resources"][0]["name"] == "Emergency services"
    assert "999" in body["escalation"]["message"]


def test_someone_else_gets_advice_for_helping_a_friend(client):
    body = chat(client, "my friend said she wants to kill herself")
    assert body["escalation"]["about"] == "someone-else"
    assert "trust" in body["escalation"]["message"]


def test_staff_are_told_to_follow_safeguarding_procedure(client):
    body = chat(client, "a pupil told me her stepdad hits her")
    assert body["escalation"]["category"] == "abuse"
    assert "designated safeguarding lead" in body["escalation"]["message"]


def test_a_risk_statement_is_not_diluted_by_harmless_earlier_turns(client):
    state = None
    for message in ("hi", "exams are stressing me", "and i cant sleep"):
        state = chat(client, message, state)["state"]
    body = chat(client, "honestly i just want to die", state)
    assert body["escalation"]["category"] == "suicidal-thoughts"


def test_escalation_has_no_emoji_risk_level_or_promise_of_a_call(client):
    message = chat(client, "i keep cutting myself")["escalation"]["message"].lower()
    assert message.isascii()
    assert "risk" not in message
    assert "will call" not in message


def test_age_refinement_narrows_to_entries_that_fit(demo_client):
    first = chat(demo_client, "im being bullied")
    second = chat(demo_client, "im 8", first["state"])
    assert second["resources"]
    ids = [r["id"] for r in second["resources"]]
    for entry_id in ids:
        item = demo_client.get(f"/api/services/{entry_id}").get_json()
        assert (item["min_age"] or 0) <= 8 <= (item["max_age"] or 200), item["name"]


def test_wanting_to_text_narrows_to_entries_you_can_text(client):
    first = chat(client, "i feel really anxious all the time")
    second = chat(client, "can i text someone", first["state"])
    assert second["resources"]
    for resource in second["resources"]:
        assert "text" in {c["method"] for c in resource["contacts"]}, resource["name"]


def test_not_on_the_phone_drops_phone_only_entries(client):
    first = chat(client, "feeling really low and down")
    second = chat(client, "i dont want to talk on the phone", first["state"])
    for resource in second["resources"]:
        methods = {c["method"] for c in resource["contacts"]}
        assert methods - {"phone"}, resource["name"]


def test_show_me_more_gives_different_entries(client):
    first = chat(client, "i feel really anxious")
    more = chat(client, "show me more", first["state"])
    assert more["resources"]
    assert not {r["id"] for r in first["resources"]} & {r["id"] for r in more["resources"]}


def test_show_me_more_says_so_when_there_is_nothing_more(client):
    state = chat(client, "i feel so lonely")["state"]
    for _ in range(15):  # topic entries run out, then national fallbacks, then nothing
        body = chat(client, "show me more", state)
        state = body["state"]
        if not body["resources"]:
            break
    assert body["resources"] == []
    assert "That is all I have" in body["reply"] and "start again" in body["reply"]
    assert "Start again" in body["quick_replies"]


def test_start_again_forgets_refinements(client):
    first = chat(client, "im 15 and anxious")
    again = chat(client, "start again", first["state"])
    assert again["resources"] == []
    after = chat(client, "anxious", again["state"])
    assert "age 15" not in after["reply"]


def test_postcode_in_the_request_keeps_only_entries_that_cover_it(demo_client):
    body = chat(demo_client, "i need someone to talk to about my anxiety", postcode="ZZ9 9ZZ")
    assert body["resources"]
    for resource in body["resources"]:
        cover = demo_client.get(f"/api/services/{resource['id']}").get_json()["coverage"]
        assert (cover["national"] or {"ZZ9", "ZZ"} & set(cover["postcodes"])
                or "Exampleshire" in cover["local_authorities"]), resource["name"]


def test_nothing_recognised_gets_a_kind_prompt_with_topic_buttons(client):
    body = chat(client, "hmm")
    assert body["resources"] == []
    assert len(body["quick_replies"]) >= 5


def test_off_topic_says_what_it_can_help_with(client):
    body = chat(client, "who won the football last night")
    assert "I can only help" in body["reply"]


def test_every_topic_quick_reply_is_understood(client):
    buttons = chat(client, "hello")["quick_replies"]
    for label in buttons:
        assert chat(client, label)["topics"], label


@pytest.mark.parametrize("payload,field", [
    ({}, "message"),
    ({"message": 12}, "message"),
    ({"message": None}, "message"),
    ({"message": "x" * 2001}, "message"),
    ({"message": "hi", "state": "forged"}, "state"),
    ({"message": "hi", "state": 5}, "state"),
    ({"message": "hi", "age": "fifteen"}, "age"),
    ({"message": "hi", "age": True}, "age"),
    ({"message": "hi", "postcode": "not a postcode"}, "postcode"),
], ids=["missing", "number", "null", "too-long", "forged-state", "state-number", "age-text",
        "age-bool", "postcode"])
def test_bad_input_is_a_json_4xx_naming_the_field(client, payload, field):
    response = client.post("/api/chat", json=payload)
    assert 400 <= response.status_code < 500
    body = response.get_json()
    assert field in str(body["error"]["details"])


@pytest.mark.parametrize("data,content_type", [
    ("{not json", "application/json"),
    ("[1, 2]", "application/json"),
    ("message=hi", "application/x-www-form-urlencoded"),
    ("", "application/json"),
], ids=["malformed", "array", "form", "empty"])
def test_malformed_bodies_get_json_400s(client, data, content_type):
    response = client.post("/api/chat", data=data, content_type=content_type)
    assert response.status_code == 400
    assert response.is_json


def test_helpful_answers_are_counted_without_text(client, app):
    assert client.post("/api/chat/helpful", json={"answer": "yes", "topics": ["sleep"]}).status_code == 200
    assert client.post("/api/chat/helpful", json={"answer": "maybe", "topics": []}).status_code == 400
    from app import runtime
    with app.app_context():
        rows = list(runtime.current().db().query("select * from helpful_counts"))
    assert rows and set(rows[0]) == {"day", "topic", "answer", "count"}


def test_someone_bereaved_by_suicide_hears_about_grief_not_present_danger(client):
    body = chat(client, "my uncle killed himself last year and i cant stop thinking about it")
    esc = body["escalation"]
    assert esc["about"] == "someone-else"
    assert "sorry" in esc["message"]
    assert "If they are in danger now" not in esc["message"]
    assert "Support After Suicide Partnership" in [r["name"] for r in esc["resources"]]


def test_reasons_quote_only_words_the_person_typed(client):
    body = chat(client, "i cant sleep at all")
    whys = " ".join(r["why"] for r in body["resources"])
    assert "cannot" not in whys
    assert "sleep" in whys.lower()
