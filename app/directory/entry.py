"""The directory entry: one service a person can be signposted to.

Owns the `Entry` dataclass and the fixed vocabularies (groupings, contact methods,
referral routes, statuses). It must not know about storage, search or the web.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

GROUPINGS = {
    "thriving": "Thriving",
    "getting-advice": "Getting advice",
    "getting-help": "Getting help",
    "getting-more-help": "Getting more help",
    "getting-risk-support": "Getting risk support",
}
GROUPING_PLAIN = {
    "thriving": "Things that help you stay well day to day.",
    "getting-advice": "Information and advice you can use yourself, when you want it.",
    "getting-help": "Talking to someone who is trained to help, for a while.",
    "getting-more-help": "More support from a specialist team, often after a referral.",
    "getting-risk-support": "Urgent help when you or someone else may not be safe.",
}
CONTACT_METHODS = ("phone", "text", "web-chat", "email", "app", "in-person", "online")
CONTACT_LABELS = {
    "phone": "Phone",
    "text": "Text",
    "web-chat": "Web chat",
    "email": "Email",
    "app": "App",
    "in-person": "In person",
    "online": "Online",
}
REFERRALS = {
    "self": "You can get in touch yourself",
    "parent-carer": "A parent or carer can get in touch",
    "school": "Your school can refer you",
    "professional": "A GP or other professional can refer you",
}
STATUSES = ("active", "temporarily-closed", "inactive")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Contact:
    method: str
    value: str
    note: str | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    summary: str
    grouping: str
    source_url: str
    last_verified: str
    organisation: str | None = None
    description: str | None = None
    website: str | None = None
    email: str | None = None
    contacts: tuple[Contact, ...] = ()
    topics: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    who_for: str | None = None
    coverage: dict[str, Any] = field(default_factory=dict)
    hours: dict[str, Any] = field(default_factory=dict)
    cost: dict[str, Any] = field(default_factory=dict)
    referral: tuple[str, ...] = ()
    confidentiality: str | None = None
    languages: tuple[str, ...] = ()
    accessibility: str | None = None
    status: str = "active"
    status_note: str | None = None
    review_due: str | None = None
    needs_review: bool = False
    review_reason: str | None = None
    example: bool = False
    version: int = 1

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        """Build an entry from validated plain data (YAML, a database row, JSON)."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["contacts"] = tuple(
            c if isinstance(c, Contact) else Contact(c["method"], str(c["value"]), c.get("note"))
            for c in values.get("contacts") or ()
        )
        for key in ("topics", "referral", "languages"):
            values[key] = tuple(values.get(key) or ())
        for key in ("coverage", "hours", "cost"):
            values[key] = dict(values.get(key) or {})
        for key in ("last_verified", "review_due"):
            if values.get(key) is not None:
                values[key] = str(values[key])
        values["needs_review"] = bool(values.get("needs_review"))
        values["example"] = bool(values.get("example"))
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the YAML format's key order, without the storage version."""
        # By hand rather than dataclasses.asdict: the same result, several times faster, which
        # counts when a load compares and fingerprints tens of thousands of entries.
        data = {name: _copy(getattr(self, name)) for name in _DATA_FIELDS}
        for key in ("topics", "referral", "languages"):
            data[key] = list(data[key])
        data["contacts"] = [{"method": c.method, "value": c.value, "note": c.note}
                            for c in self.contacts]
        return data

    @property
    def grouping_label(self) -> str:
        """The THRIVE grouping in plain words."""
        return GROUPINGS.get(self.grouping, self.grouping)

    @property
    def national(self) -> bool:
        """True when anyone in England can use it."""
        return bool(self.coverage.get("national"))

    @property
    def ages_text(self) -> str:
        """Who it is for, by age, in plain words; empty when no range is stated."""
        lo, hi = self.min_age, self.max_age
        if lo is not None and hi is not None:
            return f"Ages {lo} to {hi}"
        if hi is not None:
            return f"Up to age {hi}"
        if lo is not None:
            return f"Ages {lo} and over"
        return ""

    def fits_age(self, age: int) -> bool:
        """Whether a person of this age is inside the entry's stated range."""
        lo = self.min_age if self.min_age is not None else 0
        hi = self.max_age if self.max_age is not None else 200
        return lo <= age <= hi


_DATA_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.name != "version")


def _copy(value: Any) -> Any:
    """A deep copy of plain data (dicts, lists, tuples of plain values)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value
