"""The admin area: accounts, entry editing, audit and restore, review, imports, reports.

`init_app` registers the blueprint, CSRF protection (rate limits live in SQLite: `limits`) and the
`flask create-user` command. Every /admin URL needs a signed-in account; the public side
(chat, directory, the JSON APIs) never needs an account, a session or a CSRF token.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Public routes that take POSTs without a session: the JSON APIs and the chat form.
PUBLIC_PREFIXES = ("/api/", "/openreferral")
PUBLIC_FORMS = ("/", "/helpful")


def init_app(app: Flask) -> None:
    """Register the admin area on an app (after the public blueprints)."""
    from . import (  # noqa: F401 - importing a module registers its views on `bp`
        accounts,
        auth,
        entries,
        feedback,
        history,
        imports,
        review,
        trial,
    )

    app.register_blueprint(bp)
    app.register_blueprint(feedback.public_bp)
    csrf = CSRFProtect(app)
    _exempt_public(app, csrf)
    # The report form is for anyone, with no session cookie, so it cannot carry a CSRF token:
    # a honeypot field and rate limits protect it instead.
    csrf.exempt(app.view_functions["reports.report"])
    app.register_error_handler(CSRFError, _csrf_failed)
    app.before_request(auth.require_login)
    app.cli.add_command(accounts.create_user_command)


def _exempt_public(app: Flask, csrf: CSRFProtect) -> None:
    """The public JSON APIs and chat form work without a session, so no CSRF token."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PUBLIC_PREFIXES) or rule.rule in PUBLIC_FORMS:
            csrf.exempt(app.view_functions[rule.endpoint])


def _csrf_failed(exc: CSRFError):
    """A form without a valid token: explain in plain words (JSON for JSON clients)."""
    from app.web.errors import json_error

    from .auth import wants_json

    message = ("This form has expired or was sent from somewhere else. "
               "Go back, reload the page and try again.")
    if wants_json():
        return json_error(400, message)
    return render_template("admin/message.html", heading="Your form could not be sent",
                           message=message), 400
