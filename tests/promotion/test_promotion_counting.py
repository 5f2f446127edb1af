"""The counting rules (counting.py) and the periods they are counted over."""

from datetime import date
from decimal import Decimal

import pytest

from tuijin.promotion import counting
from tuijin.promotion.models import FundEntry, Lead, Signing
from tuijin.promotion.periods import clipped, parse_span, quarter

from .conftest import make_lead, sign

Q1 = quarter(2025, 1)


@pytest.mark.parametrize("text, start, end", [
    ("2025Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025q4", date(2025, 10, 1), date(2025, 12, 31)),
    ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
    ("2024-2", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
])
def test_periods_are_months_quarters_and_years(text, start, end):
    span = parse_span(text)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize("text", ["2025Q5", "2025-13", "25", "一季度", ""])
def test_a_bad_period_is_refused_in_chinese(text):
    with pytest.raises(ValueError, match="格式不对"):
        parse_span(text)


def test_clipping_counts_a_span_only_up_to_a_date():
    assert clipped(Q1, date(2025, 2, 10)).end == date(2025, 2, 10)
    assert clipped(Q1, date(2025, 5, 1)) == Q1


def test_a_lead_counts_once_at_its_first_signing(zone):
    lead = make_lead(region=zone)
    sign(lead, date(2025, 2, 1), 10000)
    sign(lead, date(2025, 3, 1), 15000, kind=Signing.Kind.INCREASE, increase=5000)
    later = make_lead(region=zone, name="二季度项目")
    sign(later, date(2025, 4, 2), 3000)
    figures = counting.figures(Lead.objects.all(), Q1)
    assert figures["signed"] == 1
    assert figures["signed_amount"] == Decimal(15000)  # 10000 new + only the 5000 increase


def test_an_increase_counts_in_its_own_period_without_counting_the_lead_again(zone):
    lead = make_lead(region=zone, received_on=date(2024, 1, 5))
    sign(lead, date(2024, 6, 1), 8000)
    sign(lead, date(2025, 2, 20), 14000, kind=Signing.Kind.INCREASE, increase=6000)
    figures = counting.figures(Lead.objects.all(), Q1)
    assert (figures["signed"], figures["signed_amount"]) == (0, Decimal(6000))


def test_counted_amount_in_python_and_in_sql_agree(zone):
    lead = make_lead(region=zone)
    signings = [sign(lead, date(2025, 1, 2), 100), sign(lead, date(2025, 1, 3), 900, Signing.Kind.INCREASE, 300)]
    assert [counting.counted_amount(s) for s in signings] == [Decimal(100), Decimal(300)]
    assert counting.signed_totals(Lead.objects.all()) == {lead.pk: Decimal(400)}


def test_started_funds_and_the_two_rates(zone):
    a = make_lead(region=zone, name="甲", received_on=date(2025, 1, 5), started_on=date(2025, 3, 20))
    sign(a, date(2025, 2, 1), 1000)
    b = make_lead(region=zone, name="乙", received_on=date(2025, 1, 6), started_on=date(2025, 4, 20))
    sign(b, date(2025, 3, 1), 2000)
    make_lead(region=zone, name="丙", received_on=date(2025, 2, 1))
    make_lead(region=zone, name="丁", received_on=date(2025, 2, 2))
    FundEntry.objects.create(lead=a, date=date(2025, 3, 25), amount=Decimal("400.5"))
    FundEntry.objects.create(lead=a, date=date(2025, 4, 25), amount=Decimal(600))
    figures = counting.figures(Lead.objects.all(), Q1)
    assert figures["leads"] == 4
    assert figures["started"] == 1
    assert figures["funds_in_place"] == Decimal("400.5")
    assert figures["start_rate"] == Decimal(1) / Decimal(2)  # b started after the quarter
    assert figures["conversion_rate"] == Decimal(2) / Decimal(4)


def test_no_leads_means_no_rate_rather_than_zero(db):
    figures = counting.figures(Lead.objects.all(), Q1)
    assert figures["start_rate"] is None and figures["conversion_rate"] is None
