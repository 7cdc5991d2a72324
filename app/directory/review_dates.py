"""When an entry is next due for review: six months after it was last checked."""

from __future__ import annotations

import calendar
import datetime as dt

REVIEW_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day some months later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
