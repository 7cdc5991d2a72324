"""Helpers for the admin tests: apps with and without CSRF checks, accounts, signing in.

Plain functions (no fixtures) so each admin test module states the fixtures it uses.
"""

from __future__ import annotations

import re
import shutil

from app import create_app
from app.admin import users
from app.directory import store

PASSWORD = "correct horse battery staple"
ADMIN = "admin@example.org"
EDITOR = "editor@example.org"


def make_app(built, tmp_path, *, csrf: bool = False, **config):
    """An app on its own copy of the built data; CSRF checks off unless asked for."""
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(built, data)
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(data),
                       "WTF_CSRF_ENABLED": csrf, **config})


def db(app):
    """The app's database connection (for this thread)."""
    with app.app_context():
        from app import runtime

        return runtime.current().db()


def add_user(app, email: str = ADMIN, role: str = "admin", password: str = PASSWORD):
    """Create an account directly in the app's database."""
    return users.create_user(db(app), email, password, role)


def sign_in(client, email: str = ADMIN, password: str = PASSWORD, **extra):
    """Post the sign-in form; returns the response."""
    return client.post("/admin/login", data={"email": email, "password": password, **extra})


def signed_in(app, role: str = "admin"):
    """A test client signed in as a new account with this role."""
    email = ADMIN if role == "admin" else EDITOR
    if users.find(db(app), email) is None:
        add_user(app, email, role)
    client = app.test_client()
    response = sign_in(client, email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_token(client, path: str = "/admin/login") -> str:
    """The CSRF token from a form on a page."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def first_entry(app, **where):
    """The first entry (by name) matching simple field values."""
    for entry in store.all_entries(db(app)):
        if all(getattr(entry, k) == v for k, v in where.items()):
            return entry
    raise LookupError(where)


def form_for(client, entry_id: str) -> dict:
    """The edit form's fields as posted back unchanged (a minimal HTML form reader)."""
    html = client.get(f"/admin/entries/{entry_id}").get_data(as_text=True)
    form = html.split('class="sp-admin-form"', 1)[1].split("</form>", 1)[0]
    data: dict[str, list[str]] = {}
    for tag in re.finditer(r"<(input|textarea|select)\b([^>]*)>", form):
        kind, attrs = tag.group(1), tag.group(2)
        name = _attr(attrs, "name")
        if not name:
            continue
        if kind == "input":
            typ = _attr(attrs, "type") or "text"
            if typ in ("checkbox", "radio") and " checked" not in attrs:
                continue
            data.setdefault(name, []).append(_unescape(_attr(attrs, "value") or ""))
        elif kind == "textarea":
            body = form[tag.end():].split("</textarea>", 1)[0]
            data.setdefault(name, []).append(_unescape(body))
        else:
            body = form[tag.end():].split("</select>", 1)[0]
            chosen = re.search(r'<option value="([^"]*)" selected', body)
            data.setdefault(name, []).append(_unescape(chosen.group(1)) if chosen else "")
    return data


def _attr(attrs: str, name: str) -> str | None:
    match = re.search(rf'\b{name}="([^"]*)"', attrs)
    return match.group(1) if match else None


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
