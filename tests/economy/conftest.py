from decimal import Decimal

import pytest

from tuijin.economy.models import Indicator, IndicatorValue


@pytest.fixture
def indicators(db):
    """A small catalogue in the seed's shape."""
    rows = [("地区生产总值", "亿元", "both", "main", "GDP"), ("规模以上工业增加值", "", "growth", "main", "规上工业增加值"),
            ("固定资产投资", "", "growth", "main", ""), ("一般公共预算收入", "亿元", "both", "main", ""),
            ("高技术制造业增加值", "", "growth", "innovation", ""),
            ("战略性新兴产业增加值", "", "growth", "innovation", ""),
            ("商品房销售面积", "万平方米", "both", "other", ""), ("工业投资", "", "growth", "table", "")]
    return {name: Indicator.objects.create(name=name, unit=unit, published=published, group=group, aliases=aliases,
                                           order=i) for i, (name, unit, published, group, aliases) in enumerate(rows)}


def put(region, indicator, month, growth, city=None, value=None, year=2025, **more):
    return IndicatorValue.objects.create(region=region, indicator=indicator, year=year, month=month,
                                         growth=Decimal(growth) if growth is not None else None,
                                         city_growth=Decimal(city) if city is not None else None,
                                         value=Decimal(value) if value is not None else None, **more)
