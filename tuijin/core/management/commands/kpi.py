"""`tuijin kpi <area> [--period 2025Q1] [--json]`: the headline figures of one area, as the seed states them.

Each area names a function `kpi(*, period: str | None) -> dict` in its own app; the figures come from the
same selectors the pages use."""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

KPI_SOURCES: dict[str, str] = {
    "promotion": "tuijin.promotion.kpi.kpi",
    "services": "tuijin.assist.kpi.services",
    "funding": "tuijin.funding.kpi.reserve",
}


class Command(BaseCommand):
    help = "输出某一方面的关键指标（招商 promotion、争资 funding、助企 services 等）。"

    def add_arguments(self, parser):
        parser.add_argument("area", help="、".join(KPI_SOURCES) or "（尚无）")
        parser.add_argument("--period", help="期间，如 2025Q1、2025-03 或 2025")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, area, period, json: bool, **options):
        if area not in KPI_SOURCES:
            raise CommandError(f"未知的方面“{area}”，可选：{'、'.join(KPI_SOURCES) or '（尚无）'}")
        try:
            figures = import_string(KPI_SOURCES[area])(period=period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(_dumps(figures))
        else:
            for key, value in figures.items():
                self.stdout.write(f"{key}: {value}")


def _dumps(figures: dict) -> str:
    # 万元 figures are Decimal inside; JSON readers expect numbers, not strings
    return json.dumps(figures, ensure_ascii=False,
                      default=lambda value: float(value) if isinstance(value, Decimal) else str(value))
