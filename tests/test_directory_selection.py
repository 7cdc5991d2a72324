"""Ticks for the signposting sheet survive paging and searching, in the address alone."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from .pagecheck import check_page


def ids_on(html: str) -> list[str]:
    """The entry ids a directory page offers to tick, in order."""
    return re.findall(r'name="id" type="checkbox" value="([^"]+)"', html)


def ticked_on(html: str) -> list[str]:
    return re.findall(r'name="id" type="checkbox" value="([^"]+)" form="search-form" data-tick checked',
                      html)


def send(client, args: list[tuple[str, str]], path: str = "/directory"):
    """Submit the directory form as a browser would (GET), returning the redirect target."""
    response = client.get(path, query_string=args)
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


def test_ticks_on_two_pages_make_one_sheet(client):
    first = client.get("/directory").get_data(as_text=True)
    page_one = ids_on(first)
    shown = [("shown", i) for i in page_one]
    location = send(client, [*shown, ("id", page_one[0]), ("id", page_one[3]), ("page", "2")])
    assert parse_qs(urlsplit(location).query) == {"page": ["2"],
                                                  "sel": [f"{page_one[0]},{page_one[3]}"]}
    second = client.get(location).get_data(as_text=True)
    check_page(second)
    assert f'name="sel" value="{page_one[0]},{page_one[3]}"' in second
    assert "Selected (<span data-selected-count data-elsewhere=\"2\">2</span>)" in second
    page_two = ids_on(second)
    assert set(page_two).isdisjoint(page_one)
    sel = parse_qs(urlsplit(location).query)["sel"][0]
    sheet = send(client, [("sel", sel), *[("shown", i) for i in page_two], ("id", page_two[1])],
                 path="/directory/sheet")
    assert parse_qs(urlsplit(sheet).query) == {"id": [page_one[0], page_one[3], page_two[1]]}
    html = unescape(client.get(sheet).get_data(as_text=True))
    for entry_id in (page_one[0], page_one[3], page_two[1]):
        name = re.search(rf'id="tick-{entry_id}"[^>]*>\s*<label[^>]*>Add (.+?) to my sheet',
                         unescape(first + second)).group(1)
        assert name in html
    back = re.search(r'<a href="([^"]+)">Back to the directory</a>', html).group(1)
    assert parse_qs(urlsplit(back).query)["sel"] == [f"{page_one[0]},{page_one[3]},{page_two[1]}"]


def test_unticking_on_its_page_takes_an_entry_off_and_the_rest_stay(client):
    page_one = ids_on(client.get("/directory").get_data(as_text=True))
    keep, drop = page_one[0], page_one[1]
    location = send(client, [("sel", f"{drop},{keep}"), *[("shown", i) for i in page_one],
                             ("id", keep)])
    assert parse_qs(urlsplit(location).query)["sel"] == [keep]
    assert ticked_on(client.get(location).get_data(as_text=True)) == [keep]


def test_a_new_search_and_clearing_the_filters_keep_the_ticks(client):
    page_one = ids_on(client.get("/directory").get_data(as_text=True))
    location = send(client, [*[("shown", i) for i in page_one], ("id", page_one[2]), ("q", "sleep")])
    query = parse_qs(urlsplit(location).query)
    assert query == {"q": ["sleep"], "sel": [page_one[2]]}
    html = client.get(location).get_data(as_text=True)
    assert f'name="sel" value="{page_one[2]}"' in html
    clear = re.search(r'<a href="([^"]+)">Clear search and filters</a>', html).group(1)
    assert clear == f"/directory?sel={page_one[2]}"
    assert ticked_on(client.get(clear).get_data(as_text=True)) == [page_one[2]]


def test_only_entry_ids_travel_in_the_address(client):
    real = ids_on(client.get("/directory").get_data(as_text=True))[0]
    location = send(client, [("sel", "<b>x</b>,Jo Bloggs year 9," + real), ("id", "a b"),
                             ("shown", "z")])
    assert parse_qs(urlsplit(location).query)["sel"] == [real]
    response = client.get(location)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "Jo Bloggs" not in response.get_data(as_text=True)


def test_an_entry_page_describes_itself_with_its_summary(client):
    entry_id = ids_on(client.get("/directory").get_data(as_text=True))[0]
    html = client.get(f"/directory/{entry_id}").get_data(as_text=True)
    summary = re.search(r'<p class="sp-summary[^"]*">([^<]+)</p>', html)
    description = check_page(html).description
    assert summary is None or unescape(summary.group(1)).strip() == description
    assert description
