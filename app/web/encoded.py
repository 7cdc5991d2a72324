"""The /api/services body, written from each entry's JSON encoded once per decoded entry.

Owns `services_body`: the same bytes `jsonify` gives for the search answer, but each entry's
part is encoded once per decoded entry (`per_entry`: the same object, so an edit, an import or
a new index generation is never served from there). Falls back to `jsonify` whenever the
app's JSON settings would make the two differ. Holds no chat text.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request

from .per_entry import per_entry
from .present import entry_json

WHY = "why"  # sorts after every other key of an entry, so it is added at the end


def _compact_sorted(app) -> bool:
    """Whether jsonify writes sorted keys with no spaces here (the case written by hand)."""
    provider = app.json
    compact = provider.compact if provider.compact is not None else not app.debug
    return bool(getattr(provider, "sort_keys", False)) and compact


def services_body(results, found, page: int, size: int) -> Response:
    """The /api/services answer: byte for byte what jsonify gives for the same dict."""
    app = current_app._get_current_object()  # noqa: SLF001 - the app, not its proxy
    corrections = [{"from": a, "to": b} for a, b in found.corrections]
    if not _compact_sorted(app):
        return jsonify({"total": found.total, "page": page, "per_page": size,
                        "corrections": corrections,
                        "items": [entry_json(entry, why) for entry, why in results]})

    def dumps(value) -> str:
        return app.json.dumps(value, separators=(",", ":"))
    kept, root = per_entry(app, "json"), request.script_root
    items = []
    for entry, why in results:
        text = kept.get(entry, (root,), lambda e=entry: dumps(entry_json(e)))
        items.append(text if why is None else f'{text[:-1]},"{WHY}":{dumps(why)}}}')
    body = (f'{{"corrections":{dumps(corrections)},"items":[{",".join(items)}],'
            f'"page":{dumps(page)},"per_page":{dumps(size)},"total":{dumps(found.total)}}}\n')
    return app.response_class(body, mimetype=app.json.mimetype)
