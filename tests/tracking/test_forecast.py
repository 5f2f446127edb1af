"""The year-end forecast (tuijin/tracking/forecast.py): the method on hand-built years with known answers, the
shape it learns, the backtest on a constructed year with a known error, its queries, and `tuijin forecast`.

The shape most tests use, K = 1,1,1,1,2,2,2,2,3,3,3,3 (of 24): months 1–6 carry 8/24 = 1/3 of a year, months
4–6 carry 5 of the 21 parts of April–December."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ListMembershipFactory, ProgrammeListFactory, ProjectFactory, UserFactory
from tuijin.core.roles import Role
from tuijin.dispatch.models import Period, ProgressReport
from tuijin.projects.lifecycle import Stage
from tuijin.tracking.forecast import (
    COMPLETED,
    DEFAULT,
    EARLY,
    MIN_SHARE,
    NOTHING,
    PATTERN,
    PLANNED,
    STOPPED,
    Facts,
    History,
    backtest,
    default_shape,
    forecast,
    learn_shape,
    project_forecast,
    year_shape,
)

D = Decimal
K = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
AS_OF = date(2025, 6, 30)


def k_shape():
    return learn_shape([history({m: k * 10 for m, k in enumerate(K, 1)}, start=date(2023, 1, 1))
                        for _ in range(3)], year=2024)


def history(amounts: dict[int, int], *, start=None, end=None, before=0, reported=None) -> History:
    h = History(actual_start=start, actual_end=end)
    for month, amount in amounts.items():
        h.amounts[month] = D(amount)
    h.amounts[0] = D(before)
    h.reported = set(amounts) if reported is None else set(reported)
    return h


def facts(plan=1000, total=None, planned_start=None, stage=Stage.CONSTRUCTION) -> Facts:
    return Facts(id=1, name="项目", annual_plan=D(plan), total_investment=None if total is None else D(total),
                 planned_start=planned_start, stage=stage)


def k_months(scale: int, months=range(1, 7)) -> dict[int, int]:
    return {m: K[m - 1] * scale for m in months}


# --- the shape -------------------------------------------------------------------------------------------------

def test_whole_years_give_the_pooled_monthly_share():
    shape = k_shape()
    assert shape.source == PATTERN and shape.year == 2024 and shape.projects == 3
    assert shape.learned_months == tuple(range(1, 13))
    assert [round(w * 24, 12) for w in shape.weights] == K
    assert shape.share(1, 6) == pytest.approx(D(1) / 3, abs=D("1e-20"))


def test_part_years_are_fitted_to_the_same_shape():
    """Projects that started in April and in July, spending in shape K from their start, teach the same shape as
    whole-year projects: each month's weight is learned relative to the projects active in it."""
    histories = [history(k_months(10, range(1, 13)), start=date(2023, 5, 1)),
                 history(k_months(7, range(1, 13)), start=date(2022, 5, 1)),
                 history(k_months(3, range(1, 13)), before=100),
                 history(k_months(40, range(4, 13)), start=date(2024, 4, 8)),
                 history(k_months(25, range(7, 13)), start=date(2024, 7, 1)),
                 history(k_months(5, range(7, 13)), start=date(2024, 7, 20))]
    shape = learn_shape(histories, year=2024)
    assert shape.learned_months == tuple(range(1, 13))
    assert [round(w * 24, 12) for w in shape.weights] == K


def test_months_too_few_projects_were_active_in_keep_the_default_ratios():
    """Three projects building from July: July–December are learned (2:2:3:3:3:3 as they spent), January–June
    keep the default's ramp and its share of the year."""
    histories = [history(k_months(s, range(7, 13)), start=date(2024, 7, 1)) for s in (10, 20, 30)]
    shape = learn_shape(histories, year=2024)
    assert shape.learned_months == (7, 8, 9, 10, 11, 12)
    w = shape.weights
    assert w[6] / w[11] == pytest.approx(D(2) / 3) and w[8] / w[11] == pytest.approx(D(1))
    assert w[0] / w[1] == pytest.approx(D(11) / 12)
    assert shape.share(1, 6) == pytest.approx(default_shape().share(1, 6))


