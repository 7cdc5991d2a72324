"""Cached public pages and API answers: an edit shows at once, nothing per-person is kept."""

from __future__ import annotations

import sqlite3

import pytest
from flask import session

from app.web import page_cache

from .test_admin_support import first_entry, form_for, make_app, signed_in

NEW_PHONE = "01632 960777"


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


def public_views(entry_id: str, name: str) -> list[str]:
    """Every cached public address that shows this entry."""
    return [f"/directory/{entry_id}", f"/api/services/{entry_id}",
            f"/openreferral/services/{entry_id}", f"/api/services?q={name}",
            f"/directory?q={name}"]


def test_a_cached_page_shows_an_edit_at_once(admin_app):
    entry = first_entry(admin_app, status="active")
    public = admin_app.test_client()
    addresses = public_views(entry.id, entry.name)
    for address in addresses:  # twice: the second answer comes from the cache
        first, again = public.get(address), public.get(address)
        assert first.status_code == again.status_code == 200
        assert again.get_data() == first.get_data() and NEW_PHONE not in first.get_data(as_text=True)
    cache = page_cache.cache_for(admin_app)
    assert cache.hits >= len(addresses)
    editor = signed_in(admin_app, "editor")
    form = form_for(editor, entry.id)
    form["contact-0-method"], form["contact-0-value"] = ["phone"], [NEW_PHONE]
    assert editor.post(f"/admin/entries/{entry.id}", data=form).status_code == 302
    for address in addresses:
        assert NEW_PHONE in public.get(address).get_data(as_text=True), address


def test_a_change_written_straight_to_the_database_shows_at_once(admin_app):
    """Another process writing SQLite (no index update) still drops the cached page."""
    entry = first_entry(admin_app, status="active")
    public = admin_app.test_client()
    assert public.get(f"/directory/{entry.id}").status_code == 200
    assert "Zebracorn" not in public.get(f"/directory/{entry.id}").get_data(as_text=True)
    db = sqlite3.connect(admin_app.config["DATA_DIR"] + "/signpost.db")
    with db:
        db.execute("update entries set name = 'Zebracorn Helpline' where id = ?", (entry.id,))
    db.close()
    assert "Zebracorn Helpline" in public.get(f"/directory/{entry.id}").get_data(as_text=True)


def test_a_signed_in_editor_never_gets_or_fills_the_cache(admin_app):
    entry = first_entry(admin_app, status="active")
    editor = signed_in(admin_app, "editor")
    cache = page_cache.cache_for(admin_app)
    before = (len(cache), cache.hits)
    for _ in range(2):
        assert editor.get(f"/directory/{entry.id}").status_code == 200
        assert editor.get(f"/api/services?q={entry.name}").status_code == 200
    assert (len(cache), cache.hits) == before


def test_a_page_that_uses_the_session_is_not_kept(admin_app):
    counter = iter(range(1000))

    @page_cache.cached
    def per_person():
        session["seen"] = True
        return f"visitor {next(counter)}"

    admin_app.add_url_rule("/test-per-person", "per_person", per_person)
    public = admin_app.test_client()
    answers = {admin_app.test_client().get("/test-per-person").get_data(as_text=True)
               for _ in range(3)}
    assert len(answers) == 3
    assert len(page_cache.cache_for(admin_app)) == 0
    assert public.get("/test-per-person").headers.get("Set-Cookie")


def test_open_now_answers_are_not_kept_because_they_change_with_the_clock(admin_app):
    public = admin_app.test_client()
    cache = page_cache.cache_for(admin_app)
    for _ in range(2):
        assert public.get("/api/services?open_now=true").status_code == 200
        assert public.get("/directory?open_now=1").status_code == 200
    assert len(cache) == 0 and cache.hits == 0


def test_chat_and_admin_answers_are_never_cached(admin_app):
    public = admin_app.test_client()
    for _ in range(2):
        assert public.get("/admin/login").status_code == 200
        assert public.get("/").status_code == 200
        assert public.post("/api/chat", json={"message": "exam stress"}).get_json()["reply"]
    assert len(page_cache.cache_for(admin_app)) == 0


def test_the_cache_stays_within_its_bounds():
    cache = page_cache.PageCache(max_pages=3, max_bytes=10_000)
    for number in range(10):
        cache.get(number, "stamp")
        cache.put(number, "stamp", (200, (), b"x" * 100))
    assert len(cache) == 3 and cache.get(9, "stamp") and cache.get(0, "stamp") is None
    cache.put("big", "stamp", (200, (), b"x" * 5_000))
    assert cache.get("big", "stamp") is None
    assert cache.get(9, "new stamp") is None and len(cache) == 0
