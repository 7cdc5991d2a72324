"""Security headers on every response, and the health check (database, index and drift).

A strict Content-Security-Policy (no inline script or style, nothing from other origins),
no referrer, no framing, and HSTS when served over HTTPS; request logs carry paths, never
query strings. Owns no page content.
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Flask, has_request_context, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from app import runtime

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")
PERMISSIONS = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
               "interest-cohort=(), browsing-topics=()")

DRIFT_LIMIT = 25  # entries the index may lag the database (or 1%) before health says so
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
    """200 when the database answers, the index is sound and in step, and the risk rules pass
    their reviewed examples; 503 otherwise. (Rules that fail make every chat turn show urgent
    help: safe, but someone must mend the file.)"""
    rt = runtime.current()
    checks = {"database": False, "index": False, "index_in_step": False, "risk_rules": False}
    try:
        rt.assistant()
        checks["risk_rules"] = not rt.rules_failed
    except Exception:  # noqa: BLE001 - reported in the body, not raised
        log.exception("health check: the chat's reviewed data did not load")
    index: dict = {}
    try:
        rt.db().execute("select count(*) from entries").fetchone()
        checks["database"] = True
        index = rt.index_health()
    except Exception:  # noqa: BLE001 - reported in the body, not raised
        log.exception("health check: the database did not answer")
    if index:
        if index["entries_index"] is None and not index["rebuilding"]:
            rt.finder.heal()  # unreadable: rebuild it (search reads the database meanwhile)
            index["rebuilding"] = True
        checks["index"] = index["entries_index"] is not None and not index["rebuilding"]
        limit = max(DRIFT_LIMIT, index["entries_db"] // 100)
        checks["index_in_step"] = index["drift"] is not None and index["drift"] <= limit
    ok = all(checks.values())
    status = "ok" if ok else ("rebuilding" if index.get("rebuilding") else "unavailable")
    return jsonify({"status": status, "checks": checks, "index": index}), 200 if ok else 503


class SessionInterface(SecureCookieSessionInterface):
    """The admin session cookie is `Secure` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured, or when this request is HTTPS (behind a trusted proxy too)."""
        configured = super().get_cookie_secure(app)
        return bool(configured) or (has_request_context() and request.is_secure)


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
    """Register the headers, the path-only request log, the health check, the session cookie
    rules and any proxy."""
    app.after_request(add_headers)
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, PathOnly) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(PathOnly())
    app.register_blueprint(bp)
    app.session_interface = SessionInterface()
    # SIGNPOST_TRUSTED_PROXIES=1 behind one reverse proxy: the client address (for rate
    # limits) and the scheme (for Secure cookies and HSTS) come from its X-Forwarded-* headers.
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
