"""A chat with no dead ends: a next step every turn, the intro said once, plain words for what a
service offers, no repeats after an escalation, and routes to more help for staff and parents."""

from __future__ import annotations

import pytest

from app import runtime
from app.directory import store

from .test_chat_api import chat

GREETING_PART = "Tell me what is on your mind, in your own words"
FULL_INTRO = "Thanks for telling me. You mentioned"
NOT_HELPED = ["Show me other options", "I'd rather talk by text", "Something else is on my mind",
              "Start again"]


def conversation(client, *messages):
    """Send messages in turn; the replies, in order."""
    state, bodies = None, []
    for message in messages:
        body = chat(client, message, state)
        state = body["state"]
        bodies.append(body)
    return bodies


def entries_by_name(app) -> dict:
    with app.app_context():
        return {e.name: e for e in store.all_entries(runtime.current().db())}


def methods(resource) -> set[str]:
    return {c["method"] for c in resource["contacts"]}


def test_i_want_to_text_with_no_worry_yet_offers_the_text_services(client):
    body = chat(client, "I want to text")
    names = [r["name"] for r in body["resources"]]
    # Both text services; the one meant for young people first (a young person is writing).
    assert names[:2] == ["YoungMinds textline", "Shout"]
    assert all("text" in methods(r) for r in body["resources"])
    assert body["reply"].startswith("Here are some places you can text.")
    assert "I want to text" not in body["quick_replies"]


def test_a_worry_nothing_covers_gets_young_peoples_services_not_routes(client):
    body = chat(client, "on my phone till 3am every night cant put it down")
    names = [r["name"] for r in body["resources"]]
    assert names and "Mind Infoline" not in names[:1]
    assert not any("Mental Health Support Teams" in n or n.startswith("GP") for n in names)


def test_asking_to_text_when_nothing_for_the_worry_can_be_texted_offers_text_services(client):
    first, texting = conversation(client, "my friends keep leaving me out", "I'd rather talk by text")
    assert first["resources"]
    assert texting["resources"], texting["reply"]
    assert all("text" in methods(r) for r in texting["resources"])
    assert "Drop my choices" in texting["quick_replies"]


def test_show_me_more_with_nothing_left_says_so_and_offers_national_options(client):
    bodies = conversation(client, "i cant sleep because of exams", *["Show me more"] * 8)
    shown = [r["id"] for b in bodies for r in b["resources"]]
    assert len(shown) == len(set(shown)), "an entry was offered twice"
    ends = [b for b in bodies if b["reply"].startswith("That is all I have for")]
    assert ends, [b["reply"] for b in bodies]
    for body in ends:
        assert body["quick_replies"], body
        assert "sleep problems" in body["reply"]
    assert any(b["resources"] for b in ends)  # national services offered, not a blank turn
    assert bodies[-1]["quick_replies"][-1] == "Start again"


@pytest.mark.parametrize("message", ["I live in Manchester", "im from leeds", "we live in Kent"])
def test_a_place_with_no_local_entries_gets_an_honest_line_and_national_services(client, message):
    place = {"I live in Manchester": "Manchester", "im from leeds": "Leeds", "we live in Kent": "Kent"}
    worry, where = conversation(client, "im stressed about exams", message)
    assert (f"There are no local services for {place[message]} in this list yet. "
            "These work anywhere in England.") in where["reply"]
    assert where["resources"]
    alone = chat(client, message)
    assert f"no local services for {place[message]}" in alone["reply"]
    assert "Tell me what is on your mind" in alone["reply"]


def test_a_place_after_asking_to_text_still_offers_text_services_and_names_the_place(client):
    *_, where = conversation(client, "i cant sleep because of exams", "Show me more",
                             "I want to text", "I live in Manchester")
    assert "local services for Manchester in this list yet" in where["reply"]
    assert where["resources"], where["reply"]  # not a dead end, though these were shown before
    assert all("text" in methods(r) for r in where["resources"])


