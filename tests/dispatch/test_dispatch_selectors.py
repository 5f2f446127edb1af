"""selectors.py: 填报情况 (who is due, who reported, who to remind) and the problem lists."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tuijin.core.loop import LoopStatus
from tuijin.dispatch import selectors
from tuijin.dispatch.models import ProgressReport
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Project

from .builders import D, open_period, problem, report

S = ProgressReport.Status


@pytest.fixture
def board(world):
    """March 2025: p1 approved, p4 submitted, p2 returned, p3 draft; `unlisted` (在建, on no list) missing;
    a planning project on the list and the other zone's project are not due."""
    w = world
    w.march = open_period(w.zone, 2025, 3)
    report(w.march, w.p1, 100, S.APPROVED)
    report(w.march, w.p4, 50, S.SUBMITTED)
    report(w.march, w.p2, 80, S.RETURNED)
    report(w.march, w.p3, 0, S.DRAFT)
    w.unlisted = Project.objects.create(name="五号在建项目", category=w.infra, region=w.zone, owner=w.ent_a,
                                        lead_department=w.dept, stage=Stage.CONSTRUCTION, total_investment=D(900))
    w.planning = Project.objects.create(name="六号谋划项目", category=w.infra, region=w.zone, owner=w.ent_a,
                                        lead_department=w.dept, stage=Stage.PLANNING)
    w.programme.memberships.create(project=w.planning, annual_plan=D(10))
    return w


def names(projects) -> set[str]:
    return {p.name for p in projects}


def test_expected_projects(board):
    assert names(selectors.expected_projects(board.march)) == {
        board.p1.name, board.p2.name, board.p3.name, board.p4.name, board.unlisted.name}


@pytest.mark.parametrize(("status", "expected"), [
    ("", {"p1", "p2", "p3", "p4", "unlisted"}),
    ("approved", {"p1"}),
    ("submitted", {"p4"}),
    ("returned", {"p2"}),
    ("draft", {"p3"}),
    ("missing", {"p2", "p3", "unlisted"}),
])
def test_reporting_board_status_filter(board, status, expected):
    rows = selectors.reporting_board(board.coordinator, board.march, status=status)
    assert names(rows) == {getattr(board, key).name for key in expected}


def test_reporting_board_carries_status_and_figures(board):
    rows = {p.name: p for p in selectors.reporting_board(board.coordinator, board.march)}
    p1 = rows[board.p1.name]
    assert (p1.report_status, p1.invest_month, p1.completed_ytd, p1.completed_since_start) == (
        "approved", D(100), D(100), D(1100))
    assert rows[board.unlisted.name].report_status is None and rows[board.unlisted.name].report_id is None
    assert rows[board.p2.name].completed_ytd == 0  # returned: does not count


@pytest.mark.parametrize(("who", "expected"), [
    ("coordinator", {"p1", "p2", "p3", "p4", "unlisted"}),
    ("leader", {"p1", "p2", "p3", "p4", "unlisted"}),
    ("owner", {"p1", "p3", "p4", "unlisted"}),
    ("owner_b", {"p2"}),
    ("department", {"p1", "p2", "p4", "unlisted"}),  # leads p1, p4, unlisted; co-department on p2
    ("dept_b_user", {"p2", "p3"}),
    ("outsider", set()),
])
def test_reporting_board_is_scoped(board, who, expected):
    rows = selectors.reporting_board(getattr(board, who), board.march)
    assert names(rows) == {getattr(board, key).name for key in expected}


def test_board_summary_counts(board):
    summary = selectors.board_summary(selectors.reporting_board(board.coordinator, board.march), board.march)
    assert {k: summary[k] for k in ["expected", "approved", "submitted", "returned", "draft", "missing",
                                    "not_in"]} == {"expected": 5, "approved": 1, "submitted": 1, "returned": 1,
                                                   "draft": 1, "missing": 1, "not_in": 3}
    assert summary["late"] is True  # deadline 2025-03-28 has passed and three are not in


def test_board_summary_for_a_department_counts_each_project_once(board):
    summary = selectors.board_summary(selectors.reporting_board(board.department, board.march), board.march)
    assert (summary["expected"], summary["approved"], summary["submitted"], summary["returned"],
            summary["missing"]) == (4, 1, 1, 1, 1)


