"""Money is Decimal in 万元; figures from forms and sheets are parsed by to_wan."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuijin.core.money import MoneyError, fraction, to_wan, wan_to_yi


@pytest.mark.parametrize("value, unit, expected", [
    ("1234.5", "万元", Decimal("1234.5")),
    ("1,234.5", "万元", Decimal("1234.5")),
    ("1，234", "万元", Decimal("1234")),            # full-width comma
    (" 12 345 ", "万元", Decimal("12345")),
    ("90.7", "亿元", Decimal("907000")),
    ("3", "亿元", Decimal("30000")),
    ("12345", "元", Decimal("1.2345")),
    ("1", "元", Decimal("0.0001")),
    ("0.4", "元", Decimal("0")),                   # below one 元 rounds away
    ("0.5", "元", Decimal("0.0001")),              # half up
    ("1,000,000", "元", Decimal("100")),
    (315000, "万元", Decimal("315000")),
    (Decimal("31.5"), "亿元", Decimal("315000")),
    (1.1, "万元", Decimal("1.1")),                 # a float from a sheet is read as written, not as binary
    ("-20", "万元", Decimal("-20")),               # the sign is kept; whether it is allowed is the field's rule
])
def test_to_wan_units_and_separators(value, unit, expected):
    result = to_wan(value, unit)
    assert result == expected
    assert result.as_tuple().exponent == -4  # always four places: one 元 is 0.0001 万元


@pytest.mark.parametrize("value", [None, "", "   ", "无", "—", "-", "/"])
def test_to_wan_empty_means_none(value):
    assert to_wan(value) is None


@pytest.mark.parametrize("value", ["abc", "12万", "1.2.3", "NaN", "Infinity", "一百"])
def test_to_wan_garbage_is_a_money_error_in_chinese(value):
    with pytest.raises(MoneyError) as caught:
        to_wan(value)
    assert str(caught.value) == f"“{value}”不是数字"


def test_to_wan_unknown_unit():
    with pytest.raises(MoneyError, match="不认识的金额单位“美元”"):
        to_wan("1", "美元")


def test_money_error_is_a_value_error():
    assert issubclass(MoneyError, ValueError)


def test_wan_to_yi_and_fraction():
    assert wan_to_yi(Decimal("907000")) == Decimal("90.7")
    assert wan_to_yi(None) is None
    assert fraction(Decimal("1"), Decimal("4")) == Decimal("0.25")
    assert fraction(Decimal("1"), Decimal("0")) is None
    assert fraction(None, Decimal("4")) is None


AMOUNTS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4,
                      allow_nan=False, allow_infinity=False)


@given(AMOUNTS)
def test_to_wan_round_trip(amount):
    """An amount in 万元 written any customary way comes back as itself."""
    assert to_wan(str(amount)) == amount
    assert to_wan(f"{amount:,}") == amount
    assert to_wan(f"{amount:,}".replace(",", "，")) == amount
    assert to_wan(str(amount * 10000), "元") == amount
    assert to_wan(str(amount / 10000), "亿元") == amount
    assert wan_to_yi(to_wan(str(amount / 10000), "亿元")) == amount / 10000
