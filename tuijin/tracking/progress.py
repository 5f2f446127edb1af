"""序时进度 (time progress) and task progress: the one place each rule is written.

Time progress, by the rule the zone chooses (settings.TUIJIN_TIME_PROGRESS):
- "months" (default, as most offices reckon it): whole months elapsed plus the elapsed share of the current
  month, over 12: 30 June → 6/12 = 50%; mid-August → 7.5/12 = 62.5%; the end of month N → N/12.
- "days": days elapsed in the year (as-of day included) over the days of the year.
Task progress: year-to-date completed investment ÷ annual planned investment.
The gap is time progress − task progress in percentage points; positive means behind.
双过半 is achieved when task progress ≥ time progress (on 30 June: half the time, half the task).
"""

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from tuijin.core.money import fraction

from . import measurement

HUNDRED = Decimal(100)


def time_progress(as_of: date, method: str | None = None) -> Decimal:
    measurement.start()  # a measurement starts here: progress_level reads the stored rule afresh, once
    method = method or getattr(settings, "TUIJIN_TIME_PROGRESS", "months")
    if method == "days":
        days_in_year = 366 if calendar.isleap(as_of.year) else 365
        return Decimal(as_of.timetuple().tm_yday) / Decimal(days_in_year)
    if method != "months":
        raise ValueError(f"unknown time-progress method {method!r}")
    days_in_month = calendar.monthrange(as_of.year, as_of.month)[1]
    return (Decimal(as_of.month - 1) + Decimal(as_of.day) / Decimal(days_in_month)) / Decimal(12)


def task_progress(completed_ytd: Decimal | None, annual_plan: Decimal | None) -> Decimal | None:
    return fraction(completed_ytd or Decimal(0), annual_plan)


def gap_points(time: Decimal, task: Decimal | None) -> Decimal | None:
    """How many percentage points the task lags the time (negative: ahead)."""
    if task is None:
        return None
    return ((time - task) * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def double_half(time: Decimal, task: Decimal | None) -> bool:
    return task is not None and task >= time


def percent(value: Decimal | None, places: str = "0.1") -> Decimal | None:
    """A fraction as a percentage, rounded for display and documents."""
    if value is None:
        return None
    return (value * HUNDRED).quantize(Decimal(places), rounding=ROUND_HALF_UP)


# Default progress warning: 10–30 points behind 序时进度 is yellow, more than 30 is red. The thresholds in force
# are the stored progress rule (tracking.models.WarningRule, edited by the project office); these are its
# defaults, and what the rule reverts to if its row is missing.
YELLOW_FROM_POINTS = Decimal(10)
RED_ABOVE_POINTS = Decimal(30)


def progress_thresholds() -> tuple[Decimal | None, Decimal | None]:
    """(yellow from, red above) of the stored progress rule, in points; (None, None) while it is disabled.
    Read once per measurement (tracking.measurement), so asking for every row costs one query in all."""
    rule = measurement.rules()["progress"]
    if not rule.enabled:
        return None, None
    return rule.yellow, rule.red


def progress_level(gap: Decimal | None) -> str | None:
    """"red", "yellow" or None for a gap behind 序时进度 (points, as gap_points rounds it), by the stored rule."""
    if gap is None:
        return None
    yellow, red = progress_thresholds()
    if red is not None and gap > red:
        return "red"
    if yellow is not None and gap >= yellow:
        return "yellow"
    return None