def test_board_is_not_late_before_the_deadline_or_when_closed(board):
    board.march.deadline = timezone.localdate() + timedelta(days=3)
    summary = selectors.board_summary(selectors.reporting_board(board.coordinator, board.march), board.march)
    assert summary["late"] is False
    board.march.deadline = timezone.localdate() - timedelta(days=3)
    board.march.status = "closed"
    summary = selectors.board_summary(selectors.reporting_board(board.coordinator, board.march), board.march)
    assert summary["late"] is False


def test_remind_list_groups_by_unit(board):
    """One line per unit that owes a report (drafts and returned ones included), with its projects."""
    assert selectors.remind_list(board.coordinator, board.march) == [
        {"unit": board.ent_a.name, "department": "住建局", "projects": [board.unlisted.name, board.p3.name]},
        {"unit": board.ent_b.name, "department": "经发局", "projects": [board.p2.name]},
    ]


def test_remind_list_is_scoped(board):
    assert selectors.remind_list(board.owner_b, board.march) == [
        {"unit": board.ent_b.name, "department": "经发局", "projects": [board.p2.name]}]


def test_remind_list_names_the_department_when_there_is_no_owner(board):
    board.unlisted.owner = None
    board.unlisted.save()
    units = {r["unit"]: r["projects"] for r in selectors.remind_list(board.coordinator, board.march)}
    assert units["住建局"] == [board.unlisted.name]


def test_remind_list_is_empty_when_all_are_in(world):
    march = open_period(world.zone, 2025, 3)
    for p in [world.p1, world.p2, world.p3, world.p4]:
        report(march, p, 1, S.SUBMITTED)
    assert selectors.remind_list(world.coordinator, march) == []


# ---------------------------------------------------------------- problems


@pytest.fixture
def problems(world):
    today = timezone.localdate()
    w = world
    w.due_later = problem(w.p1, department=w.dept, deadline=today + timedelta(days=20), status="working")
    w.no_deadline = problem(w.p1)
    w.overdue_long = problem(w.p4, department=w.dept, deadline=today - timedelta(days=40), status="working")
    w.due_soon = problem(w.p2, department=w.dept_b, deadline=today + timedelta(days=2), status="working",
                         kind="funds")
    w.overdue = problem(w.p2, department=w.dept, deadline=today - timedelta(days=1), status="working")
    w.closed_late = problem(w.p1, department=w.dept, deadline=today - timedelta(days=90),
                            status=LoopStatus.RESOLVED, resolution="已解决", closed_on=today)
    w.elsewhere = problem(w.other, department=w.dept_other, deadline=today - timedelta(days=5), status="working")
    return w


def test_problem_list_orders_overdue_first_then_by_deadline(problems):
    w = problems
    rows = list(selectors.problem_list(w.coordinator))
    assert rows == [w.overdue_long, w.overdue, w.due_soon, w.due_later, w.no_deadline]
    assert [r.overdue for r in rows] == [1, 1, 0, 0, 0]


def test_problem_list_filters(problems):
    w = problems
    assert list(selectors.problem_list(w.coordinator, status="resolved")) == [w.closed_late]
    assert selectors.problem_list(w.coordinator, status="").count() == 6
    assert list(selectors.problem_list(w.coordinator, department=w.dept_b.pk)) == [w.due_soon]
    assert list(selectors.problem_list(w.coordinator, kind="funds")) == [w.due_soon]
    assert list(selectors.problem_list(w.coordinator, project=w.p4.pk)) == [w.overdue_long]


def test_a_department_sees_the_problems_handed_to_it(problems):
    w = problems
    # 经发局 leads p2 and p3: it sees both of p2's problems, though one is handed to 住建局.
    assert set(selectors.problem_list(w.dept_b_user)) == {w.due_soon, w.overdue}
    # 住建局 leads p1 and p4, co-leads p2.
    assert set(selectors.problem_list(w.department)) == {w.due_later, w.no_deadline, w.overdue_long, w.overdue,
                                                         w.due_soon}
    handed_elsewhere = problem(w.p3, department=w.dept, status="working")
    assert handed_elsewhere in set(selectors.problem_list(w.department))  # p3 is 经发局's, handed to 住建局
    assert list(selectors.problem_list(w.owner_b)) == [w.overdue, w.due_soon]
    assert list(selectors.problem_list(w.outsider)) == [w.elsewhere]


def test_problem_counts_by_department(problems):
    counts = {row["department__short_name"]: (row["open"], row["overdue"])
              for row in selectors.problem_counts_by_department(problems.coordinator)}
    assert counts == {"住建局": (3, 2), "经发局": (1, 0), None: (1, 0)}
