"""`tuijin kpi funding [--period 2025] --json` → {"total": N, "by_channel": {"专项债": N, …}}.

The figures of every region (the command has no user); the same selector as the reserve page. Channels are
named by their short names (channels.py); every active channel appears, with 0 when it has no project."""

import re

from .models import Application
from .selectors import reserve_figures


def reserve(*, period: str | None) -> dict:
    year = None
    if period:
        if not re.fullmatch(r"\d{4}", period.strip()):
            raise ValueError(f"争资储备按年度统计，期间请写年份，如 2025（收到“{period}”）。")
        year = int(period)
    figures = reserve_figures(Application.objects.all(), year=year)
    return {"total": figures.total, "by_channel": figures.channel_counts()}
