"""Small builders and checks the dispatch tests share (the world itself is the `world` fixture in conftest.py)."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.utils import timezone

from tuijin.core.loop import LoopStep
from tuijin.core.models import AuditEvent
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.projects.models import Milestone

YEAR = 2025
D = Decimal


def open_period(region, year=YEAR, month=3, *, closed=False) -> Period:
    return Period.objects.create(region=region, year=year, month=month, deadline=date(year, month, 28),
                                 status=Period.Status.CLOSED if closed else Period.Status.OPEN,
                                 closed_at=timezone.now() if closed else None)


def report(period, project, amount, status=ProgressReport.Status.APPROVED, **fields) -> ProgressReport:
    return ProgressReport.objects.create(period=period, project=project, invest_month=D(amount), status=status,
                                         **fields)


def problem(project, *, department=None, deadline=None, status="pending", **fields) -> Problem:
    return Problem.objects.create(project=project, description=fields.pop("description", "用地手续未办结"),
                                  kind=fields.pop("kind", Problem.Kind.LAND), department=department,
                                  deadline=deadline, status=status, **fields)


def milestone(project, name="主体封顶", **fields) -> Milestone:
    return Milestone.objects.create(project=project, name=name, order=fields.pop("order", 1), **fields)


def db_state():
    """Everything a refused write must leave as it was: row counts and the fields writes change."""
    return {
        "periods": list(Period.objects.order_by("pk").values_list("pk", "status")),
        "reports": list(ProgressReport.objects.order_by("pk").values_list(
            "pk", "status", "invest_month", "version", "return_reason", "progress_text")),
        "report_milestones": list(ProgressReport.milestones_met.through.objects.order_by("pk").values_list(
            "progressreport_id", "milestone_id")),
        "milestones": list(Milestone.objects.order_by("pk").values_list("pk", "status", "actual_date")),
        "problems": list(Problem.objects.order_by("pk").values_list(
            "pk", "status", "escalation", "department_id", "deadline", "resolution", "closed_on")),
        "steps": LoopStep.objects.count(),
        # Changes to data; not the trail of sessions and refusals, which a refused request must leave.
        "events": AuditEvent.objects.exclude(action__in=["login", "logout", "access.denied"]).count(),
    }


@contextmanager
def nothing_saved():
    """Wrap a refused write: the database must look exactly as before."""
    before = db_state()
    yield
    assert db_state() == before


def last_event(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-id").first()
    assert event is not None, f"no audit event {action}"
    return event
