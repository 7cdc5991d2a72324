"""Property-based fuzzing of /api/chat, /api/chat/helpful, /api/services, /directory and imports.

Whatever arrives (any JSON value in any field, any unicode including control characters,
lone surrogates, emoji and very long text, forged or mangled state tokens, any query
string), the answer is never a 5xx, JSON APIs always answer JSON, and a 200 from the chat
always has the whole contract. Any value in any field of an imported entry is either
refused with problems listed or loads, exports as CSV and reads back the same.
"""

from __future__ import annotations

import datetime as dt
import shutil
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from app.directory import formats, service
from app.directory.entry import Entry
from app.directory.formats import Record
from app.directory.validate import KNOWN_KEYS
from app.taxonomy import load_taxonomy

from .builders import entry_data

CONTRACT = {"reply", "topics", "escalation", "resources", "quick_replies", "state"}
SEARCH_PARAMS = ("q", "age", "postcode", "area", "topic", "grouping", "contact", "free",
                 "open_now", "page", "per_page")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_char = st.characters(exclude_categories=())  # includes control characters and surrogates
wild_text = st.one_of(
    st.text(any_char, max_size=80),
    st.text(st.sampled_from(list("😭💀🙃🏳️‍🌈\u200b\u202e\x00\x1b\n\t abc")), max_size=40),
    st.tuples(st.text(any_char, min_size=1, max_size=3), st.integers(1, 2100)).map(lambda p: p[0] * p[1]),
    st.sampled_from(["i want to kill myself", "cant sleep", "exam stress pls", "show me more",
                     "i live in exampleshire", "im 14", "ZZ1 4AB", "start again", "   "]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(any_char, max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def fuzz_client(built_default, tmp_path_factory):
    """One app for the whole module (Hypothesis re-runs the test body, not the fixture)."""
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(built_default, data)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(data)})
    return app.test_client()


@pytest.fixture(scope="module")
def real_state(fuzz_client) -> str:
    """A genuine state token from a two-turn conversation."""
    first = fuzz_client.post("/api/chat", json={"message": "i feel anxious", "age": 14}).get_json()
    second = fuzz_client.post("/api/chat", json={"message": "show me more",
                                                 "state": first["state"]}).get_json()
    return second["state"]


def odd_states(real: str):
    """Tokens that are nearly right, wrong, or not tokens at all."""
    return st.one_of(
        st.none(), json_values, st.text(any_char, max_size=60),
        st.just(real),
        st.integers(0, len(real) - 1).map(lambda i: real[:i] + "AB"[real[i] == "A"] + real[i + 1:]),
        st.integers(0, len(real)).map(lambda i: real[:i]),
        st.integers(1, 3000).map(lambda n: real + "x" * n),
        st.just("eyJhZ2UiOjE0fQ.forged-signature"),
    )


def _check_chat(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code == 200:
        assert CONTRACT <= set(body)
        assert isinstance(body["reply"], str) and body["reply"]
        assert isinstance(body["state"], str)
    else:
        assert set(body["error"]) == {"status", "message", "details"}
        assert body["error"]["status"] == response.status_code


@FUZZ
@given(data=st.data())
def test_chat_never_fails_whatever_each_field_holds(fuzz_client, real_state, data):
    body = {
        "message": data.draw(st.one_of(wild_text, json_values), label="message"),
        "state": data.draw(odd_states(real_state), label="state"),
        "age": data.draw(st.one_of(st.integers(-5, 130), json_values), label="age"),
        "postcode": data.draw(st.one_of(st.sampled_from(["ZZ1 4AB", "ZZ1", "zz", "SW1A 1AA"]),
                                        wild_text, json_values), label="postcode"),
    }
    for key in data.draw(st.sets(st.sampled_from(sorted(body))), label="dropped"):
        del body[key]
    _check_chat(fuzz_client.post("/api/chat", json=body))


@FUZZ
@given(message=wild_text)
def test_any_unicode_message_gets_a_whole_reply_or_a_clear_400(fuzz_client, message):
    response = fuzz_client.post("/api/chat", json={"message": message, "state": None})
    _check_chat(response)
    if len(message) <= 2000:
        assert response.status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages=st.lists(wild_text, min_size=2, max_size=5))
def test_a_conversation_of_odd_messages_keeps_its_state(fuzz_client, messages):
    state = None
    for message in messages:
        response = fuzz_client.post("/api/chat", json={"message": message[:2000], "state": state})
        _check_chat(response)
        assert response.status_code == 200
        state = response.get_json()["state"]


@FUZZ
@given(body=st.one_of(json_values, st.binary(max_size=200)))
def test_any_body_to_chat_or_helpful_is_answered_in_json(fuzz_client, body):
    for path in ("/api/chat", "/api/chat/helpful"):
        if isinstance(body, bytes):
            response = fuzz_client.post(path, data=body, content_type="application/json")
        else:
            response = fuzz_client.post(path, json=body)
        assert response.status_code < 500 and response.mimetype == "application/json"
        if path == "/api/chat":
            _check_chat(response)


nested_text = st.tuples(st.sampled_from("[{"), st.integers(15, 3000)).map(
    lambda p: p[0] * p[1] if p[0] == "[" else '{"a":' * p[1] + "1" + "}" * p[1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=nested_text)
def test_deeply_nested_bodies_are_a_json_4xx(fuzz_client, body):
    for path in ("/api/chat", "/api/chat/helpful"):
        response = fuzz_client.post(path, data=body, content_type="application/json")
        assert 400 <= response.status_code < 500 and response.mimetype == "application/json"
        assert set(response.get_json()["error"]) == {"status", "message", "details"}


TAXONOMY = load_taxonomy()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_in_any_entry_field_is_refused_or_loads_and_round_trips(data):
    entry = entry_data(id="6f0b3e2a-0a4f-4c1e-9d7b-2f3c1a9e8b70")
    for key in data.draw(st.sets(st.sampled_from(sorted(KNOWN_KEYS)), min_size=1, max_size=3),
                         label="fields"):
        entry[key] = data.draw(json_values, label=key)
    today = entry_data()["last_verified"]
    entries, problems = service.check_records([Record("fuzz.yaml", 1, entry)], TAXONOMY,
                                              dt.date.fromisoformat(today))
    if problems:
        assert not entries and all(p.file == "fuzz.yaml" and p.message for p in problems)
        return
    (loaded,) = entries
    (record,) = formats.read_text(formats.to_csv(entries), "csv", "export.csv")
    back = {k: v for k, v in record.data.items() if k != "published"}
    assert _as_csv_keeps_it(Entry.from_dict(back).to_dict()) == _as_csv_keeps_it(loaded.to_dict())


def _as_csv_keeps_it(data: dict) -> dict:
    """What CSV can hold: a cell is trimmed, and an empty cell is no value."""
    def cell(value):
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        return value

    return {k: cell(v) for k, v in data.items()}


def _query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='', errors='surrogatepass')}" for k, v in pairs)


