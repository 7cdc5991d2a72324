"""The entry form a person can work through: sections, unique labels, clearing review, who."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest

from app.directory import audit, store

from .pagecheck import check_page
from .test_admin_support import ADMIN, EDITOR, add_user, db, first_entry, form_for, make_app, sign_in

SECTIONS = ["What it is", "Who it is for", "How to contact", "When", "Where", "Sources and review"]


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


def client_for(app, email: str, role: str):
    add_user(app, email, role)
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def test_the_form_is_in_sections_with_a_list_of_them_and_a_box_for_the_summary(admin_app):
    client = client_for(admin_app, EDITOR, "editor")
    entry = first_entry(admin_app, status="active")
    html = client.get(f"/admin/entries/{entry.id}").get_data(as_text=True)
    check_page(html)
    legends = re.findall(r'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">'
                         r'<h2 class="nhsuk-fieldset__heading">([^<]+)</h2>', html)
    assert legends == SECTIONS
    nav = html.split('class="sp-admin-sidenav"', 1)[1].split("</nav>", 1)[0]
    for section_id in ("what", "who", "contact", "when", "where", "review"):
        assert f'href="#{section_id}"' in nav and f'id="{section_id}"' in html
    assert re.search(r'<textarea [^>]*id="summary"', html)


@pytest.mark.parametrize("path", ["/admin/entries/new", "edit"])
def test_every_label_on_the_form_is_different(admin_app, path):
    client = client_for(admin_app, EDITOR, "editor")
    if path == "edit":
        path = f"/admin/entries/{first_entry(admin_app, status='active').id}"
    html = client.get(path).get_data(as_text=True)
    labels = [unescape(re.sub(r"<[^>]+>", "", t)).strip()
              for t in re.findall(r"<label\b[^>]*>(.*?)</label>", html, re.S)]
    repeated = [label for label, count in Counter(labels).items() if count > 1]
    assert repeated == []
    assert "Note for the public about cost" in labels
    assert "Note for the public about contact 1" in labels
    assert "Note for the public about the closure" in labels


def test_unticking_needs_review_clears_the_reason_and_says_so_in_the_history(admin_app):
    client = client_for(admin_app, EDITOR, "editor")
    entry = first_entry(admin_app, needs_review=True)
    form = form_for(client, entry.id)
    assert form["review_reason"] == [entry.review_reason]
    del form["needs_review"]
    assert client.post(f"/admin/entries/{entry.id}", data=form).status_code == 302
    saved = store.get(db(admin_app), entry.id)
    assert not saved.needs_review and saved.review_reason is None
    record = audit.history(db(admin_app), entry.id)[0]
    assert record.note.startswith("Review cleared") and entry.review_reason in record.note
    html = unescape(client.get(f"/admin/entries/{entry.id}/history").get_data(as_text=True))
    assert "Review cleared; the reason had been: " + entry.review_reason in html


def test_editors_see_an_editor_where_admins_see_who(admin_app):
    entry = first_entry(admin_app, status="active")
    admin = client_for(admin_app, ADMIN, "admin")
    form = form_for(admin, entry.id)
    form["summary"] = ["A summary the admin wrote."]
    assert admin.post(f"/admin/entries/{entry.id}", data=form).status_code == 302
    editor = client_for(admin_app, EDITOR, "editor")
    for path in (f"/admin/entries/{entry.id}/history", "/admin/"):
        page = editor.get(path).get_data(as_text=True)
        assert ADMIN not in page and "an editor" in page, path
        assert ADMIN in admin.get(path).get_data(as_text=True), path
    items = editor.get(f"/admin/api/entries/{entry.id}/history").get_json()["items"]
    assert items[0]["who"] == "an editor"
    version = editor.get(f"/admin/entries/{entry.id}/history/{items[0]['id']}")
    assert ADMIN not in version.get_data(as_text=True)
