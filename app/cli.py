"""Command-line tools: thin `flask` commands over the directory service and the index.

Each command prints progress and ends with a summary, and exits non-zero with a clear
message on bad input. No business rules live here.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from app import runtime
from app.directory import formats, openreferral, service, store
from app.search import index as search_index


def _progress(done: int, total: int) -> None:
    click.echo(f"  indexed {done:,} of {total:,} entries", err=True)


def _report_unreadable(db, what: str) -> None:
    """Name every stored entry left out because its data has the wrong types."""
    broken = store.unreadable(db)
    for problem in broken[:20]:
        click.echo(f"  left out: {problem}", err=True)
    if broken:
        click.echo(f"{len(broken)} entr{'y was' if len(broken) == 1 else 'ies were'} left out of "
                   f"the {what}: fix {'it' if len(broken) == 1 else 'them'} in the admin area "
                   "(or load a corrected file).", err=True)


@click.command("load-directory")
@with_appcontext
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--demo", is_flag=True, help="Also load the fictional Exampleshire entries in demo/.")
@click.option("--dry-run", is_flag=True, help="Validate and show what would change; write nothing.")
def load_directory(paths: tuple[str, ...], demo: bool, dry_run: bool) -> None:
    """Validate directory files (YAML, CSV, Open Referral UK JSON), then load them all or none."""
    rt = runtime.current()
    targets = list(paths) or [str(rt.directory_data)]
    click.echo(f"Reading {', '.join(targets)}" + (" (with demo data)" if demo else ""))
    try:
        report = service.load_paths(rt.db(), rt.data_dir, targets, rt.taxonomy,
                                    include_demo=demo, dry_run=dry_run)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    if not report.ok:
        click.echo(f"Nothing was written: {len(report.problems)} problem(s) found.", err=True)
        for problem in report.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    verb = "Would load" if dry_run else "Loaded"
    click.echo(f"{verb} {len(report.entries)} entries: {report.added} added, "
               f"{report.changed} changed, {report.unchanged} unchanged.")


@click.command("export-directory")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="yaml",
              show_default=True, help="yaml, csv or openreferral (JSON).")
@click.option("--output", "-o", type=click.Path(), default=None,
              help="A file (csv, openreferral, yaml list) or a folder (yaml: one file each).")
def export_directory(fmt: str, output: str | None) -> None:
    """Write the whole directory out in a format the loader reads back."""
    rt = runtime.current()
    entries = list(store.all_entries(rt.db()))
    _report_unreadable(rt.db(), "export")
    if fmt == "yaml" and output and Path(output).suffix not in (".yaml", ".yml"):
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for entry in entries:
            (folder / f"{formats.slug_for(entry)}-{entry.id[:8]}.yaml").write_text(
                formats.to_yaml(entry), encoding="utf-8")
        click.echo(f"Exported {len(entries)} entries to {folder}/", err=True)
        return
    if fmt == "csv":
        text = formats.to_csv(entries)
    elif fmt == "openreferral":
        text = openreferral.dumps(entries, rt.taxonomy)
    else:
        text = formats.to_yaml_list(entries)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Exported {len(entries)} entries to {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command("build-index")
@with_appcontext
def build_index() -> None:
    """Rebuild the search index from the database in a fresh folder, swapped in at once."""
    rt = runtime.current()
    if rt.start_drift is not None:
        click.echo("The index was missing, damaged or out of date when the app started and "
                   "was rebuilt then; it now matches the database "
                   f"({store.count(rt.db()):,} entries).")
        return
    started = time.perf_counter()
    click.echo("Waiting for any other rebuild to finish, then building ...", err=True)
    total = service.rebuild_index(rt.db(), rt.data_dir, progress=_progress)
    click.echo(f"Built the index: {total:,} entries in {time.perf_counter() - started:.1f}s.")
    _report_unreadable(rt.db(), "index")


@click.command("check-index")
@with_appcontext
@click.option("--repair", is_flag=True,
              help="Exit 0 when drift found at start-up was mended (for start-up scripts).")
def check_index(repair: bool) -> None:
    """Report drift between the database and the index; exit 1 if there is any."""
    rt = runtime.current()
    # Mended at start-up (and caught up since): no need to read it all again.
    drift = search_index.Drift((), (), ()) if rt.start_drift is not None else \
        search_index.check(rt.data_dir, store.all_entries(rt.db()))
    if drift.clean and rt.start_drift is None:
        click.echo(f"The index matches the database ({store.count(rt.db()):,} entries).")
        return
    found = drift if not drift.clean else rt.start_drift
    if found.error:
        click.echo(f"The index could not be read: {found.error}")
    else:
        for label, ids in (("missing from the index", found.missing),
                           ("in the index but not the database", found.extra),
                           ("out of date in the index", found.stale)):
            if ids:
                more = " ..." if len(ids) > 10 else ""
                click.echo(f"{len(ids)} {label}: {', '.join(ids[:10])}{more}")
    if drift.clean:
        click.echo("Found when the app started; the index was rebuilt and now matches.")
        if repair:
            return
    else:
        click.echo("Run `flask build-index` to rebuild it.")
    sys.exit(1)


def init_app(app: Flask) -> None:
    """Register the commands."""
    for command in (load_directory, export_directory, build_index, check_index):
        app.cli.add_command(command)
