"""The review dashboard: what needs checking now, and what people said helped.

Reads only: entries overdue for review, flagged, temporarily closed and recently changed,
open reports, and the anonymous "did this help?" counts by topic and week.
"""

from __future__ import annotations

import datetime as dt

from flask import jsonify, render_template

from app import runtime
from app.directory import audit, sources

from . import bp
from .entries import today

WEEKS = 8
SOON_DAYS = 30
LIST_LIMIT = 20


def review_counts(db, day: dt.date) -> dict[str, int]:
    """How many entries are in each review state (an entry can be in more than one)."""
    soon = (day + dt.timedelta(days=SOON_DAYS)).isoformat()
    live = "status != 'inactive'"
    sql = {
        "overdue": f"{live} and review_due is not null and review_due < :day",
        "due_soon": f"{live} and review_due >= :day and review_due < :soon",
        "flagged": f"{live} and needs_review = 1",
        "closed": "status = 'temporarily-closed'",
        "drafts": "published = 0",
        "up_to_date": f"{live} and needs_review = 0 and (review_due is null or review_due >= :soon)",
        "live": live,
        "retired": "status = 'inactive'",
    }
    params = {"day": day.isoformat(), "soon": soon}
    return {key: db.execute(f"select count(*) from entries where {where}",  # noqa: S608
                            params).fetchone()[0] for key, where in sql.items()}


CHART = (("overdue", "Review overdue"), ("due_soon", f"Review due in the next {SOON_DAYS} days"),
         ("flagged", "Flagged for review"), ("closed", "Temporarily closed"),
         ("up_to_date", "Up to date"))


def chart_bars(counts: dict[str, int], width: int = 300) -> list[dict]:
    """Bars for the review chart: label, count and a width scaled to the live entries."""
    most = max(counts["live"], 1)
    return [{"key": key, "label": label, "count": counts[key],
             "width": round(width * counts[key] / most)} for key, label in CHART]


SOURCE_CHART = (("ok", "Page as it was"), ("changed", "Changed since last verified"),
                ("moved", "Moved"), ("gone", "Gone"), ("error", "Could not check"),
                ("unchecked", "Not checked yet"))


def source_bars(db, width: int = 300) -> tuple[int, list[dict]]:
    """Bars for the source-watch chart: live entries by their last source check."""
    counts = sources.status_counts(db)
    total = sum(counts.values())
    return total, [{"key": key, "label": label, "count": counts[key],
                    "width": round(width * counts[key] / max(total, 1))} for key, label in SOURCE_CHART]


def topic_label(taxonomy, slug: str) -> str:
    """A topic's label, or the slug when it is not in the taxonomy."""
    try:
        return taxonomy.by_slug(slug).label
    except KeyError:
        return "No topic" if slug == "none" else slug


def helpful_table(db, taxonomy, day: dt.date) -> tuple[list[str], list[dict]]:
    """'Did this help?' answers by topic and week (weeks start on Monday), newest week first."""
    monday = day - dt.timedelta(days=day.weekday())
    weeks = [(monday - dt.timedelta(weeks=n)).isoformat() for n in range(WEEKS)]
    rows = db.query("select day, topic, answer, count from helpful_counts where day >= ?",
                    [weeks[-1]])
    cells: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        date = dt.date.fromisoformat(row["day"])
        week = (date - dt.timedelta(days=date.weekday())).isoformat()
        cell = cells.setdefault(row["topic"], {}).setdefault(week, {"yes": 0, "no": 0})
        cell[row["answer"]] = cell.get(row["answer"], 0) + row["count"]
    table = []
    for slug in sorted(cells):
        table.append({"slug": slug, "label": topic_label(taxonomy, slug),
                      "weeks": [cells[slug].get(w, {"yes": 0, "no": 0}) for w in weeks]})
    return weeks, table


def _entries(db, where: str, params: list, order: str) -> list[dict]:
    return list(db.query(
        f"select id, name, status, status_note, review_due, review_reason, last_verified"  # noqa: S608
        f" from entries where {where} order by {order} limit {LIST_LIMIT}", params))


@bp.get("/")
def dashboard():
    """What needs checking now, and what people said helped."""
    rt = runtime.current()
    db, day = rt.db(), today()
    counts = review_counts(db, day)
    weeks, helpful = helpful_table(db, rt.taxonomy, day)
    recent = audit.recent(db, limit=10)
    names = {r["id"]: r["name"] for r in db.query("select id, name from entries")}
    open_reports = db.execute("select count(*) from reports where resolved_at is null").fetchone()[0]
    live = "status != 'inactive'"
    source_total, sources_chart = source_bars(db)
    return render_template(
        "admin/dashboard.html", counts=counts, bars=chart_bars(counts), weeks=weeks,
        helpful=helpful, recent=recent, names=names, open_reports=open_reports,
        source_total=source_total, source_bars=sources_chart,
        overdue=_entries(db, f"{live} and review_due < ?", [day.isoformat()], "review_due"),
        flagged=_entries(db, f"{live} and needs_review = 1", [], "name collate nocase"),
        closed=_entries(db, "status = 'temporarily-closed'", [], "name collate nocase"),
    )


@bp.get("/api/review")
def review_json():
    """The review counts as JSON."""
    return jsonify(review_counts(runtime.current().db(), today()))
