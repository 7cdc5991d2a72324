"""What is kept between requests (entry JSON, search readings, rendered results) gives the
same answer as making it afresh, and is dropped the moment the directory changes."""

from __future__ import annotations

import dataclasses

import pytest
from flask import jsonify, request
from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage

from app import runtime
from app.directory import store
from app.search import index as search_index
from app.web import api, encoded, fixed_links, per_entry, result_items
from app.web.present import entry_json

from .test_admin_support import first_entry, form_for, make_app, signed_in

NEW_PHONE = "01632 960777"
SEARCHES = ["", "?q=worried", "?q=anxeity&age=14", "?q=bullying&per_page=3&page=2",
            "?topic=bereavement", "?q=zzzz", "?q=exam+stress&contact=text&free=true",
            "?q=%22quoted%22+%E2%9C%93+caf%C3%A9"]


@pytest.fixture
def admin_app(built_default, tmp_path):
    return make_app(built_default, tmp_path)


def edit_phone(app, entry_id: str, phone: str = NEW_PHONE) -> None:
    """Change an entry's first contact through the admin form, as an editor does."""
    editor = signed_in(app, "editor")
    form = form_for(editor, entry_id)
    form["contact-0-method"], form["contact-0-value"] = ["phone"], [phone]
    assert editor.post(f"/admin/entries/{entry_id}", data=form).status_code == 302


@pytest.mark.parametrize("query", SEARCHES, ids=lambda q: q or "no-query")
def test_the_services_body_is_byte_for_byte_what_jsonify_gives(admin_app, query):
    for _ in range(2):  # the second time from entries already encoded
        with admin_app.test_request_context("/api/services" + query):
            results, found, page, size = api.find(request.args)
            expected = jsonify({"total": found.total, "page": page, "per_page": size,
                                "corrections": [{"from": a, "to": b} for a, b in found.corrections],
                                "items": [entry_json(e, why) for e, why in results]})
            made = encoded.services_body(results, found, page, size)
            assert made.get_data() == expected.get_data()
            assert made.headers == expected.headers


def test_an_edit_shows_in_the_api_at_once_though_entries_are_encoded_once(admin_app):
    entry = first_entry(admin_app, status="active")
    reader = admin_app.test_client()
    reader.set_cookie("seen", "1")  # a request with a cookie skips the page cache: entries only
    address = f"/api/services?q={entry.name}"
    before = reader.get(address).get_json()["items"]
    assert any(item["id"] == entry.id for item in before)
    assert len(per_entry.per_entry(admin_app, "json")) >= 1
    edit_phone(admin_app, entry.id)
    after = reader.get(address).get_json()["items"]
    [item] = [i for i in after if i["id"] == entry.id]
    assert item["contacts"][0]["value"] == NEW_PHONE


def test_two_searches_that_differ_only_in_their_query_get_different_answers(admin_app):
    public = admin_app.test_client()
    for path in ("/api/services", "/directory"):
        for _ in range(2):  # the second round from the page cache
            worry = public.get(f"{path}?q=worried").get_data()
            sleep = public.get(f"{path}?q=sleep").get_data()
            local = public.get(f"{path}?q=worried&per_page=3").get_data()
            assert len({worry, sleep, local}) == 3, path


def test_a_search_word_reads_afresh_once_an_entry_has_it(admin_app):
    """A word no entry had is corrected or dropped; once an edit adds it, it is searched as typed."""
    entry = first_entry(admin_app, status="active")
    public = admin_app.test_client()
    first = public.get("/api/services?q=zebracorn").get_json()
    assert entry.id not in [i["id"] for i in first["items"]]
    editor = signed_in(admin_app, "editor")
    form = form_for(editor, entry.id)
    form["name"] = ["Zebracorn Helpline"]
    assert editor.post(f"/admin/entries/{entry.id}", data=form).status_code == 302
    again = public.get("/api/services?q=zebracorn").get_json()
    assert again["items"][0]["id"] == entry.id and again["corrections"] == []


def test_values_kept_per_entry_stay_within_their_bound(admin_app):
    kept = per_entry.PerEntry(limit=3)
    with admin_app.test_request_context("/api/services"):
        rt = runtime.current()
        ids = [e.id for e in store.all_entries(rt.db())][:10]
        for entry in rt.fetch(ids).values():
            assert kept.get(entry, (), lambda e=entry: str(entry_json(e))) == str(entry_json(entry))
        assert len(kept) <= 3