def test_the_reason_quotes_only_words_about_its_own_topic(client):
    body = chat(client, "i cant sleep because of exams")
    sleep = next(r for r in body["resources"] if r["name"] == "Teen Sleep Hub")
    assert sleep["why"].startswith("You said 'sleep'.")
    assert "exams" not in sleep["why"]


def test_a_word_that_is_also_a_town_is_not_taken_as_a_place(client):
    body = chat(client, "reading makes me anxious and i play rugby")
    assert "no local services" not in body["reply"]


def test_something_else_is_on_my_mind_asks_for_it_and_does_not_page_on(client):
    _, other = conversation(client, "i feel lonely", "Something else is on my mind")
    assert other["reply"].startswith("OK. What else is on your mind?")
    assert other["resources"] == []
    assert "Worry or anxiety" in other["quick_replies"]


def test_the_intro_is_said_once_and_later_turns_are_short(client):
    bodies = conversation(client, "i cant sleep because of exams", "Show me more", "I want to text",
                          "my friends leave me out", "Not on the phone", "I live in Leeds")
    replies = [b["reply"] for b in bodies]
    assert sum(FULL_INTRO in r for r in replies) == 1, replies
    assert sum("I can narrow these down" in r for r in replies) == 1, replies
    assert not any(GREETING_PART in r for r in replies)
    for reply in replies[1:]:
        assert len(reply.split()) <= 40, reply


def test_did_this_help_no_offers_a_short_choice_of_what_next(client):
    body = client.post("/api/chat/helpful", json={"answer": "no", "topics": ["sleep"]}).get_json()
    assert body["next"]["quick_replies"] == NOT_HELPED
    assert body["next"]["reply"] == "Sorry it did not help. What would you like to try next?"
    assert client.post("/api/chat/helpful", json={"answer": "yes", "topics": []}).get_json()["next"] is None


def test_every_next_step_button_is_understood(client):
    first = chat(client, "i feel lonely")
    for label in NOT_HELPED:
        body = chat(client, label, first["state"])
        assert body["reply"] and body["kind"] not in ("unclear",), (label, body["reply"])
        assert body["quick_replies"], label


def test_everyday_answers_describe_what_childline_offers_not_risk_support(client):
    body = chat(client, "i feel really lonely")
    childline = next(r for r in body["resources"] if r["name"] == "Childline")
    assert childline["offer"] == "Talk to someone any time, day or night."
    html = client.post("/", data={"message": "i feel really lonely"}, follow_redirects=True)
    assert "risk support" not in html.get_data(as_text=True).lower()


def test_after_an_escalation_the_urgent_services_are_not_repeated_below(client):
    body = chat(client, "i want to kill myself")
    urgent = {r["name"] for r in body["escalation"]["resources"]}
    below = {r["name"] for r in body["resources"]}
    assert {"Childline", "Samaritans", "Shout"} <= urgent
    assert not below & {"Childline", "Samaritans", "Shout", "Emergency services (999)",
                        "NHS 111 (mental health option)"}, below
    assert not below & urgent


def test_each_24_7_option_is_linked_to_its_directory_entry_and_the_facts_agree(app):
    from app.chat.repeats import load_links
    with app.app_context():
        rt = runtime.current()
        links = load_links(rt.directory_data / "crisis_contacts.yaml")
        plan = rt.assistant().urgent
        entries = rt.fetch(list(links.values()))
    assert set(links) == set(plan.contacts)
    for crisis_id, entry_id in links.items():
        urgent, entry = plan.contacts[crisis_id], entries[entry_id]
        number = urgent.contacts[0].value.replace(" ", "")
        assert number in {c.value.replace(" ", "") for c in entry.contacts}, crisis_id
        assert entry.hours.get("always_open"), crisis_id


@pytest.mark.parametrize("message", ["I am a teacher and a pupil in my class is very anxious",
                                     "my son is being bullied and wont go to school"],
                         ids=["staff", "parent"])
