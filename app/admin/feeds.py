"""Admin Open Referral UK syncs: enter a feed's address, see new, changed and gone, accept.

Admins only, because the server fetches the address given. Reading the feed stores a pending
sync and changes no entry; accepting writes it all or nothing with one audit record per
entry, retiring services gone from the feed. Logic lives in app.directory.sync.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for

from app import runtime
from app.directory import sync
from app.directory.feed import FeedError
from app.feeds_cli import feed_limits, mapping_path

from . import bp
from .auth import admin_only
from .entries import editor

MAX_URL = 500
MAX_AREA = 100


@bp.get("/syncs")
@admin_only
def syncs():
    """The form to read a feed, and recent syncs."""
    return render_template("admin/syncs.html", recent=sync.recent_syncs(runtime.current().db()),
                           form={}, errors=[])


@bp.post("/syncs")
@admin_only
def start_sync():
    """Read a feed and store its sync as pending; then show the preview."""
    rt = runtime.current()
    form = {"url": (request.form.get("url") or "").strip()[:MAX_URL],
            "area": (request.form.get("area") or "").strip()[:MAX_AREA]}
    errors = []
    if not form["url"].startswith(("http://", "https://")):
        errors.append({"field": "url", "message": "Enter the feed's address, starting https://"})
    else:
        now = dt.datetime.now(dt.UTC)
        try:
            plan = sync.preview_feed(rt.db(), form["url"], mapping_path=mapping_path(),
                                     topics=rt.taxonomy.slugs, area=form["area"] or None,
                                     today=now.date(), limits=feed_limits())
        except FeedError as exc:
            errors.append({"field": "url", "message": f"{exc} Nothing was changed."})
        else:
            sync_id = sync.save_plan(rt.db(), plan, who=editor().who, now=now)
            return redirect(url_for("admin.sync_preview", sync_id=sync_id))
    return render_template("admin/syncs.html", recent=sync.recent_syncs(rt.db()), form=form,
                           errors=errors), 400


@bp.get("/syncs/<int:sync_id>")
@admin_only
def sync_preview(sync_id: int):
    """What a sync would do (or did): new, changed, gone and left out."""
    found = sync.get_sync(runtime.current().db(), sync_id)
    if found is None:
        abort(404)
    return render_template("admin/sync_preview.html", sync=found, plan=found["plan"],
                           counts=found["counts"])


@bp.post("/syncs/<int:sync_id>/accept")
@admin_only
def accept_sync(sync_id: int):
    """Publish a pending sync, all or nothing."""
    rt = runtime.current()
    result = sync.accept(rt.db(), rt.data_dir, sync_id, editor=editor())
    if not result.ok:
        for problem in result.problems:
            flash(problem, "error")
        return redirect(url_for("admin.sync_preview", sync_id=sync_id))
    c = result.counts or {}
    flash(f"Sync accepted: {c.get('new', 0)} added, {c.get('changed', 0)} changed, "
          f"{c.get('gone', 0)} retired.")
    if not result.indexed:
        flash("The search index could not be updated. Ask an admin to run flask build-index.")
    return redirect(url_for("admin.syncs"))


@bp.post("/syncs/<int:sync_id>/discard")
@admin_only
def discard_sync(sync_id: int):
    """Drop a pending sync without changing anything."""
    if sync.discard(runtime.current().db(), sync_id, editor=editor(), now=dt.datetime.now(dt.UTC)):
        flash("Sync discarded. Nothing was changed.")
    else:
        flash("That sync was not waiting, so there was nothing to discard.", "error")
    return redirect(url_for("admin.syncs"))
