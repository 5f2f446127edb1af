"""Reads of the indicators: the figures of one region and period with their derived comparisons, and each
indicator's series over a year. One query per table; the rules are applied in Python on the few rows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from tuijin.org.models import Region

from . import rules
from .models import Indicator, IndicatorValue, cumulative_label


def indicator_region(user) -> Region | None:
    """Whose figures a user reads: the office's or leader's region, a department's own region; without
    either (a region-less account), the region with the latest figures."""
    if user.region_id:
        return user.region
    if user.department_id:
        return user.department.region
    latest = IndicatorValue.objects.order_by("-year", "-month", "-id").select_related("region").first()
    return latest.region if latest else None


def latest_period(region: Region | None) -> tuple[int, int] | None:
    if region is None:
        return None
    row = IndicatorValue.objects.filter(region=region).order_by("-year", "-month").values("year", "month").first()
    return (row["year"], row["month"]) if row else None


def periods_with_values(region: Region | None) -> list[tuple[int, int]]:
    if region is None:
        return []
    rows = IndicatorValue.objects.filter(region=region).order_by("-year", "-month").values_list(
        "year", "month").distinct()
    return list(rows)


def catalogue(*, active_only: bool = False) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all()
    return indicators.filter(active=True) if active_only else indicators


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator in one period, with what is derived from it."""

    indicator: Indicator
    record: IndicatorValue | None
    above_city: bool | None
    city_gap: Decimal | None
    target_gap: Decimal | None
    target_share: Decimal | None

    @property
    def name(self) -> str:
        return self.indicator.name

    def __getattr__(self, field):
        # value, growth, city_growth … read through to the record (None when the period has none)
        if field.startswith("_") or field in {"indicator", "record"}:
            raise AttributeError(field)
        return getattr(self.record, field, None) if self.record is not None else None


def _row(indicator: Indicator, record: IndicatorValue | None) -> IndicatorRow:
    growth = record.growth if record else None
    return IndicatorRow(
        indicator=indicator, record=record,
        above_city=rules.above_city(growth, record.city_growth if record else None),
        city_gap=rules.city_gap(growth, record.city_growth if record else None),
        target_gap=rules.target_gap(growth, record.target_growth if record else None),
        target_share=rules.target_share(record.value if record else None,
                                        record.target_value if record else None))


def period_rows(region: Region, year: int, month: int, *, with_empty: bool = True) -> list[IndicatorRow]:
    """Every active indicator's figures for the period (those without figures too, unless `with_empty` is off)."""
    records = {v.indicator_id: v for v in IndicatorValue.objects.filter(region=region, year=year, month=month)}
    return [_row(indicator, records.get(indicator.pk)) for indicator in catalogue(active_only=True)
            if with_empty or indicator.pk in records]


def figure_row(region: Region, indicator: Indicator, year: int, month: int) -> IndicatorRow:
    """One indicator's figures for the period (active or not), with what is derived from them."""
    return _row(indicator, IndicatorValue.objects.filter(region=region, indicator=indicator, year=year,
                                                         month=month).first())


def year_series(region: Region, year: int, *, through: int = 12) -> dict:
    """Each indicator's growth and the city's growth over the year's periods (the trend charts), and its trend."""
    records = IndicatorValue.objects.filter(region=region, year=year, month__lte=through).select_related(
        "indicator").order_by("month")
    months = sorted({r.month for r in records})
    series: dict[int, dict] = {}
    for record in records:
        entry = series.setdefault(record.indicator_id, {"indicator": record.indicator, "growth": {}, "city": {}})
        entry["growth"][record.month] = record.growth
        entry["city"][record.month] = record.city_growth
    result = []
    for entry in sorted(series.values(), key=lambda e: (e["indicator"].order, e["indicator"].pk)):
        growths = [entry["growth"].get(m) for m in months]
        result.append({"name": entry["indicator"].name, "growth": growths,
                       "city": [entry["city"].get(m) for m in months], "trend": rules.trend(growths)})
    return {"periods": [cumulative_label(m) for m in months], "months": months, "indicators": result}


def chart_data(rows: list[IndicatorRow], series: dict) -> dict:
    """What assets/js/economy.js draws: growth against the city by indicator, and each indicator's trend."""
    def number(value):
        return float(value) if value is not None else None

    compared = [r for r in rows if r.growth is not None and r.city_growth is not None]
    return {
        "compare": {"names": [r.name for r in compared], "growth": [number(r.growth) for r in compared],
                    "city": [number(r.city_growth) for r in compared]},
        "trend": {"periods": series["periods"],
                  "indicators": [{"name": s["name"], "growth": [number(g) for g in s["growth"]],
                                  "city": [number(c) for c in s["city"]]} for s in series["indicators"]]},
    }
