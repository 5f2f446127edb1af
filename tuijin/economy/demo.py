"""The demo zone's indicator catalogue and figures (demo_data.py), written through the services."""

from . import demo_data, services
from .models import Indicator
from .services import ImportRow


def build(zone) -> None:
    indicators = {}
    for order, (name, unit, published, group, aliases) in enumerate(demo_data.CATALOGUE, 1):
        indicators[name] = services.indicator_create(actor=zone.coordinator, data={
            "name": name, "unit": unit, "published": published, "group": group, "aliases": aliases,
            "order": order, "active": True})
    for month in (2, 3, 4):
        rows = []
        for number, (name, months) in enumerate(demo_data.FIGURES.items(), 4):
            if month not in months:
                continue
            value, growth, city, province, rank = months[month]
            indicator: Indicator = indicators[name]
            rows.append(ImportRow(row=number, indicator=indicator, figures={
                "value": value, "growth": growth, "city_growth": city, "province_growth": province,
                "target_growth": demo_data.TARGETS.get(name), "target_value": None, "rank": rank}))
        services.values_import(actor=zone.coordinator, region=zone.zone, year=2025, month=month, rows=rows,
                               filename="统计局月度指标表")
