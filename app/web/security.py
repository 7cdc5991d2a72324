"""Security headers on every response, and the health check.

A strict Content-Security-Policy (no inline script or style, nothing from other origins),
no referrer, no framing, and HSTS when served over HTTPS; request logs carry paths, never
query strings. Owns no page content.
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Flask, jsonify, request

from app import runtime

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")
PERMISSIONS = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
               "interest-cohort=(), browsing-topics=()")

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def add_headers(response):
    """Set the security headers on one response."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if (request.path.startswith(("/api/chat", "/admin"))
            or request.endpoint in ("chat.page_post", "chat.page_helpful")
            or (request.endpoint == "chat.page" and request.args)):
        headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """200 when the database answers and the index can be searched; 503 otherwise."""
    rt = runtime.current()
    checks = {"database": False, "index": False}
    try:
        rt.db().execute("select count(*) from entries").fetchone()
        checks["database"] = True
    except Exception:  # noqa: BLE001 - reported in the body, not raised
        log.exception("health check: the database did not answer")
    checks["index"] = rt.index_usable()
    ok = all(checks.values())
    return jsonify({"status": "ok" if ok else "unavailable", "checks": checks}), 200 if ok else 503


class PathOnly(logging.Filter):
    """Drops the query string from the development server's request lines: addresses like
    the chat's sealed `/?s=...` stay out of logs (gunicorn logs the path only already)."""

    QUERY = re.compile(r'(?P<path>\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^ ?"]*)\?[^ "]*')

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(self.QUERY.sub(r"\g<path>", a) if isinstance(a, str) else a
                                for a in record.args)
        record.msg = self.QUERY.sub(r"\g<path>", str(record.msg))
        return True


def init_app(app: Flask) -> None:
    """Register the headers, the path-only request log and the health check."""
    app.after_request(add_headers)
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, PathOnly) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(PathOnly())
    app.register_blueprint(bp)
