"""Signing in and out of the admin area, sessions, roles and login rate limits.

Every /admin URL needs a signed-in, active account (HTML gets the sign-in page, JSON a 401);
admin-only views answer 403. Sessions end after 30 minutes without activity, or at once when
the account's password changes or it is disabled. Passwords are never logged.
"""

from __future__ import annotations

import functools
import logging
import time
from urllib.parse import urlsplit

from flask import (
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from app import runtime
from app.web.errors import json_error

from . import bp, users

log = logging.getLogger(__name__)
IDLE_SECONDS = 30 * 60
TOO_MANY = "Too many attempts. Wait 15 minutes and try again."
LOGIN_PER_ACCOUNT = "5 per 15 minutes"
LOGIN_PER_ADDRESS = "20 per 15 minutes"
BAD_LOGIN = "Enter a correct email address and password"


def current_user() -> users.User | None:
    """The signed-in account for this request, if any."""
    return g.get("admin_user")


def wants_json() -> bool:
    """Admin JSON endpoints (and JSON clients) get JSON errors, never a redirect."""
    if request.path.startswith("/admin/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def admin_only(view):
    """Only admins may use this view: editors get a 403."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        user = current_user()
        if user is None or not user.is_admin:
            return forbidden()
        return view(*args, **kwargs)
    return wrapped


def forbidden():
    """The 403 answer, as JSON or a page."""
    message = "Only admins can do that."
    if wants_json():
        return json_error(403, message)
    return render_template("admin/message.html", heading="You cannot do that",
                           message=message), 403


def _session_user() -> users.User | None:
    user_id = session.get("user_id")
    if not user_id:
        return None
    if time.time() - float(session.get("seen", 0)) > IDLE_SECONDS:
        session.clear()
        flash("You were signed out after 30 minutes without activity. Sign in again.")
        return None
    user = users.get(runtime.current().db(), int(user_id))
    if user is None or not user.active or session.get("stamp") != user.password_changed_at:
        session.clear()
        return None
    return user


def require_login():
    """Before every /admin request: a signed-in account, or 401 / the sign-in page."""
    if not (request.path == "/admin" or request.path.startswith("/admin/")):
        return None
    user = _session_user()
    g.admin_user = user
    if request.endpoint == "admin.login":
        return None
    if user is None:
        if wants_json():
            return json_error(401, "Sign in to use the admin area.")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("admin.login", next=target))
    session["seen"] = int(time.time())
    return None


def _safe_next(target: str | None) -> str:
    """Only go back to an admin page on this site after signing in."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/admin/"):
            return target.rstrip("?")
    return url_for("admin.dashboard")


@bp.context_processor
def admin_context() -> dict:
    """The signed-in account, for the admin menu."""
    return {"admin_user": current_user()}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with an email address and password."""
    if current_user() is not None:
        return redirect(url_for("admin.dashboard"))
    if request.method == "GET":
        return render_template("admin/login.html", email="", next=request.args.get("next"))
    email = request.form.get("email", "")
    user = users.check_login(runtime.current().db(), email, request.form.get("password", ""))
    if user is None:
        log.info("failed admin sign-in from %s", get_remote_address())
        return render_template("admin/login.html", email=email, error=BAD_LOGIN,
                               next=request.form.get("next")), 400
    session.clear()
    session.permanent = True
    session.update(user_id=user.id, stamp=user.password_changed_at, seen=int(time.time()))
    log.info("admin sign-in: user %s", user.id)
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    """Sign out."""
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("admin.login"))


@bp.after_request
def no_store(response):
    """Admin pages are never cached, so signing out leaves nothing to go back to."""
    response.headers["Cache-Control"] = "no-store"
    return response


# -- rate limits -------------------------------------------------------------------------
def _account_key() -> str:
    return "account:" + (users.normalise_email(request.form.get("email", "")) or "(none)")


def _failed(response) -> bool:
    """Only failed sign-ins count towards the limits."""
    return response.status_code != 302


def init_limits(app: Flask) -> Limiter:
    """This app's limiter (memory storage unless configured) and the sign-in limits."""
    limiter = Limiter(get_remote_address,
                      storage_uri=app.config.get("RATELIMIT_STORAGE_URI") or "memory://",
                      default_limits=[], key_prefix="signpost")
    limiter.init_app(app)
    view = app.view_functions["admin.login"]
    view = limiter.limit(LOGIN_PER_ADDRESS, methods=["POST"], deduct_when=_failed,
                         scope="login-address")(view)
    view = limiter.limit(LOGIN_PER_ACCOUNT, key_func=_account_key, methods=["POST"],
                         deduct_when=_failed, scope="login-account")(view)
    app.view_functions["admin.login"] = view
    app.register_error_handler(RateLimitExceeded, too_many)
    app.extensions["signpost_limiter"] = limiter
    return limiter


def too_many(exc: RateLimitExceeded):
    """429: the sign-in page with a clear message, or JSON."""
    if request.endpoint == "admin.login" and not wants_json():
        return render_template("admin/login.html", email=request.form.get("email", ""),
                               error=TOO_MANY, next=request.form.get("next")), 429
    # Other forms give their own 429 page (feedback registers the report form's), so this
    # module need not import theirs.
    page = current_app.extensions.get("signpost_too_many_pages", {}).get(request.endpoint)
    if page is not None and not wants_json():
        return page()
    return json_error(429, TOO_MANY)
