from decimal import Decimal as D

import pytest

from tuijin.economy import rules
from tuijin.economy.paragraph import economy_paragraph, percent
from tuijin.economy.periods import parse_period, spoken
from tuijin.economy.selectors import period_rows, year_series

from .conftest import put


def test_above_city_is_strictly_greater_and_unknown_without_both():
    assert rules.above_city(D("9.6"), D("6.2")) is True
    assert rules.above_city(D("6.2"), D("6.2")) is False
    assert rules.above_city(D("5.6"), D("5.9")) is False
    assert rules.above_city(None, D("5.9")) is None


def test_gaps_to_city_and_target_are_percentage_points():
    assert rules.city_gap(D("9.6"), D("6.2")) == D("3.4")
    assert rules.target_gap(D("5.6"), D("6.5")) == D("-0.9")
    assert rules.target_share(D("25"), D("100")) == D("0.25")
    assert rules.target_share(D("25"), None) is None


def test_trend_compares_the_last_two_known_rates():
    assert rules.trend([D("7.1"), D("7.8"), None]) == "加快"
    assert rules.trend([D("8"), D("7")]) == "回落"
    assert rules.trend([D("8"), D("8")]) == "持平"
    assert rules.trend([D("8")]) == ""


@pytest.mark.parametrize("text, expected", [("2025Q1", (2025, 3)), ("2025q3", (2025, 9)), ("2025-04", (2025, 4)),
                                            ("2025", (2025, 12))])
def test_periods_are_read_as_statistics_write_them(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "2025Q5", "2025-13", "一季度"])
def test_a_bad_period_is_refused_in_chinese(text):
    with pytest.raises(ValueError, match="无法识别"):
        parse_period(text)


def test_spoken_periods():
    assert [spoken(m) for m in (1, 2, 3, 6, 9, 12)] == ["1月", "1-2月", "一季度", "上半年", "前三季度", "全年"]
    assert percent(D("11.80")) == "11.8" and percent(D("10.00")) == "10.0" and percent(D("9.95")) == "9.95"


def test_period_rows_derive_every_comparison(zone, indicators):
    put(zone, indicators["固定资产投资"], 3, "9.6", "6.2", target_growth=D("10.0"))
    rows = {r.name: r for r in period_rows(zone, 2025, 3)}
    row = rows["固定资产投资"]
    assert (row.above_city, row.city_gap, row.target_gap) == (True, D("3.4"), D("-0.4"))
    assert rows["地区生产总值"].record is None and rows["地区生产总值"].growth is None


def test_year_series_follows_each_indicator(zone, indicators):
    for month, growth in [(2, "7.1"), (3, "7.8"), (4, "8.2")]:
        put(zone, indicators["规模以上工业增加值"], month, growth, "8.0")
    series = year_series(zone, 2025, through=3)
    assert series["periods"] == ["1-2月", "1-3月"]
    assert series["indicators"][0]["growth"] == [D("7.10"), D("7.80")]
    assert series["indicators"][0]["trend"] == "加快"


def test_paragraph_names_decline_and_single_highlight(zone, indicators):
    put(zone, indicators["地区生产总值"], 6, "5.2", "5.0", value="140")
    put(zone, indicators["固定资产投资"], 6, "-2.5", "3.0")
    put(zone, indicators["高技术制造业增加值"], 6, "11.0")
    put(zone, indicators["工业投资"], 6, "30.0")
    text = economy_paragraph(zone, 2025, 6)
    assert text == ("上半年，全区地区生产总值稳步增长，固定资产投资同比下降2.5%。"
                    "其中，地区生产总值指标增速高于全市平均水平。高技术制造业增加值同比增长11.0%。")


def test_paragraph_is_empty_without_figures(zone, indicators):
    assert economy_paragraph(zone, 2025, 3) == ""
