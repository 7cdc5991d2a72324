"""The /api/services body, written from each entry's JSON encoded once per decoded entry.

Owns `services_body`: the same bytes `jsonify` gives for the search answer, but each entry's
part is encoded once and kept while the runtime keeps that decoded entry (the same object, so
an edit, an import or a new index generation is never served from here). Falls back to
`jsonify` whenever the app's JSON settings would make the two differ. Holds no chat text.
"""

from __future__ import annotations

import threading

from flask import Response, current_app, jsonify, request

from .present import entry_json

MAX_ENCODED = 20_000  # per worker; as many as the runtime keeps decoded
WHY = "why"  # sorts after every other key of an entry, so it is added at the end


class Encoded:
    """Each entry's JSON (without `why`), kept beside the decoded entry it was made from."""

    def __init__(self, limit: int = MAX_ENCODED):
        self.limit = limit
        self._kept: dict[str, tuple[object, str, str]] = {}
        self._lock = threading.Lock()

    def text(self, entry, dumps, root: str) -> str:
        """The entry's JSON text, made once for this very entry object and script root."""
        kept = self._kept.get(entry.id)
        if kept is not None and kept[0] is entry and kept[1] == root:
            return kept[2]
        made = dumps(entry_json(entry))
        with self._lock:
            if len(self._kept) >= self.limit:
                self._kept.clear()
            self._kept[entry.id] = (entry, root, made)
        return made


def encoded_for(app) -> Encoded:
    """This app's kept entry JSON (one per app, so tests never share one)."""
    kept = app.extensions.get("signpost_encoded")
    if kept is None:
        kept = app.extensions.setdefault("signpost_encoded", Encoded())
    return kept


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
    kept, root = encoded_for(app), request.script_root
    items = []
    for entry, why in results:
        text = kept.text(entry, dumps, root)
        items.append(text if why is None else f'{text[:-1]},"{WHY}":{dumps(why)}}}')
    body = (f'{{"corrections":{dumps(corrections)},"items":[{",".join(items)}],'
            f'"page":{dumps(page)},"per_page":{dumps(size)},"total":{dumps(found.total)}}}\n')
    return app.response_class(body, mimetype=app.json.mimetype)
