"""Facts about an entry as people read them: cost, hours and ways to talk, from one place.

The help box, the filters and the search index, entry pages and the chat all ask here, so a
service is never "free" in one place and "not confirmed" in another. It only reads an entry's
stored facts: it never fills a gap with a guess.
"""

from __future__ import annotations

from .entry import Entry

TALK_METHODS = ("phone", "text", "web-chat")


def is_free(entry: Entry) -> bool | None:
    """True or False when the entry's facts say; None when the cost is not confirmed."""
    cost = entry.cost or {}
    free = cost.get("free")
    if free is not None:
        return bool(free)
    note = (cost.get("note") or "").strip().lower()
    return True if note.startswith("free") else None


def cost_text(entry: Entry) -> str:
    """The cost in plain words."""
    note = ((entry.cost or {}).get("note") or "").strip()
    if note.lower().startswith("free"):
        return note
    free = is_free(entry)
    said = {True: "Free.", False: "You may have to pay."}.get(free, "Not confirmed.")
    return f"{said} {note}".strip()


def hours_text(entry: Entry) -> str | None:
    """The opening hours as written, or None when they are not confirmed."""
    return (entry.hours or {}).get("text") or None


def always_open(entry: Entry) -> bool:
    """True only when the facts say it is open 24 hours a day, every day."""
    return bool((entry.hours or {}).get("always_open"))


def can_talk(entry: Entry) -> bool:
    """True when you can talk to a person there by phone, text or web chat."""
    return any(c.method in TALK_METHODS for c in entry.contacts)


def offer_key(entry: Entry) -> str:
    """Which plain description of what it offers fits (keys of `offers` in replies.yaml).

    Urgent-help services are described by what you can do there ("talk to someone any
    time"), because in everyday answers "risk support" reads as alarming; so is a helpline
    open day and night (Childline), whatever its grouping, since that is what matters most.
    """
    if entry.grouping == "getting-help" and can_talk(entry) and always_open(entry):
        return "talk-any-time"
    if entry.grouping != "getting-risk-support":
        return entry.grouping
    if can_talk(entry):
        return "talk-any-time" if always_open(entry) else "talk"
    return "stay-safe"
