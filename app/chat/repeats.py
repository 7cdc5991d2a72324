"""After an escalation, the services already in the "Get help now" block are not offered again.

Owns reading which directory entry each 24/7 option is (`entry` in crisis_contacts.yaml) and
dropping those entries from the services listed below the block. It never drops anything from
the block itself. Pure: no Flask.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..reviewed_yaml import load_reviewed
from .reply import Reply


@lru_cache(maxsize=4)
def load_links(path: str | Path) -> dict[str, str]:
    """24/7 option id -> directory entry id, from crisis_contacts.yaml."""
    items = load_reviewed(Path(path).read_text(encoding="utf-8")) or []
    return {item["id"]: item["entry"] for item in items if item.get("entry")}


def without_repeats(reply: Reply, links: dict[str, str]) -> Reply:
    """The reply with services shown in its escalation block left out of the list below it."""
    if reply.escalation is None:
        return reply
    urgent = {r.id for r in reply.escalation.resources}
    same = urgent | {links[i] for i in urgent if i in links}
    kept = tuple(r for r in reply.resources if r.id not in same)
    return reply if len(kept) == len(reply.resources) else replace(reply, resources=kept)
