"""Periods as statistics name them: a month (1-N月 cumulative) or a quarter, which is its last month."""

import re

from django.utils.translation import gettext as _

QUARTER_RE = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
MONTH_RE = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])$")
YEAR_RE = re.compile(r"^(\d{4})$")
QUARTER_WORDS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


def parse_period(text: str | None) -> tuple[int, int]:
    """"2025Q1" → (2025, 3); "2025-04" → (2025, 4); "2025" → (2025, 12). ValueError in Chinese otherwise."""
    text = (text or "").strip()
    if match := QUARTER_RE.match(text):
        return int(match[1]), int(match[2]) * 3
    if match := MONTH_RE.match(text):
        return int(match[1]), int(match[2])
    if match := YEAR_RE.match(text):
        return int(match[1]), 12
    raise ValueError(_("期间“%(t)s”无法识别，应写成 2025Q1、2025-03 或 2025。") % {"t": text})


def period_key(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def spoken(month: int) -> str:
    """How a report opens: 一季度, 上半年, 前三季度, 全年, else 1-N月 (1月)."""
    return QUARTER_WORDS.get(month) or (f"1-{month}月" if month > 1 else "1月")


def quarter_months(year: int, quarter: int) -> tuple[int, int]:
    """The first and last month of a quarter."""
    return quarter * 3 - 2, quarter * 3