def test_no_history_gives_the_default_back_loaded_ramp():
    shape = learn_shape([], year=2024)
    assert shape.source == DEFAULT
    assert shape.share(1, 6) == pytest.approx(D(81) / D(198))  # weights 11…22: the first half ≈ 41%
    assert shape.weights[11] == 2 * shape.weights[0]
    two = [history(k_months(10, range(1, 13)), start=date(2023, 1, 1)) for _ in range(2)]
    assert learn_shape(two, year=2024).source == DEFAULT  # two projects are not a pattern


# --- one project, by hand --------------------------------------------------------------------------------------

def test_a_project_building_all_year_is_projected_by_the_prior_years_shape():
    row = project_forecast(facts(plan=2500), history(k_months(125), start=date(2024, 3, 1)), shape=k_shape(),
                           as_of=AS_OF)
    assert row.completed_ytd == 1000 and row.share == pytest.approx(D(1) / 3)
    assert (row.projected, row.method, row.misses_plan, row.data_month) == (D(3000), PATTERN, False, 6)
    assert row.ratio == D("1.2")


def test_without_history_the_default_shape_stands():
    row = project_forecast(facts(plan=2000), history({1: 100, 2: 100, 3: 100, 4: 150, 5: 160, 6: 200},
                                                     start=date(2024, 3, 1)),
                           shape=default_shape(), as_of=AS_OF)
    assert (row.completed_ytd, row.projected, row.method) == (D(810), D(1980), DEFAULT)  # 810 ÷ 81/198
    assert row.misses_plan and row.shortfall == D(20)


def test_a_project_started_mid_year_counts_its_year_from_its_start():
    row = project_forecast(facts(plan=3000), history({4: 100, 5: 200, 6: 200}, start=date(2025, 4, 10)),
                           shape=k_shape(), as_of=AS_OF)
    assert row.share == pytest.approx(D(5) / 21)
    assert row.projected == D(2100) and row.misses_plan and row.shortfall == D(900)


def test_spending_before_the_start_date_begins_the_year_at_the_first_spending():
    row = project_forecast(facts(), history({3: 50, 4: 0, 5: 200, 6: 250}, start=date(2025, 5, 6),
                                            reported=range(1, 7)), shape=k_shape(), as_of=AS_OF)
    assert row.share == pytest.approx(D(1 + 1 + 2 + 2) / 22)  # March to June of March–December


def test_a_project_that_had_spent_before_the_year_builds_from_january():
    row = project_forecast(facts(), history({5: 200, 6: 200}, before=500), shape=k_shape(), as_of=AS_OF)
    assert row.share == pytest.approx(D(1) / 3) and row.projected == D(1200)


def test_nothing_spent_projects_nothing_and_misses_the_plan():
    row = project_forecast(facts(plan=1000), history({}, start=date(2025, 2, 1), reported=range(1, 7)),
                           shape=k_shape(), as_of=AS_OF)
    assert (row.completed_ytd, row.projected, row.method, row.misses_plan, row.shortfall) == (
        0, 0, NOTHING, True, D(1000))


def test_a_start_still_ahead_keeps_the_plan_and_is_not_judged():
    row = project_forecast(facts(plan=800, planned_start=date(2025, 9, 1)), None, shape=k_shape(), as_of=AS_OF)
    assert (row.projected, row.method, row.misses_plan) == (D(800), PLANNED, False)


def test_early_in_the_year_the_run_rate_is_damped_and_not_judged():
    """January usually carries 1/24 of a K year: dividing by it would multiply one month's noise by 24."""
    row = project_forecast(facts(plan=5000), history({1: 100}, start=date(2024, 1, 1)), shape=k_shape(),
                           as_of=date(2025, 1, 31))
    assert row.share == pytest.approx(D(1) / 24) and row.share < MIN_SHARE
    assert (row.projected, row.method, row.misses_plan) == (D(1000), EARLY, False)


