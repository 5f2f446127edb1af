"""The demo zone's dispatch history (tuijin/demo/dispatch.py), built once for the module through the services:
January–April 2025 reported, approved and closed; May open with some reports missing and one or more returned;
problems at every step of the loop."""

from io import BytesIO

import pytest
from django.db import transaction
from django.db.models import Sum
from openpyxl import load_workbook

from tuijin.core.loop import LoopStatus, LoopStep
from tuijin.core.loop_services import steps_of
from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.dispatch import selectors
from tuijin.dispatch.figures import with_period_figures
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.exchange.dispatch_sheet import dispatch_workbook
from tuijin.org.models import User
from tuijin.projects.models import ProgrammeList, Project

ZONE_LIST = "2025年区定“三十工程”"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tuijin.demo.zone import ZoneBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        built = ZoneBuilder("pw").build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def built(demo, db):
    """Each test runs in a savepoint inside the module's demo transaction."""
    return demo


def coordinator() -> User:
    return User.objects.get(username="coordinator")


def test_2024_and_january_to_may_are_closed_and_june_is_open(built):
    periods = {p.label: p.status for p in Period.objects.filter(year=2025)}
    assert periods == {"2025-01": "closed", "2025-02": "closed", "2025-03": "closed", "2025-04": "closed",
                       "2025-05": "closed", "2025-06": "open"}
    assert set(Period.objects.filter(year=2024).values_list("status", flat=True)) == {"closed"}
    assert Period.objects.filter(year=2024).count() == 12


def test_closed_months_are_all_approved(built):
    closed = ProgressReport.objects.filter(period__status="closed")
    assert closed.exists()
    assert set(closed.values_list("status", flat=True)) == {ProgressReport.Status.APPROVED}
    assert set(closed.filter(period__year=2025).values_list("period__month", flat=True)) == {1, 2, 3, 4, 5}


def test_the_zone_lists_ytd_is_the_sum_of_its_approved_reports(built):
    programme = ProgrammeList.objects.get(name=ZONE_LIST)
    april = Period.objects.get(year=2025, month=4)
    members = Project.objects.filter(memberships__programme=programme)
    assert members.count() == 30
    approved = ProgressReport.objects.filter(project__in=members, status=ProgressReport.Status.APPROVED,
                                             period__year=2025, period__month__lte=4).aggregate(
        s=Sum("invest_month"))["s"]
    assert approved > 0
    derived = sum(p.completed_ytd for p in with_period_figures(members, april))
    assert derived == approved
    # The 调度表 says the same in its 合计 row.
    sheet = load_workbook(BytesIO(dispatch_workbook(april, programme))).active
    headers = {sheet.cell(4, c).value or sheet.cell(3, c).value: c for c in range(1, sheet.max_column + 1)}
    assert sheet.cell(5, headers["项目名称"]).value == "合计"
    assert sheet.cell(5, headers["1-4月完成投资"]).value == pytest.approx(float(approved))
    assert sheet.cell(4, headers["1-4月完成投资"]).value == "1-4月完成投资"


def test_june_has_missing_and_returned_reports(built):
    may = Period.objects.get(year=2025, month=6)
    board = selectors.reporting_board(coordinator(), may)
    summary = selectors.board_summary(board, may)
    assert summary["missing"] > 0 and summary["returned"] >= 1
    assert summary["approved"] > 0 and summary["submitted"] > 0
    assert summary["expected"] == summary["approved"] + summary["submitted"] + summary["not_in"]
    returned = ProgressReport.objects.filter(period=may, status=ProgressReport.Status.RETURNED)
    assert all(r.return_reason for r in returned)
    assert selectors.remind_list(coordinator(), may)


def test_not_started_projects_explain_why(built):
    for report in ProgressReport.objects.filter(project__actual_start__isnull=True, status="approved"):
        assert report.not_started_reason


def test_problems_exist_at_each_step_of_the_loop(built):
    problems = Problem.objects.all()
    assert problems.filter(status=LoopStatus.PENDING, department__isnull=True).exists()  # raised, not handed
    assert problems.filter(status=LoopStatus.WORKING, escalation=0).exists()              # handed over
    assert problems.filter(status=LoopStatus.WORKING, escalation__gt=0).exists()          # escalated
    assert problems.filter(status=LoopStatus.RESOLVED).exists()                           # closed
    for item in problems.filter(status=LoopStatus.WORKING):
        kinds = set(steps_of(item).values_list("kind", flat=True))  # this problem's steps, not a demand's of the same id
        assert LoopStep.Kind.HANDOVER in kinds
    escalated = problems.filter(escalation__gt=0)
    for item in escalated:
        assert steps_of(item).filter(kind=LoopStep.Kind.ESCALATE).count() == item.escalation
    assert AuditEvent.objects.filter(action="problem.escalate").count() == sum(p.escalation for p in escalated)


def test_overdue_problems_lead_the_list(built):
    rows = list(selectors.problem_list(coordinator()))
    flags = [r.overdue for r in rows]
    assert flags == sorted(flags, reverse=True) and 1 in flags


def test_the_demo_logins_see_their_dispatch_pages(built, client):
    from django.urls import reverse

    may = Period.objects.get(year=2025, month=6)
    for role in [Role.OWNER, Role.DEPARTMENT, Role.COORDINATOR, Role.LEADER]:
        client.force_login(User.objects.get(username=str(role)))
        assert client.get(reverse("dispatch:board", args=[may.pk])).status_code == 200, role
        assert client.get(reverse("dispatch:problems")).status_code == 200, role
    client.force_login(coordinator())
    report = ProgressReport.objects.filter(period=may).first()
    assert client.get(reverse("dispatch:report", args=[may.pk, report.project_id])).status_code == 200
