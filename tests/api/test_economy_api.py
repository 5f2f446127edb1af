"""Economic indicators over the API: the catalogue, a period's figures (the `tuijin indicators --json` rows plus
what is derived), recording a figure over the version read, the paragraph; with the 经济运行 pages' roles."""

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from tests.economy.conftest import indicators, put  # noqa: F401  (the economy tests' catalogue, shared)
from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.economy import selectors
from tuijin.economy.models import IndicatorValue
from tuijin.economy.paragraph import economy_paragraph
from tuijin.org.models import User

from .conftest import assert_error


@pytest.fixture
def figures(zone, indicators):  # noqa: F811
    put(zone, indicators["固定资产投资"], 3, "9.6", "6.2")
    put(zone, indicators["规模以上工业增加值"], 3, "7.8", "8.3")
    put(zone, indicators["高技术制造业增加值"], 3, "11.8", "9.4")
    put(zone, indicators["地区生产总值"], 3, "6.1", "5.9", value="120.5", target_value="500",
        target_growth=D("7.0"))
    return indicators


def values_state():
    return list(IndicatorValue.objects.order_by("pk").values_list(
        "pk", "indicator_id", "region_id", "year", "month", "value", "growth", "city_growth", "version"))


# --- reading ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["coordinator", "leader", "department"])
def test_readers_get_the_catalogue(api_as, user_for, role, figures):
    response = api_as(user_for(role)).get("indicators")
    assert response.status_code == 200, response.content
    assert [row["name"] for row in response.json()] == [i.name for i in selectors.catalogue()]


@pytest.mark.parametrize("path", ["indicators", "indicators/figures", "indicators/paragraph"])
def test_owners_and_non_business_roles_get_403_on_every_read(api_as, login, user_for, path, figures):
    assert_error(api_as(user_for("owner")).get(path), 403, "forbidden")
    for role in ["auditor", "admin"]:
        assert_error(login(user_for(role)).get(f"/api/v1/{path}"), 403, "forbidden")


def test_the_figures_are_the_command_s_rows_with_the_comparisons(api_as, leader_user, zone, figures):
    body = api_as(leader_user).get("indicators/figures", period="2025Q1").json()
    assert (body["period"], body["label"], body["region"]["id"]) == ("2025-03", "2025年1-3月", zone.pk)
    out = StringIO()
    call_command("indicators", period="2025Q1", json=True, stdout=out)
    command_rows = json.loads(out.getvalue())
    assert [r["name"] for r in body["rows"]] == [r["name"] for r in command_rows]
    for api_row, command_row in zip(body["rows"], command_rows, strict=True):
        assert api_row["above_city"] == command_row["above_city"]
        growth = command_row["growth"]
        assert (D(api_row["growth"]) if api_row["growth"] is not None else None) == (
            D(str(growth)) if growth is not None else None)
    expected = {r.name: r for r in selectors.period_rows(zone, 2025, 3, with_empty=False)}
    for row in body["rows"]:
        derived = expected[row["name"]]
        assert (row["above_city"], row["city_gap"] and D(row["city_gap"])) == (derived.above_city, derived.city_gap)
        assert (row["target_gap"] and D(row["target_gap"])) == derived.target_gap
        assert (row["target_share"] and D(row["target_share"])) == derived.target_share
    gdp = next(r for r in body["rows"] if r["name"] == "地区生产总值")
    assert (D(gdp["city_gap"]), D(gdp["target_gap"]), gdp["above_city"]) == (D("0.2"), D("-0.9"), True)
    assert next(r for r in body["rows"] if r["name"] == "规模以上工业增加值")["above_city"] is False


def test_the_latest_period_is_the_default_and_a_bad_period_is_named(api_as, leader_user, figures):
    api = api_as(leader_user)
    assert api.get("indicators/figures").json()["period"] == "2025-03"
    body = assert_error(api.get("indicators/figures", period="2025Q9"), 400, "invalid")
    assert "2025Q1" in body["fields"]["period"]


def test_the_paragraph_is_the_pages_paragraph(api_as, department_user, zone, figures):
    body = api_as(department_user).get("indicators/paragraph", period="2025-03").json()
    assert body["paragraph"] == economy_paragraph(zone, 2025, 3)
    assert "固定资产投资" in body["paragraph"]


