"""evaluate() and the rankings read in a fixed number of queries, whatever the number of projects (the
performance issue benchmarks them against hand-written SQL; here only that the count does not grow)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuijin.core.loop import Escalation
from tuijin.projects.lifecycle import Stage
from tuijin.tracking.rankings import measure
from tuijin.tracking.warnings import evaluate

from .builders import JUNE_30, D

pytestmark = pytest.mark.django_db
MAX_QUERIES = 11  # rules, zone, period, facts, 1-N月, plans, the periods owed (three flat reads), milestones, problems


def add_projects(build, count, start=0):
    """`count` projects with every kind of warning: late start, progress, milestone, report, problem, funds."""
    for i in range(start, start + count):
        late = build.project(f"未开工{i}", stage=Stage.PENDING, planned_start=date(2025, 2, 1), plan=1000)
        build.milestone(late, "施工许可", date(2025, 5, 1))
        building = build.project(f"在建{i}", start=date(2025, 1, 10), plan=1000, total_investment=D(10000),
                                 invest_self=D(1000))
        build.report(building, 4, 100)
        build.problem(building, f"问题{i}", deadline=date(2025, 6, 1), escalation=Escalation.PRINCIPAL)
    build.period(5)
    build.period(6)


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def test_evaluate_reads_in_a_constant_number_of_queries(build, zone, coordinator_user,
                                                        django_assert_max_num_queries):
    add_projects(build, 2)
    small = count_queries(lambda: evaluate(as_of=JUNE_30, user=coordinator_user))
    few = evaluate(as_of=JUNE_30, user=coordinator_user)
    assert {w.kind for w in few} == {"start", "progress", "milestone", "report", "problem", "funds"}
    add_projects(build, 20, start=2)
    with django_assert_max_num_queries(MAX_QUERIES):
        many = evaluate(as_of=JUNE_30, user=coordinator_user)
    assert len(many) == 11 * len(few)
    assert count_queries(lambda: evaluate(as_of=JUNE_30, user=coordinator_user)) == small
    assert count_queries(lambda: evaluate(as_of=JUNE_30, region=zone)) <= small


def test_rankings_read_in_a_constant_number_of_queries(build, coordinator_user):
    add_projects(build, 2)
    small = count_queries(lambda: measure(coordinator_user, as_of=JUNE_30))
    add_projects(build, 20, start=2)
    assert count_queries(lambda: measure(coordinator_user, as_of=JUNE_30)) == small
