"""Browser fixtures: the app served on a real port, and Debian's Chromium through Playwright.

The server runs werkzeug's `make_server` in a thread on 127.0.0.1 (port 0), on its own copy
of the built-in plus demo data. Each test gets a fresh browser context; every request the
page makes is recorded, so tests can check nothing leaves the app's own origin.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app

CHROMIUM = "/usr/bin/chromium"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                          "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def serve(app, name: str = "live-server"):
    """Serve an app on a free loopback port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def live_server(built_demo, tmp_path_factory):
    """The base URL of the app, served in a background thread for the whole run."""
    data = tmp_path_factory.mktemp("live") / "data"
    shutil.copytree(built_demo, data)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(data),
                      "LOAD_DEMO": True})
    with serve(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the run."""
    # Fail, not skip: a browser test that does not run proves nothing (`make test` installs it).
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make test` (it installs chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser, live_server, **options):
    context = browser.new_context(base_url=live_server, **options)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A fresh page with JavaScript on; records every request it makes."""
    context, page = _open(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser, live_server):
    """A fresh page with JavaScript off."""
    context, page = _open(browser, live_server, java_script_enabled=False)
    yield page
    context.close()