def test_another_zone_reads_only_its_own_figures(api_as, other_zone, figures):
    outsider = User.objects.create(username="other_office", role=Role.COORDINATOR, region=other_zone)
    assert_error(api_as(outsider).get("indicators/figures"), 404, "not_found")  # its region has none
    assert api_as(outsider).get("indicators/figures", period="2025Q1").json()["rows"] == []


# --- writing ------------------------------------------------------------------------------------------------

def test_the_office_records_a_new_figure_and_then_updates_it_over_its_version(api_as, coordinator_user, zone,
                                                                               figures):
    api = api_as(coordinator_user)
    indicator = figures["一般公共预算收入"]
    created = api.put(f"indicators/{indicator.pk}/figures",
                      {"period": "2025Q1", "version": 0, "value": "12.3", "growth": "8.0", "city_growth": "6.5"})
    assert created.status_code == 200, created.content
    body = created.json()
    assert (body["version"], D(body["value"]), body["above_city"], D(body["city_gap"])) == (1, D("12.3"), True,
                                                                                              D("1.5"))
    updated = api.put(f"indicators/{indicator.pk}/figures",
                      {"period": "2025-03", "version": 1, "value": "12.3", "growth": "5.0", "city_growth": "6.5"})
    assert (updated.json()["version"], updated.json()["above_city"]) == (2, False)
    record = IndicatorValue.objects.get(region=zone, indicator=indicator, year=2025, month=3)
    assert (record.growth, record.version) == (D("5.00"), 2)
    assert list(AuditEvent.objects.filter(action__startswith="indicator_value.").values_list(
        "action", flat=True).order_by("pk")) == ["indicator_value.create", "indicator_value.update"]


def test_a_stale_version_is_refused_with_409_and_nothing_changes(api_as, coordinator_user, figures):
    indicator = figures["固定资产投资"]  # version 1 in the fixture
    before = values_state()
    body = assert_error(api_as(coordinator_user).put(f"indicators/{indicator.pk}/figures",
                                                     {"period": "2025Q1", "version": 0, "growth": "1.0"}),
                        409, "version_conflict")
    assert "当前版本" in body["message"]
    assert values_state() == before


def test_bad_figures_are_refused_in_the_one_format(api_as, coordinator_user, figures):
    api = api_as(coordinator_user)
    before = values_state()
    indicator = figures["高技术制造业增加值"]  # published as growth only
    body = assert_error(api.put(f"indicators/{indicator.pk}/figures",
                                {"period": "2025-04", "version": 0, "value": "3"}), 400, "invalid")
    assert "按增速发布" in body["fields"]["growth"]
    body = assert_error(api.put(f"indicators/{indicator.pk}/figures",
                                {"period": "2025-04", "version": 0, "growth": "20000"}), 400, "invalid")
    assert "不合理" in body["fields"]["growth"]
    assert_error(api.put(f"indicators/{indicator.pk}/figures", {"period": "四月", "growth": "2"}), 400, "invalid")
    assert_error(api.put(f"indicators/{indicator.pk}/figures", {"period": "2025-04", "growth": "很多"}),
                 422, "schema")
    assert values_state() == before


@pytest.mark.parametrize("role", ["leader", "department", "owner"])
def test_only_the_office_records_figures(api_as, user_for, role, figures):
    before = values_state()
    assert_error(api_as(user_for(role)).put(f"indicators/{figures['固定资产投资'].pk}/figures",
                                            {"period": "2025Q1", "version": 1, "growth": "1.0"}), 403, "forbidden")
    assert values_state() == before


def test_an_unknown_indicator_is_404(api_as, coordinator_user, figures):
    assert_error(api_as(coordinator_user).put("indicators/999999/figures", {"period": "2025Q1", "growth": "1"}),
                 404, "not_found")


def test_another_zone_s_office_writes_its_own_region_never_ours(api_as, zone, other_zone, figures):
    outsider = User.objects.create(username="other_office", role=Role.COORDINATOR, region=other_zone)
    indicator = figures["固定资产投资"]
    response = api_as(outsider).put(f"indicators/{indicator.pk}/figures",
                                    {"period": "2025Q1", "version": 0, "growth": "3.0"})
    assert response.status_code == 200 and response.json()["version"] == 1
    assert IndicatorValue.objects.get(region=zone, indicator=indicator, month=3).growth == D("9.60")
    assert IndicatorValue.objects.get(region=other_zone, indicator=indicator, month=3).growth == D("3.00")
