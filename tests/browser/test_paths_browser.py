"""The two paths of issue 11 in Chromium: a newcomer's first admin, and a staff member's sheet.

The first admin is made exactly as the README says (the real `flask` command, the password
typed twice on standard input, no secret key set); they sign in, edit an entry through the
grouped form, clear its review and see the change in public. A staff member ticks entries on
two pages of the directory and makes one sheet with all of them, with and without JavaScript.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app import create_app, runtime
from app.directory import store

from .conftest import AXE_OPTIONS, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "you@example.org"
PASSWORD = "plum orchard lantern 42"
NEW_SUMMARY = "Free, private support by phone and online chat, checked by an editor today."


@pytest.fixture(scope="module")
def fresh_data(built_default, tmp_path_factory):
    data = tmp_path_factory.mktemp("paths") / "data"
    shutil.copytree(built_default, data)
    return data


def readme_create_user(data: Path) -> subprocess.CompletedProcess:
    """`.venv/bin/flask --app app create-user you@example.org --role admin`, as typed."""
    env = {k: v for k, v in os.environ.items() if "SECRET_KEY" not in k}
    env.update(SIGNPOST_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run([str(flask), "--app", "app", "create-user", EMAIL, "--role", "admin"],
                          input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120, check=False)


@pytest.fixture(scope="module")
def server(fresh_data):
    done = readme_create_user(fresh_data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "at least 12 characters" in done.stdout and "Created admin account" in done.stdout
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(fresh_data)})
    with app.app_context():
        flagged = next(e for e in store.all_entries(runtime.current().db())
                       if e.needs_review and e.status == "active")
    with serve(app, "paths-live") as url:
        yield url, flagged


def test_the_first_admin_edits_an_entry_clears_review_and_sees_it_in_public(browser, server):
    url, entry = server
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/admin/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/entries/{entry.id}")
    nav = page.get_by_role("navigation", name="Parts of this form")
    nav.get_by_role("link", name="Sources and review").click()
    assert page.url.endswith("#review")
    expect(nav).to_be_in_viewport()  # the list of parts stays beside the form
    assert page.get_by_label("Reason for review").input_value() == entry.review_reason
    page.get_by_label("Needs review").uncheck()
    page.get_by_role("link", name="What it is").click()
    page.get_by_label("Summary", exact=True).fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save entry").click()
    expect(page.locator(".sp-admin-flash")).to_contain_text("Saved:")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("link", name="History of changes").click()
    expect(page.locator("main")).to_contain_text(f"Review cleared; the reason had been: "
                                                 f"{entry.review_reason}")

    public = context.new_page()
    public.goto(f"/directory/{entry.id}")
    main = public.locator("main")
    expect(main).to_contain_text(NEW_SUMMARY)
    expect(main).not_to_contain_text("We are checking some details")
    context.close()


def names_ticked(page, count: int) -> list[str]:
    """Tick the first `count` results on this page; returns their names."""
    labels = page.locator(".sp-tick label")
    names = []
    for i in range(count):
        label = labels.nth(i)
        names.append(re.fullmatch(r"Add (.+) to my sheet", label.inner_text().strip()).group(1))
        label.click()
    return names


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_staff_tick_entries_on_two_pages_and_make_one_sheet(browser, server, javascript):
    url, _ = server
    context = browser.new_context(base_url=url, java_script_enabled=javascript,
                                  viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/directory")
    bar = page.locator(".sp-selection-bar")
    expect(bar).to_be_in_viewport()  # sticky at the foot of the screen from the start
    chosen = names_ticked(page, 2)
    if javascript:
        expect(bar).to_contain_text("Selected (2)")
    page.get_by_role("button", name="Next page of results").click()
    page.wait_for_url(re.compile(r"page=2&sel=[\w-]+%2C[\w-]+$"))
    expect(bar).to_contain_text("Selected (2)")
    chosen += names_ticked(page, 1)
    if javascript:
        expect(bar).to_contain_text("Selected (3)")
    bar.get_by_role("button", name="Make a sheet").click()
    page.wait_for_url(re.compile(r"/directory/sheet\?id=[\w-]+&id=[\w-]+&id=[\w-]+$"))
    sheet = page.locator(".sp-sheet__list").inner_text()
    for name in chosen:
        assert name in sheet
    page.get_by_role("link", name="Back to the directory").click()
    expect(page.locator(".sp-selection-bar")).to_contain_text("Selected (3)")
    assert not any(u for u in page.context.cookies())
    context.close()
