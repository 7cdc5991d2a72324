"""Admin views for entries: the list with filters, create, edit and the one-step actions.

Saving goes through `app.directory.editing` (validation, version check, audit, index); this
module only turns forms into calls and results into pages.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for

from app import runtime
from app.directory import editing, review_dates
from app.directory.entry import GROUPINGS, STATUSES

from . import bp, entry_form
from .auth import current_user

PER_PAGE = 50
STATUS_LABELS = {"active": "Open", "temporarily-closed": "Temporarily closed",
                 "inactive": "Retired (no longer running)"}
CHECKS = {"review": "Flagged for review", "overdue": "Review overdue",
          "stale": "Not checked for 6 months or more", "drafts": "Drafts only"}


@bp.context_processor
def entry_names() -> dict:
    """Plain names for fields and statuses, for every admin page."""
    return {"field_names": entry_form.FIELD_NAMES, "status_labels": STATUS_LABELS}


def editor() -> editing.Editor:
    """Who is making this change, for the audit log."""
    user = current_user()
    assert user is not None  # noqa: S101 - every admin view runs after require_login
    return editing.Editor(user.email, user.id)


def today() -> dt.date:
    """Today's date (UTC)."""
    return dt.datetime.now(dt.UTC).date()


def list_entries(db, args, day: dt.date) -> tuple[list[dict], int, int]:
    """Entries matching the list filters: (rows, total, page)."""
    where, params = [], []
    text = (args.get("q") or "").strip()[:200]
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(name like ? escape '\\' or organisation like ? escape '\\'"
                     " or summary like ? escape '\\')")
        params += [like, like, like]
    if args.get("status") in STATUSES:
        where.append("status = ?")
        params.append(args["status"])
    if args.get("grouping") in GROUPINGS:
        where.append("grouping = ?")
        params.append(args["grouping"])
    if args.get("topic"):
        where.append("exists (select 1 from json_each(entries.topics) where value = ?)")
        params.append(args["topic"])
    checks = set(args.getlist("check"))
    if "review" in checks:
        where.append("needs_review = 1")
    if "overdue" in checks:
        where.append("review_due is not null and review_due < ?")
        params.append(day.isoformat())
    if "stale" in checks:
        where.append("last_verified <= ?")
        params.append(review_dates.add_months(day, -6).isoformat())
    if "drafts" in checks:
        where.append("published = 0")
    clause = ("where " + " and ".join(where)) if where else ""
    total = db.execute(f"select count(*) from entries {clause}", params).fetchone()[0]  # noqa: S608
    page = max(1, min(to_int(args.get("page"), 1), -(-total // PER_PAGE) or 1))
    rows = list(db.query(
        f"select id, name, organisation, status, grouping, needs_review, review_due,"  # noqa: S608
        f" last_verified, published, version from entries {clause}"
        " order by name collate nocase limit ? offset ?",
        [*params, PER_PAGE, (page - 1) * PER_PAGE]))
    return rows, total, page


def to_int(raw, default: int) -> int:
    """A whole number from a form or query value, or the default."""
    return int(raw) if raw and str(raw).isascii() and str(raw).isdigit() else default


@bp.get("/entries")
def entries():
    """Every entry, with search and filters for status, type, topic and review."""
    rt = runtime.current()
    day = today()
    rows, total, page = list_entries(rt.db(), request.args, day)
    keep = [(k, v) for k, v in request.args.items(multi=True) if k != "page" and v]

    def page_url(number: int) -> str:
        return url_for("admin.entries") + "?" + urlencode([*keep, ("page", str(number))])

    return render_template("admin/entries.html", rows=rows, total=total, page=page,
                           page_url=page_url,
                           pages=-(-total // PER_PAGE), form=request.args, checks=CHECKS,
                           topics=rt.taxonomy.topics,
                           today=day.isoformat(), stale=review_dates.add_months(day, -6).isoformat())


def _form_page(values: dict, *, entry=None, errors=(), status: int = 200, conflict=None):
    rt = runtime.current()
    return render_template(
        "admin/entry_form.html", values=values, entry=entry, errors=list(errors),
        error_for={e["field"]: e["message"] for e in errors}, topics=rt.taxonomy.topics,
        conflict=conflict,
    ), status


@bp.get("/entries/new")
def new_entry():
    """A blank form for a new entry."""
    return _form_page(entry_form.new_values())[0]


@bp.post("/entries/new")
def create_entry():
    """Save a new entry (as a draft or published)."""
    return _save(None)


@bp.get("/entries/<entry_id>")
def edit_entry(entry_id: str):
    """The edit form for one entry, with its actions."""
    found = editing.load(runtime.current().db(), entry_id)
    if found is None:
        abort(404)
    entry, published = found
    # Stored data that breaks today's rules is shown (salvaged) with each problem flagged.
    errors = entry_form.errors_for(editing.stored_problems(runtime.current().db(), entry_id))
    return _form_page(entry_form.to_values(entry.to_dict(), published), entry=entry,
                      errors=errors)[0]


@bp.post("/entries/<entry_id>")
def update_entry(entry_id: str):
    """Save changes to one entry, unless someone else changed it first."""
    found = editing.load(runtime.current().db(), entry_id)
    if found is None:
        abort(404)
    return _save(found[0])


def _save(entry):
    rt = runtime.current()
    values = entry_form.read_form(request.form)
    if entry is not None:
        values["id"] = entry.id
    data = entry_form.to_data(values)
    version = to_int(request.form.get("version"), 0) if entry is not None else None
    extra = entry_form.form_problems(data)
    if extra:
        errors = entry_form.errors_for(extra)
        return _form_page(entry_form.with_blank_rows(values), entry=entry, errors=errors,
                          status=400)
    note = entry_form.review_note(entry.to_dict() if entry is not None else None, data)
    saved = editing.save_entry(rt.db(), rt.data_dir, rt.taxonomy, data, editor=editor(),
                               expected_version=version, published=values["publish"], note=note)
    if saved.conflict is not None:
        return _form_page(entry_form.with_blank_rows(values), entry=saved.current or entry,
                          conflict=saved.conflict, status=409)
    if not saved.ok:
        errors = entry_form.errors_for(saved.problems)
        return _form_page(entry_form.with_blank_rows(values), entry=entry, errors=errors,
                          status=400)
    _saved_message(saved)
    return redirect(url_for("admin.edit_entry", entry_id=data["id"]))


def _saved_message(saved: editing.Saved, done: str = "Saved") -> None:
    if saved.unchanged:
        flash("Nothing had changed, so nothing was saved.")
        return
    state = "It is published." if saved.published else "It is a draft: the public cannot see it."
    flash(f"{done}: {saved.entry.name}. {state}" if saved.entry else done)
    if not saved.indexed:
        flash("The search index could not be updated. Ask an admin to run flask build-index.")


def action_result(entry_id: str, saved: editing.Saved, done: str):
    """Say how a one-step action went, and go back to the entry."""
    if saved.conflict is not None:
        flash("This entry was changed since you opened it. Check it and try again.", "error")
    elif not saved.ok:
        for error in entry_form.errors_for(saved.problems):
            flash(error["message"], "error")
    else:
        _saved_message(saved, done)
    return redirect(url_for("admin.edit_entry", entry_id=entry_id))


@bp.post("/entries/<entry_id>/checked")
def checked_today(entry_id: str):
    """Mark the entry checked today: review due again in six months."""
    rt = runtime.current()
    saved = editing.mark_checked(rt.db(), rt.data_dir, rt.taxonomy, entry_id, editor=editor(),
                                 expected_version=to_int(request.form.get("version"), 0))
    return action_result(entry_id, saved, "Marked as checked today")


@bp.post("/entries/<entry_id>/status")
def change_status(entry_id: str):
    """Reopen, temporarily close (with a note for the public) or retire an entry."""
    rt = runtime.current()
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(400)
    note = request.form.get("status_note", "").strip() or None
    if status == "temporarily-closed" and not note:
        flash("Say why it is closed, for the public, before closing it", "error")
        return redirect(url_for("admin.edit_entry", entry_id=entry_id) + "#close")
    saved = editing.set_status(rt.db(), rt.data_dir, rt.taxonomy, entry_id, status,
                               editor=editor(), status_note=note,
                               expected_version=to_int(request.form.get("version"), 0))
    return action_result(entry_id, saved, STATUS_LABELS[status])
