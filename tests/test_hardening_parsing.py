"""Issue 12: hostile YAML and JSON are refused fast with a clear reason, never a 500 or a hang.

A few hundred bytes of nested YAML aliases ("billion laughs") once took 66 s of CPU and 2.2 GB;
1,000 nested `[` in a chat request once answered 500.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest

from app.directory import formats, untrusted

from .test_admin_support import db, make_app, signed_in


def billion_laughs() -> str:
    """Nine levels of nine aliases each: 9**9 strings once expanded, about 500 bytes."""
    lines = ['lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


def test_a_billion_laughs_file_is_refused_in_milliseconds():
    text = billion_laughs()
    assert len(text.encode()) < 600
    started = time.perf_counter()
    with pytest.raises(untrusted.TooComplex, match="anchor or alias"):
        formats.read_text(text, "yaml", "laughs.yaml")
    assert time.perf_counter() - started < 0.5


def test_the_command_line_load_names_the_file_and_the_reason(admin_app, tmp_path):
    (tmp_path / "laughs.yaml").write_text(billion_laughs(), encoding="utf-8")
    before = db(admin_app)["entries"].count
    started = time.perf_counter()
    result = admin_app.test_cli_runner().invoke(args=["load-directory", str(tmp_path)])
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    assert "laughs.yaml" in result.output and "anchor or alias" in result.output
    assert db(admin_app)["entries"].count == before


@pytest.mark.parametrize(("text", "name", "reason"), [
    (billion_laughs(), "laughs.yaml", "anchor or alias"),
    ("a: &x 1\nb: *x\n", "alias.yaml", "anchor or alias"),
    ("x:\n" + "".join("  " * i + "- \n" for i in range(1, 40)), "deep.yaml", "nested more than"),
    ("[" * 1000 + "]" * 1000, "deep.json", "nested more than"),
    ("[" * 100_000, "deeper.json", "nested more than"),
], ids=["billion-laughs", "small-alias", "deep-yaml", "deep-json", "unclosed-deep-json"])
def test_an_admin_upload_of_hostile_data_is_a_400_with_the_reason(admin_app, text, name, reason):
    client = signed_in(admin_app, "editor")
    started = time.perf_counter()
    response = client.post("/admin/import", data={"upload": (io.BytesIO(text.encode()), name)},
                           content_type="multipart/form-data")
    assert time.perf_counter() - started < 5
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)


def test_plain_yaml_still_reads_dates_and_lists():
    assert untrusted.load_yaml("a: [1, {b: 2}]\nwhen: 2026-01-02\n") == {
        "a": [1, {"b": 2}], "when": dt.date(2026, 1, 2)}


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/helpful"])
@pytest.mark.parametrize("body", [
    "[" * 1000 + "]" * 1000, "[" * 1000, '{"a":' * 500 + "1" + "}" * 500,
    '{"message": "hi", "age": ' + "[" * 25 + "1" + "]" * 25 + "}",
], ids=["1000-brackets", "unclosed", "500-objects", "deep-field"])
def test_a_deeply_nested_json_body_is_a_400_in_the_error_shape(client, path, body):
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400
    assert "nested more than" in error["message"]
    assert error["details"] == [{"field": "(body)", "message": "is nested more than 20 levels deep"}]


def test_ordinary_json_bodies_still_work(client):
    assert client.post("/api/chat", json={"message": "I feel anxious"}).status_code == 200
