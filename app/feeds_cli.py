"""Command-line tools for outside sources: Open Referral UK syncs and the source check.

Thin `flask` commands over app.directory.sync and app.directory.sources: they print progress,
end with a summary, and exit non-zero with a plain message when a feed cannot be used.
"""

from __future__ import annotations

import datetime as dt
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app import runtime
from app.directory import sync
from app.directory.editing import Editor
from app.directory.feed import FeedError
from app.directory.fetch import Limits

SHOWN = 20
CLI_EDITOR = Editor("command line")


def feed_limits() -> Limits:
    """Timeouts and retries for feeds, from the app's settings (tests make them short)."""
    config = current_app.config
    return Limits(timeout=float(config.get("FEED_TIMEOUT", 10)),
                  retries=int(config.get("FEED_RETRIES", 2)),
                  backoff=float(config.get("FEED_BACKOFF", 1.0)),
                  max_bytes=int(config.get("FEED_MAX_BYTES", 10 * 1024 * 1024)))


def mapping_path():
    """The reviewed term mapping in the directory data folder."""
    return runtime.current().directory_data / "openreferral_mapping.yaml"


@click.command("sync-openreferral")
@with_appcontext
@click.argument("url")
@click.option("--area", default=None, help="The local authority the feed's services cover.")
@click.option("--dry-run", is_flag=True, help="Show what would change; store nothing.")
@click.option("--accept", is_flag=True, help="Publish the changes now instead of waiting for an admin.")
def sync_openreferral(url: str, area: str | None, dry_run: bool, accept: bool) -> None:
    """Read an Open Referral UK feed and preview its services as new, changed and gone entries."""
    rt = runtime.current()
    started = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    click.echo(f"Reading {url}" + (f" for {area}" if area else ""))
    try:
        plan = sync.preview_feed(rt.db(), url, mapping_path=mapping_path(), topics=rt.taxonomy.slugs,
                                 area=area, today=now.date(), limits=feed_limits(),
                                 progress=lambda line: click.echo(f"  {line}", err=True))
    except FeedError as exc:
        raise click.ClickException(f"{exc} Nothing was changed.") from exc
    _show(plan)
    found = sync.counts(plan)
    summary = (f"{found['new']} new, {found['changed']} changed, {found['gone']} gone, "
               f"{found['unchanged']} unchanged, {found['skipped']} left out "
               f"({time.perf_counter() - started:.1f}s).")
    if dry_run:
        click.echo(f"Dry run: {summary} Nothing was stored.")
        return
    sync_id = sync.save_plan(rt.db(), plan, who=CLI_EDITOR.who, now=now)
    if not accept:
        click.echo(f"Sync {sync_id}: {summary} Nothing is published until an admin accepts it "
                   f"at /admin/syncs/{sync_id} (or run again with --accept).")
        return
    result = sync.accept(rt.db(), rt.data_dir, sync_id, editor=CLI_EDITOR)
    if not result.ok:
        raise click.ClickException(" ".join(result.problems))
    click.echo(f"Sync {sync_id} accepted: {summary}")
    if not result.indexed:
        click.echo("The search index could not be updated: run `flask build-index`.", err=True)


def _show(plan: dict) -> None:
    for kind, label in (("new", "New"), ("changed", "Changed"), ("gone", "Gone from the feed "
                                                                  "(will be retired)")):
        items = plan[kind]
        if items:
            click.echo(f"{label} ({len(items)}):")
            for item in items[:SHOWN]:
                fields = ", ".join(c["field"] for c in item["changes"]) if kind == "changed" else ""
                click.echo(f"  - {item['name']}" + (f": {fields}" if fields else ""))
            if len(items) > SHOWN:
                click.echo(f"  ... and {len(items) - SHOWN} more")
    if plan["skipped"]:
        click.echo(f"Left out, with problems ({len(plan['skipped'])}):")
        for item in plan["skipped"][:SHOWN]:
            problems = "; ".join(f"{field}: {message}" for field, message in item["problems"])
            click.echo(f"  - {item['name']} ({item['service_id']}): {problems}")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(sync_openreferral)
