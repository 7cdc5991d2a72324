"""No chat text reaches the database, the index, any file or the logs; no cookies are set."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app import runtime

MARKER = "quokkazebra"
MESSAGES = [
    f"{MARKER} i feel anxious about exams",
    f"i want to kill myself {MARKER}",
    f"my friend {MARKER} is being bullied",
]


def _files_containing(folder: Path, needle: bytes) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.mark.parametrize("message", MESSAGES, ids=["topic", "risk", "third-party"])
def test_chat_text_is_not_stored_or_logged(app, caplog, message):
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    api = client.post("/api/chat", json={"message": message, "state": None})
    form = client.post("/", data={"message": message, "state": ""})
    assert api.status_code == 200 and form.status_code == 303
    assert "Set-Cookie" not in api.headers and "Set-Cookie" not in form.headers
    assert MARKER not in api.get_json()["state"]
    assert MARKER not in form.headers["Location"]  # the redirect address holds no typed text
    page = client.get(form.headers["Location"])
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert MARKER not in page.get_data(as_text=True)
    data_dir = Path(app.config["DATA_DIR"])
    with app.app_context():
        runtime.current().db().conn.commit()
    assert _files_containing(data_dir, MARKER.encode()) == []
    assert MARKER not in caplog.text


def test_helpful_counts_hold_only_day_topic_answer_and_count(app):
    client = app.test_client()
    client.post("/api/chat/helpful", json={"answer": "no", "topics": ["anxiety", "sleep"]})
    with app.app_context():
        rows = list(runtime.current().db().query("select * from helpful_counts order by topic"))
    assert [(r["topic"], r["answer"], r["count"]) for r in rows] == [
        ("anxiety", "no", 1), ("sleep", "no", 1)]
