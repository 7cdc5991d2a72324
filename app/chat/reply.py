"""What one chat turn gives back: the reply, any escalation, and the resources offered.

Frozen dataclasses shared by the pipeline and the two renderers (HTML and /api/chat).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.directory import facts
from app.directory.entry import Contact, Entry

from .state import State


@dataclass(frozen=True)
class Resource:
    id: str
    name: str
    grouping: str
    grouping_label: str
    summary: str
    why: str
    contacts: tuple[Contact, ...]
    hours: str | None
    url: str | None
    who_for: str | None
    example: bool = False
    offer: str = ""  # which plain description of what it offers (app.directory.facts.offer_key)

    @classmethod
    def of(cls, entry: Entry, why: str) -> Resource:
        """A resource to offer, from a directory entry."""
        who = entry.who_for or entry.ages_text or None
        return cls(entry.id, entry.name, entry.grouping, entry.grouping_label, entry.summary, why,
                   entry.contacts, facts.hours_text(entry), entry.website, who, entry.example,
                   facts.offer_key(entry))

    def to_json(self) -> dict:
        """The resource as /api/chat gives it."""
        return {
            "id": self.id, "name": self.name, "grouping": self.grouping,
            "grouping_label": self.grouping_label, "summary": self.summary, "why": self.why,
            "contacts": [{"method": c.method, "value": c.value, "note": c.note} for c in self.contacts],
            "hours": self.hours, "url": self.url, "who_for": self.who_for, "example": self.example,
            "offer": self.offer,
        }


@dataclass(frozen=True)
class Escalation:
    category: str
    about: str
    message: str
    resources: tuple[Resource, ...]
    level: str = "urgent"  # or "check-in": a kind, direct question, with the 24/7 options shown

    def to_json(self) -> dict:
        """The escalation as /api/chat gives it."""
        return {"category": self.category, "about": self.about, "level": self.level,
                "message": self.message, "resources": [r.to_json() for r in self.resources]}


# Replies that answer nothing the person said ("I am not sure I understood"): after an
# escalation they invite more instead, and a lesson about a risk topic gets information.
NO_ANSWER = ("unclear", "refined", "off-topic")


@dataclass(frozen=True)
class Reply:
    kind: str  # greeting | signpost | unclear | off-topic | restart | refined | escalation | checked-in
    reply: str
    topics: tuple[str, ...]
    escalation: Escalation | None
    resources: tuple[Resource, ...]
    quick_replies: tuple[str, ...]
    state: State
    ask_helpful: bool = False
