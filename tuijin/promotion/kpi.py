"""`tuijin kpi promotion --period 2025Q1 --json`: the seed's 招商 sentence as figures, over every lead."""

from django.conf import settings

from . import counting
from .models import Lead
from .periods import parse_span, year


def kpi(*, period: str | None) -> dict:
    """{"signed": N, "signed_amount": 万元, "started": N, "funds_in_place": 万元} for a month (2025-03), a quarter
    (2025Q1) or a year (2025); without a period, the default year (TUIJIN_DEFAULT_YEAR)."""
    span = parse_span(period) if period else year(settings.TUIJIN_DEFAULT_YEAR)
    figures = counting.figures(Lead.objects.all(), span)
    return {key: figures[key] for key in ("signed", "signed_amount", "started", "funds_in_place")}
