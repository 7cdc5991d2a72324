"""The server-rendered pages: directory search, entry pages, the signposting sheet, urgent help.

Every page works without JavaScript. Searches go through the same `find` as the JSON API.
Pages only read: nothing here writes to the database, and no pupil or personal details are
asked for or kept (the sheet is built from entry ids in the address, nothing else).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from app import runtime
from app.directory import store
from app.directory.entry import (
    CONTACT_LABELS,
    GROUPING_PLAIN,
    GROUPINGS,
    REFERRALS,
    Contact,
)
from app.search.found import postcode_terms

from ..reviewed_yaml import load_reviewed
from . import emptied
from .api import find
from .errors import BadRequest
from .page_cache import cached

bp = Blueprint("pages", __name__)

PER_PAGE = 20
MAX_SHEET = 20
MAX_SELECTED = 100
ENTRY_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
CRISIS_FILE = "crisis_contacts.yaml"
SEARCH_KEYS = ("q", "topic", "grouping", "age", "where", "postcode", "area", "contact", "free",
               "open_now")
# Where each search parameter's message points in the form, and what a person reads.
FIELDS = {
    "q": ("q", "Search words must be 200 characters or fewer"),
    "age": ("age", "Age must be a whole number from 0 to 120"),
    "topic": ("topic", "Topic must be one from the list"),
    "grouping": ("grouping", "Type of support must be one from the list"),
    "contact": ("contact-phone", "How to get in touch must be one from the list"),
    "postcode": ("where", "Postcode or area must be a postcode like ZZ1 4AB, ZZ1 or ZZ"),
    "area": ("where", "Postcode or area is not valid"),
    "free": ("free", "Free services only must be ticked or not ticked"),
    "open_now": ("open_now", "Open now must be ticked or not ticked"),
    "page": ("q", "Page must be a whole number from 1 to 10000"),
    "per_page": ("q", "Results per page must be a whole number from 1 to 100"),
}


@lru_cache(maxsize=4)
def load_crisis_contacts(path: str) -> tuple[dict, ...]:
    """The reviewed 24/7 urgent options from a YAML file, in the order they are shown."""
    items = load_reviewed(Path(path).read_text(encoding="utf-8"))
    return tuple(dict(item) for item in items)


def crisis_contacts() -> tuple[dict, ...]:
    """This app's urgent options."""
    return load_crisis_contacts(str(Path(current_app.config["DIRECTORY_DATA"]) / CRISIS_FILE))


@bp.app_template_filter("contact_href")
def contact_href(contact: Contact) -> str | None:
    """A link for a contact (tel:, sms:, mailto:, https:), or None when it is not linkable."""
    value = contact.value.strip()
    digits = value.replace(" ", "").replace("-", "")
    if contact.method in ("phone", "text") and digits.isascii() and digits.lstrip("+").isdigit():
        return ("tel:" if contact.method == "phone" else "sms:") + digits
    if contact.method == "email" and "@" in value and " " not in value:
        return f"mailto:{value}"
    if value.startswith(("https://", "http://")):
        return value
    return None