def test_built_and_stopped_projects_are_projected_at_what_is_done():
    done = project_forecast(facts(plan=3000), history({1: 500, 2: 500}, start=date(2024, 1, 1),
                                                       end=date(2025, 2, 28)), shape=k_shape(), as_of=AS_OF)
    assert (done.projected, done.method, done.misses_plan) == (D(1000), COMPLETED, True)
    by_stage = project_forecast(facts(stage=Stage.COMPLETED), history(k_months(125), start=date(2024, 1, 1)),
                                shape=k_shape(), as_of=AS_OF)
    assert (by_stage.projected, by_stage.method) == (D(1000), COMPLETED)
    paused = project_forecast(facts(stage=Stage.SUSPENDED), history(k_months(125), start=date(2024, 1, 1)),
                              shape=k_shape(), as_of=AS_OF)
    assert (paused.projected, paused.method) == (D(1000), STOPPED)


def test_the_projection_never_exceeds_what_remains_of_the_total_investment():
    h = history(k_months(125), start=date(2024, 1, 1), before=7000)
    h.completed_before_tracking = D(1000)
    row = project_forecast(facts(plan=1500, total=10000), h, shape=k_shape(), as_of=AS_OF)
    assert (row.projected, row.capped, row.misses_plan) == (D(2000), True, False)  # 10000 − 1000 − 7000


def test_an_open_month_not_yet_reported_projects_from_the_month_before():
    row = project_forecast(facts(), history(k_months(125, range(1, 6)), start=date(2024, 1, 1)),
                           shape=k_shape(), as_of=AS_OF)
    assert row.data_month == 5 and row.share == pytest.approx(D(6) / 24)
    assert row.projected == D(3000)  # 750 ÷ 6/24
    missing_april = history({1: 125, 2: 125, 3: 125, 5: 250, 6: 250}, start=date(2024, 1, 1))
    row = project_forecast(facts(), missing_april, shape=k_shape(), as_of=AS_OF)
    assert row.data_month == 6 and row.projected == D(2625)  # a month not reported counts as nothing spent


# --- from the database -----------------------------------------------------------------------------------------

class Reports:
    """Periods of a region and counted reports in them, straight to the models."""

    def __init__(self, region):
        self.region = region

    def period(self, year, month, region=None) -> Period:
        period, _created = Period.objects.get_or_create(
            region=region or self.region, year=year, month=month,
            defaults={"deadline": date(year, month, 28), "status": Period.Status.CLOSED})
        return period

    def spend(self, project, year, amounts: dict[int, int], status=ProgressReport.Status.APPROVED, region=None):
        for month, amount in amounts.items():
            ProgressReport.objects.create(period=self.period(year, month, region), project=project,
                                          invest_month=D(amount), status=status)


@pytest.fixture
def reports(zone):
    return Reports(zone)


@pytest.fixture
def make_project(zone, category, enterprise, department, leader_person):
    def make(name, *, start=None, plan=None, programme=None, total=100000, stage=Stage.CONSTRUCTION, **fields):
        project = ProjectFactory(name=name, region=zone, category=category, owner=enterprise,
                                 lead_department=department, leader=leader_person, stage=stage,
                                 actual_start=start, total_investment=D(total), **fields)
        if plan is not None:
            ListMembershipFactory(programme=programme, project=project, annual_plan=D(plan))
        return project

    return make


@pytest.fixture
def k_history(make_project, reports):
    """Three projects building all of 2024 in shape K, on no 2025 list: the zone's prior year."""
    for scale in (10, 20, 30):
        project = make_project(f"2024年项目{scale}", start=date(2023, 1, 1))
        reports.spend(project, 2024, {m: k * scale for m, k in enumerate(K, 1)})


