"""Security headers on every kind of response, templates without inline code, and /healthz.

Pages, API JSON, JSON and HTML errors, static files (served by WhiteNoise, outside Flask) and
the health check all carry the same strict CSP and companions; HSTS only over HTTPS; chat
responses are never cached.
"""

from __future__ import annotations

import datetime as dt
import re
import runpy
import time
from pathlib import Path

import pytest

from app import runtime
from app.directory import service, store
from app.directory.entry import Entry
from app.search import index as search_index

from .builders import entry_data

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "app" / "templates"
RESPONSES = {
    "html page": ("GET", "/directory", None, 200),
    "chat page": ("GET", "/", None, 200),
    "api json": ("GET", "/api/services?q=sleep", None, 200),
    "api chat": ("POST", "/api/chat", {"message": "hi"}, 200),
    "json 404": ("GET", "/api/services/no-such-entry", None, 404),
    "json 400": ("GET", "/api/services?age=old", None, 400),
    "html 404": ("GET", "/no-such-page", None, 404),
    "html 400": ("GET", "/directory?age=old", None, 400),
    "static css": ("GET", "/static/signpost.css", None, 200),
    "static vendor": ("GET", "/static/vendor/nhsuk-frontend.min.css", None, 200),
    "healthz": ("GET", "/healthz", None, 200),
}


def _get(client, method, path, body, **kwargs):
    if method == "POST":
        return client.post(path, json=body, **kwargs)
    return client.get(path, **kwargs)


def _csp(response) -> dict[str, str]:
    policy = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("kind", RESPONSES, ids=list(RESPONSES))
def test_every_kind_of_response_has_the_security_headers(client, kind):
    method, path, body, status = RESPONSES[kind]
    with _get(client, method, path, body) as response:
        assert response.status_code == status
        csp = _csp(response)
        assert csp["default-src"] == "default-src 'self'"
        assert csp["frame-ancestors"] == "frame-ancestors 'none'"
        policy = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert not re.search(r"https?:|\*|//", policy), "no other origins may be allowed"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("kind", RESPONSES, ids=list(RESPONSES))
def test_hsts_is_sent_only_over_https(client, kind):
    method, path, body, status = RESPONSES[kind]
    with _get(client, method, path, body, base_url="https://localhost") as response:
        assert response.status_code == status
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/api/chat", {"message": "i cant sleep"}),
    ("POST", "/api/chat", {"message": 5}),
    ("POST", "/api/chat/helpful", {"answer": "yes", "topics": []}),
], ids=["chat reply", "chat error", "helpful"])
def test_chat_responses_are_never_cached(client, method, path, body):
    response = _get(client, method, path, body)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_chat_form_reply_is_never_cached(client):
    response = client.post("/", data={"message": "exam stress", "state": ""})
    assert response.status_code == 303
    assert response.headers["Cache-Control"] == "no-store"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"


def test_static_files_are_compressed_and_versioned_files_cached_long(client):
    page = client.get("/").get_data(as_text=True)
    versioned = re.search(r'href="(/static/signpost\.css\?v=[0-9a-f]+)"', page).group(1)
    with client.get(versioned, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
    with client.get("/static/signpost.css?v=stale") as response:
        assert "immutable" not in response.headers["Cache-Control"]
    with client.get("/static/vendor/nhsuk-frontend.min.css") as response:
        assert "immutable" in response.headers["Cache-Control"]
        assert "Access-Control-Allow-Origin" not in response.headers


def _template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("template", _template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
        assert "src=" in tag, f"inline <script> in {template.name}: {tag}"
    assert not re.search(r"<style\b", text, flags=re.IGNORECASE), f"<style> block in {template.name}"
    assert not re.search(r"\sstyle\s*=", text, flags=re.IGNORECASE), f"style= attribute in {template.name}"
    assert not re.search(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE), f"inline handler in {template.name}"


def test_healthz_reports_its_checks_and_the_index_drift(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": True, "index": True, "index_in_step": True,
                              "risk_rules": True}
    assert body["index"]["entries_db"] == body["index"]["entries_index"] > 0
    assert body["index"]["drift"] == 0 and body["index"]["rebuilding"] is False
    assert body["index"]["generation"].startswith("index-v")


def test_healthz_is_503_when_the_index_is_far_behind_the_database(app):
    data_dir = app.config["DATA_DIR"]
    db = store.connect(service.db_path(data_dir))
    entries = [Entry.from_dict(entry_data(name=f"Unindexed service {n}")) for n in range(30)]
    with db.atomic():
        store.upsert(db, entries, now=dt.datetime.now(dt.UTC))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["checks"]["index_in_step"] is False
    assert body["index"]["drift"] == 30


# Whoosh leaves the corrupt table-of-contents file open when it fails to read it (closed by
# the garbage collector); that ResourceWarning is Whoosh's, not a failure of this check.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_healthz_is_503_while_a_broken_index_is_rebuilt_then_200(app):
    folder = search_index.index_dir(app.config["DATA_DIR"])
    for file in folder.iterdir():
        file.write_bytes(b"\x00garbage" * 64)
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "rebuilding"
    assert body["checks"]["database"] is True and body["checks"]["index"] is False
    # It mends itself: the index is rebuilt in the background and health comes back.
    deadline = time.monotonic() + 60
    while client.get("/healthz").status_code != 200:
        assert time.monotonic() < deadline, "the index was not rebuilt"
        time.sleep(0.2)
    with app.app_context():
        assert runtime.current().index_usable() is True


def test_the_access_log_never_records_query_strings_or_addresses():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    fmt = settings["access_log_format"]
    assert "%(U)s" in fmt, "the path, without its query string"
    # %(r)s is the request line and %(q)s the query string (directory searches are GET ?q=);
    # %(h)s is the client address, %(a)s the user agent, %(f)s the referrer, %({...}i)s headers.
    for token in ("%(r)s", "%(q)s", "%(h)s", "%(a)s", "%(f)s", "%(u)s", "}i)s", "}e)s"):
        assert token not in fmt, token
    assert (settings["workers"], settings["threads"], settings["preload_app"]) == (2, 4, False)
