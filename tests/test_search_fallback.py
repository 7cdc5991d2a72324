"""While the index is rebuilt, search reads SQLite: same filters, same topics, escalation first.

The fallback must never show a service outside someone's age, area or contact wishes, so its
results are compared with the index's over the demo directory, filter by filter; and a risk
statement still brings urgent help first while it is in use.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app import runtime
from app.search.found import Filters
from app.search.rebuild import rebuild_lock

MONDAY_NOON = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)
FILTERS = {
    "none": Filters(),
    "age 12": Filters(age=12),
    "age 30": Filters(age=30),
    "postcode": Filters(postcode="ZZ1 4AB"),
    "area": Filters(area="Exampleshire"),
    "grouping": Filters(grouping="getting-help"),
    "topic": Filters(topic="anxiety"),
    "by text": Filters(contact=("text",)),
    "not by phone": Filters(avoid=("phone",)),
    "free": Filters(free=True),
    "open now": Filters(open_now=True),
    "closed ones too": Filters(active_only=False),
    "all at once": Filters(age=15, postcode="ZZ3", contact=("phone", "webchat"), free=True),
}


@pytest.mark.parametrize("words", ["", "anxious", "bullied at school", "sleep"])
@pytest.mark.parametrize("filters", FILTERS.values(), ids=FILTERS.keys())
def test_the_fallback_lets_through_exactly_what_the_index_does(demo_app, filters, words):
    with demo_app.app_context():
        keeper = runtime.current().finder
        kwargs = {"filters": filters, "limit": 1000, "now": MONDAY_NOON}
        indexed = keeper.finder.search(words, **kwargs)
        fallback = keeper.fallback.search(words, **kwargs)
    assert fallback.topics == indexed.topics
    assert {h.id for h in fallback.hits} == {h.id for h in indexed.hits}
    assert fallback.total == indexed.total


def test_while_the_index_is_rebuilt_chat_escalates_first_and_still_signposts(demo_app):
    client = demo_app.test_client()
    with demo_app.app_context():
        rt = runtime.current()
        with rebuild_lock(rt.data_dir):  # as if another process were rebuilding
            rt.finder.ready = False
            risky = client.post("/api/chat", json={"message": "i want to kill myself"}).get_json()
            worried = client.post("/api/chat", json={"message": "i feel anxious all the time"})
            health = client.get("/healthz")
    assert risky["escalation"]["category"] == "suicidal-thoughts"
    assert risky["reply"].startswith(risky["escalation"]["message"])
    assert worried.status_code == 200 and worried.get_json()["resources"]
    assert health.status_code == 503 and health.get_json()["status"] == "rebuilding"
