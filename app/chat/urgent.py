"""The urgent options shown first in an escalation, from reviewed data files.

Owns directory_data/crisis_contacts.yaml (the 24/7 options) and escalation.yaml (which
options, in which order, for each risk category). Needs no database, so it works when the
directory does not: that is what failing closed relies on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.directory.entry import Contact

from ..reviewed_yaml import load_reviewed
from .reply import Resource

NUMBER = re.compile(r"\d[\d ]*\d|\d")
SCHEMES = {"tel": "phone", "sms": "text"}


@dataclass(frozen=True)
class UrgentPlan:
    contacts: dict[str, Resource]                  # crisis contact id -> resource
    order: dict[str, tuple[str, ...]]              # category -> crisis contact ids, in order
    extras: dict[str, tuple[str, ...]]             # category -> directory entry ids after them

    def resources(self, category: str) -> tuple[Resource, ...]:
        """The 24/7 options for a category, in the reviewed order."""
        ids = self.order.get(category) or self.order["default"]
        return tuple(self.contacts[i] for i in ids)

    def everyone(self) -> tuple[Resource, ...]:
        """All the 24/7 options, in the default order."""
        return self.resources("default")


def _resource(item: dict, why: str) -> Resource:
    scheme, _, target = item["how"].partition(":")
    numbers = NUMBER.findall(item["action"])
    value = numbers[-1] if numbers else target
    contact = Contact(SCHEMES.get(scheme, "phone"), value, item["action"])
    return Resource(item["id"], item["name"], "getting-risk-support", "Getting risk support",
                    item["note"], why, (contact,),
                    item["hours"], None, item["who_for"])


@lru_cache(maxsize=4)
def load_plan(folder: str | Path) -> UrgentPlan:
    """Read the crisis contacts and escalation order; raises ValueError on any inconsistency."""
    folder = Path(folder)
    items = load_reviewed((folder / "crisis_contacts.yaml").read_text(encoding="utf-8"))
    plan = load_reviewed((folder / "escalation.yaml").read_text(encoding="utf-8"))
    contacts = {item["id"]: _resource(item, plan["why"]) for item in items}
    order = {k: tuple(v) for k, v in plan["order"].items()}
    extras = {k: tuple(v or ()) for k, v in (plan.get("extras") or {}).items()}
    unknown = sorted({i for ids in order.values() for i in ids} - set(contacts))
    if unknown or "default" not in order:
        raise ValueError(f"escalation.yaml: unknown crisis contacts {unknown} or no default order")
    return UrgentPlan(contacts, order, extras)
