"""A lesson, a film or a set text named beside the writer's own risk never silences it.

Issue 8: schoolwork and media frames stop a lesson about suicide or abuse from escalating, unless
the same message also says something about the writer or someone they know. While fixing blind
batches 51 and 52, putting frames on the broad "sexual abuse", "goodbye" and "kill myself" rules
silenced the messages below; these keep that from happening again.
"""

from __future__ import annotations

import pytest

RISK_BESIDE_A_FRAME = [
    ("my uncle sexually abused me, we did a lesson about it in pshe today", "abuse"),
    ("i was sexually abused when i was 8, the film brought it back", "abuse"),
    ("ive written goodbye letters to my family, we read a poem about it in english",
     "suicidal-thoughts"),
    ("i wrote a goodbye letter to everyone, the song made me do it", "suicidal-thoughts"),
    ("i want to kill myself, we are doing macbeth in english", "suicidal-thoughts"),
    ("i want to kill myself we are doing a play in english", "suicidal-thoughts"),
]


@pytest.mark.parametrize(("message", "category"), RISK_BESIDE_A_FRAME)
def test_the_writers_own_risk_beside_a_lesson_or_film_still_escalates(client, message, category):
    body = client.post("/api/chat", json={"message": message, "state": None}).get_json()
    assert body["escalation"] is not None, message
    assert body["escalation"]["category"] == category, (message, body["escalation"])
    assert body["escalation"]["level"] == "urgent", message


def test_a_friend_sending_goodbye_like_in_a_film_is_still_urgent(client):
    body = client.post("/api/chat", json={"message": "she sent me a goodbye message, like in the film",
                                          "state": None}).get_json()
    assert body["escalation"] and body["escalation"]["level"] == "urgent"
