"""Admin views for the audit log: each entry's history, restoring a version, the full log.

Audit records are read-only here: there is no route that changes or deletes one. Restoring
an old version is a new change, saved and audited like any other.
"""

from __future__ import annotations

import json

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from app import runtime
from app.directory import audit, editing
from app.web.errors import json_error

from . import bp
from .auth import admin_only, current_user
from .entries import action_result, editor, to_int

LOG_PAGE = 100


@bp.app_template_filter("admin_value")
def admin_value(value) -> str:
    """A stored field value as an admin reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


@bp.app_template_filter("who")
def shown_who(who: str | None) -> str:
    """Who made a change, as this reader may see it: editors see "an editor", not addresses."""
    return _who(who, you="you")


def _who(who: str | None, you: str | None) -> str:
    user = current_user()
    if not who or "@" not in who or (user is not None and user.is_admin):
        return who or "unknown"
    if user is not None and who == user.email:
        return you or who
    return "an editor"


def _entry_or_404(entry_id: str):
    found = editing.load(runtime.current().db(), entry_id)
    if found is None:
        abort(404)
    return found


@bp.get("/entries/<entry_id>/history")
def entry_history(entry_id: str):
    """Every change to one entry, newest first, field by field."""
    entry, published = _entry_or_404(entry_id)
    records = audit.history(runtime.current().db(), entry_id)
    return render_template("admin/history.html", entry=entry, published=published,
                           records=records)


@bp.get("/entries/<entry_id>/history/<int:record_id>")
def entry_version(entry_id: str, record_id: int):
    """One saved version and how it differs from the entry now, with a restore button."""
    entry, published = _entry_or_404(entry_id)
    record = audit.get(runtime.current().db(), record_id)
    before = request.args.get("before") == "1"
    snapshot = record.before if record and before else record.after if record else None
    if record is None or record.entry_id != entry_id or snapshot is None:
        abort(404)
    now = editing.snapshot(entry, published)
    then = dict(snapshot, published=published)
    return render_template("admin/version.html", entry=entry, record=record, before=before,
                           version=record.version_before if before else record.version_after,
                           differences=audit.diff(now, then))


@bp.post("/entries/<entry_id>/history/<int:record_id>/restore")
def restore_version(entry_id: str, record_id: int):
    """Put the entry back as it was after this change (a new, audited change)."""
    rt = runtime.current()
    _entry_or_404(entry_id)
    record = audit.get(rt.db(), record_id)
    if record is None or record.entry_id != entry_id:
        abort(404)
    before = request.form.get("before") == "1"
    saved = editing.restore(rt.db(), rt.data_dir, rt.taxonomy, record, editor=editor(),
                            expected_version=to_int(request.form.get("version"), 0), before=before)
    if saved.ok and not saved.unchanged:
        number = record.version_before if before else record.version_after
        flash(f"Restored version {number}. It is saved as version {saved.entry.version}.")
        return redirect(url_for("admin.entry_history", entry_id=entry_id))
    return action_result(entry_id, saved, "Restored")


@bp.get("/audit")
@admin_only
def audit_log():
    """Every change across the directory, newest first (admins only)."""
    db = runtime.current().db()
    total = audit.count(db)
    pages = max(1, -(-total // LOG_PAGE))
    page = max(1, min(to_int(request.args.get("page"), 1), pages))
    records = audit.recent(db, limit=LOG_PAGE, offset=(page - 1) * LOG_PAGE)
    names = {r["id"]: r["name"] for r in db.query("select id, name from entries")}
    return render_template("admin/audit.html", records=records, names=names, page=page,
                           pages=pages, total=total)


# -- JSON --------------------------------------------------------------------------------
def record_json(record: audit.AuditRecord) -> dict:
    """An audit record as the admin JSON endpoints give it."""
    return {"id": record.id, "at": record.at, "who": _who(record.who, you=None),
            "entry_id": record.entry_id,
            "action": record.action, "version_before": record.version_before,
            "version_after": record.version_after, "note": record.note,
            "changes": [{"field": c.field, "before": c.before, "after": c.after}
                        for c in record.changes]}


@bp.get("/api/entries/<entry_id>/history")
def entry_history_json(entry_id: str):
    """One entry's history as JSON."""
    db = runtime.current().db()
    if editing.load(db, entry_id) is None:
        return json_error(404, f"No entry has the id '{entry_id}'.")
    return jsonify({"items": [record_json(r) for r in audit.history(db, entry_id)]})


@bp.get("/api/audit")
@admin_only
def audit_json():
    """The latest audit records as JSON (admins only)."""
    records = audit.recent(runtime.current().db(), limit=LOG_PAGE)
    return jsonify({"items": [record_json(r) for r in records]})
