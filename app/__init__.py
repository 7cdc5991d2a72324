"""Signpost: a signposting assistant and service directory, built on the THRIVE Framework.

`create_app` wires configuration, the directory runtime, web blueprints, error handlers and
CLI commands; nothing else lives here.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask

DEFAULT_DIRECTORY_DATA = Path(__file__).resolve().parent.parent / "directory_data"
DEV_SECRET = "dev-only-not-secret"  # noqa: S105 - only ever accepted in debug or testing


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app from the environment (SIGNPOST_ or FLASK_ prefix) or test_config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=None,
        DATA_DIR=None,
        DIRECTORY_DATA=str(DEFAULT_DIRECTORY_DATA),
        LOAD_DEMO=False,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,  # set SIGNPOST_SESSION_COOKIE_SECURE=true behind HTTPS
        PERMANENT_SESSION_LIFETIME=30 * 60,  # admin sessions end after 30 idle minutes
    )
    app.config.from_prefixed_env("FLASK")
    app.config.from_prefixed_env("SIGNPOST")
    if test_config:
        app.config.update(test_config)
    if not app.config["DATA_DIR"]:
        app.config["DATA_DIR"] = app.instance_path
    _check_secret(app)

    from app import cli, ops_cli, runtime, static_files
    from app.admin import init_app as init_admin
    from app.web import init_app as init_web

    runtime.init_app(app)
    init_web(app)
    init_admin(app)
    cli.init_app(app)
    ops_cli.init_app(app)
    static_files.init_app(app)
    return app


def _check_secret(app: Flask) -> None:
    """Refuse to serve in production without a real secret key (commands need none)."""
    if app.config.get("SECRET_KEY"):
        return
    if app.debug or app.testing or os.environ.get("SIGNPOST_ALLOW_DEV_SECRET"):
        app.config["SECRET_KEY"] = DEV_SECRET
        return
    if _in_command():
        # Commands sign nothing that outlives them, so a throwaway key is safe.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise RuntimeError("Set SIGNPOST_SECRET_KEY (a long random string) before starting Signpost.")


def _in_command() -> bool:
    """True inside a `flask` command other than `flask run` (which serves requests)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and ctx.info_name != "run"
