"""A service asked about by name ("what is CAMHS", "is Kooth free") comes first, and a message
that names a service but no worry still gets that service, not a dead end (issue 9)."""

from __future__ import annotations

from types import SimpleNamespace

from app.chat import named
from app.chat.normalise import normalise
from app.chat.wordforms import common_words


def chat(client, message, state=None, **extra):
    response = client.post("/api/chat", json={"message": message, "state": state, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _names(*names):
    entries = [SimpleNamespace(id=f"id-{i}", name=name) for i, name in enumerate(names)]
    return named.index(entries, common_words()), {e.id: e.name for e in entries}


def _find(message, names):
    index, by_id = names
    return [by_id[i] for i in named.named(normalise(message).text, index)]


CAMHS = "NHS children and young people's mental health services (CYPMHS, CAMHS)"
NAMES = _names(CAMHS,
               "Mental Health Support Teams in schools", "Shout", "Kooth", "On My Mind",
               "Your GP (family doctor)", "Family Lives", "Mermaids", "Samaritans",
               "YoungMinds textline", "YoungMinds Parents Helpline", "Emergency services (999)")


def test_names_in_brackets_short_forms_and_singulars_are_found():
    assert _find("what is camhs", NAMES) == [CAMHS]
    assert _find("what is a mental health support team?", NAMES) == ["Mental Health Support Teams in schools"]
    assert _find("can I see the GP without my parents", NAMES) == ["Your GP (family doctor)"]
    assert _find("is the youngminds parents line any good", NAMES) == ["YoungMinds Parents Helpline"]


def test_everyday_words_name_a_service_only_after_a_word_for_getting_in_touch():
    assert _find("i shout at my mum when i am angry", NAMES) == []
    assert _find("it has been on my mind for weeks", NAMES) == []
    assert _find("my family lives in leeds", NAMES) == []
    assert _find("my daughter loves mermaids and unicorns", NAMES) == []
    assert _find("can i text shout at night", NAMES) == ["Shout"]
    assert _find("i called the samaritans last night", NAMES) == ["Samaritans"]


def test_a_name_two_entries_share_or_made_of_digits_is_not_used():
    # "youngminds" alone could be either YoungMinds service, and "999" is not asked about here.
    assert _find("i follow youngminds on insta", NAMES) == []
    assert _find("should i call 999", NAMES) == []


def test_at_most_two_services_in_the_order_named():
    assert _find("can i text kooth or call camhs or see the gp", NAMES) == [
        "Kooth", CAMHS]


def test_asking_what_a_service_is_gets_that_service_not_a_dead_end(client):
    body = chat(client, "what is camhs")
    assert body["escalation"] is None
    assert [r["name"] for r in body["resources"]] == [CAMHS]
    assert body["resources"][0]["why"] == "You asked about this service."
    assert "asked about" in body["reply"]


def test_a_named_service_comes_first_beside_the_worry(client):
    body = chat(client, "is kooth free? im really stressed about my exams", age=15)
    names = [r["name"] for r in body["resources"]]
    assert names[0] == "Kooth"
    assert len(names) > 1 and names.count("Kooth") == 1
    assert "stress" in " ".join(r["why"] for r in body["resources"][1:]).lower()


def test_a_named_service_outside_the_persons_age_is_not_shown(client):
    # YoungMinds Parents Helpline is for grown-ups; a 13-year-old asking about it is not sent there.
    body = chat(client, "what is the youngminds parents helpline", age=13)
    assert "YoungMinds Parents Helpline" not in [r["name"] for r in body["resources"]]


def test_an_everyday_word_alone_names_nothing(client):
    body = chat(client, "i shout at my little brother and then feel bad")
    assert "Shout" not in [r["name"] for r in body["resources"]][:1]
    assert "You asked about this service." not in [r["why"] for r in body["resources"]]


def test_a_name_reported_or_used_as_the_writers_job_is_not_asked_about():
    assert _find("school nurse here, lots of year 7s are exhausted", NAMES) == []
    assert _find("my 9 year old has tummy aches and the GP says nothing physical", NAMES) == []
    assert _find("how do i get help without my gp knowing", NAMES) == []
    assert _find("my gp referred me to camhs, what happens next", NAMES) == [CAMHS]


def test_waiting_for_a_service_or_avoiding_it_does_not_put_it_first():
    assert _find("on the camhs waiting list for 9 months, what can we do meanwhile", NAMES) == []
    assert _find("how do i support her while she waits for camhs", NAMES) == []
    assert _find("can i get tested without going to my gp", NAMES) == []
