"""A real HTTP server on 127.0.0.1 (random port, own thread) for feed and source-check tests.

It serves a paged Open Referral UK `/services` listing (summary fields only, as the profile's
service_list shows) and each `/services/<id>` in full, plus any fixed route a test sets: a web
page, a redirect, a 500, HTML where JSON belongs, a slow answer.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.directory.openreferral import list_item, page


class Site:
    def __init__(self) -> None:
        self.services: list[dict] = []
        self.page_size = 2   # a server's cap on per_page, as real feeds have
        self.routes: dict[str, dict] = {}
        self.requests: list[str] = []
        self.user_agents: set[str] = set()
        self.in_flight = self.most_in_flight = 0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                with site.lock:
                    site.requests.append(self.path)
                    site.user_agents.add(self.headers.get("User-Agent", ""))
                    site.in_flight += 1
                    site.most_in_flight = max(site.most_in_flight, site.in_flight)
                status, headers, body, delay = site.answer(self.path)
                if delay:
                    time.sleep(delay)
                with site.lock:
                    site.in_flight -= 1
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The server's base address."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def route(self, path: str, body: bytes | str | dict | list = b"", *, status: int = 200,
              content_type: str = "text/html; charset=utf-8", headers: dict | None = None,
              delay: float = 0) -> None:
        """Answer `path` (without its query) with a fixed response."""
        if isinstance(body, dict | list):
            body, content_type = json.dumps(body), "application/json"
        if isinstance(body, str):
            body = body.encode()
        self.routes[path] = {"status": status, "body": body, "delay": delay,
                             "headers": {"Content-Type": content_type, **(headers or {})}}

    def answer(self, raw: str):
        parts = urllib.parse.urlsplit(raw)
        if parts.path in self.routes:
            r = self.routes[parts.path]
            return r["status"], r["headers"], r["body"], r["delay"]
        if parts.path == "/services":
            query = urllib.parse.parse_qs(parts.query)
            number = int(query.get("page", ["1"])[0])
            size = min(int(query.get("per_page", ["50"])[0]), self.page_size)
            chunk = self.services[(number - 1) * size:number * size]
            body = page([list_item(s) for s in chunk], total=len(self.services), page=number,
                        size=size)
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode(), 0
        if parts.path.startswith("/services/"):
            sid = urllib.parse.unquote(parts.path.split("/", 2)[2])
            for service in self.services:
                if service["id"] == sid:
                    return 200, {"Content-Type": "application/json"}, json.dumps(service).encode(), 0
        return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>", 0

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
