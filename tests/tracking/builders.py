"""Builders and small checks the tracking tests share (the fixtures are in conftest.py)."""

from datetime import date
from decimal import Decimal

from tests.factories import ListMembershipFactory, ProjectFactory
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Milestone

D = Decimal
JUNE_30 = date(2025, 6, 30)


class Build:
    """Projects, periods, reports, milestones and problems in one zone, straight to the models."""

    def __init__(self, *, zone, category, department, enterprise, leader, programme):
        self.zone, self.category, self.department = zone, category, department
        self.enterprise, self.leader, self.programme = enterprise, leader, programme
        self.periods: dict[tuple[int, int], Period] = {}

    def project(self, name, *, stage=Stage.CONSTRUCTION, start=None, planned_start=date(2025, 1, 1), plan=None,
                department=None, leader=None, category=None, owner=None, programme=None, **fields):
        project = ProjectFactory(
            name=name, region=fields.pop("region", self.zone), category=category or self.category, stage=stage,
            actual_start=start, planned_start=planned_start, planned_end=date(2026, 12, 31),
            lead_department=department or self.department, leader=leader or self.leader,
            owner=owner or self.enterprise, **fields)
        if plan is not None:
            ListMembershipFactory(programme=programme or self.programme, project=project, annual_plan=D(plan))
        return project

    def period(self, month, year=2025, *, deadline=None, region=None) -> Period:
        key = (year, month)
        if key not in self.periods or region is not None:
            deadline = deadline or (date(year, month + 1, 5) if month < 12 else date(year + 1, 1, 5))
            period = Period.objects.create(region=region or self.zone, year=year, month=month, deadline=deadline,
                                           status=Period.Status.CLOSED)
            if region is not None:
                return period
            self.periods[key] = period
        return self.periods[key]

    def report(self, project, month, amount=0, status=ProgressReport.Status.APPROVED, year=2025):
        return ProgressReport.objects.create(period=self.period(month, year), project=project,
                                             invest_month=D(amount), status=status)

    @staticmethod
    def milestone(project, name, planned, *, status=Milestone.Status.SCHEDULED, actual=None):
        return Milestone.objects.create(project=project, name=name, planned_date=planned, status=status,
                                        actual_date=actual, order=Milestone.objects.filter(project=project).count())

    def problem(self, project, description, *, deadline, **fields):
        return Problem.objects.create(project=project, description=description, deadline=deadline,
                                      department=fields.pop("department", self.department), **fields)


def of(warnings, project, kind=None):
    """The warnings of one project (of one kind)."""
    return [w for w in warnings if w.project_id == project.pk and (kind is None or w.kind == kind)]


def one(warnings, project, kind):
    found = of(warnings, project, kind)
    assert len(found) == 1, found
    return found[0]
