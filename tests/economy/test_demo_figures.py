"""The demo zone holds the seed's first-quarter figures, and the generated paragraphs say what the paper said."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tuijin.assist.summary import services_paragraph
from tuijin.demo.zone import ZoneBuilder
from tuijin.economy.paragraph import economy_paragraph
from tuijin.org.models import Region, User


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            ZoneBuilder("pw").build()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def zone(demo, db):
    return Region.objects.get(name="焦作高新区")


def test_first_quarter_paragraph_says_what_the_newspaper_said(zone):
    text = economy_paragraph(zone, 2025, 3)
    assert text.startswith("一季度，全区地区生产总值、规模以上工业增加值、固定资产投资、社会消费品零售总额、"
                           "一般公共预算收入等主要指标稳步增长。")
    assert "其中，固定资产投资、一般公共预算收入指标增速高于全市平均水平。" in text
    assert "高技术制造业、战略性新兴产业增加值同比分别增长11.8%、13.9%。" in text
    assert "商品房销售面积同比增长9.9%" in text


def test_indicators_command_compares_with_the_city(zone):
    out = StringIO()
    call_command("indicators", "--period", "2025Q1", "--json", stdout=out)
    rows = {row["name"]: row for row in json.loads(out.getvalue())}
    assert {name for name, row in rows.items() if row["above_city"]} >= {"固定资产投资", "一般公共预算收入"}
    main = ["地区生产总值", "规模以上工业增加值", "固定资产投资", "社会消费品零售总额", "一般公共预算收入"]
    assert [name for name in main if rows[name]["above_city"]] == ["固定资产投资", "一般公共预算收入"]
    assert rows["高技术制造业增加值"]["growth"] == 11.8
    assert rows["战略性新兴产业增加值"]["growth"] == 13.9
    assert rows["商品房销售面积"]["growth"] == 9.9
    assert set(rows["地区生产总值"]) == {"name", "value", "growth", "city_growth", "above_city"}


def test_kpi_services_gives_the_seed_figures(zone):
    out = StringIO()
    call_command("kpi", "services", "--period", "2025Q1", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"awards": {"enterprises": 15, "amount": 250.0},
                                          "loans": {"entities": 1936, "amount": 173000.0},
                                          "whitelist": {"projects": 8, "amount": 38600.0}}


def test_services_paragraph_says_what_the_newspaper_said(zone):
    text = services_paragraph(User.objects.get(username="coordinator"), year=2025, quarter=1)
    assert "帮助15家企业获得一季度满负荷生产奖励资金250万元" in text
    assert "帮助扶持1930余家市场主体获得信贷资金17.3亿元" in text
    assert "8个项目进入房地产融资白名单，实现贷款投放3.86亿元" in text
    assert "不动产证办理" in text and "要素保障" in text