search_pairs = st.lists(
    st.tuples(st.sampled_from(SEARCH_PARAMS + ("unknown",)),
              st.one_of(st.text(any_char, max_size=30), st.sampled_from(
                  ["", "1", "0", "-1", "120", "121", "99999999999999999999", "true", "maybe", "phone",
                   "phone,text", "web-chat,,", "ZZ1 4AB", "thriving", "sleep", "x" * 300]))),
    max_size=6,
)


@FUZZ
@given(pairs=search_pairs, raw=st.binary(max_size=30))
def test_services_search_never_fails_whatever_the_query(fuzz_client, pairs, raw):
    query = _query(pairs) + "&q=" + "".join(f"%{b:02X}" for b in raw)
    response = fuzz_client.get(f"/api/services?{query}")
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code == 200:
        assert set(body) == {"total", "page", "per_page", "corrections", "items"}
    else:
        assert body["error"]["details"], "a 400 names each bad parameter"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=search_pairs)
def test_the_directory_page_never_fails_whatever_the_query(fuzz_client, pairs):
    response = fuzz_client.get(f"/directory?{_query(pairs)}")
    assert response.status_code in (200, 400)
    assert response.mimetype == "text/html"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry_id=st.text(any_char, min_size=1, max_size=60))
def test_any_entry_id_is_a_json_404_or_the_entry(fuzz_client, entry_id):
    response = fuzz_client.get(f"/api/services/{quote(entry_id, safe='', errors='surrogatepass')}")
    assert response.status_code in (200, 404)
    assert response.mimetype == "application/json"
