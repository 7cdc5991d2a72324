"""The Open Referral UK API (HSDS 3.0 UK profile) under /openreferral: services and taxonomies.

Thin: request parameters in, `app.directory.openreferral` shapes out; search goes through
`api.find`. Every response allows any origin (public, read-only data). Bad parameters get the
API's JSON 400 naming each one, unknown ids a JSON 404; it never writes anything.
"""

from __future__ import annotations

from typing import NoReturn

from flask import Blueprint, jsonify, request
from werkzeug.datastructures import MultiDict

from app import runtime
from app.directory import openreferral, openreferral_vocab, store

from .api import find
from .errors import BadRequest
from .page_cache import cached
from .params import MAX_PER_PAGE, search_params

bp = Blueprint("openreferral", __name__, url_prefix="/openreferral")

VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/openapi.json"
# Signpost's own filters, accepted here as on /api/services.
PASSED_ON = ("topic", "grouping", "age", "postcode", "area", "contact", "free", "open_now")
INVALID = "Some search parameters are not valid."


@bp.after_app_request
def allow_any_origin(response):
    """Let any website read the open data, error responses included."""
    if request.path.rstrip("/") == bp.url_prefix or request.path.startswith(f"{bp.url_prefix}/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def public(entry, taxonomy) -> dict:
    """The service as the public may see it: no reviewer note, no staff-only status note."""
    service = openreferral.to_service(entry, taxonomy)
    extra = service.get(openreferral_vocab.EXTENSION)
    if isinstance(extra, dict):
        extra.pop("review_reason", None)
        if entry.status != "temporarily-closed":
            extra.pop("status_note", None)
    if entry.status != "temporarily-closed":
        service.pop("alert", None)
    return service


@bp.get("/")
def info():
    """What this API is: the HSDS version and the profile it follows."""
    return jsonify({"version": VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL})


@bp.get("/services")
@cached
def services():
    """Search or list active services, paged, with one-to-one fields only."""
    rt = runtime.current()
    args = _search_args(request.args, rt.taxonomy)
    try:
        results, found, page, size = find(args)
    except BadRequest as exc:
        raise BadRequest(exc.message, _renamed(exc.details, request.args)) from exc
    contents = [openreferral.list_item(public(entry, rt.taxonomy)) for entry, _ in results]
    return jsonify(openreferral.page(contents, total=found.total, page=page, size=size))


@bp.get("/services/<service_id>")
@cached
def service(service_id: str):
    """One fully nested service by id."""
    rt = runtime.current()
    entry = store.get(rt.db(), service_id)
    if entry is None:
        raise BadRequest(f"No service has the id '{service_id}'.", status=404)
    return jsonify(public(entry, rt.taxonomy))


@bp.get("/taxonomies")
def taxonomies():
    """The taxonomies services are classified by, paged."""
    return jsonify(_paged(openreferral.taxonomies(runtime.current().taxonomy)))


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    """One taxonomy with its terms."""
    found = [t for t in openreferral.taxonomies(runtime.current().taxonomy, with_terms=True)
             if t["id"] == taxonomy_id]
    if not found:
        raise BadRequest(f"No taxonomy has the id '{taxonomy_id}'.", status=404)
    return jsonify(found[0])


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    """Every taxonomy term (or one taxonomy's, with taxonomy_id), paged."""
    terms = openreferral.taxonomy_terms(runtime.current().taxonomy)
    wanted = request.args.get("taxonomy_id")
    if wanted:
        terms = [t for t in terms if t["taxonomy_id"] == wanted]
    return jsonify(_paged(terms))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    """One taxonomy term."""
    found = [t for t in openreferral.taxonomy_terms(runtime.current().taxonomy)
             if t["id"] == term_id]
    if not found:
        raise BadRequest(f"No taxonomy term has the id '{term_id}'.", status=404)
    return jsonify(found[0])


def _search_args(args, taxonomy) -> MultiDict:
    """The profile's parameters (search, size, taxonomy_term_id) as /api search parameters."""
    out: MultiDict = MultiDict()
    text = next((args[k] for k in ("search", "text", "q") if args.get(k)), None)
    if text:
        out["q"] = text
    if args.get("page"):
        out["page"] = args["page"]
    per_page = args.get("per_page") or args.get("size")
    if per_page:
        out["per_page"] = per_page
    for key in PASSED_ON:
        for value in args.getlist(key):
            out.add(key, value)
    term_id = args.get("taxonomy_term_id")
    if term_id:
        term = next((t for t in openreferral.taxonomy_terms(taxonomy) if t["id"] == term_id), None)
        if term is None:
            _reject(out, taxonomy, {
                "parameter": "taxonomy_term_id",
                "message": f"'{term_id}' is not a known term id; see /openreferral/taxonomy_terms"})
        key = "grouping" if term["taxonomy"] == openreferral_vocab.GROUPING_TAXONOMY else "topic"
        out[key] = term["term"]
    return out


def _reject(args: MultiDict, taxonomy, problem: dict) -> NoReturn:
    """Raise one 400 listing this problem and any others in the search parameters."""
    details = [problem]
    try:
        search_params(args, taxonomy.slugs)
    except BadRequest as exc:
        details = exc.details + details
    raise BadRequest(INVALID, _renamed(details, request.args))


def _renamed(details: list, args) -> list:
    """Problems named by the parameter the client sent (size rather than per_page)."""
    if args.get("per_page") or not args.get("size"):
        return details
    return [d | {"parameter": "size"} if d.get("parameter") == "per_page" else d for d in details]


def _paged(items: list) -> dict:
    """A page of a short, fixed list, by the page and per_page (or size) parameters."""
    details = []
    values = {}
    for name, default, high in (("page", 1, 10_000), ("per_page", 20, MAX_PER_PAGE)):
        given = "size" if name == "per_page" and not request.args.get(name) else name
        raw = (request.args.get(given) or "").strip()
        if not raw:
            values[name] = default
        elif raw.isascii() and raw.isdigit() and 1 <= int(raw) <= high:
            values[name] = int(raw)
        else:
            details.append({"parameter": given,
                            "message": f"must be a whole number from 1 to {high}"})
    if details:
        raise BadRequest("Some paging parameters are not valid.", details)
    page, size = values["page"], values["per_page"]
    chunk = items[(page - 1) * size: page * size]
    return openreferral.page(chunk, total=len(items), page=page, size=size)
