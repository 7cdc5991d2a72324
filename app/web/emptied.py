"""Which filter left a directory search with nothing, so the page can say so and offer to drop it.

Reads only: it re-runs the same search without one filter at a time (the search is fast, and
this only happens when there were no results at all).
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

# Each filter a person can set on the directory page, and how the page names it.
FILTERS = {
    "free": "Free services only",
    "open_now": "Open now",
    "contact": "How to get in touch",
    "grouping": "Type of support",
    "age": "Age",
    "where": "Postcode or area",
    "topic": "Topic",
}


def culprits(args: MultiDict, find, search_args) -> list[dict]:
    """Filters that, dropped alone, bring results back: [{'name', 'label', 'args'}]."""
    found = []
    for key, label in FILTERS.items():
        if not any(v for v in args.getlist(key)):
            continue
        looser = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in (key, "page")])
        try:
            _, result, _, _ = find(search_args(looser), per_page=1)
        except Exception:  # noqa: BLE001, S112 - a bad parameter is reported by the page itself
            continue
        if result.total:
            found.append({"name": key, "label": label, "args": looser, "total": result.total})
    return found
