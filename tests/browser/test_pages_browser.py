"""What a person sees in Chromium: search without JavaScript, the sheet, Quick exit, and axe-core."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import AXE_OPTIONS

pytestmark = pytest.mark.browser

EXIT = "https://www.bbc.co.uk/weather"
STUB = "<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"


def own_origin_only(page, live_server, allowed=()):
    """Assert every request the page made went to the app (or an intercepted stub)."""
    others = [u for u in page.requested
              if not u.startswith(live_server + "/") and not u.startswith(allowed or "\0")]
    assert not others, f"requests to other origins: {others}"


def stub_external(page):
    """Answer the Quick exit site (and a page before ours) locally: no network needed."""
    def fulfil(route):
        route.fulfill(status=200, content_type="text/html", body=STUB)
    page.route("https://www.bbc.co.uk/**", fulfil)
    page.route("https://start.example/**", fulfil)


def result_names(page) -> list[str]:
    """The names of the listed entries."""
    return page.locator(".sp-result__name a").all_inner_texts()


def test_search_works_without_javascript_and_says_why(nojs_page, live_server):
    page = nojs_page
    page.goto("/directory")
    page.get_by_label("What do you need help with?").fill("sleep")
    page.get_by_label("Age of the young person").fill("14")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/directory\?q=sleep"))
    assert page.get_by_role("heading", level=2, name=re.compile(r"services? found")).is_visible()
    assert len(result_names(page)) >= 1
    assert page.locator(".sp-why").first.is_visible()
    assert "Why it’s here:" in page.locator(".sp-why").first.inner_text()
    own_origin_only(page, live_server)


def test_a_bad_age_shows_an_error_summary_linked_to_the_field(nojs_page, live_server):
    page = nojs_page
    response = page.goto("/directory?age=abc")
    assert response.status == 400
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    summary.get_by_role("link", name=re.compile("Age must be")).click()
    assert page.evaluate("document.activeElement.id") == "age"


def test_tick_two_entries_and_open_the_sheet(nojs_page, live_server):
    page = nojs_page
    page.goto("/directory?q=worry")
    names = result_names(page)[:2]
    assert len(names) == 2
    for name in names:
        page.get_by_label(f"Add {name} to my sheet").check()
    page.get_by_role("button", name="Make a sheet").click()
    page.wait_for_url(re.compile(r"/directory/sheet\?id=.+&id=.+"))
    sheet = page.locator(".sp-sheet__list")
    for name in names:
        assert name in sheet.inner_text()
    urgent = page.locator(".sp-urgent").inner_text()
    assert "Call 999" in urgent and "Text SHOUT to 85258" in urgent
    assert page.get_by_text("use your browser’s print option").is_visible()
    own_origin_only(page, live_server)


def test_the_print_button_prints_when_javascript_is_on(page, live_server):
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto("/directory/sheet")
    page.get_by_role("button", name="Print this sheet").click()
    assert page.evaluate("window.__printed") == 1
    assert not page.get_by_text("use your browser’s print option").is_visible()
    own_origin_only(page, live_server)


def test_quick_exit_leaves_and_back_does_not_return(page, live_server):
    stub_external(page)
    page.goto("https://start.example/")
    page.goto("/directory?q=sleep")
    page.get_by_label("What do you need help with?").fill("something private")
    page.get_by_role("link", name=re.compile("Quick exit")).click()
    page.wait_for_url(EXIT + "**")
    assert page.title() == "Weather"
    page.go_back()
    assert not page.url.startswith(live_server), page.url
    own_origin_only(page, live_server, allowed=("https://www.bbc.co.uk/", "https://start.example/"))


def test_quick_exit_is_a_plain_link_without_javascript(nojs_page, live_server):
    stub_external(nojs_page)
    nojs_page.goto("/help-now")
    nojs_page.get_by_role("link", name=re.compile("Quick exit")).click()
    nojs_page.wait_for_url(EXIT + "**")


def test_the_skip_link_is_the_first_thing_keyboard_users_reach(page, live_server):
    page.goto("/help-now")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Skip to main content"
    box = focused.bounding_box()
    assert box and box["width"] > 24 and box["height"] >= 24
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "maincontent"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def _first_entry_url(page) -> str:
    page.goto("/directory?q=northtown")
    return page.locator(".sp-result__name a").first.get_attribute("href")


AXE_PAGES = ["/directory", "/directory?q=sleep&age=14", "entry", "/directory/sheet",
             "sheet-with-entries", "/help-now", "/about-thrive", "/privacy", "/no-such-page",
             "/directory?age=abc"]


@pytest.mark.parametrize("url", AXE_PAGES)
def test_axe_finds_no_violations(page, live_server, url):
    if url == "entry":
        url = _first_entry_url(page)
    elif url == "sheet-with-entries":
        page.goto("/directory?q=anxiety")
        ids = [i.get_attribute("value") for i in page.locator("input[name=id]").all()[:3]]
        url = "/directory/sheet?" + "&".join(f"id={i}" for i in ids)
    page.goto(url)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    own_origin_only(page, live_server)


def test_pages_stay_accessible_without_the_vendor_stylesheet(page, live_server):
    page.route("**/static/vendor/**", lambda route: route.fulfill(status=404, body=""))
    page.goto("/directory?q=sleep")
    assert page.get_by_role("button", name="Search").is_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