@bp.app_template_filter("human_date")
def human_date(value: str | None) -> str:
    """An ISO date as people write it, such as '20 November 2026'."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


@bp.record_once
def _share_names(state) -> None:
    """Names every template and imported macro may use (globals, so macros see them too)."""
    state.app.jinja_env.globals.update(CONTACT_LABELS=CONTACT_LABELS, GROUPINGS=GROUPINGS,
                                       GROUPING_PLAIN=GROUPING_PLAIN, REFERRALS=REFERRALS)


def search_args(args: MultiDict) -> MultiDict:
    """The API's parameters from the page's form: 'where' becomes a postcode or an area."""
    out = MultiDict(args)
    where = (out.pop("where", "") or "").strip()
    if where:
        out["postcode" if postcode_terms(where) else "area"] = where
    return out


def page_errors(details: list[dict]) -> list[dict]:
    """Each problem as a field id to link to and a plain message, one per field."""
    errors: dict[str, dict] = {}
    for detail in details:
        name = detail.get("parameter", "")
        field, message = FIELDS.get(name, ("q", f"{name}: {detail.get('message', '')}"))
        errors.setdefault(field, {"field": field, "parameter": name, "message": message})
    return list(errors.values())


def selection(args: MultiDict) -> list[str]:
    """Entry ids ticked for the sheet: those carried in `sel`, updated by the page just left.

    `shown` lists the entries that page showed and `id` those ticked on it, so unticking one
    there drops it. Only entry ids travel in the address: never anything about a pupil.
    """
    carried = [i for i in (args.get("sel") or "").split(",") if ENTRY_ID.match(i)]
    shown = set(args.getlist("shown"))
    ticked = [i for i in args.getlist("id") if ENTRY_ID.match(i)]
    kept = [i for i in carried if i not in shown or i in ticked]
    return list(dict.fromkeys(kept + ticked))[:MAX_SELECTED]


def _changes_selection(args: MultiDict) -> bool:
    return "shown" in args or "id" in args


def page_url(args: MultiDict, page: int, chosen: list[str] = ()) -> str:
    """The directory address for another page of the same search, keeping the ticks."""
    pairs = [(k, v) for k in SEARCH_KEYS for v in args.getlist(k) if v]
    if page > 1:
        pairs.append(("page", str(page)))
    if chosen:
        pairs.append(("sel", ",".join(chosen)))
    return url_for("pages.directory") + ("?" + urlencode(pairs) if pairs else "")


@bp.get("/directory")
@cached
def directory():
    """Search and filter the directory; bad parameters show the form again with a 400."""
    rt = runtime.current()
    chosen = selection(request.args)
    if _changes_selection(request.args):
        # Ticks sent from a page of results: back to a plain address that carries them.
        wanted = request.args.get("page", "")
        return redirect(page_url(request.args, int(wanted) if wanted.isdigit() else 1, chosen), 303)
    results, found, page, size, errors = [], None, 1, PER_PAGE, []
    try:
        results, found, page, size = find(search_args(request.args), per_page=PER_PAGE)
    except BadRequest as exc:
        errors = page_errors(exc.details)
    pages = -(-found.total // size) if found else 0
    dropped = []
    if found is not None and found.total == 0:
        dropped = [dict(c, url=_url_of(c["args"], chosen))
                   for c in emptied.culprits(request.args, find, search_args)]
    html = render_template(
        "directory.html",
        form=request.args,
        errors=errors,
        error_for={e["field"]: e["message"] for e in errors},
        topics=rt.taxonomy.topics,
        results=results,
        found=found,
        page=page,
        pages=pages,
        first=(page - 1) * size + 1,
        searched=bool(request.args.get("q") or request.args.get("topic")),
        prev_page=page - 1 if page > 1 else None,
        next_page=page + 1 if page < pages else None,
        selected=chosen,
        clear_url=page_url(MultiDict(), 1, chosen),
        dropped=dropped,
    )
    return html, 400 if errors else 200


def _url_of(args: MultiDict, chosen: list[str] = ()) -> str:
    """The directory address for a search with these parameters, keeping the ticks."""
    return page_url(args, 1, chosen)


@bp.get("/directory/sheet")
def sheet():
    """A printable signposting sheet of the ticked entries, with the urgent options."""
    ids = selection(request.args)
    if "shown" in request.args or "sel" in request.args:
        return redirect(url_for("pages.sheet") + "?" + urlencode([("id", i) for i in ids]), 303)
    too_many = len(ids) > MAX_SHEET
    found = store.get_many(runtime.current().db(), ids[:MAX_SHEET])
    entries = [found[i] for i in ids[:MAX_SHEET] if i in found]
    return render_template("sheet.html", entries=entries, too_many=too_many,
                           max_sheet=MAX_SHEET, missing=len(ids[:MAX_SHEET]) - len(entries),
                           crisis=crisis_contacts(), today=dt.date.today().isoformat(),
                           back_url=page_url(MultiDict(), 1, ids))


@bp.get("/directory/<entry_id>")
@cached
def entry(entry_id: str):
    """Everything we know about one entry."""
    found = store.get(runtime.current().db(), entry_id)
    if found is None:
        abort(404)
    return render_template("entry.html", entry=found)


@bp.get("/help-now")
def help_now():
    """The 24/7 urgent options."""
    return render_template("help_now.html", crisis=crisis_contacts())


@bp.get("/about-thrive")
def thrive():
    """The THRIVE groupings in plain words."""
    return render_template("thrive.html")


@bp.get("/privacy")
def privacy():
    """What Signpost keeps (almost nothing) and why."""
    return render_template("privacy.html")