@pytest.fixture
def year_2025(k_history, make_project, reports, programme):
    """A: building since 2024, 1000 by June in shape K (plan 2500). B: started 10 April, 500 (plan 3000).
    C: started in February, nothing spent (plan 1000). E: starts in September (plan 800)."""
    a = make_project("甲项目", start=date(2024, 3, 1), plan=2500, programme=programme)
    reports.spend(a, 2025, k_months(125))
    b = make_project("乙项目", start=date(2025, 4, 10), plan=3000, programme=programme)
    reports.spend(b, 2025, {1: 0, 2: 0, 3: 0, 4: 100, 5: 200, 6: 200})
    c = make_project("丙项目", start=date(2025, 2, 1), plan=1000, programme=programme)
    reports.spend(c, 2025, dict.fromkeys(range(1, 7), 0))
    e = make_project("戊项目", plan=800, programme=programme, planned_start=date(2025, 9, 1),
                     stage=Stage.PENDING)
    return {"a": a, "b": b, "c": c, "e": e}


def test_the_forecast_reads_the_zones_prior_year_and_this_years_reports(year_2025, coordinator_user):
    result = forecast(coordinator_user, as_of=AS_OF)
    assert result.shape.source == PATTERN and result.shape.year == 2024
    rows = {row.name: row for row in result.rows}
    assert set(rows) == {"甲项目", "乙项目", "丙项目", "戊项目"}  # tracked: on a 2025 list
    assert (rows["甲项目"].projected, rows["甲项目"].misses_plan) == (D(3000), False)
    assert (rows["乙项目"].projected, rows["乙项目"].misses_plan) == (D(2100), True)
    assert (rows["丙项目"].projected, rows["丙项目"].method) == (D(0), NOTHING)
    assert (rows["戊项目"].projected, rows["戊项目"].method) == (D(800), PLANNED)
    assert [row.name for row in result.misses] == ["丙项目", "乙项目"]  # by shortfall: 1000, 900


def test_totals_are_the_sum_of_the_rows(year_2025, coordinator_user):
    result = forecast(coordinator_user, as_of=AS_OF)
    totals = result.totals
    assert totals["projects"] == len(result.rows) == 4
    for key in ("annual_plan", "completed_ytd", "projected"):
        assert totals[key] == sum(getattr(row, key) for row in result.rows)
    assert (totals["annual_plan"], totals["completed_ytd"], totals["projected"]) == (D(7300), D(1500), D(5900))
    assert (totals["misses"], totals["shortfall"], totals["misses_plan"]) == (2, D(1900), True)
    assert totals["ratio"] == D(5900) / D(7300)


def test_without_a_prior_year_the_default_shape_is_used(make_project, reports, programme, coordinator_user):
    p = make_project("无历史项目", start=date(2024, 6, 1), plan=2000, programme=programme)
    reports.spend(p, 2025, {1: 100, 2: 100, 3: 100, 4: 150, 5: 160, 6: 200})
    [row] = forecast(coordinator_user, as_of=AS_OF).rows
    assert (row.projected, row.method, row.misses_plan) == (D(1980), DEFAULT, True)


def test_only_counted_reports_count_and_the_nearest_level_counts_once(year_2025, reports, coordinator_user, zone):
    a = year_2025["a"]
    ProgressReport.objects.filter(project=a, period__month=5).update(status=ProgressReport.Status.DRAFT)
    ProgressReport.objects.filter(project=a, period__month=6).update(status=ProgressReport.Status.RETURNED)
    reports.spend(a, 2025, {5: 777}, region=zone.parent)  # the city's copy of May: the zone's periods count
    row = next(r for r in forecast(coordinator_user, as_of=AS_OF).rows if r.id == a.pk)
    assert (row.completed_ytd, row.data_month, row.projected) == (D(500), 5, D(2000))  # 500 ÷ 6/24


