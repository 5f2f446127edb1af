"""figures.py: 1-N月 and 开工以来累计 derived from the periods, the one place they are computed.

p1 started in 2024 with 1000 built before tracking. Its reports (万元):

| period  | status    | amount | counts? |
|---------|-----------|--------|---------|
| 2024-11 | approved  | 100    | yes     |
| 2024-12 | submitted | 200    | yes     |
| 2025-01 | approved  | 300    | yes     |
| 2025-02 | submitted | 40     | yes     |
| 2025-03 | draft     | 50     | no      |
| 2025-04 | approved  | 500    | yes (a later month: not in 1-3月) |

and a returned 2025-02 report of 70 on p2, which does not count.
"""

from decimal import Decimal

import pytest

from tuijin.dispatch.figures import earlier_ytd, figures_by_project, project_figures, with_period_figures
from tuijin.dispatch.models import ProgressReport
from tuijin.projects.models import Project

from .builders import D, open_period, report

S = ProgressReport.Status


@pytest.fixture
def history(world):
    w = world
    w.nov = open_period(w.zone, 2024, 11, closed=True)
    w.dec = open_period(w.zone, 2024, 12, closed=True)
    w.jan = open_period(w.zone, 2025, 1, closed=True)
    w.feb = open_period(w.zone, 2025, 2, closed=True)
    w.mar = open_period(w.zone, 2025, 3)
    w.apr = open_period(w.zone, 2025, 4)
    report(w.nov, w.p1, 100, S.APPROVED)
    report(w.dec, w.p1, 200, S.SUBMITTED)
    report(w.jan, w.p1, 300, S.APPROVED)
    report(w.feb, w.p1, 40, S.SUBMITTED)
    w.draft = report(w.mar, w.p1, 50, S.DRAFT)
    report(w.apr, w.p1, 500, S.APPROVED)
    report(w.feb, w.p2, 70, S.RETURNED)
    report(w.mar, w.p2, 90, S.SUBMITTED)
    report(w.jan, w.p4, 120, S.APPROVED)
    report(w.mar, w.p4, 80, S.APPROVED)
    return w


@pytest.mark.parametrize(("month", "ytd", "since_start", "this_month"), [
    (1, 300, 1600, 300),    # 1000 before + 100 + 200 (2024) + 300
    (2, 340, 1640, 40),
    (3, 340, 1640, 0),      # March's draft does not count
    (4, 840, 2140, 500),
])
def test_ytd_and_since_start_of_p1(history, month, ytd, since_start, this_month):
    period = {1: history.jan, 2: history.feb, 3: history.mar, 4: history.apr}[month]
    figures = project_figures(history.p1, period)
    assert figures == {"invest_month": D(this_month), "completed_ytd": D(ytd),
                       "completed_since_start": D(since_start)}


def test_a_new_year_starts_the_ytd_again_but_not_since_start(history):
    assert project_figures(history.p1, history.dec) == {
        "invest_month": D(200), "completed_ytd": D(300), "completed_since_start": D(1300)}


def test_returned_and_draft_reports_do_not_count(history):
    assert project_figures(history.p2, history.feb)["completed_ytd"] == 0
    assert project_figures(history.p2, history.mar)["completed_ytd"] == D(90)
    history.draft.status = S.SUBMITTED
    history.draft.save()
    assert project_figures(history.p1, history.mar)["completed_ytd"] == D(390)


def test_a_returned_report_stops_counting(history):
    submitted = ProgressReport.objects.get(period=history.feb, project=history.p1)
    submitted.status = S.RETURNED
    submitted.save()
    assert project_figures(history.p1, history.mar)["completed_ytd"] == D(300)


def test_figures_as_if_a_report_carried_a_new_amount(history):
    """The check before saving: the draft replaced by 60 and counted."""
    figures = project_figures(history.p1, history.mar, replacing=history.draft, invest_month=D(60))
    assert figures == {"invest_month": D(60), "completed_ytd": D(400), "completed_since_start": D(1700)}
    approved = ProgressReport.objects.get(period=history.jan, project=history.p1)
    figures = project_figures(history.p1, history.jan, replacing=approved, invest_month=D(10))
    assert figures["completed_ytd"] == D(10)


