"""Managing accounts: the admin users pages, changing your own password, `flask create-user`.

Admins create accounts, change roles, reset passwords and disable accounts; anyone signed in
can change their own password. Changes are logged by account id, never with a password.
"""

from __future__ import annotations

import logging
import sys

import click
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.cli import with_appcontext

from app import runtime

from . import bp, users
from .auth import admin_only, current_user

log = logging.getLogger(__name__)


def _user_or_404(user_id: int) -> users.User:
    user = users.get(runtime.current().db(), user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@admin_only
def user_list():
    """Every account, and a form to add one."""
    return _list_page()


def _list_page(errors=(), form=None, status: int = 200):
    db = runtime.current().db()
    errors = list(errors)
    return render_template("admin/users.html", accounts=users.all_users(db), roles=users.ROLES,
                           errors=errors, error_for={e["field"]: e["message"] for e in errors},
                           form=form or {}, min_password=users.MIN_PASSWORD), status


@bp.post("/users")
@admin_only
def add_user():
    """Create an account with a first password the admin passes on privately."""
    form = request.form
    email, role = users.normalise_email(form.get("email", "")), form.get("role", "")
    password = form.get("password", "")
    errors = [{"field": "email", "message": m} for m in users.email_problems(email)]
    if role not in users.ROLES:
        errors.append({"field": "role-editor", "message": "Choose a role"})
    errors += [{"field": "password", "message": m} for m in users.password_problems(password, email)]
    if not errors and users.find(runtime.current().db(), email):
        errors.append({"field": "email", "message": "An account with that email address already exists"})
    if errors:
        return _list_page(errors, {"email": email, "role": role}, 400)
    user = users.create_user(runtime.current().db(), email, password, role)
    log.info("account %s created by %s", user.id, current_user().id)
    flash(f"Created an {user.role_label.lower()} account for {user.email}.")
    return redirect(url_for("admin.user_list"))


@bp.get("/users/<int:user_id>")
@admin_only
def user_page(user_id: int):
    """One account: role, password reset, disable or enable."""
    return _user_page(_user_or_404(user_id))


def _user_page(user: users.User, errors=(), status: int = 200):
    errors = list(errors)
    return render_template("admin/user.html", account=user, roles=users.ROLES, errors=errors,
                           error_for={e["field"]: e["message"] for e in errors},
                           min_password=users.MIN_PASSWORD), status


@bp.post("/users/<int:user_id>")
@admin_only
def change_user(user_id: int):
    """Change an account's role, password or whether it can sign in."""
    db = runtime.current().db()
    user = _user_or_404(user_id)
    what = request.form.get("change")
    try:
        if what == "role":
            users.set_role(db, user.id, request.form.get("role", ""))
            done = "Role changed."
        elif what == "password":
            password = request.form.get("password", "")
            problems = users.password_problems(password, user.email)
            if problems:
                return _user_page(user, [{"field": "password", "message": problems[0]}], 400)
            users.set_password(db, user.id, password)
            done = "Password reset. The account has been signed out everywhere."
        elif what in ("disable", "enable"):
            if what == "disable" and user.id == current_user().id:
                raise users.AccountError("You cannot disable your own account")
            users.set_active(db, user.id, what == "enable")
            done = "Account disabled." if what == "disable" else "Account enabled."
        else:
            abort(400)
    except users.AccountError as exc:
        return _user_page(user, [{"field": "change-" + (what or "role"), "message": str(exc)}], 400)
    log.info("account %s: %s by %s", user.id, what, current_user().id)
    flash(done)
    return redirect(url_for("admin.user_page", user_id=user.id))


@bp.route("/account/password", methods=["GET", "POST"])
def own_password():
    """Change your own password."""
    user = current_user()
    errors = []
    if request.method == "POST":
        db = runtime.current().db()
        new = request.form.get("new_password", "")
        if not users.verify_password(db, user.id, request.form.get("current_password", "")):
            errors.append({"field": "current_password", "message": "Current password is not right"})
        errors += [{"field": "new_password", "message": m}
                   for m in users.password_problems(new, user.email)]
        if not errors and new != request.form.get("confirm_password", ""):
            errors.append({"field": "confirm_password", "message": "The new passwords do not match"})
        if not errors:
            users.set_password(db, user.id, new)
            session["stamp"] = users.get(db, user.id).password_changed_at
            flash("Your password has been changed.")
            return redirect(url_for("admin.dashboard"))
    return render_template("admin/password.html", errors=errors,
                           error_for={e["field"]: e["message"] for e in errors},
                           min_password=users.MIN_PASSWORD), 400 if errors else 200


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(list(users.ROLES)), required=True,
              help="admin (also manages accounts and reads the audit log) or editor.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (for scripts).")
@with_appcontext
def create_user_command(email: str, role: str, password_stdin: bool) -> None:
    """Create an admin or editor account; asks for the password twice without showing it."""
    problems = users.email_problems(users.normalise_email(email))
    if problems:
        raise click.ClickException(problems[0])
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        click.echo(password_rules())
        password = _ask_password(email)
    try:
        user = users.create_user(runtime.current().db(), email, password, role)
    except users.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role_label.lower()} account for {user.email}.")


def password_rules() -> str:
    """The password rules, said before anyone types a password."""
    return (f"Choose a password of at least {users.MIN_PASSWORD} characters that is not a common "
            "password and does not contain your email address. A few words together work well.")


def _ask_password(email: str) -> str:
    """The new password, typed twice; a password that breaks a rule is asked for again."""
    def check(value: str) -> str:
        problems = users.password_problems(value, users.normalise_email(email))
        if problems:
            raise click.UsageError(problems[0])
        return value

    if not sys.stdin.isatty():
        # Piped in (twice, as it would be typed): read the lines, not the terminal.
        first, second = (_read_line(prompt) for prompt in ("Password", "Repeat for confirmation"))
        if first != second:
            raise click.ClickException("The two passwords do not match")
        return first
    return click.prompt("Password", hide_input=True, confirmation_prompt=True, value_proc=check)


def _read_line(prompt: str) -> str:
    click.echo(f"{prompt}: ", nl=False)
    line = sys.stdin.readline().rstrip("\r\n")
    click.echo()
    return line