def test_an_edit_shows_in_directory_results_at_once_though_results_are_rendered_once(admin_app):
    entry = first_entry(admin_app, status="active")
    reader = admin_app.test_client()
    reader.set_cookie("seen", "1")  # a request with a cookie skips the page cache: results only
    address = f"/directory?q={entry.name}"
    assert NEW_PHONE not in reader.get(address).get_data(as_text=True)
    assert len(per_entry.per_entry(admin_app, "result")) >= 1
    edit_phone(admin_app, entry.id)
    assert NEW_PHONE in reader.get(address).get_data(as_text=True)


def test_a_kept_result_keeps_its_own_tick(admin_app):
    entry = first_entry(admin_app, status="active")
    public = admin_app.test_client()
    tick = f'id="tick-{entry.id}" name="id" type="checkbox" value="{entry.id}" form="search-form" data-tick'
    plain = public.get(f"/directory?q={entry.name}").get_data(as_text=True)
    ticked = public.get(f"/directory?q={entry.name}&sel={entry.id}").get_data(as_text=True)
    again = public.get(f"/directory?q={entry.name}&sel=other").get_data(as_text=True)
    assert f"{tick}>" in plain and f"{tick} checked>" in ticked and f"{tick}>" in again


REASONS = [None, "", "you searched 'worried': Anxiety", "'<b>' & \"x\" is in its name"]


def test_a_kept_result_with_any_reason_is_what_rendering_it_afresh_gives(admin_app):
    entry = first_entry(admin_app, status="active")
    marked = dataclasses.replace(entry, summary=f"Holds the mark {result_items.WHY_MARK} itself")
    with admin_app.test_request_context("/directory"):
        for shown in (entry, marked):
            for why in REASONS:
                for checked in (False, True):
                    for _ in range(2):  # the second time from the kept rendering
                        made = result_items.result_html(shown, why, checked)
                        assert made == result_items._render(admin_app, shown, why, checked)
        # One rendering per entry, reason shown or not and tick: not one per reason.
        assert len(per_entry.per_entry(admin_app, "result")) <= 8


def test_one_kept_rendering_serves_every_search_that_finds_an_entry(admin_app):
    entry = first_entry(admin_app, status="active")
    public = admin_app.test_client()
    public.set_cookie("seen", "1")  # skip the page cache: rendered results only
    for query in (entry.name, entry.name.lower(), f"{entry.name} help"):
        page = public.get("/directory", query_string={"q": query}).get_data(as_text=True)
        assert entry.name in page and result_items.WHY_MARK not in page
    assert len([key for key in per_entry.per_entry(admin_app, "result")._kept  # noqa: SLF001
                if key[0] == entry.id]) == 1


def test_fixed_addresses_in_templates_are_flasks_own_under_any_app_root(admin_app):
    url_for = admin_app.jinja_env.globals["url_for"]
    calls = [("pages.directory", {}), ("pages.help_now", {}), ("static", {"filename": "signpost.css"}),
             ("pages.entry", {"entry_id": "some-id"})]
    for root in ("", "/signpost"):
        for _ in range(2):  # the second time from the kept address
            with admin_app.test_request_context("/privacy", base_url=f"http://localhost{root}/"):
                for endpoint, values in calls:
                    assert url_for(endpoint, **values) == admin_app.url_for(endpoint, **values)
                assert url_for("pages.directory").startswith(root + "/")
    kept = fixed_links.kept_links(admin_app)
    assert len(kept) == 6 and not any(key[0] == "pages.entry" for key in kept)  # no ids kept


def test_fixed_addresses_are_kept_within_their_bound(admin_app):
    url_for = admin_app.jinja_env.globals["url_for"]
    for n in range(fixed_links.MAX_KEPT + 10):
        with admin_app.test_request_context("/", base_url=f"http://localhost/r{n}/"):
            assert url_for("pages.privacy") == f"/r{n}/privacy"
    assert 0 < len(fixed_links.kept_links(admin_app)) <= fixed_links.MAX_KEPT


def test_the_index_generation_is_whooshs_own_latest_commit_and_moves_with_an_edit(admin_app):
    data_dir = admin_app.config["DATA_DIR"]

    def whooshs_own() -> str:
        folder = search_index.index_dir(data_dir)
        number = windex.TOC._latest_generation(FileStorage(str(folder)), windex._DEF_INDEX_NAME)
        return f"{folder.name}:{number}"

    before = search_index.generation(data_dir)
    assert before == whooshs_own()
    edit_phone(admin_app, first_entry(admin_app, status="active").id)
    assert search_index.generation(data_dir) == whooshs_own() != before
