"""The value parsers of the sheet reader: money, numbers, percentages, dates, year ranges, yes/no — examples
and hypothesis properties."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tuijin.core.money import MoneyError, parse_wan, to_wan
from tuijin.exchange.sheet_values import (
    RawPercent,
    money_parser,
    parse_bool,
    parse_code,
    parse_date,
    parse_decimal,
    parse_money,
    parse_percent,
    parse_seq,
    parse_text,
    parse_year_range,
    percent_parser,
)

D = Decimal
FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")

amounts = st.decimals(min_value=D("-1e9"), max_value=D("1e9"), places=4, allow_nan=False, allow_infinity=False)
units = st.sampled_from(["万元", "亿元", "元"])
FACTOR = {"万元": D(1), "亿元": D(10000), "元": D("0.0001")}
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def grouped(amount: Decimal) -> str:
    """1234567.5 → "1,234,567.5" as offices type it."""
    return f"{amount:,f}"


# --- money ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "unit", "expected"), [
    (1234, "万元", D(1234)),
    (1234.5, "万元", D("1234.5")),
    (0.1 + 0.2, "万元", D("0.3")),
    (12.5, "亿元", D(125000)),
    (1234567, "元", D("123.4567")),
    (5, "元", D("0.0005")),
    ("1,234.5", "万元", D("1234.5")),
    (" 800 ", "万元", D(800)),
    ("１２，３４５．６", "万元", D("12345.6")),
    ("\u30001 000\u3000", "万元", D(1000)),
    ("￥1,200", "万元", D(1200)),
    ("1200万元", "亿元", D(1200)),
    ("1.2亿", "万元", D(12000)),
    ("3亿元", "万元", D(30000)),
    ("-50", "万元", D(-50)),
    ("－50", "万元", D(-50)),
    ("1e3", "万元", D(1000)),
    ("无", "万元", None), ("—", "万元", None), ("——", "万元", None), ("-", "万元", None), ("/", "万元", None),
    ("", "万元", None), ("   ", "万元", None), ("暂无", "万元", None), ("N/A", "万元", None), (None, "万元", None),
])
def test_money_examples(cell, unit, expected):
    assert parse_money(cell, unit) == expected
    assert money_parser(unit)(cell) == expected if cell is not None else True


@pytest.mark.parametrize(("cell", "message"), [
    ("十二万", "“十二万”不是数字"),
    ("abc", "“abc”不是数字"),
    ("1,2,3.4.5", "“1,2,3.4.5”不是数字"),
    (" 12元5角 ", "“12元5角”不是数字"),
    ("#VALUE!", "单元格是公式错误值“#VALUE!”，请检查公式"),
    (float("nan"), "“nan”不是数字"),
    (float("inf"), "“inf”不是数字"),
    (True, "“是”不是数字"),
    (datetime(2025, 3, 1), "“2025-03-01”是日期，不是金额"),
    (time(8, 30), "“08:30:00”是日期，不是金额"),
])
def test_money_errors(cell, message):
    with pytest.raises(ValueError) as caught:
        money_parser("万元")(cell)
    assert str(caught.value) == message


def test_unknown_unit_for_a_money_column():
    with pytest.raises(ValueError, match="不认识的金额单位“美元”"):
        money_parser("美元")


@given(amounts, units)
def test_money_numbers_convert_exactly(amount, unit):
    expected = to_wan(amount, unit)
    assert expected == (amount * FACTOR[unit]).quantize(D("0.0001"), rounding="ROUND_HALF_UP")
    assert money_parser(unit)(float(amount)) == to_wan(float(amount), unit)
    assert parse_money(str(amount), unit) == expected


@given(amounts, units, st.sampled_from(["plain", "grouped", "full-width", "padded", "yuan-sign"]))
def test_money_text_forms_read_the_same(amount, unit, form):
    text = {
        "plain": f"{amount:f}",
        "grouped": grouped(amount),
        "full-width": grouped(amount).translate(FULL_WIDTH),
        "padded": f"  {amount:f}\u3000 ",
        "yuan-sign": f"￥{grouped(amount)}",
    }[form]
    assert parse_money(text, unit) == to_wan(amount, unit)


@given(amounts, units, units)
def test_money_unit_in_the_cell_beats_the_column(amount, cell_unit, column_unit):
    assert parse_money(f"{amount:f}{cell_unit}", column_unit) == to_wan(amount, cell_unit)


@given(st.integers(min_value=-10**9, max_value=10**9), units)
def test_money_integers_take_the_fast_path_to_the_same_value(number, unit):
    assert money_parser(unit)(number) == to_wan(number, unit)


@given(st.integers(min_value=10**18, max_value=10**24), units)
def test_absurd_amounts_are_refused_on_every_path(number, unit):
    with pytest.raises(ValueError, match="超出合理范围"):
        money_parser(unit)(number)
    with pytest.raises(MoneyError, match="超出合理范围"):
        to_wan(number, unit)


@given(st.text(max_size=12), units)
def test_parse_wan_extends_to_wan(text, unit):
    """Whatever to_wan reads, parse_wan reads the same; what to_wan rejects, parse_wan reads or rejects
    with a MoneyError naming the text."""
    try:
        expected = to_wan(text, unit)
    except MoneyError:
        try:
            parse_wan(text, unit)
        except MoneyError as exc:
            assert "不是数字" in str(exc)
        return
    assert parse_wan(text, unit) == expected


@given(st.text(alphabet=st.characters(whitelist_categories=("Lo",)), min_size=1, max_size=6))
def test_chinese_words_are_never_amounts(text):
    assume(text not in {"无", "暂无", "空"})
    with pytest.raises(ValueError):
        parse_money(text)


# --- plain numbers, percentages --------------------------------------------------------------------------

def test_parse_decimal():
    assert parse_decimal("1,234") == D(1234)
    assert parse_decimal(2.5) == D("2.5")
    assert parse_decimal("无") is None
    with pytest.raises(ValueError, match="“x”不是数字"):
        parse_decimal("x")


@pytest.mark.parametrize(("cell", "per_cent", "expected"), [
    ("85%", None, D("0.85")), ("85.0％", None, D("0.85")), ("85 %", None, D("0.85")), ("１２０％", None, D("1.2")),
    ("-5%", None, D("-0.05")), (0.85, False, D("0.85")), (85, True, D("0.85")), ("85", True, D("0.85")),
    ("0.85", False, D("0.85")), ("—", None, None), ("#DIV/0!", None, None), (None, None, None),
])
def test_percent_examples(cell, per_cent, expected):
    assert parse_percent(cell, per_cent=per_cent) == expected


def test_bare_numbers_wait_for_the_column():
    value = percent_parser(None)(0.85)
    assert type(value) is RawPercent and value == D("0.85")
    assert type(percent_parser(None)("85")) is RawPercent
    assert type(percent_parser(None)("85%")) is Decimal


@pytest.mark.parametrize("cell", ["很高", "85%%", "%", "‰5", "5‰", "#REF!"])
def test_percent_errors(cell):
    with pytest.raises(ValueError):
        parse_percent(cell)


@given(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
       st.sampled_from(["%", "％", " %"]), st.booleans())
def test_percent_text_is_a_fraction(number, sign, full_width):
    text = f"{number:f}{sign}"
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert parse_percent(text) == number / 100


@given(st.decimals(min_value=0, max_value=5, places=4, allow_nan=False, allow_infinity=False))
def test_percent_fraction_and_per_cent_forms_agree(fraction):
    assert parse_percent(float(fraction), per_cent=False) == fraction
    assert parse_percent(float(fraction * 100), per_cent=True) == parse_decimal(float(fraction * 100)) / 100
    assert parse_percent(f"{fraction * 100:f}%") == fraction


# --- dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    (datetime(2025, 3, 15, 10, 30), date(2025, 3, 15)),
    (date(2025, 3, 15), date(2025, 3, 15)),
    ("2025.03", date(2025, 3, 1)), ("2025.3", date(2025, 3, 1)), ("2025.3.15", date(2025, 3, 15)),
    ("2025年3月", date(2025, 3, 1)), ("2025年3月15日", date(2025, 3, 15)), ("2025年03月15号", date(2025, 3, 15)),
    ("2025-03", date(2025, 3, 1)), ("2025-03-15", date(2025, 3, 15)), ("2025/03/15", date(2025, 3, 15)),
    ("2025/3", date(2025, 3, 1)), ("２０２５．３", date(2025, 3, 1)), ("2025 年 3 月", date(2025, 3, 1)),
    ("2025-03-15 00:00:00", date(2025, 3, 15)), ("20250315", date(2025, 3, 15)), ("202503", date(2025, 3, 1)),
    ("2025年3月底", date(2025, 3, 1)), ("2025年3月开工", date(2025, 3, 1)), ("2025年二季度", date(2025, 4, 1)),
    ("2025年下半年", date(2025, 7, 1)), ("2025年底", date(2025, 12, 1)), ("2025年", date(2025, 1, 1)),
    (2025, date(2025, 1, 1)), (2025.03, date(2025, 3, 1)), (2025.1, date(2025, 1, 1)), (2025.12, date(2025, 12, 1)),
    (45731, date(2025, 3, 15)), (45731.5, date(2025, 3, 15)), (20250315, date(2025, 3, 15)),
    ("无", None), ("待定", None), ("未开工", None), ("", None), (None, None),
])
def test_date_examples(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026", date(2026, 12, 31)), (2026, date(2026, 12, 31)), ("2026年二季度", date(2026, 6, 1)),
    ("2026年上半年", date(2026, 6, 1)), ("2026.06", date(2026, 6, 1)),
])
def test_end_dates(cell, expected):
    assert parse_date(cell, end=True) == expected


@pytest.mark.parametrize(("cell", "message"), [
    ("下个月", "“下个月”不是日期，请写成 2025-03-15、2025年3月 或 2025.03"),
    ("2025.13", "“2025.13”的月份不对"),
    ("2025年2月30日", "“2025年2月30日”不是有效的日期"),
    ("1850年3月", "“1850年3月”的年份不合理"),
    (12, "“12”不是日期"),
    (True, "“True”不是日期"),
    (time(8, 0), "“08:00:00”不是日期"),
])
def test_date_errors(cell, message):
    with pytest.raises(ValueError) as caught:
        parse_date(cell)
    assert str(caught.value) == message


@given(dates, st.sampled_from([
    "{y}.{m:02d}.{d:02d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y}/{m:02d}/{d:02d}",
    "{y}/{m}/{d}", "{y}{m:02d}{d:02d}", "{y}年{m:02d}月{d:02d}号", " {y}-{m}-{d} ",
]))
def test_any_written_day_reads_back(day, pattern):
    assert parse_date(pattern.format(y=day.year, m=day.month, d=day.day)) == day


@given(dates, st.sampled_from(["{y}.{m:02d}", "{y}.{m}", "{y}年{m}月", "{y}-{m:02d}", "{y}/{m}", "{y}年{m}月份",
                               "{y}{m:02d}"]), st.booleans())
def test_any_written_month_is_its_first_day(day, pattern, end):
    assert parse_date(pattern.format(y=day.year, m=day.month), end=end) == day.replace(day=1)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)))
def test_excel_datetimes_are_their_day(moment):
    assert parse_date(moment) == moment.date()


@given(st.integers(min_value=1990, max_value=2100))
def test_a_year_alone_is_its_first_or_last_day(year):
    assert parse_date(str(year)) == date(year, 1, 1)
    assert parse_date(f"{year}年", end=True) == date(year, 12, 31)


# --- year ranges ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("2024-2026", (date(2024, 1, 1), date(2026, 12, 31))),
    ("2024—2026年", (date(2024, 1, 1), date(2026, 12, 31))),
    ("2024～2026", (date(2024, 1, 1), date(2026, 12, 31))),
    ("2024至2026年", (date(2024, 1, 1), date(2026, 12, 31))),
    ("2024年-2026年", (date(2024, 1, 1), date(2026, 12, 31))),
    ("2024-26", (date(2024, 1, 1), date(2026, 12, 31))),
    ("2024.03-2026.12", (date(2024, 3, 1), date(2026, 12, 1))),
    ("2024.3—2026.12", (date(2024, 3, 1), date(2026, 12, 1))),
    ("2024年3月-2026年12月", (date(2024, 3, 1), date(2026, 12, 1))),
    ("2024.3.1-2026.6.30", (date(2024, 3, 1), date(2026, 6, 30))),
    ("2024年开工，2026年建成", (date(2024, 1, 1), date(2026, 12, 31))),
    ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
    (2025, (date(2025, 1, 1), date(2025, 12, 31))),
    (2025.0, (date(2025, 1, 1), date(2025, 12, 31))),
    ("—", None), ("", None), (None, None),
])
def test_year_range_examples(cell, expected):
    assert parse_year_range(cell) == expected


@pytest.mark.parametrize(("cell", "message"), [
    ("2026-2024", "“2026-2024”的结束时间早于开始时间"),
    ("建设期两年", "“建设期两年”不是起止年限，请写成 2024-2026 或 2024.03-2026.12"),
    ("2024-2025-2026", "“2024-2025-2026”不是起止年限，请写成 2024-2026 或 2024.03-2026.12"),
    (datetime(2024, 3, 1), "“2024-03-01”不是起止年限，请写成 2024-2026 或 2024.03-2026.12"),
])
def test_year_range_errors(cell, message):
    with pytest.raises(ValueError) as caught:
        parse_year_range(cell)
    assert str(caught.value) == message


@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=0, max_value=10),
       st.sampled_from(["-", "—", "－", "～", "~", "至", "到", " - ", "——"]), st.sampled_from(["", "年"]))
def test_any_year_range(start, length, dash, suffix):
    end = min(start + length, 2100)
    assert parse_year_range(f"{start}{dash}{end}{suffix}") == (date(start, 1, 1), date(end, 12, 31))


@given(dates, dates, st.sampled_from(["{y}.{m:02d}", "{y}.{m}", "{y}年{m}月", "{y}-{m:02d}"]),
       st.sampled_from(["-", "—", "至"]))
def test_any_month_range(first, second, pattern, dash):
    first, second = sorted([first, second])
    text = pattern.format(y=first.year, m=first.month) + dash + pattern.format(y=second.year, m=second.month)
    assert parse_year_range(text) == (first.replace(day=1), second.replace(day=1))


# --- yes / no, sequence numbers, text, codes ------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("是", True), ("否", False), ("已开工", True), ("未开工", False), ("√", True), ("×", False), ("Y", True),
    (" 是 ", True), ("续建", True), ("拟开工", False), (True, True), (0, False), (1.0, True), ("", None),
    ("—", None), (None, None),
])
def test_bool_examples(cell, expected):
    assert parse_bool(cell) is expected


def test_bool_error():
    with pytest.raises(ValueError, match="“也许”应填“是”或“否”"):
        parse_bool("也许")


@pytest.mark.parametrize(("cell", "expected"), [
    (3, 3), (3.0, 3), ("3", 3), ("３", 3), ("(3)", 3), ("3、", 3), ("3.", 3), (3.5, None), ("1.1", None),
    ("①", 1), ("一", None), ("", None), (None, None), (True, None),
])
def test_seq_examples(cell, expected):
    assert parse_seq(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("  甲公司 \n", "甲公司"), ("无", None), ("—", None), ("-", None), ("/", None), ("暂无", None), ("N/A", None),
    ("无锡项目", "无锡项目"), ("新建", "新建"), (12, "12"), (12.0, "12"), (1.5, "1.5"), (True, "是"),
    (datetime(2025, 3, 1), "2025-03-01"), (date(2025, 3, 1), "2025-03-01"), ("", None), (None, None),
])
def test_text_examples(cell, expected):
    assert parse_text(cell) == expected


def test_codes_are_normalised():
    assert parse_code(" ２５０３－４１０８７１－０４－０１－１２３４５６ ") == "2503-410871-04-01-123456"
    assert parse_code("2503 - 410871—04-01-123456") == "2503-410871-04-01-123456"
    assert parse_code("无") is None
