"""Who may use which admin URL: signed out, editor, admin; sessions, CSRF and the public side."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from app import runtime
from app.admin import users
from app.directory import editing

from .pagecheck import check_page
from .test_admin_support import (
    ADMIN,
    EDITOR,
    PASSWORD,
    add_user,
    csrf_token,
    db,
    first_entry,
    make_app,
    sign_in,
    signed_in,
)

ENTRY = "{entry}"
# Every admin URL that shows a page (GET), and which role it needs.
PAGES = [
    ("/admin/", "editor"),
    ("/admin/entries", "editor"),
    ("/admin/entries/new", "editor"),
    (f"/admin/entries/{ENTRY}", "editor"),
    (f"/admin/entries/{ENTRY}/history", "editor"),
    (f"/admin/entries/{ENTRY}/history/1", "editor"),
    ("/admin/reports", "editor"),
    ("/admin/import", "editor"),
    ("/admin/export/csv", "editor"),
    ("/admin/try", "editor"),
    ("/admin/safety", "editor"),
    ("/admin/account/password", "editor"),
    ("/admin/users", "admin"),
    ("/admin/users/1", "admin"),
    ("/admin/audit", "admin"),
]
JSON = [
    ("/admin/api/review", "editor"),
    (f"/admin/api/entries/{ENTRY}/history", "editor"),
    ("/admin/api/audit", "admin"),
]
# Every admin URL that changes something (POST).
ACTIONS = [
    "/admin/logout", "/admin/entries/new", f"/admin/entries/{ENTRY}",
    f"/admin/entries/{ENTRY}/checked", f"/admin/entries/{ENTRY}/status",
    f"/admin/entries/{ENTRY}/history/1/restore", "/admin/import", "/admin/import/confirm",
    "/admin/reports/1/resolve", "/admin/try", "/admin/users", "/admin/users/1",
    "/admin/account/password",
]


@pytest.fixture
def admin_app(built_default, tmp_path):
    app = make_app(built_default, tmp_path)
    add_user(app, ADMIN, "admin")
    return app


@pytest.fixture
def entry_id(admin_app):
    """An entry with one audited change (record 1), so its history pages exist."""
    entry = first_entry(admin_app)
    with admin_app.app_context():
        rt = runtime.current()
        saved = editing.mark_checked(rt.db(), rt.data_dir, rt.taxonomy, entry.id,
                                     editor=editing.Editor(ADMIN), expected_version=None,
                                     now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert saved.record_id == 1
    return entry.id


def fill(url: str, entry_id: str) -> str:
    return url.replace(ENTRY, entry_id)


def test_every_admin_route_is_listed_here(admin_app):
    listed = {u for u, _ in PAGES + JSON} | set(ACTIONS) | {"/admin/login"}
    shapes = {r.rule for r in admin_app.url_map.iter_rules() if r.rule.startswith("/admin")}
    normal = {s.replace("<entry_id>", ENTRY).replace("<int:record_id>", "1")
              .replace("<int:report_id>", "1").replace("<int:user_id>", "1")
              .replace("<fmt>", "csv") for s in shapes}
    assert normal <= listed, f"add these to the access tests: {sorted(normal - listed)}"


@pytest.mark.parametrize(("url", "role"), PAGES, ids=[u for u, _ in PAGES])
def test_signed_out_pages_redirect_to_sign_in(admin_app, entry_id, url, role):
    response = admin_app.test_client().get(fill(url, entry_id))
    assert response.status_code == 302
    assert response.location.startswith("/admin/login?next=")


@pytest.mark.parametrize("url", ACTIONS)
def test_signed_out_actions_redirect_and_change_nothing(admin_app, entry_id, url):
    before = db(admin_app).execute("select count(*) from audit").fetchone()[0]
    response = admin_app.test_client().post(fill(url, entry_id), data={"version": "1"})
    assert response.status_code == 302
    assert response.location == "/admin/login"
    assert db(admin_app).execute("select count(*) from audit").fetchone()[0] == before


@pytest.mark.parametrize(("url", "role"), JSON, ids=[u for u, _ in JSON])
def test_signed_out_json_gets_401_json_not_a_redirect(admin_app, entry_id, url, role):
    response = admin_app.test_client().get(fill(url, entry_id))
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401


def test_a_json_client_gets_401_json_on_any_admin_url(admin_app):
    response = admin_app.test_client().get("/admin/entries",
                                           headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.is_json


@pytest.mark.parametrize(("url", "role"), PAGES + JSON, ids=[u for u, _ in PAGES + JSON])
def test_editors_get_403_on_admin_only_routes_and_200_elsewhere(admin_app, entry_id, url, role):
    client = signed_in(admin_app, "editor")
    response = client.get(fill(url, entry_id))
    assert response.status_code == (403 if role == "admin" else 200)
    if url.startswith("/admin/api/") and role == "admin":
        assert response.get_json()["error"]["status"] == 403


@pytest.mark.parametrize(("url", "role"), PAGES + JSON, ids=[u for u, _ in PAGES + JSON])
def test_admins_can_open_every_page(admin_app, entry_id, url, role):
    response = signed_in(admin_app, "admin").get(fill(url, entry_id))
    assert response.status_code == 200
    if response.mimetype == "text/html":
        check_page(response.get_data(as_text=True))


def test_editors_cannot_post_to_admin_only_routes(admin_app):
    client = signed_in(admin_app, "editor")
    response = client.post("/admin/users", data={"email": "new@example.org", "role": "admin",
                                                 "password": PASSWORD + "x"})
    assert response.status_code == 403
    assert users.find(db(admin_app), "new@example.org") is None


def test_sign_in_goes_back_to_the_page_asked_for(admin_app):
    client = admin_app.test_client()
    response = sign_in(client, next="/admin/entries?status=active")
    assert response.location == "/admin/entries?status=active"


def test_sign_in_never_redirects_off_site(admin_app):
    response = sign_in(admin_app.test_client(), next="https://evil.example/admin/")
    assert response.location == "/admin/"


def test_the_login_page_is_not_a_redirect_loop(admin_app):
    response = admin_app.test_client().get("/admin/login")
    assert response.status_code == 200
    check_page(response.get_data(as_text=True))


def test_wrong_password_is_refused_with_a_plain_message(admin_app):
    response = sign_in(admin_app.test_client(), password="not the right password")
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_lax_and_secure_when_configured(built_default, tmp_path):
    app = make_app(built_default, tmp_path, SESSION_COOKIE_SECURE=True)
    add_user(app)
    cookie = sign_in(app.test_client()).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie


def test_sessions_end_after_30_minutes_without_activity(admin_app):
    client = signed_in(admin_app)
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = time.time() - 31 * 60
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "30 minutes" in client.get(response.location).get_data(as_text=True)


def test_activity_keeps_the_session_alive(admin_app):
    client = signed_in(admin_app)
    with client.session_transaction() as session:
        session["seen"] = time.time() - 29 * 60
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["seen"] < 60


def test_disabling_an_account_signs_it_out(admin_app):
    client = signed_in(admin_app, "editor")
    users.set_active(db(admin_app), users.find(db(admin_app), EDITOR).id, False)
    assert client.get("/admin/").status_code == 302
    assert sign_in(admin_app.test_client(), EDITOR).status_code == 400


def test_a_password_reset_signs_the_account_out_everywhere(admin_app):
    client = signed_in(admin_app, "editor")
    users.set_password(db(admin_app), users.find(db(admin_app), EDITOR).id, PASSWORD + " new")
    assert client.get("/admin/").status_code == 302


def test_signing_out_ends_the_session(admin_app):
    client = signed_in(admin_app)
    assert client.post("/admin/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_admin_pages_are_not_cached(admin_app):
    assert signed_in(admin_app).get("/admin/").headers["Cache-Control"] == "no-store"


# -- CSRF ----------------------------------------------------------------------------------
@pytest.fixture
def csrf_app(built_default, tmp_path):
    app = make_app(built_default, tmp_path, csrf=True)
    add_user(app)
    return app


def test_sign_in_without_a_csrf_token_is_refused(csrf_app):
    response = sign_in(csrf_app.test_client())
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)


def test_sign_in_with_the_token_from_the_form_works(csrf_app):
    client = csrf_app.test_client()
    assert sign_in(client, csrf_token=csrf_token(client)).status_code == 302


@pytest.mark.parametrize("url", ACTIONS[1:])
def test_every_admin_action_refuses_a_post_without_a_csrf_token(csrf_app, url):
    client = csrf_app.test_client()
    sign_in(client, csrf_token=csrf_token(client))
    entry = first_entry(csrf_app)
    before = db(csrf_app).execute("select count(*) from audit").fetchone()[0]
    response = client.post(fill(url, entry.id), data={"version": str(entry.version)})
    assert response.status_code == 400
    assert db(csrf_app).execute("select count(*) from audit").fetchone()[0] == before


def test_the_public_side_works_without_a_session_or_token(csrf_app):
    client = csrf_app.test_client()
    chat = client.post("/api/chat", json={"message": "I feel anxious about exams"})
    assert chat.status_code == 200
    assert client.post("/api/chat/helpful", json={"answer": "yes", "topics": []}).status_code == 200
    assert client.post("/", data={"message": "hello"}, follow_redirects=True).status_code == 200
    assert client.post("/helpful", data={"answer": "no", "topics": ""},
                       follow_redirects=True).status_code == 200
    assert client.get("/openreferral/services").status_code == 200
    assert not client.get_cookie("session")


def test_public_pages_set_no_cookie(csrf_app):
    entry = first_entry(csrf_app)
    client = csrf_app.test_client()
    for url in ("/", "/directory", f"/directory/{entry.id}", f"/directory/{entry.id}/report"):
        assert "Set-Cookie" not in client.get(url).headers, url
