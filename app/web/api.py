"""The JSON API over the directory: /api/services, /api/services/<id>, /api/topics.

Bad parameters get a 400 naming each one; unknown ids a JSON 404; never a 500.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from app import runtime
from app.directory import store

from .encoded import services_body
from .errors import BadRequest
from .page_cache import cached
from .params import search_params
from .present import entry_json

bp = Blueprint("api", __name__, url_prefix="/api")


def find(args, *, per_page: int = 20):
    """Run a search from request parameters: (entries with reasons, total, page, per_page)."""
    rt = runtime.current()
    text, topics, filters, page, size = search_params(args, rt.taxonomy.slugs, per_page=per_page)
    found = rt.finder.search(text, topics=topics, filters=filters, limit=size,
                             offset=(page - 1) * size)
    entries = rt.fetch([h.id for h in found.hits])
    searched = bool(text or topics)
    results = [(entries[h.id], h.why if searched else None) for h in found.hits if h.id in entries]
    return results, found, page, size


@bp.get("/services")
@cached
def services():
    """Search or list active entries, paged."""
    results, found, page, size = find(request.args)
    return services_body(results, found, page, size)


@bp.get("/services/<entry_id>")
@cached
def service(entry_id: str):
    """One entry by id."""
    entry = store.get(runtime.current().db(), entry_id)
    if entry is None:
        raise BadRequest(f"No entry has the id '{entry_id}'.", status=404)
    return jsonify(entry_json(entry))


@bp.get("/topics")
def topics():
    """The topic taxonomy: slugs, labels and plain descriptions."""
    taxonomy = runtime.current().taxonomy
    return jsonify({"items": [
        {"slug": t.slug, "label": t.label, "description": t.description} for t in taxonomy.topics
    ]})
