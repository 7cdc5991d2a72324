"""The check-in tier, urgent help that stays, frames, risk said across turns, and one source of
truth for risk topics."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from app import DEFAULT_DIRECTORY_DATA, create_app, runtime
from app.chat.state import load

HERE = Path(__file__).resolve().parent
RISK_TOPICS = {"suicidal-thoughts", "self-harm", "abuse-safeguarding", "domestic-abuse"}


def _talk(client, *messages):
    token, bodies = None, []
    for message in messages:
        body = client.post("/api/chat", json={"message": message, "state": token}).get_json()
        token = body["state"]
        bodies.append(body)
    return bodies


def test_a_worrying_but_indirect_message_asks_kindly_with_24_7_options_shown(client):
    body, = _talk(client, "i dont think ill be around for christmas tbh")
    assert body["escalation"]["level"] == "check-in"
    assert "Are you thinking about ending your life?" in body["escalation"]["message"]
    assert body["quick_replies"][:3] == ["Yes", "No", "Not sure"]
    assert "Childline" in [r["name"] for r in body["escalation"]["resources"]]


@pytest.mark.parametrize("answer", ["Yes", "not sure", "idk", "maybe"])
def test_yes_or_not_sure_to_a_check_in_gives_the_full_urgent_reply(client, answer):
    _, after = _talk(client, "i dont think ill be around for christmas tbh", answer)
    assert after["escalation"]["level"] == "urgent"
    assert after["escalation"]["category"] == "suicidal-thoughts"


def test_no_to_a_check_in_is_thanked_and_nothing_urgent_is_pressed(client):
    _, after = _talk(client, "i dont think ill be around for christmas tbh", "No")
    assert after["escalation"] is None
    assert "If that changes" in after["reply"]


def test_an_explicit_statement_is_urgent_not_a_question(client):
    body, = _talk(client, "i want to kill myself")
    assert body["escalation"]["level"] == "urgent"


def test_after_an_overdose_the_urgent_block_stays_with_999_first_until_start_again(client):
    bodies = _talk(client, "i took 20 paracetamol an hour ago", "actually im fine now forget it",
                   "exam stress", "Start again", "exam stress")
    for body in bodies[:3]:
        assert body["escalation"]["category"] == "immediate-danger"
        assert body["escalation"]["resources"][0]["name"].startswith("Emergency services")
    assert bodies[4]["escalation"] is None


def test_a_person_who_will_not_wake_always_gets_999_first(client):
    body, = _talk(client, "my mate had loads to drink and we cant wake him up")
    assert body["escalation"]["category"] == "immediate-danger"
    assert body["escalation"]["resources"][0]["name"].startswith("Emergency services")


@pytest.mark.parametrize("text", [
    "doing my essay on the theme of suicide in a poem we read",
    "history project about child abuse in victorian mills",
    "we did self harm in pshe today and made a leaflet",
])
def test_schoolwork_about_a_risk_topic_does_not_escalate(client, text):
    body, = _talk(client, text)
    assert body["escalation"] is None


def test_schoolwork_with_a_first_person_risk_statement_still_escalates(client):
    body, = _talk(client, "doing my essay on suicide in a poem and honestly i want to kill myself")
    assert body["escalation"]["level"] == "urgent"


def test_a_risk_statement_far_from_a_mention_of_schoolwork_still_escalates(client):
    # A long message can name a dissertation at the start and, much later, the sea (risk batch
    # 40); schoolwork frames only the stretch of the message around it.
    far, = _talk(client, "third year, my dissertation is on coastal erosion and my supervisor keeps "
                         "moving our meetings, housemates are all going home for reading week and "
                         "train fares are mental, and honestly ive been walking down to the sea at "
                         "night thinking how easy it would be to walk into the sea")
    assert far["escalation"] is not None  # near it, schoolwork still frames (the tests above)


def test_a_pillow_fight_is_play_but_tickling_under_clothes_is_still_asked_about(client):
    pillow, = _talk(client, "my sister hit me with a pillow so i hit her back, dad sent us both to bed")
    tickling, = _talk(client, "the man at her club tickles her under her clothes and says its a secret")
    assert pillow["escalation"] is None
    assert tickling["escalation"]["category"] == "abuse"


def test_no_message_gets_a_risk_topic_without_at_least_a_check_in(client):
    files = ["risk_batch_1.yaml", "risk_batch_2.yaml", "risk_batch_3.yaml", "risk_holdout.yaml",
             "topics_holdout.yaml", "chat_cases.yaml"]
    messages = [c["message"] for f in files
                for c in yaml.safe_load((HERE / f).read_text(encoding="utf-8")) if "message" in c]
    silent = []
    for message in messages:
        body = client.post("/api/chat", json={"message": message, "state": None}).get_json()
        if RISK_TOPICS & set(body["topics"]) and not body["escalation"]:
            silent.append(message)
    assert silent == []


def test_a_broken_risk_rules_file_fails_closed_with_urgent_help(built_default, tmp_path):
    folder = tmp_path / "directory_data"
    shutil.copytree(DEFAULT_DIRECTORY_DATA, folder)
    (folder / "risk_rules.yaml").write_text("rules: [\n", encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(built_default, data)
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATA_DIR": str(data),
                      "DIRECTORY_DATA": str(folder)})
    client = app.test_client()
    assert client.get("/").status_code == 200
    body, = _talk(client, "exam stress")
    assert body["escalation"]["level"] == "urgent"
    assert body["escalation"]["resources"]


def test_a_check_in_with_no_topic_invites_more_instead_of_saying_it_did_not_understand(client):
    # A check-in (here, an adult's first words about childhood abuse) used to be followed by
    # "I am not sure I understood", which reads as if the person had not been heard.
    body = client.post("/api/chat", json={
        "message": "something happened with my uncle when i was little and i never told anyone",
        "state": None}).get_json()
    assert body["escalation"] and body["escalation"]["level"] == "check-in"
    assert "not sure I understood" not in body["reply"]
    assert "tell me more" in body["reply"]


def test_a_rule_that_gets_its_own_example_wrong_fails_closed_with_urgent_help(built_default, tmp_path):
    # Issue 8: the loader rejects a rule that fails its reviewed examples. Here an editor has
    # put a real statement of intent among kill-self's must-not-match examples.
    folder = tmp_path / "directory_data"
    shutil.copytree(DEFAULT_DIRECTORY_DATA, folder)
    rules = folder / "risk_rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert '      - "i nearly killed myself laughing"\n' in text
    rules.write_text(text.replace('      - "i nearly killed myself laughing"\n',
                                  '      - "i want to kill myself tonight"\n', 1), encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(built_default, data)
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATA_DIR": str(data),
                      "DIRECTORY_DATA": str(folder)})
    client = app.test_client()
    body, = _talk(client, "exam stress")
    assert body["escalation"]["level"] == "urgent"
    health = client.get("/healthz")  # an operator's monitor sees the file needs mending
    assert health.status_code == 503 and health.get_json()["checks"]["risk_rules"] is False
    stamp = data / "risk_rules.verified"  # the good file's, from the data folder's first start
    assert hashlib.sha256(rules.read_bytes()).hexdigest() not in stamp.read_text(encoding="utf-8")


def test_rules_that_pass_their_examples_are_remembered_until_the_file_changes(built_default, tmp_path):
    folder = tmp_path / "directory_data"
    shutil.copytree(DEFAULT_DIRECTORY_DATA, folder)
    data = tmp_path / "data"
    shutil.copytree(built_default, data)
    (data / "risk_rules.verified").write_text("damaged\x00", encoding="utf-8")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATA_DIR": str(data),
                      "DIRECTORY_DATA": str(folder)})
    client = app.test_client()
    body, = _talk(client, "exam stress")
    assert body["escalation"] is None and body["resources"]
    assert client.get("/healthz").get_json()["checks"]["risk_rules"] is True
    digest = hashlib.sha256((folder / "risk_rules.yaml").read_bytes()).hexdigest()
    assert (data / "risk_rules.verified").read_text(encoding="utf-8").strip() == digest


# Risk said across turns: a short answer that completes an idea from an earlier turn of the same
# conversation escalates; the state token carries the names of ideas, never words.
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
