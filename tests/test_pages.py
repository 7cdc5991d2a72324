"""The server-rendered pages, through the Flask test client: what a person sees without JavaScript."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from app.directory.entry import GROUPINGS

from .pagecheck import check_page, parse

DATA = Path(__file__).resolve().parent.parent / "directory_data"
ALL = "per_page=100"


@cache
def entry(slug: str) -> dict:
    """A built-in or demo entry's YAML, by file name."""
    for folder in ("entries", "demo"):
        path = DATA / folder / f"{slug}.yaml"
        if path.exists():
            return yaml.safe_load(path.read_text(encoding="utf-8"))
    raise LookupError(slug)


def listed(client, query: str = "") -> list[str]:
    """Names of the entries a directory page lists, in order."""
    response = client.get(f"/directory?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    page = check_page(response.get_data(as_text=True))
    return [text for href, text, attrs in page.links
            if href.startswith("/directory/") and "sheet" not in href and text]


PAGES = [
    ("/directory", 200),
    ("/directory?q=sleep", 200),
    ("/directory?q=worry&age=14&free=1&contact=phone&contact=text", 200),
    ("/directory?page=2", 200),
    (f"/directory/{entry('childline')['id']}", 200),
    (f"/directory/{entry('beat')['id']}", 200),
    ("/directory/sheet", 200),
    (f"/directory/sheet?id={entry('childline')['id']}&id={entry('frank')['id']}", 200),
    ("/help-now", 200),
    ("/about-thrive", 200),
    ("/privacy", 200),
    ("/directory/no-such-entry", 404),
    ("/no-such-page", 404),
    ("/directory?age=abc", 400),
    ("/directory?age=abc&topic=nope&grouping=nope&contact=pigeon&where=!!&free=maybe", 400),
]


@pytest.mark.parametrize("url,status", PAGES, ids=[u for u, _ in PAGES])
def test_every_page_keeps_the_invariants(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    check_page(response.get_data(as_text=True))


@pytest.mark.parametrize("words,expected", [
    ("eating", {"beat"}),
    ("bereavement", {"winstons-wish", "cruse-bereavement-support"}),
    ("drugs", {"frank"}),
], ids=["eating", "bereavement", "drugs"])
def test_a_search_finds_the_services_a_person_expects(client, words, expected):
    names = listed(client, f"q={words}&{ALL}")
    assert {entry(slug)["name"] for slug in expected} & set(names)


def test_searched_results_say_why_they_are_here(client):
    page = parse(client.get("/directory?q=eating").get_data(as_text=True))
    assert "Why it’s here:" in page.text
    assert "eating" in page.text.split("Why it’s here:")[1][:200].lower()


def test_browsing_without_words_shows_no_reasons(client):
    page = parse(client.get("/directory").get_data(as_text=True))
    assert "Why it’s here:" not in page.text


@pytest.mark.parametrize("query,kept,dropped", [
    ("age=9", "southvale-junior-youth-club", "northtown-youth-club"),
    ("where=ZZ1", "northtown-youth-club", "move-together-sports-club"),
    ("where=ZZ8+1AB", "move-together-sports-club", "southvale-junior-youth-club"),
    ("where=Exampleshire", "northtown-youth-club", "move-together-sports-club"),
    ("contact=text", "exampleshire-school-nurse-text-line", "northtown-youth-club"),
    ("free=1", "northtown-youth-club", "move-together-sports-club"),
    ("grouping=thriving", "northtown-youth-club", "exampleshire-school-nurse-text-line"),
    ("topic=sleep", "exampleshire-teen-sleep-clinic", "northtown-youth-club"),
], ids=["age", "postcode-district", "full-postcode", "council-area", "contact", "free",
        "grouping", "topic"])
def test_each_filter_narrows_the_results(demo_client, query, kept, dropped):
    everything = listed(demo_client, ALL)
    assert entry(dropped)["name"] in everything
    names = listed(demo_client, f"{query}&{ALL}")
    assert entry(kept)["name"] in names
    assert entry(dropped)["name"] not in names
    assert len(names) < len(everything)


def test_a_place_filter_still_shows_services_for_all_of_england(demo_client):
    names = listed(demo_client, f"where=Elsewhereshire&{ALL}")
    assert entry("childline")["name"] in names
    assert entry("northtown-youth-club")["name"] not in names


def test_open_now_keeps_services_that_are_always_open(demo_client):
    names = listed(demo_client, f"open_now=1&{ALL}")
    assert entry("shout")["name"] in names
    assert len(names) < len(listed(demo_client, ALL))


def test_the_form_remembers_what_was_chosen(demo_client):
    html = demo_client.get("/directory?q=sleep&age=14&grouping=thriving&contact=text&free=1"
                           ).get_data(as_text=True)
    assert 'value="sleep"' in html and 'value="14"' in html
    assert '<option value="thriving" selected>' in html
    assert 'value="text" checked' in html
    assert 'id="free" name="free" type="checkbox" value="1" checked' in html


def test_demo_entries_carry_the_example_label(demo_client):
    html = demo_client.get("/directory?q=northtown").get_data(as_text=True)
    assert entry("northtown-youth-club")["name"] in html
    assert "Example data" in html
    page = parse(demo_client.get(f"/directory/{entry('northtown-youth-club')['id']}")
                 .get_data(as_text=True))
    assert "Example data" in page.text and "not a real service" in page.text


def test_built_in_entries_do_not_carry_the_example_label(client):
    page = parse(client.get(f"/directory/{entry('samaritans')['id']}").get_data(as_text=True))
    assert "Example data" not in page.text


def test_results_show_grouping_who_for_and_contacts(client):
    page = check_page(client.get("/directory?q=childline").get_data(as_text=True))
    childline = entry("childline")
    assert GROUPINGS[childline["grouping"]] in page.text
    assert childline["who_for"] in page.text
    assert "0800 1111" in page.link_texts("tel:08001111")


def test_an_entry_page_shows_its_source_and_when_it_was_checked(client):
    data = entry("childline")
    page = check_page(client.get(f"/directory/{data['id']}").get_data(as_text=True))
    assert page.h1 == [data["name"]]
    assert data["source_url"] in page.link_texts(data["source_url"])
    day = data["last_verified"]
    assert f"Last checked on {day.day} {day:%B %Y}" in page.text
    assert data["summary"] in page.text


def test_an_entry_with_unconfirmed_hours_says_so(client):
    slug = next(p.stem for p in sorted((DATA / "entries").glob("*.yaml"))
                if not (entry(p.stem).get("hours") or {}).get("text"))
    page = parse(client.get(f"/directory/{entry(slug)['id']}").get_data(as_text=True))
    assert "Check the service’s website for opening times." in page.text


def test_an_entry_under_review_says_so_plainly_without_the_reviewer_note(client):
    data = next(entry(p.stem) for p in sorted((DATA / "entries").glob("*.yaml"))
                if entry(p.stem)["needs_review"])
    page = parse(client.get(f"/directory/{data['id']}").get_data(as_text=True))
    assert "We are checking some details of this listing" in page.text
    assert " ".join(data["review_reason"].split()) not in page.text


def test_a_temporarily_closed_entry_shows_its_note(demo_client):
    data = entry("cool-heads-anger-group")
    page = parse(demo_client.get(f"/directory/{data['id']}").get_data(as_text=True))
    assert "Temporarily closed" in page.text
    assert " ".join(data["status_note"].split()) in page.text


def test_an_unknown_entry_is_a_404_page(client):
    response = client.get("/directory/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    page = check_page(response.get_data(as_text=True))
    assert page.h1 == ["Page not found"]


def test_results_can_be_ticked_for_the_sheet(client):
    html = client.get("/directory?q=sleep").get_data(as_text=True)
    assert 'form="search-form" formaction="/directory/sheet">Make a sheet</button>' in html
    assert 'name="id" type="checkbox"' in html


def test_the_sheet_lists_the_ticked_entries_and_the_urgent_options(client):
    ticked = [entry("childline"), entry("frank")]
    response = client.get("/directory/sheet?" + "&".join(f"id={e['id']}" for e in ticked))
    page = check_page(response.get_data(as_text=True))
    for data in ticked:
        assert data["name"] in page.text
    assert entry("samaritans")["name"] not in page.text.split("If you need help right now")[0]
    for action in ("Call 999", "Call 111 and choose the mental health option", "Call 0800 1111",
                   "Call 116 123", "Text SHOUT to 85258"):
        assert action in page.text
    assert "Print this sheet" in page.text and "use your browser’s print option" in page.text


def test_an_empty_sheet_explains_how_to_fill_it(client):
    page = check_page(client.get("/directory/sheet").get_data(as_text=True))
    assert "You have not ticked any services yet" in page.text
    assert "Call 999" in page.text


def test_the_sheet_skips_unknown_ids(client):
    url = f"/directory/sheet?id=nope&id={entry('frank')['id']}"
    page = check_page(client.get(url).get_data(as_text=True))
    assert entry("frank")["name"] in page.text
    assert "1 of the ticked services could not be found" in page.text


def test_a_bad_age_shows_the_form_with_a_message_naming_the_field(client):
    response = client.get("/directory?q=sleep&age=abc")
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    assert "There is a problem" in page.text
    assert "Age must be a whole number from 0 to 120" in page.link_texts("#age")
    html = response.get_data(as_text=True)
    assert 'value="abc"' in html and 'aria-describedby="age-hint age-error"' in html
    assert page.title.startswith("Error:")


def test_every_bad_parameter_is_listed_once(client):
    response = client.get("/directory?age=300&topic=nope&grouping=nope&contact=pigeon&free=maybe")
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    assert {"#age", "#topic", "#grouping", "#contact-phone", "#free"} <= {h for h, _, _ in page.links}


def test_results_are_paged_both_ways_by_buttons_that_carry_the_ticks(client):
    first = client.get("/directory").get_data(as_text=True)
    check_page(first)
    assert re.search(r'<button [^>]*form="search-form" name="page" value="2">Next page', first)
    second = client.get("/directory?page=2").get_data(as_text=True)
    check_page(second)
    assert re.search(r'name="page" value="1">Previous page', second)
    assert set(listed(client)).isdisjoint(listed(client, "page=2"))
    sent = client.get("/directory?q=&page=2&shown=a&shown=b")
    assert sent.status_code == 303 and sent.headers["Location"] == "/directory?page=2"


def test_help_now_and_the_information_pages_read_plainly(client):
    thrive = parse(client.get("/about-thrive").get_data(as_text=True))
    for label in ("Thriving", "Getting advice", "Getting help", "Getting more help",
                  "Getting risk support"):
        assert label in thrive.text
    assert "You choose" in thrive.text
    privacy = parse(client.get("/privacy").get_data(as_text=True))
    assert "We do not store what you type in the chat" in privacy.text
    assert "no trackers" in privacy.text


@pytest.mark.parametrize("path", ["/static/signpost.css", "/static/js/signpost.js",
                                  "/static/favicon.svg"])
def test_own_static_files_are_served(client, path):
    with client.get(path) as response:
        assert response.status_code == 200