def test_staff_and_parents_are_told_how_to_reach_more_help(app, client, message):
    body = chat(client, message)
    assert "GP or school nurse" in body["reply"] and "Mental Health Support Team" in body["reply"]
    national_routes = sorted(e.name for e in entries_by_name(app).values()
                             if e.grouping == "getting-more-help" and e.national)
    offered = {r["name"] for r in body["resources"]}
    assert len(offered & set(national_routes)) >= min(4, len(national_routes))
    assert not any(r["name"].startswith("Exampleshire") for r in body["resources"])


def test_a_young_person_is_not_given_the_adults_routes(client):
    assert "GP or school nurse" not in chat(client, "i am really anxious about school")["reply"]


def test_a_parent_in_the_demo_area_is_shown_the_local_team(demo_client):
    first, there = conversation(demo_client, "my son is anxious all the time", "we live in Exampleshire")
    assert "GP or school nurse" in first["reply"]
    assert "GP or school nurse" not in there["reply"]  # said once
    names = [r["name"] for r in there["resources"]]
    assert "Exampleshire CAMHS Single Point of Access (example)" in names


def test_a_filter_that_empties_the_chat_is_named_and_can_be_dropped(client):
    worry, narrowed = conversation(client, "my friends keep leaving me out", "I'd rather talk by text")
    assert narrowed["reply"].startswith("I could not find a place for bullying that you can text.")
    assert "Drop my choices" in narrowed["quick_replies"]
    dropped = chat(client, "Drop my choices", narrowed["state"])
    assert [r["id"] for r in dropped["resources"]] == [r["id"] for r in worry["resources"]]


def test_an_age_that_no_specialist_fits_still_gets_services_for_that_age(client):
    """Topics batch 10 and 7: a 20-year-old's anger or sleep worry got 'no place fits age 20'."""
    body = chat(client, "im 20 and i snap at everyone, punched a wall at work and nearly got sacked")
    assert body["resources"], body["reply"]
    assert "at age 20" in body["reply"]
    assert "drop that" not in body["reply"]


def test_visiting_someone_in_prison_is_not_a_wish_for_face_to_face_help(client):
    body = chat(client, "hi my dads in prison and my mum says i can visit him next month but im scared")
    assert body["resources"], body["reply"]
    assert "fits places you can go and see" not in body["reply"]


@pytest.mark.parametrize("message", [
    "I'm planning a PSHE lesson about self-harm for year 9, where can I find good resources?",
    "doing a school project on suicide prevention, any charities i could look at?",
])
def test_a_lesson_or_project_about_a_risk_topic_gets_information_not_a_dead_end(client, message):
    # Earlier batches: schoolwork about a risk topic raises no alarm, and so no topic either; it
    # used to end with "I am not sure I understood". It now gets services with information,
    # names no risk topic (only an escalation may), and says how to get help if someone is at risk.
    body = chat(client, message)
    assert body["escalation"] is None and body["topics"] == []
    assert body["resources"], body["reply"]
    assert "a lesson, a project" in body["reply"] and "tell me" in body["reply"]


@pytest.mark.parametrize(("message", "specialists"), [
    ("We're putting helplines on a poster for the sixth form in case students ever feel suicidal."
     " Which numbers?", {"Papyrus HOPELINE247", "Samaritans", "Childline", "Shout",
                         "CALM (Campaign Against Living Miserably)"}),
    ("for my coursework i need to list domestic abuse services, which ones help men too?",
     {"National Domestic Abuse Helpline", "Men's Advice Line", "ManKind Initiative"}),
    ("doing a PSHE project on self harm awareness, which websites explain it well?",
     {"selfharmUK", "Self-injury Support"}),
])
def test_a_poster_coursework_or_project_about_a_risk_topic_gets_its_specialists(
        client, message, specialists):
    # Blind topics batch 17: these got general or school services. Someone making a poster or
    # writing coursework about a risk topic wants the services that know it, websites and
    # helplines before apps, and never 999, which is for danger now.
    body = chat(client, message)
    assert body["escalation"] is None and body["topics"] == []
    names = [r["name"] for r in body["resources"]]
    assert names and names[0] in specialists, names
    assert "Emergency services (999)" not in names
