"""`tuijin kpi services --period 2025Q1 --json`: awards, loans and the whitelist of a period, amounts in 万元."""

import calendar
from datetime import date

from django.utils.translation import gettext as _

from tuijin.economy.periods import MONTH_RE, QUARTER_RE, YEAR_RE

from .summary import all_records_totals, quarter_range


def period_range(period: str | None) -> tuple[date, date]:
    """2025Q1 → the quarter; 2025-03 → the month; 2025 → the year; none → the current quarter."""
    text = (period or "").strip()
    if not text:
        today = date.today()
        return quarter_range(today.year, (today.month - 1) // 3 + 1)
    if match := QUARTER_RE.match(text):
        return quarter_range(int(match[1]), int(match[2]))
    if match := MONTH_RE.match(text):
        year, month = int(match[1]), int(match[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if match := YEAR_RE.match(text):
        return date(int(match[1]), 1, 1), date(int(match[1]), 12, 31)
    raise ValueError(_("期间“%(t)s”无法识别，应写成 2025Q1、2025-03 或 2025。") % {"t": text})


def services(*, period: str | None) -> dict:
    start, end = period_range(period)
    return all_records_totals(start, end)
