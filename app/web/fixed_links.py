"""Addresses every page repeats (the nav, the footer, static files), built once per app root.

Owns `url_for` as templates call it. An address with no values (or only a static file's name)
depends on nothing but the routes, the static files' versions (read at start) and the root the
app is served under, so it is built once and kept, bounded; any other call goes straight to
Flask's own `url_for`. Holds no request data: no query strings, no ids, nothing typed.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request

MAX_KEPT = 256  # endpoints x app roots; a few dozen in practice


def kept_links(app: Flask) -> dict[tuple, str]:
    """This app's kept addresses (one table per app, so tests never share one)."""
    return app.extensions.setdefault("signpost_fixed_links", {})


def init_app(app: Flask) -> None:
    """Let templates build fixed addresses from the kept ones."""
    build = app.url_for
    kept = kept_links(app)

    def url_for(endpoint: str, **values) -> str:
        """Flask's `url_for`, kept for fixed addresses (see the module docstring)."""
        fixed = not values or (endpoint == "static" and values.keys() == {"filename"})
        if not fixed or endpoint.startswith(".") or not has_request_context():
            return build(endpoint, **values)
        key = (endpoint, values.get("filename"), request.script_root)
        found = kept.get(key)
        if found is None:
            found = build(endpoint, **values)
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[key] = found
        return found

    app.jinja_env.globals["url_for"] = url_for
