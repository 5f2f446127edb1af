"""`tuijin kpi funding`: the reserve by channel, in the seed's short names, for every region."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import file_application


def kpi(*args) -> str:
    out = StringIO()
    call_command("kpi", "funding", *args, stdout=out)
    return out.getvalue()


def test_kpi_funding_prints_the_total_and_each_channel(project, other_project, channels):
    file_application(project, channels["bond"])
    file_application(project, channels["two_new"])
    file_application(other_project, channels["bond"], status="applied")
    file_application(other_project, channels["central_budget"], status="rejected")
    figures = json.loads(kpi("--json"))
    assert figures == {"total": 2, "by_channel": {"专项债": 2, "两重": 0, "两新": 1, "中央预算内": 0, "省级专项": 0,
                                                  "其他": 0}}


def test_kpi_funding_takes_a_year(project, channels):
    file_application(project, channels["bond"], year=2024)
    assert json.loads(kpi("--period", "2024", "--json"))["total"] == 1
    assert json.loads(kpi("--period", "2025", "--json"))["total"] == 0


def test_kpi_funding_refuses_a_period_that_is_not_a_year(channels):
    with pytest.raises(CommandError, match="争资储备按年度统计"):
        kpi("--period", "2025Q1")
