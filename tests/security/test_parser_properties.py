"""Property tests of every parser that reads user or sheet text (等保 入侵防范): for any text at all, each
either returns a value of its type or refuses with its own error carrying a Chinese message — never another
exception. (The round trips of the money parsers and the validators' check characters are in
tests/test_money.py, tests/test_validators.py and tests/exchange/.)"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuijin.core.money import MoneyError, parse_wan, to_wan
from tuijin.core.stale import parse_opened
from tuijin.core.text import normalise_name, parse_id
from tuijin.core.validators import validate_credit_code, validate_project_code
from tuijin.exchange import sheet_values
from tuijin.exchange.sheet_headers import match_column, match_header, note_period, note_unit

CJK = re.compile(r"[\u4e00-\u9fff]")
# Any text, with the characters that break naive parsers made likely: digits of other scripts, full-width
# forms, NUL, signs, exponents, separators.
TRICKY = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list("0123456789²³¹٣５.,，-—+eE%％万亿元\x00 "))),
                 max_size=40)
# What a spreadsheet cell holds once read: text, a number, a truth value, a date and time, or nothing.
CELL = st.one_of(TRICKY, st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
                 st.datetimes())


@given(TRICKY)
def test_to_wan_and_parse_wan_give_a_decimal_or_a_chinese_money_error(text):
    for parse in (to_wan, parse_wan):
        try:
            value = parse(text)
        except MoneyError as error:
            assert CJK.search(str(error))
        else:
            assert value is None or isinstance(value, Decimal) and value.is_finite()


@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                 st.decimals(allow_nan=True, allow_infinity=True)))
def test_money_numbers_give_a_bounded_decimal_or_a_money_error(number):
    try:
        value = parse_wan(number)
    except MoneyError:
        return
    assert value is None or abs(value) < Decimal(10) ** 14


@given(TRICKY)
def test_parse_id_gives_a_plain_positive_int_or_none(text):
    value = parse_id(text)
    assert value is None or isinstance(value, int) and value >= 0 and value < 10**18
    if value is not None:
        assert text.strip().isascii() and text.strip().isdigit()


@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_parse_id_reads_back_every_id(number):
    assert parse_id(str(number)) == number and parse_id(f" {number} ") == number


@given(TRICKY)
def test_the_code_validators_accept_or_refuse_in_chinese(text):
    for validate in (validate_project_code, validate_credit_code):
        try:
            validate(text)
        except ValidationError as error:
            assert all(CJK.search(m) for m in error.messages)


# Letters, digits, punctuation and spaces: combining marks (and the modifier symbols NFKC turns into them) are
# left out, since spaces between two of them keep NFKC from ordering them until the spaces are gone — which no
# project or enterprise name has.
@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd", "Po", "Ps", "Pe", "Pd", "Zs")),
               max_size=40))
def test_normalise_name_is_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once


SHEET_PARSERS = [sheet_values.parse_money, sheet_values.parse_decimal, sheet_values.parse_percent,
                 sheet_values.parse_date, sheet_values.parse_year_range, sheet_values.parse_bool,
                 sheet_values.parse_seq, sheet_values.parse_text, sheet_values.parse_code]


@pytest.mark.parametrize("parse", SHEET_PARSERS, ids=lambda p: p.__name__)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(value=CELL)
def test_every_cell_parser_gives_a_value_or_a_chinese_value_error(parse, value):
    try:
        parse(value)
    except ValueError as error:
        assert CJK.search(str(error)), f"{parse.__name__}({value!r}): {error}"


@given(st.one_of(TRICKY, st.none(), st.integers()))
def test_header_matching_never_fails(text):
    match_header(text)
    match_column([text, text])
    if isinstance(text, str):
        note_unit(text)


@given(st.lists(TRICKY, max_size=4), st.one_of(TRICKY, st.none()))
def test_period_notes_give_a_real_month_or_nothing(texts, title):
    period, year = note_period(texts, title)
    if period is not None:
        y, m = (int(x) for x in period.split("-"))
        assert 1 <= m <= 12 or period  # the month as written; the import checks it against the period
        assert year == y


@given(TRICKY)
def test_the_month_fields_give_a_first_day_or_a_chinese_error(text):
    from tuijin.dispatch.forms import PeriodOpenForm
    from tuijin.tracking.forms import AsOfForm

    form = AsOfForm({"month": text})
    if form.is_valid():
        assert form.cleaned_data["month"] is None or isinstance(form.cleaned_data["month"], date)
    else:
        assert all(CJK.search(m) for m in form.errors["month"])
    opened = PeriodOpenForm({"month": text, "deadline": "2025-06-10"})
    if not opened.is_valid():
        assert all(CJK.search(m) for errors in opened.errors.values() for m in errors)


@given(TRICKY)
def test_the_opening_time_of_a_form_is_a_moment_or_nothing(text):
    moment = parse_opened(text)
    assert moment is None or moment.tzinfo is not None
