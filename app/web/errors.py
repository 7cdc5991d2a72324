"""Error responses: one JSON shape for the APIs, friendly HTML pages elsewhere.

JSON errors look like {"error": {"status": 400, "message": "...", "details": [...]}}.
Every HTML error page still shows the urgent-help link (it extends the base layout).
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException, InternalServerError

from app.directory import untrusted

log = logging.getLogger(__name__)
JSON_PREFIXES = ("/api/", "/openreferral")


class BadRequest(Exception):
    """Bad input from a client: a 400 (or other 4xx) with every problem listed."""

    def __init__(self, message: str, details: list | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.status = status


class BoundedJSON(DefaultJSONProvider):
    """Flask's JSON, refusing bodies nested past untrusted.MAX_DEPTH with a 400 (never a 500)."""

    def loads(self, s, **kwargs):  # noqa: ANN001, ANN201 - Flask's own signature
        """Parse JSON; too deep is a BadRequest, which `get_json(silent=True)` does not hide."""
        try:
            return untrusted.load_json(s)
        except untrusted.TooComplex as exc:
            raise BadRequest(f"The JSON body {exc}.", [
                {"field": "(body)", "message": str(exc)}]) from exc


def wants_json() -> bool:
    """API paths and JSON requests get JSON errors."""
    return request.path.startswith(JSON_PREFIXES) or request.is_json


def json_error(status: int, message: str, details: list | None = None):
    """The API error body and status."""
    body = {"error": {"status": status, "message": message, "details": details or []}}
    return jsonify(body), status


def _bad_request(exc: BadRequest):
    if wants_json():
        return json_error(exc.status, exc.message, exc.details)
    return render_template("error.html", status=exc.status, message=exc.message,
                           details=exc.details), exc.status


def _http_error(exc: HTTPException):
    status = exc.code or 500
    message = {404: "We could not find that page.", 405: "That method is not allowed here.",
               413: "That upload is too large."}.get(status, exc.name)
    if wants_json():
        return json_error(status, message)
    return render_template("error.html", status=status, message=message, details=[]), status


def _unexpected(exc: Exception):
    # Log the kind of failure and where, never request bodies (they may hold chat text).
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.path)
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    if wants_json():
        return json_error(500, "Something went wrong on our side.")
    return render_template("error.html", status=500, message="Something went wrong on our side.",
                           details=[]), 500


def init_app(app: Flask) -> None:
    """Register the handlers and the depth-limited JSON parser."""
    app.json = BoundedJSON(app)
    app.register_error_handler(BadRequest, _bad_request)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _unexpected)
    app.register_error_handler(Exception, _unexpected)
