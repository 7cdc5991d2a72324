"""`make run`'s development server logs like production: the path alone, no address."""

from __future__ import annotations

import logging
import threading
import urllib.request

from werkzeug.serving import make_server

from app.devserver import PathOnlyHandler

SEARCH = "my secret worry"


def test_the_development_server_logs_paths_without_query_strings_or_addresses(app, caplog):
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=PathOnlyHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for path in ("/directory?q=my+secret+worry&age=14", "/no-such-page?q=private"):
                try:
                    urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 - loopback
                except urllib.error.HTTPError as exc:
                    assert exc.code == 404
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any('"GET /directory" 200' in line for line in lines), lines
    assert any('"GET /no-such-page" 404' in line for line in lines), lines
    text = "\n".join(lines)
    for secret in ("secret", "worry", "age=14", "private", "?", "127.0.0.1"):
        assert secret not in text
