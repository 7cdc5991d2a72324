"""Operations commands: `flask backup PATH` and `flask restore PATH`.

Thin commands over `app.backup`, with progress and a summary, exiting non-zero with a clear
message on bad input. They are also registered as Flask plugin commands (pyproject entry
points), so `flask restore` still runs when a damaged database stops the app starting.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask
from flask.cli import ScriptInfo

from app import backup as ops
from app.directory import service, store
from app.search import index as search_index


def _locate(ctx: click.Context) -> Path:
    """The data folder from the app, or from the environment if the app cannot start."""
    try:
        app = ctx.ensure_object(ScriptInfo).load_app()
    except Exception as exc:  # noqa: BLE001 - a damaged database stops start-up; carry on without
        folder = os.environ.get("SIGNPOST_DATA_DIR") or os.environ.get("FLASK_DATA_DIR")
        if not folder:
            raise click.ClickException(
                f"The app could not start ({type(exc).__name__}: {exc}) and SIGNPOST_DATA_DIR "
                "is not set, so the database cannot be found.") from exc
        click.echo(f"The app could not start ({type(exc).__name__}: {exc}); "
                   f"using SIGNPOST_DATA_DIR={folder}.", err=True)
        return Path(folder)
    return Path(app.config["DATA_DIR"])


def _reporter(verb: str) -> Callable[[int, int], None]:
    """A progress callback that prints about every fifth of the way."""
    said = {-1}

    def report(done: int, total: int) -> None:
        step = 100 * done // total // 20 if total else 5
        if step not in said:
            said.add(step)
            click.echo(f"  {verb} {done:,} of {total:,} pages", err=True)
    return report


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count / 1024:.0f} KB"


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def backup_command(ctx: click.Context, path: str) -> None:
    """Copy the directory database to PATH while the app keeps serving, and check the copy."""
    data_dir = _locate(ctx)
    db_file = service.db_path(data_dir)
    click.echo(f"Backing up {db_file} to {path}")
    try:
        summary = ops.backup(db_file, path, progress=_reporter("copied"))
    except ops.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {summary.entries:,} entries (schema {summary.schema_version}, "
               f"{_size(summary.size_bytes)}) to {path}. The integrity check passed.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def restore_command(ctx: click.Context, path: str) -> None:
    """Replace the directory database with the backup at PATH, then rebuild the search index."""
    data_dir = _locate(ctx)
    db_file = service.db_path(data_dir)
    try:
        found = ops.check(path)
    except ops.BackupError as exc:
        raise click.ClickException(f"Nothing was restored: {exc}") from exc
    click.echo(f"{path} holds {found.entries:,} entries (schema {found.schema_version}); "
               "the integrity check passed.")
    aside = ops.keep_aside(db_file)
    if aside:
        click.echo(f"The current database was copied aside to {aside}")
    try:
        ops.restore(path, db_file, progress=_reporter("restored"))
    except ops.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    db = store.connect(db_file)  # brings an older backup up to the current schema
    try:
        total = service.rebuild_index(db, data_dir,
                                      progress=lambda done, of: click.echo(
                                          f"  indexed {done:,} of {of:,} entries", err=True))
        drift = search_index.check(data_dir, store.all_entries(db))
    finally:
        db.close()
    if not drift.clean:
        raise click.ClickException("The database was restored but the index does not match it; "
                                   "run `flask build-index`.")
    click.echo(f"Restored {total:,} entries from {path} into {db_file}. "
               "The integrity check passed and the search index was rebuilt.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
