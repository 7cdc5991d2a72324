"""The admin area in real Chromium: edit a phone number, see it in public, restore it; axe-core."""

from __future__ import annotations

import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app import create_app, runtime
from app.admin import users

from .conftest import AXE_OPTIONS, serve

pytestmark = pytest.mark.browser

EMAIL = "admin@example.org"
PASSWORD = "correct horse battery staple"
MESSAGE = "I feel really anxious and worried all the time"
NEW_NUMBER = "01632 960777"


@pytest.fixture(scope="module")
def admin_server(built_demo, tmp_path_factory):
    """The app (CSRF on, as in production) with an admin account, on a real port."""
    data = tmp_path_factory.mktemp("admin-live") / "data"
    shutil.copytree(built_demo, data)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(data),
                      "LOAD_DEMO": True})
    with app.app_context():
        users.create_user(runtime.current().db(), EMAIL, PASSWORD, "admin")
    with serve(app, "admin-live") as url:
        yield url


@pytest.fixture
def admin_page(browser, admin_server):
    """A fresh page, signed in as the admin."""
    context = browser.new_context(base_url=admin_server)
    page = context.new_page()
    page.goto("/admin/")
    assert "/admin/login" in page.url
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    yield page
    context.close()


def chat_numbers(page, entry_id: str) -> list[str]:
    """The contact values /api/chat gives for one entry."""
    body = page.request.post("/api/chat", data={"message": MESSAGE}).json()
    for resource in body["resources"]:
        if resource["id"] == entry_id:
            return [c["value"] for c in resource["contacts"]]
    raise AssertionError(f"the chat no longer suggests {entry_id}")


def test_edit_a_phone_number_see_it_in_public_then_restore_it(admin_page):
    page = admin_page
    first = page.request.post("/api/chat", data={"message": MESSAGE}).json()["resources"][0]
    entry_id, old = first["id"], first["contacts"][0]["value"] if first["contacts"] else ""

    page.goto(f"/admin/entries/{entry_id}")
    page.locator("#contact-0-method").select_option("phone")
    page.locator("#contact-0-value").fill(NEW_NUMBER)
    page.get_by_role("button", name="Save entry").click()
    assert "Saved:" in page.locator(".sp-admin-flash").inner_text()

    public = page.context.new_page()
    public.goto(f"/directory/{entry_id}")
    assert NEW_NUMBER in public.locator("main").inner_text()
    assert NEW_NUMBER in chat_numbers(page, entry_id)
    public.goto("/")
    public.locator("#message").fill(MESSAGE)
    public.get_by_role("button", name="Send").click()
    expect(public.locator("main")).to_contain_text(NEW_NUMBER)

    page.get_by_role("link", name="History of changes").click()
    page.get_by_role("link", name=re.compile(r"before this change\) and restore it")).click()
    page.get_by_role("button", name="Restore this version").click()
    assert "Restored version" in page.locator(".sp-admin-flash").inner_text()

    public.goto(f"/directory/{entry_id}")
    text = public.locator("main").inner_text()
    assert NEW_NUMBER not in text
    if old:
        assert old in text
    assert NEW_NUMBER not in chat_numbers(page, entry_id)


ADMIN_PAGES = ["/admin/", "/admin/entries", "/admin/entries?check=review", "entry",
               "entry-history", "/admin/entries/new", "/admin/reports", "/admin/import",
               "/admin/try", "/admin/safety", "/admin/users", "/admin/audit",
               "/admin/account/password", "report"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_axe_finds_no_violations_on_admin_pages(admin_page, url):
    page = admin_page
    entry_id = page.request.get("/api/services?per_page=1").json()["items"][0]["id"]
    target = {"entry": f"/admin/entries/{entry_id}",
              "entry-history": f"/admin/entries/{entry_id}/history",
              "report": f"/directory/{entry_id}/report"}.get(url, url)
    page.goto(target)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_violations_on_forms_with_errors_and_results(admin_page):
    page = admin_page
    page.goto("/admin/entries/new")
    page.get_by_role("button", name="Save entry").click()
    assert page.locator(".nhsuk-error-summary").is_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    page.goto("/admin/try")
    page.locator("#message").fill("im so anxous i cant sleep")
    page.get_by_role("button", name="Try it").click()
    assert "Entries it would suggest" in page.locator("main").inner_text()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_the_login_page_has_no_axe_violations(browser, admin_server):
    context = browser.new_context(base_url=admin_server)
    page = context.new_page()
    page.goto("/admin/login")
    page.get_by_role("button", name="Sign in").click()
    assert "Enter a correct email address and password" in page.locator("main").inner_text()
    results = Axe().run(page, options=AXE_OPTIONS)
    context.close()
    assert results.violations_count == 0, results.generate_report()
