"""Directory results as HTML: each entry's `<li>` rendered once per decoded entry.

Owns `result_html`, the template global directory.html calls for each result. The markup is
`_result.html`'s macro, kept in `per_entry` for the very entry object it was made from (so an
edit, import or new index generation renders afresh), for whether it has a reason and a tick,
and for the address the app is served under. The reason itself (it names the searched words)
is put in where the kept markup marks its place, so one rendering serves every search. Nothing
per person: no session, no chat.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from markupsafe import Markup

from .per_entry import per_entry

MAX_RESULTS = 10_000  # rendered results per worker (about 2 KB each)
WHY_MARK = "\x00why\x00"  # where the reason goes in kept markup (escaping leaves it as it is)


def result_html(entry, why: str | None, checked: bool) -> Markup:
    """One result's `<li>`, as the directory page shows it."""
    app = current_app._get_current_object()  # noqa: SLF001 - the app, not its proxy
    variant = (bool(why), bool(checked), request.script_root)
    kept = per_entry(app, "result", MAX_RESULTS).get(
        entry, variant, lambda: _render(app, entry, WHY_MARK if why else None, bool(checked)))
    if not why:
        return kept
    if kept.count(WHY_MARK) != 1:  # the mark in an entry's own text: render this one afresh
        return _render(app, entry, why, bool(checked))
    return kept.replace(WHY_MARK, why)  # Markup.replace escapes the reason, as {{ why }} did


def _render(app: Flask, entry, why: str | None, checked: bool) -> Markup:
    return app.jinja_env.get_template("_result.html").module.result(entry, why, checked)


def init_app(app: Flask) -> None:
    """Let templates call `result_html`."""
    app.jinja_env.globals["result_html"] = result_html
