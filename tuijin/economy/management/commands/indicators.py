"""`tuijin indicators --period 2025Q1 [--region 焦作高新区] [--json]`: a period's indicators against the city."""

import json

from django.core.management.base import BaseCommand, CommandError

from tuijin.economy.models import IndicatorValue
from tuijin.economy.periods import parse_period
from tuijin.economy.selectors import period_rows
from tuijin.org.models import Region


def indicator_figures(region: Region, year: int, month: int) -> list[dict]:
    return [{"name": r.name, "value": float(r.value) if r.value is not None else None,
             "growth": float(r.growth) if r.growth is not None else None,
             "city_growth": float(r.city_growth) if r.city_growth is not None else None,
             "above_city": r.above_city}
            for r in period_rows(region, year, month, with_empty=False)]


class Command(BaseCommand):
    help = "输出某一期间的经济指标及与全市平均的比较。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="期间，如 2025Q1 或 2025-03")
        parser.add_argument("--region", help="区域名称；默认为有指标数据的区域")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, period, region, json: bool, **options):
        try:
            year, month = parse_period(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if region:
            found = Region.objects.filter(name=region).first()
            if found is None:
                raise CommandError(f"没有名为“{region}”的区域。")
        else:
            latest = IndicatorValue.objects.filter(year=year, month=month).select_related("region").order_by(
                "region__path").first()
            if latest is None:
                raise CommandError(f"{year}年1-{month}月没有指标数据。")
            found = latest.region
        rows = indicator_figures(found, year, month)
        if json:
            self.stdout.write(_json(rows))
        else:
            for row in rows:
                mark = {True: "高于全市", False: "未高于全市", None: ""}[row["above_city"]]
                self.stdout.write(f"{row['name']}: {row['value']} 同比{row['growth']}% 全市{row['city_growth']}% {mark}")


def _json(rows) -> str:
    return json.dumps(rows, ensure_ascii=False)
