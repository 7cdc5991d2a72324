"""Signing in and out of the admin area, sessions, roles and login rate limits.

Every /admin URL needs a signed-in, active account (HTML gets the sign-in page, JSON a 401);
admin-only views answer 403. Sessions are recorded in SQLite and end on signing out (a copied
cookie stops working), after 30 minutes without activity, 12 hours after signing in, or at
once when the password changes or the account is disabled. Passwords are never logged.
"""

from __future__ import annotations

import functools
import logging
import secrets
import time
from urllib.parse import urlsplit

from flask import (
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from app import limits, runtime
from app.web.errors import json_error

from . import bp, users

log = logging.getLogger(__name__)
IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 3600
TOO_MANY = "Too many attempts. Wait 15 minutes and try again."
LOGIN_PER_ACCOUNT = limits.Limit("login-account", 5, 15 * 60)
LOGIN_PER_ADDRESS = limits.Limit("login-address", 20, 15 * 60)
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
    db = runtime.current().db()
    now = time.time()
    rows = list(db.query("select created_at from admin_sessions where id = ? and user_id = ?",
                         [str(session.get("sid")), int(user_id)]))
    if not rows:  # signed out (or never recorded): the cookie alone is not enough
        session.clear()
        return None
    if now - float(session.get("seen", 0)) > IDLE_SECONDS or \
            now - rows[0]["created_at"] > ABSOLUTE_SECONDS:
        end_session()
        flash("You were signed out after 30 minutes without activity, or 12 hours after "
              "signing in. Sign in again.")
        return None
    user = users.get(db, int(user_id))
    if user is None or not user.active or session.get("stamp") != user.password_changed_at:
        end_session()
        return None
    return user


def start_session(user: users.User) -> None:
    """A new server-side session for this account, and its cookie."""
    db = runtime.current().db()
    sid, now = secrets.token_urlsafe(32), time.time()
    with db.atomic():
        db.execute("delete from admin_sessions where created_at < ?", [now - ABSOLUTE_SECONDS])
        db.execute("insert into admin_sessions (id, user_id, created_at) values (?, ?, ?)",
                   [sid, user.id, now])
    session.clear()
    session.permanent = True
    session.update(user_id=user.id, sid=sid, stamp=user.password_changed_at, seen=int(now))


def end_session() -> None:
    """Forget this session on the server as well as in the cookie."""
    sid = session.get("sid")
    if sid:
        db = runtime.current().db()
        with db.atomic():
            db.execute("delete from admin_sessions where id = ?", [str(sid)])
    session.clear()


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
    if target and target.isprintable() and " " not in target and "\\" not in target:
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
    db = runtime.current().db()
    hits = limits.take(db, [(LOGIN_PER_ACCOUNT, users.normalise_email(email) or "(none)"),
                            (LOGIN_PER_ADDRESS, request.remote_addr or "(unknown)")])
    if hits is None:
        return too_many()
    user = users.check_login(db, email, request.form.get("password", ""))
    if user is None:
        log.info("failed admin sign-in")
        return render_template("admin/login.html", email=email, error=BAD_LOGIN,
                               next=request.form.get("next")), 400
    limits.give_back(db, hits)  # only failed sign-ins count
    start_session(user)
    log.info("admin sign-in: user %s", user.id)
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    """Sign out: the session ends on the server, so a copy of the cookie stops working too."""
    end_session()
    flash("You have signed out.")
    return redirect(url_for("admin.login"))


@bp.after_request
def no_store(response):
    """Admin pages are never cached, so signing out leaves nothing to go back to."""
    response.headers["Cache-Control"] = "no-store"
    return response


def too_many():
    """429: the sign-in page with a clear message, or JSON."""
    if not wants_json():
        return render_template("admin/login.html", email=request.form.get("email", ""),
                               error=TOO_MANY, next=request.form.get("next")), 429
    return json_error(429, TOO_MANY)