def test_every_reader_of_the_zone_gets_the_same_projection(year_2025, coordinator_user, owner_user,
                                                           department_user, leader_user):
    """The shape is the zone's prior year, whoever asks: the owner's own project is projected as the office
    projects it (the owner sees only its projects, not their figures)."""
    office = {r.id: r.projected for r in forecast(coordinator_user, as_of=AS_OF).rows}
    for user in (owner_user, department_user, leader_user):
        rows = {r.id: r.projected for r in forecast(user, as_of=AS_OF).rows}
        assert rows and all(office[pk] == projected for pk, projected in rows.items())


def test_the_list_option_keeps_that_lists_projects_and_plans(year_2025, coordinator_user, zone):
    city_list = ProgrammeListFactory(name="2025年市定“三十工程”", region=zone)
    ListMembershipFactory(programme=city_list, project=year_2025["a"], annual_plan=D(4000))
    [row] = forecast(coordinator_user, as_of=AS_OF, programme=city_list).rows
    assert (row.name, row.annual_plan, row.projected, row.misses_plan) == ("甲项目", D(4000), D(3000), True)


def test_queries_do_not_grow_with_the_number_of_projects(k_history, make_project, reports, programme,
                                                         coordinator_user, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            p = make_project(f"项目{i}", start=date(2024, 1, 1), plan=1000, programme=programme)
            reports.spend(p, 2025, k_months(10 + i))

    add(1)
    with CaptureQueriesContext(connection) as few:
        forecast(coordinator_user, as_of=AS_OF)
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = forecast(coordinator_user, as_of=AS_OF)
    assert len(result.rows) == 16
    with django_assert_max_num_queries(len(few.captured_queries)):
        backtest(coordinator_user, year=2024)


# --- the backtest ----------------------------------------------------------------------------------------------

@pytest.fixture
def year_2024(make_project, reports):
    """2023: three projects in shape K (the pattern 2024 is forecast with). 2024: P1 spends 100 every month
    (a flat year the K shape misreads), P2 spends in shape K (which it reads exactly), P3 starts in July."""
    for scale in (10, 20, 30):
        project = make_project(f"2023年项目{scale}", start=date(2022, 1, 1))
        reports.spend(project, 2023, {m: k * scale for m, k in enumerate(K, 1)})
    p1 = make_project("平稳项目", start=date(2023, 6, 1))
    reports.spend(p1, 2024, dict.fromkeys(range(1, 13), 100))
    p2 = make_project("常规项目", start=date(2023, 6, 1))
    reports.spend(p2, 2024, k_months(50, range(1, 13)))
    return p1, p2


def test_the_backtest_measures_a_known_error(year_2024, coordinator_user):
    """Standing at the end of March, June and September of 2024 with K learned from 2023:
    P1 (flat, 1200 a year) is projected 300×24/3 = 2400, 600×24/8 = 1800, 900×24/15 = 1440: APE 100%, 50%, 20%;
    P2 (K, 1200) exactly: 0%. Totals 3600, 3000, 2640 against 2400: 50%, 25%, 10%. The straight line reads the
    flat project exactly and K badly."""
    p1, p2 = year_2024
    result = backtest(coordinator_user, year=2024, months=[3, 6, 9])
    assert result["shape"]["source"] == PATTERN and result["shape"]["year"] == 2023
    assert (result["projects"], result["actual"]) == (2, D(2400))
    assert [m["projected"] for m in result["by_month"]] == [D(3600), D(3000), D(2640)]
    assert [m["total_ape"] for m in result["by_month"]] == [D("0.5"), D("0.25"), D("0.1")]
    assert [m["project_mape"] for m in result["by_month"]] == [D("0.5"), D("0.25"), D("0.1")]
    by_project = {p["id"]: p for p in result["by_project"]}
    assert by_project[p1.pk]["ape"] == [D(1), D("0.5"), D("0.2")] and by_project[p2.pk]["mape"] == 0
    assert by_project[p1.pk]["mape"] == D("0.5667")  # (1 + 0.5 + 0.2) ÷ 3
    assert result["overall"]["total_mape"] == D("0.2833") and result["overall"]["project_mape"] == D("0.2833")
    # The straight line: P1 exactly (1200); P2 at March 3×50×4 = 600, June 8×50×2 = 800, Sept 15×50×4/3 = 1000.
    base = [m["straight_line"] for m in result["by_month"]]
    assert [b["projected"] for b in base] == [D(1800), D(2000), D(2200)]
    assert result["overall"]["straight_line"]["project_mape"] == D("0.1667")  # (1/3 + 1/3 + 1/6) ÷ 6 pairs


def test_the_backtest_counts_projects_not_yet_spending_in_the_total_only(year_2024, make_project, reports,
                                                                        coordinator_user):
    late = make_project("七月开工项目", start=date(2024, 7, 1))
    reports.spend(late, 2024, dict.fromkeys(range(7, 13), 100))
    june = backtest(coordinator_user, year=2024, months=[6])["by_month"][0]
    assert (june["projects"], june["not_yet_spending"], june["unseen_actual"]) == (2, 1, D(600))
    assert june["project_mape"] == D("0.25")  # P1 and P2 only
    assert june["seen_ape"] == D("0.25")  # 3000 against their 2400
    assert june["total_ape"] == D("0")  # 3000 against all 3000: the errors happen to cancel


def test_the_backtest_refuses_a_year_not_over(coordinator_user):
    with pytest.raises(ValueError, match="尚未结束"):
        backtest(coordinator_user, year=date.today().year)


# --- tuijin forecast -------------------------------------------------------------------------------------------

def run(*args) -> str:
    out = StringIO()
    call_command("forecast", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_forecast_as_json(year_2025, coordinator_user):
    data = json.loads(run("--as-of", "2025-06-30", "--json"))
    assert data["as_of"] == "2025-06-30" and data["shape"]["source"] == "pattern"
    assert data["totals"]["projected"] == 5900 and data["totals"]["misses"] == 2
    assert [m["name"] for m in data["misses"]] == ["丙项目", "乙项目"]
    assert data["misses"][1] == {
        "id": year_2025["b"].pk, "name": "乙项目", "annual_plan": 3000.0, "completed_ytd": 500.0, "projected": 2100.0,
        "ratio": 0.7, "misses_plan": True, "shortfall": 900.0, "method": "pattern", "share": 0.2381,
        "data_month": 6, "capped": False}
    assert sum(p["projected"] for p in data["projects"]) == data["totals"]["projected"]
    text = run("--as-of", "2025-06-30", "--list", "三十工程")
    assert "预计全年完成 5,900.00 万元" in text and "乙项目：计划 3,000.00，预计 2,100.00" in text


def test_the_command_prints_the_backtest(year_2024, coordinator_user):
    data = json.loads(run("--backtest", "2024", "--json", "--user", "coordinator"))
    assert data["year"] == 2024 and data["months"] == list(range(1, 12))
    june = next(m for m in data["by_month"] if m["month"] == 6)
    assert june["total_ape"] == 0.25
    assert "2024年回测：2个项目" in run("--backtest", "2024")


def test_the_command_says_what_is_wrong(coordinator_user):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--as-of", "2025-02-30")
    with pytest.raises(CommandError, match="尚未结束"):
        run("--backtest", str(date.today().year))
    with pytest.raises(CommandError, match="找不到项目办账号"):
        run("--as-of", "2025-06-30", "--user", "nobody")


def test_a_city_coordinator_sees_the_zones_projects_with_the_citys_shape(year_2025, zone):
    city_user = UserFactory(username="city", role=Role.COORDINATOR, region=zone.parent)
    assert year_shape(city_user, year=2025).projects == 3  # the city pools its zones' prior years
    assert {r.name for r in forecast(city_user, as_of=AS_OF).rows} == {"甲项目", "乙项目", "丙项目", "戊项目"}
