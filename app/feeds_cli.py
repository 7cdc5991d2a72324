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
from app.directory import sources, store, sync
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


@click.command("check-sources")
@with_appcontext
@click.option("--delay", type=float, default=1.0, show_default=True,
              help="Seconds between two requests to the same site.")
@click.option("--workers", type=int, default=4, show_default=True,
              help="Sites checked at once (each site gets one request at a time).")
def check_sources(delay: float, workers: int) -> None:
    """Fetch every entry's source page; flag for review those gone, moved or changed."""
    rt = runtime.current()
    config = current_app.config
    limits = Limits(timeout=float(config.get("SOURCE_TIMEOUT", 10)),
                    retries=int(config.get("SOURCE_RETRIES", 1)),
                    backoff=float(config.get("FEED_BACKOFF", 1.0)), max_bytes=5 * 1024 * 1024)
    total = sum(1 for e in store.all_entries(rt.db(), include_inactive=False, drafts=True))
    done = 0
    started = time.perf_counter()

    def progress(fetched: sources.Fetched) -> None:
        nonlocal done
        done += 1
        answer = fetched.error or f"HTTP {fetched.status}"
        click.echo(f"  {done:,} of {total:,}: {answer} {fetched.url}", err=True)

    click.echo(f"Checking the source pages of {total:,} entries")
    found = sources.check_sources(rt.db(), rt.data_dir, rt.taxonomy, limits=limits, delay=delay,
                                  workers=workers, progress=progress)
    click.echo(f"Checked {sum(found[k] for k in sources.OUTCOMES):,} pages in "
               f"{time.perf_counter() - started:.1f}s: {found['ok']} as before, "
               f"{found['changed']} changed, {found['moved']} moved, {found['gone']} gone, "
               f"{found['error']} could not be checked. {found['flagged']} newly flagged for review.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(sync_openreferral)
    app.cli.add_command(check_sources)
