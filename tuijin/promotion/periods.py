"""The periods promotion figures are counted over: a month (2025-03), a quarter (2025Q1) or a year (2025)."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Span:
    start: date
    end: date  # inclusive
    key: str  # as written: 2025Q1, 2025-03, 2025
    label: str  # as spoken: 2025年一季度

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


QUARTER_WORDS = "一二三四"


def quarter(year: int, number: int) -> Span:
    first = 3 * (number - 1) + 1
    last = first + 2
    return Span(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), f"{year}Q{number}",
                _("%(y)s年%(q)s季度") % {"y": year, "q": QUARTER_WORDS[number - 1]})


def month(year: int, number: int) -> Span:
    return Span(date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1]),
                f"{year}-{number:02d}", _("%(y)s年%(m)s月") % {"y": year, "m": number})


def year(number: int) -> Span:
    return Span(date(number, 1, 1), date(number, 12, 31), str(number), _("%(y)s年") % {"y": number})


def parse_span(text: str) -> Span:
    """2025Q1, 2025-03 or 2025 as a Span; anything else raises ValueError with a Chinese message."""
    text = (text or "").strip()
    if match := _QUARTER.match(text):
        return quarter(int(match[1]), int(match[2]))
    if match := _MONTH.match(text):
        return month(int(match[1]), int(match[2]))
    if match := _YEAR.match(text):
        return year(int(match[1]))
    raise ValueError(_("期间“%(p)s”的格式不对，应为季度 2025Q1、月份 2025-03 或年份 2025。") % {"p": text})


def clipped(span: Span, until: date | None) -> Span:
    """`span` counted only up to `until` (the dashboard's as-of date), when that falls inside it."""
    if until is None or until >= span.end:
        return span
    return Span(span.start, max(until, span.start), span.key, span.label)


def quarter_of(day: date) -> Span:
    return quarter(day.year, (day.month - 1) // 3 + 1)
