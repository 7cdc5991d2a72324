"""Directory results as HTML: each entry's `<li>` rendered once per decoded entry.

Owns `result_html`, the template global directory.html calls for each result. The markup is
`_result.html`'s macro, kept in `per_entry` for the very entry object it was made from (so an
edit, import or new index generation renders afresh), and for the reason shown, the tick and
the address the app is served under. Nothing per person: no session, no chat.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from markupsafe import Markup

from .per_entry import per_entry

MAX_RESULTS = 10_000  # rendered results per worker (about 2 KB each)


def result_html(entry, why: str | None, checked: bool) -> Markup:
    """One result's `<li>`, as the directory page shows it."""
    app = current_app._get_current_object()  # noqa: SLF001 - the app, not its proxy
    variant = (why, bool(checked), request.script_root)
    return per_entry(app, "result", MAX_RESULTS).get(
        entry, variant, lambda: _render(app, entry, why, bool(checked)))


def _render(app: Flask, entry, why: str | None, checked: bool) -> Markup:
    return app.jinja_env.get_template("_result.html").module.result(entry, why, checked)


def init_app(app: Flask) -> None:
    """Let templates call `result_html`."""
    app.jinja_env.globals["result_html"] = result_html
