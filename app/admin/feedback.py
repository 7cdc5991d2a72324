"""Reports of problems with a listing: the public form, and the admin queue.

The public form asks for no personal details and needs no account or session cookie, so it
has no CSRF token: a honeypot field and per-address rate limits stop abuse instead. A report
marks the entry needs_review ("Reported: ..."), audited as a public report.
"""

from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from app import limits, runtime
from app.directory import editing

from . import bp
from .auth import current_user

log = logging.getLogger(__name__)
public_bp = Blueprint("reports", __name__)
KINDS = {
    "closed": "It is closed or no longer running",
    "contact": "A phone number, email address or other contact detail is wrong",
    "other": "Something else is wrong",
}
REASONS = {"closed": "Reported: it may be closed.",
           "contact": "Reported: a contact detail may be wrong.",
           "other": "Reported: something may be wrong."}
MAX_DETAIL = 500
REPORT_LIMITS = (limits.Limit("report-hour", 5, 3600), limits.Limit("report-day", 20, 86400))
HONEYPOT = "website"
PUBLIC = editing.Editor("public report")


def _published(entry_id: str):
    found = editing.load(runtime.current().db(), entry_id)
    if found is None or not found[1]:
        abort(404)
    return found[0]


@public_bp.route("/directory/<entry_id>/report", methods=["GET", "POST"])
def report(entry_id: str):
    """Tell us what is wrong with a listing (no personal details needed)."""
    entry = _published(entry_id)
    if request.method == "GET":
        return render_template("admin/report.html", entry=entry, kinds=KINDS, form={},
                               errors=[], max_detail=MAX_DETAIL)
    kind = request.form.get("kind", "")
    detail = request.form.get("detail", "").strip()
    if request.form.get(HONEYPOT):
        # Only robots fill the hidden field: thank them and keep nothing.
        return render_template("admin/report_thanks.html", entry=entry)
    errors = []
    if kind not in KINDS:
        errors.append({"field": "kind-closed", "message": "Select what is wrong with this listing"})
    if len(detail) > MAX_DETAIL:
        errors.append({"field": "detail",
                       "message": f"Details must be {MAX_DETAIL} characters or fewer"})
    if errors:
        return render_template("admin/report.html", entry=entry, kinds=KINDS, form=request.form,
                               errors=errors, max_detail=MAX_DETAIL), 400
    address = request.remote_addr or "(unknown)"
    if limits.take(runtime.current().db(), [(limit, address) for limit in REPORT_LIMITS]) is None:
        return too_many_reports()
    save_report(entry_id, kind, detail or None)
    return render_template("admin/report_thanks.html", entry=entry)


def save_report(entry_id: str, kind: str, detail: str | None, *,
                now: dt.datetime | None = None) -> int:
    """Keep a report and flag its entry for review; returns the report id."""
    rt = runtime.current()
    now = now or dt.datetime.now(dt.UTC)
    db = rt.db()
    with db.atomic():
        cursor = db.execute("insert into reports (entry_id, kind, detail, created_at)"
                            " values (?, ?, ?, ?)",
                            [entry_id, kind, detail, now.isoformat(timespec="seconds")])
    saved = editing.flag_for_review(db, rt.data_dir, rt.taxonomy, entry_id, REASONS[kind],
                                    editor=PUBLIC, now=now)
    if not saved.ok:
        log.warning("report %s could not flag entry %s", cursor.lastrowid, entry_id)
    return int(cursor.lastrowid)


def too_many_reports():
    """429 for the report form."""
    entry = _published((request.view_args or {}).get("entry_id", ""))
    return render_template("admin/report.html", entry=entry, kinds=KINDS, form=request.form,
                           errors=[{"field": "kind-closed", "message":
                                    "We have had a lot of reports from your connection. "
                                    "Wait an hour and try again."}],
                           max_detail=MAX_DETAIL), 429


# -- the admin queue ---------------------------------------------------------------------
@bp.get("/reports")
def reports():
    """Open reports first, then the latest resolved ones."""
    db = runtime.current().db()
    query = ("select reports.*, entries.name as entry_name from reports"
             " left join entries on entries.id = reports.entry_id where {} order by {} limit 100")
    open_ = list(db.query(query.format("resolved_at is null", "reports.id")))
    done = list(db.query(query.format("resolved_at is not null", "resolved_at desc")))
    return render_template("admin/reports.html", open_reports=open_, resolved=done, kinds=KINDS)


@bp.post("/reports/<int:report_id>/resolve")
def resolve_report(report_id: int):
    """Close a report with a note saying what was done."""
    db = runtime.current().db()
    note = request.form.get("resolution", "").strip()
    if not note:
        flash("Say what you did about the report before resolving it", "error")
        return redirect(url_for("admin.reports") + f"#report-{report_id}")
    with db.atomic():
        cursor = db.execute(
            "update reports set resolved_at = ?, resolved_by = ?, resolution = ?"
            " where id = ? and resolved_at is null",
            [dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), current_user().email,
             note[:MAX_DETAIL], report_id])
    if cursor.rowcount != 1:
        abort(404)
    flash("Report resolved.")
    return redirect(url_for("admin.reports"))
