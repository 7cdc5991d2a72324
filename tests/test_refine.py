"""Refinements in later turns: age, postcode, area, how to get in touch, more, start again."""

from __future__ import annotations

import pytest

from app.chat.refine import Refinement, refine

AREAS = ["Exampleshire", "Brightwater", "Kingston upon Hull", "Stoke-on-Trent"]

AGES = [
    ("I'm 15", 15), ("im 15", 15), ("i am 15", 15), ("I’m only 13", 13), ("15 years old", 15),
    ("im a 16 year old girl", 16), ("16yo", 16), ("age 15", 15), ("aged 17", 17), ("15", 15),
    ("year 10", 15), ("Year 7", 12), ("yr 10", 15), ("y10", 15), ("im in year 9", 14),
    ("a year 8 pupil is struggling", 13), ("my son is 14", 14), ("my 12 year old", 12),
    ("im 15 and in ZZ1", 15), ("22, just started my first proper job", 22), ("16, f, from leeds", 16),
]


@pytest.mark.parametrize("text, age", AGES, ids=[a[0] for a in AGES])
def test_an_age_is_read_from_how_people_say_it(text, age):
    assert refine(text).age == age


NOT_AGES = ["116 123", "I've had 3 panic attacks", "year 2020", "im 15 minutes late",
            "last year 3 times", "call 999", "im 30", "im 2", "i'm 5'4", "there are 12 of us",
            "im turning 16 soon", "it was 10 pounds", "10, 20, 30 times a day i check", "3, 4 times"]


@pytest.mark.parametrize("text", NOT_AGES)
def test_other_numbers_are_not_read_as_an_age(text):
    assert refine(text).age is None


POSTCODES = [("ZZ1", "ZZ1"), ("ZZ1 4AB", "ZZ1"), ("zz1 4ab", "ZZ1"), ("SW1A 1AA", "SW1A"),
             ("my postcode is m8", "M8"), ("i live in b4", "B4"), ("I'm in LS6 near uni", "LS6"),
             ("we live at 3 high st, M14 5TQ", "M14")]


@pytest.mark.parametrize("text, district", POSTCODES, ids=[p[0] for p in POSTCODES])
def test_a_postcode_gives_its_upper_case_district(text, district):
    assert refine(text).postcode == district


@pytest.mark.parametrize("text", ["me n my m8", "see u b4 then", "year 10", "y10", "ps5",
                                  "i got 4am texts", "QQ1 2AB"])
def test_txt_speak_and_school_years_are_not_postcodes(text):
    assert refine(text).postcode is None


AREA_CASES = [("I live in Exampleshire", "Exampleshire"), ("near brightwater", "Brightwater"),
              ("kingston upon hull", "Kingston upon Hull"), ("stoke on trent", "Stoke-on-Trent")]


@pytest.mark.parametrize("text, area", AREA_CASES, ids=[a[0] for a in AREA_CASES])
def test_a_known_area_is_recognised_by_name(text, area):
    assert refine(text, known_areas=AREAS).area == area


def test_an_unknown_place_or_a_word_inside_another_is_not_an_area():
    assert refine("i live in Narnia", known_areas=AREAS).area is None
    assert refine("brightwaters", known_areas=AREAS).area is None
    assert refine("Exampleshire").area is None


CONTACTS = [
    ("can I text someone", ("text",), ()), ("chat online", ("web-chat",), ()),
    ("is there a webchat", ("web-chat",), ()), ("can i call someone", ("phone",), ()),
    ("i want to ring a helpline", ("phone",), ()), ("face to face please", ("in-person",), ()),
    ("in person", ("in-person",), ()), ("is there an app", ("app",), ()),
    ("can i email them", ("email",), ()), ("not on the phone", (), ("phone",)),
    ("i dont want to call", (), ("phone",)), ("cant talk on the phone", (), ("phone",)),
    ("I don't want to call, can I text instead?", ("text",), ("phone",)),
    ("no phone calls please, just text", ("text",), ("phone",)),
    ("i dont know who to call", (), ()), ("i got a text from my ex", (), ()),
]


@pytest.mark.parametrize("text, contact, avoid", CONTACTS, ids=[c[0] for c in CONTACTS])
def test_ways_to_get_in_touch_are_wanted_or_avoided(text, contact, avoid):
    result = refine(text)
    assert (result.contact, result.avoid) == (contact, avoid)


@pytest.mark.parametrize("text", ["show me more", "more options", "anything else?", "other ones",
                                  "more", "any others"])
def test_asking_for_more_is_recognised(text):
    assert refine(text).more


@pytest.mark.parametrize("text", ["i feel more anxious", "is there anything else i can do to "
                                  "stop panicking at night"])
def test_more_inside_a_longer_message_is_not_a_request_for_more(text):
    assert not refine(text).more


@pytest.mark.parametrize("text", ["start again", "start over", "reset", "new chat",
                                  "can we start a new chat please"])
def test_starting_again_is_recognised(text):
    assert refine(text).restart


@pytest.mark.parametrize("text", [
    "I found porn in his browser history. I don't know how to start the conversation",
    "how do i start a conversation with my mum about my grades",
    "my dads in prison and i can visit him next month but im scared",
])
def test_a_conversation_or_a_visit_in_someones_life_is_not_a_chat_command(text):
    result = refine(text)
    assert not result.restart and result.contact == ()


def test_wanting_to_restart_your_life_is_not_restarting_the_chat():
    assert not refine("i want to restart my life and move away from everyone").restart


def test_a_message_with_nothing_to_refine_gives_an_empty_refinement():
    assert refine("my exams are stressing me out", known_areas=AREAS) == Refinement()


def test_several_refinements_in_one_message():
    result = refine("im 15, in ZZ1 4AB, can I text someone? not on the phone",
                    known_areas=AREAS)
    assert result == Refinement(age=15, postcode="ZZ1", contact=("text",), avoid=("phone",))


STORIES = [
    "started logging everything i eat in an app and if i go over my number i feel disgusting",
    "my account got hacked and they changed the email and took all my stuff",
    "mum was on the phone to my nan all night and ignored me again",
    "i rang a helpline last year and it did not help and now i am worse",
]


@pytest.mark.parametrize("text", STORIES)
def test_a_way_to_get_in_touch_inside_a_story_is_not_a_wish(text):
    assert refine(text).contact == ()


@pytest.mark.parametrize("text, contact", [
    ("is there an app that can help me with my anxiety and panic", ("app",)),
    ("can i email someone about my exams and how stressed i am", ("email",)),
    ("an app?", ("app",)), ("helpline pls", ("phone",)),
])
def test_the_same_words_asked_for_are_still_a_wish(text, contact):
    assert refine(text).contact == contact


def test_a_long_first_message_with_an_app_in_it_still_gets_services(client):
    """Blind topics batch 12: an eating worry that mentioned an app got no services at all."""
    text = ("started logging everything i eat in an app and if i go over my number i feel "
            "disgusting and skip tea. mates have noticed i dont eat at lunch anymore")
    body = client.post("/api/chat", json={"message": text, "state": None}).get_json()
    assert body["resources"], body["reply"]
    assert "fits places you can use on an app" not in body["reply"]