def test_reports_of_another_region_period_do_not_count(history):
    city_period = open_period(history.city, 2025, 1)
    report(city_period, history.p1, 9999, S.APPROVED)
    assert project_figures(history.p1, history.mar)["completed_ytd"] == D(340)


def test_earlier_ytd_is_the_counted_months_before(history):
    assert earlier_ytd(history.p1, history.mar) == D(340)
    assert earlier_ytd(history.p1, history.jan) == 0
    assert earlier_ytd(history.p2, history.apr) == D(90)


def _annotated(period, pks):
    return {p.pk: {"invest_month": p.invest_month, "completed_ytd": p.completed_ytd,
                   "completed_since_start": p.completed_since_start}
            for p in with_period_figures(Project.objects.filter(pk__in=pks), period)}


@pytest.mark.parametrize("month", [1, 2, 3, 4])
def test_with_period_figures_matches_project_figures(history, month):
    period = {1: history.jan, 2: history.feb, 3: history.mar, 4: history.apr}[month]
    projects = [history.p1, history.p2, history.p3, history.p4]
    annotated = _annotated(period, [p.pk for p in projects])
    assert annotated == {p.pk: project_figures(p, period) for p in projects}
    assert annotated[history.p3.pk] == {"invest_month": 0, "completed_ytd": 0, "completed_since_start": 0}


def test_with_period_figures_is_one_query_whatever_the_number_of_projects(history, django_assert_max_num_queries):
    for i in range(8):
        extra = Project.objects.create(name=f"加测项目{i}", category=history.industry, region=history.zone,
                                       total_investment=D(1000), completed_before_tracking=D(i))
        report(history.jan, extra, 10 + i, S.APPROVED)
        report(history.mar, extra, 5, S.SUBMITTED if i % 2 else S.DRAFT)
    few = [history.p1.pk, history.p2.pk]
    many = list(Project.objects.values_list("pk", flat=True))
    assert len(many) == 13
    with django_assert_max_num_queries(1):
        small = _annotated(history.mar, few)
    with django_assert_max_num_queries(1):
        large = _annotated(history.mar, many)
    assert small == {pk: large[pk] for pk in few}
    for project in Project.objects.filter(pk__in=many):
        assert large[project.pk] == project_figures(project, history.mar), project.name
    assert sum(row["completed_ytd"] for row in large.values()) == sum(
        project_figures(p, history.mar)["completed_ytd"] for p in Project.objects.all())


def test_money_keeps_its_decimals(world):
    jan = open_period(world.zone, 2025, 1)
    report(jan, world.p4, Decimal("12.3456"))
    report(jan, world.p2, Decimal("0.0001"))
    assert project_figures(world.p4, jan)["completed_ytd"] == Decimal("12.3456")
    assert _annotated(jan, [world.p2.pk])[world.p2.pk]["completed_ytd"] == Decimal("0.0001")


@pytest.mark.parametrize("month", [1, 2, 3, 4])
def test_figures_by_project_match_project_figures(history, month):
    """The grouped read the 调度表 uses: a project without counted reports has no entry; 开工以来累计 is the
    opening balance plus "reported"."""
    period = {1: history.jan, 2: history.feb, 3: history.mar, 4: history.apr}[month]
    report(open_period(history.city, 2025, month), history.p1, 9999, S.APPROVED)  # another region's period
    projects = [history.p1, history.p2, history.p3, history.p4]
    grouped = figures_by_project(Project.objects.filter(pk__in=[p.pk for p in projects]), period)
    for project in projects:
        expected = project_figures(project, period)
        row = grouped.get(project.pk)
        if row is None:
            assert expected["completed_since_start"] == (project.completed_before_tracking or 0), project.name
            continue
        assert row["invest_month"] == expected["invest_month"], project.name
        assert row["completed_ytd"] == expected["completed_ytd"], project.name
        assert (project.completed_before_tracking or 0) + row["reported"] == expected["completed_since_start"]
    assert history.p3.pk not in grouped
