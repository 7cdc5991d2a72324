"""Sessions that end when they should, Secure cookies over HTTPS, and 'did this help?' limits.

Signing out ends the session on the server (a copied cookie stops working); sessions end 12
hours after signing in however busy; the cookie is Secure whenever the request is HTTPS
(directly or through a trusted proxy); a `next` with CR/LF never causes a 500; the "did this
help?" answers are same-site only and limited per address.
"""

from __future__ import annotations

import time

import pytest

from app.web import chat

from .test_admin_support import ADMIN, PASSWORD, add_user, db, make_app, sign_in, signed_in


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_copied_cookie_stops_working_after_signing_out(admin_app):
    client = signed_in(admin_app)
    copied = _cookie(client)
    assert client.post("/admin/logout").status_code == 302
    thief = admin_app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/admin/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert thief.get("/admin/").status_code == 302


def test_a_session_ends_12_hours_after_signing_in_however_busy(admin_app):
    client = signed_in(admin_app)
    with client.session_transaction() as session:
        sid = session["sid"]
    assert client.get("/admin/").status_code == 200
    conn = db(admin_app)
    with conn.atomic():
        conn.execute("update admin_sessions set created_at = ? where id = ?",
                     [time.time() - 12 * 3600 - 60, sid])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "12 hours" in client.get(response.location).get_data(as_text=True)


LOGIN = {"email": ADMIN, "password": PASSWORD}


@pytest.mark.parametrize(("config", "base", "headers"), [
    ({}, "https://localhost", {}),
    ({"TRUSTED_PROXIES": 1}, "http://localhost", {"X-Forwarded-Proto": "https"}),
], ids=["https", "behind a trusted proxy"])
def test_the_session_cookie_is_secure_over_https(built_default, tmp_path, config, base, headers):
    app = make_app(built_default, tmp_path, **config)
    add_user(app)
    response = app.test_client().post("/admin/login", data=LOGIN, headers=headers, base_url=base)
    assert response.status_code == 302
    assert "; Secure" in response.headers["Set-Cookie"]


def test_forwarded_https_is_ignored_without_a_trusted_proxy(admin_app):
    add_user(admin_app)
    response = admin_app.test_client().post("/admin/login", data=LOGIN,
                                            headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in response.headers["Set-Cookie"]


@pytest.mark.parametrize("target", ["/admin/\r\nSet-Cookie: x=1", "/admin/%0d%0a", "/admin/\n",
                                    "/admin/ x", "/\\\\evil.example"])
def test_a_next_with_line_breaks_is_ignored_not_a_500(admin_app, target):
    add_user(admin_app)
    client = admin_app.test_client()
    assert client.get("/admin/login", query_string={"next": target}).status_code == 200
    response = sign_in(client, next=target)
    assert response.status_code == 302
    assert "\n" not in response.location and "\r" not in response.location
    assert response.location.startswith("/admin/")


HELPFUL = {"answer": "yes", "topics": ["anxiety"]}


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Referer": "https://evil.example/page"},
], ids=["fetch metadata", "origin", "null origin", "referer"])
def test_did_this_help_refuses_other_sites(client, headers):
    response = client.post("/api/chat/helpful", json=HELPFUL, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["status"] == 403
    form = client.post("/helpful", data={"answer": "yes", "topics": "anxiety"}, headers=headers)
    assert form.status_code == 403


def test_did_this_help_from_this_site_is_counted(client):
    same = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}
    assert client.post("/api/chat/helpful", json=HELPFUL, headers=same).status_code == 200


def test_did_this_help_is_limited_per_address(app):
    client = app.test_client()
    for _ in range(chat.HELPFUL_LIMIT.count):
        assert client.post("/api/chat/helpful", json=HELPFUL).status_code == 200
    response = client.post("/api/chat/helpful", json=HELPFUL)
    assert response.status_code == 429
    assert response.get_json()["error"]["status"] == 429
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.2.3.4"
    assert other.post("/api/chat/helpful", json=HELPFUL).status_code == 200


def test_limits_keep_no_address_or_email_in_plain(admin_app):
    client = admin_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.7.7.7"
    sign_in(client, "someone@example.org", "a wrong password")
    client.post("/api/chat/helpful", json=HELPFUL)
    keys = [row[0] for row in db(admin_app).execute("select key from rate_hits")]
    assert len(keys) == 3
    assert not any("10.7.7.7" in key or "someone" in key for key in keys)
