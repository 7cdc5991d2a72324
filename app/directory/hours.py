"""Opening hours: whether an entry is open at a given moment, and index slots for it.

Times are UK local time (Europe/London). It owns no storage and no text for people.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .entry import DAYS

LONDON = ZoneInfo("Europe/London")
ALWAYS = "always"


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """The moment in UK local time (naive datetimes are taken as UK local already)."""
    now = now or dt.datetime.now(LONDON)
    return now.astimezone(LONDON) if now.tzinfo else now


def is_open(hours: dict, now: dt.datetime | None = None) -> bool:
    """True only when the hours say, for certain, that it is open at this moment."""
    if not hours:
        return False
    if hours.get("always_open"):
        return True
    moment = local_now(now)
    day, clock = DAYS[moment.weekday()], moment.strftime("%H:%M")
    return any(
        day in slot.get("days", ()) and slot["opens"] <= clock < slot["closes"]
        for slot in hours.get("weekly") or ()
    )


def slot_of(moment: dt.datetime) -> str:
    """The half-hour slot name a moment falls in, such as 'wed1430'."""
    moment = local_now(moment)
    minute = "30" if moment.minute >= 30 else "00"
    return f"{DAYS[moment.weekday()]}{moment.hour:02d}{minute}"


def open_slots(hours: dict) -> list[str]:
    """Every half-hour slot the entry is open for at least part of, for the index."""
    if not hours:
        return []
    if hours.get("always_open"):
        return [ALWAYS]
    slots = []
    for slot in hours.get("weekly") or ():
        start = _minutes(slot["opens"])
        end = _minutes(slot["closes"])
        for day in slot["days"]:
            for m in range(start - start % 30, end, 30):
                slots.append(f"{day}{m // 60:02d}{m % 60:02d}")
    return sorted(set(slots))


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
