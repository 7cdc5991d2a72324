"""The web layer: HTML pages and JSON APIs, two renderers over the same directory results.

Each module registers a blueprint here; nothing in web/ holds business rules.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every blueprint and the error handlers."""
    from . import api, chat, errors, openapi, openreferral_api, pages, present, result_items, security
    from .fixed_links import init_app as keep_fixed_links

    # An id with "//" in it must be a 404, not a redirect to a different address.
    app.url_map.merge_slashes = False
    errors.init_app(app)
    security.init_app(app)
    present.init_app(app)
    result_items.init_app(app)
    keep_fixed_links(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(openreferral_api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(chat.bp)
    app.register_blueprint(openapi.bp)
