"""Every `flask` command answers --help, and admin commands run, with no secret key set."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import cli

from app import create_app, runtime
from app.admin import users

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
# The app's commands, as `flask --app app --help` lists them (checked by the last test here).
COMMANDS = ["backup", "build-index", "check-index", "create-user", "export-directory", "limiter",
            "load-directory", "restore", "routes", "run", "shell"]


@pytest.fixture
def data_dir(built_default, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(built_default, data)
    return data


def run_flask(args: list[str], data_dir: Path, stdin: str = ""):
    """`flask --app app ...` in this process, with no secret key in the environment."""
    env = {"SIGNPOST_SECRET_KEY": None, "FLASK_SECRET_KEY": None, "SIGNPOST_ALLOW_DEV_SECRET": None,
           "SIGNPOST_DATA_DIR": str(data_dir)}
    return CliRunner().invoke(cli, ["--app", "app", *args], env=env, input=stdin)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself_without_a_secret_key(data_dir, command):
    result = run_flask([command, "--help"], data_dir)
    assert result.exit_code == 0, result.output
    assert f"Usage: flask {command}" in result.output
    assert "Traceback" not in result.output and "SECRET_KEY" not in result.output


def test_the_command_list_is_the_one_tested(data_dir):
    result = run_flask(["--help"], data_dir)
    assert result.exit_code == 0, result.output
    listed = re.findall(r"^  ([a-z][\w-]*)\s", result.output.split("Commands:")[1], re.M)
    assert sorted(listed) == COMMANDS


def test_create_user_says_the_password_rules_before_asking(data_dir):
    result = run_flask(["create-user", "you@example.org", "--role", "admin"], data_dir,
                       stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    rules = result.output.index("at least 12 characters")
    assert rules < result.output.index("Password:")
    assert "Created admin account for you@example.org." in result.output


def test_create_user_refuses_two_different_passwords(data_dir):
    result = run_flask(["create-user", "you@example.org", "--role", "admin"], data_dir,
                       stdin=f"{PASSWORD}\n{PASSWORD}!\n")
    assert result.exit_code == 1
    assert "do not match" in result.output


def test_the_readme_command_makes_the_first_admin_in_a_real_shell(data_dir):
    env = {k: v for k, v in os.environ.items() if "SECRET_KEY" not in k}
    env.update(SIGNPOST_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run([str(flask), "--app", "app", "create-user", "you@example.org", "--role",
                           "admin"], input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir)})
    with app.app_context():
        assert users.find(runtime.current().db(), "you@example.org").is_admin


def test_a_server_still_refuses_to_start_without_a_secret_key(data_dir, monkeypatch):
    for name in ("SIGNPOST_SECRET_KEY", "FLASK_SECRET_KEY", "SIGNPOST_ALLOW_DEV_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError, match="SIGNPOST_SECRET_KEY"):
        create_app({"DATA_DIR": str(data_dir)})
