"""Progress against time for any as-of date: the list's totals and every grouping, from aggregate queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from tuijin.dispatch.figures import ZERO, with_period_figures
from tuijin.dispatch.models import Period
from tuijin.org.models import Region
from tuijin.projects.lifecycle import STARTED_STAGES
from tuijin.projects.models import Milestone, Project
from tuijin.projects.selectors import annual_plan_subquery, visible_projects

from .progress import double_half, gap_points, task_progress, time_progress

GROUPINGS = {"by_department": "lead_department__short_name", "by_leader": "leader__name",
             "by_category": "category__name"}


def as_of_period(region: Region, as_of: date) -> Period:
    """The period whose figures hold on `as_of`: its month's, saved or not (an unsaved one counts the saved
    reports of every month up to it, and has no month of its own)."""
    return Period.objects.filter(region=region, year=as_of.year, month=as_of.month).first() or Period(
        region=region, year=as_of.year, month=as_of.month, deadline=as_of)


def mine_only(user, projects: QuerySet[Project]) -> QuerySet[Project]:
    """A leader's own portfolio: the projects they are the responsible leader of."""
    return projects.filter(leader_id=user.person_id) if user.person_id else projects.none()


def tracked_projects(user, *, year: int, programme=None, mine: bool = False) -> QuerySet[Project]:
    """The projects progress is measured on: those with an annual plan that year (on `programme`, if given)."""
    projects = visible_projects(user).filter(memberships__programme__year=year)
    if programme is not None:
        projects = projects.filter(memberships__programme=programme)
    if mine:
        projects = mine_only(user, projects)
    return Project.objects.filter(pk__in=projects.values("pk"))


@dataclass
class Figures:
    annual_plan: Decimal
    completed_ytd: Decimal
    count: int
    started: int
    due_to_start: int = 0
    started_of_due: int = 0
    milestones_due: int = 0
    milestones_met: int = 0

    @classmethod
    def from_row(cls, row: dict) -> "Figures":
        return cls(row["annual_plan_sum"], row["completed_ytd_sum"], row["count"], row["started"],
                   row["due_to_start"], row["started_of_due"], row["milestones_due_sum"] or 0,
                   row["milestones_met_sum"] or 0)

    def as_dict(self, time: Decimal) -> dict:
        task = task_progress(self.completed_ytd, self.annual_plan)
        gap = gap_points(time, task)
        return {"annual_plan": self.annual_plan, "completed_ytd": self.completed_ytd, "projects": self.count,
                "started": self.started, "task_progress": task, "gap_points": gap,
                "double_half": double_half(time, task),
                # 开工进度: started ÷ planned to start by the date; 节点进度: met ÷ due by the date.
                "due_to_start": self.due_to_start, "started_of_due": self.started_of_due,
                "start_progress": task_progress(Decimal(self.started_of_due), Decimal(self.due_to_start)),
                "milestone_progress": task_progress(Decimal(self.milestones_met), Decimal(self.milestones_due))}


STARTED = Q(actual_start__isnull=False) | Q(stage__in=STARTED_STAGES)


def _sums(as_of: date):
    due = Q(planned_start__lte=as_of)
    return {
        "annual_plan_sum": Coalesce(Sum("annual_plan"), ZERO),
        "completed_ytd_sum": Coalesce(Sum("completed_ytd"), ZERO),
        "count": Count("pk"),
        "started": Count("pk", filter=STARTED),
        "due_to_start": Count("pk", filter=due),
        "started_of_due": Count("pk", filter=due & STARTED),
        "milestones_due_sum": Sum("milestones_due"),
        "milestones_met_sum": Sum("milestones_met"),
    }


def _milestone_counts(as_of: date) -> dict:
    """Per project, the milestones due by `as_of` and those of them met by then (subqueries: no join fan-out)."""
    due = Milestone.objects.filter(project=OuterRef("pk"), planned_date__lte=as_of).order_by().values("project")
    met = due.filter(actual_date__lte=as_of, status__in=[Milestone.Status.MET, Milestone.Status.PARTIAL])
    count = Func(F("pk"), function="COUNT")
    return {"milestones_due": Coalesce(Subquery(due.annotate(n=count).values("n")[:1]), 0),
            "milestones_met": Coalesce(Subquery(met.annotate(n=count).values("n")[:1]), 0)}


def reporting_region(user=None, projects: QuerySet[Project] | None = None) -> Region | None:
    """Whose periods figures and warnings are read from: the user's region; for an owner or a department, who
    have none, the region whose periods their projects report in; with no user, the latest period's region."""
    if user is not None and user.region_id:
        return user.region
    periods = Period.objects.select_related("region").order_by("-year", "-month", "-id")
    if user is not None:
        projects = projects if projects is not None else visible_projects(user)
        periods = periods.filter(reports__project__in=projects.values("pk"))
    latest = periods.first()
    return latest.region if latest else Region.objects.filter(parent__isnull=True).order_by("id").first()


def progress(user, *, as_of: date, programme=None, region: Region | None = None, mine: bool = False) -> dict:
    projects = tracked_projects(user, year=as_of.year, programme=programme, mine=mine)
    period = as_of_period(region or reporting_region(user, projects), as_of)
    projects = with_period_figures(projects, period).annotate(
        annual_plan=Coalesce(annual_plan_subquery(year=as_of.year, programme=programme.pk if programme else None),
                             ZERO), **_milestone_counts(as_of))
    time = time_progress(as_of)
    totals = projects.aggregate(**_sums(as_of))
    result = {"as_of": as_of.isoformat(), "time_progress": time, **Figures.from_row(totals).as_dict(time)}
    for key, name_field in GROUPINGS.items():
        rows = projects.order_by().values(group=F(name_field)).annotate(**_sums(as_of)).order_by("group")
        groups = [{"name": row["group"] or "（未明确）", **Figures.from_row(row).as_dict(time)} for row in rows]
        groups.sort(key=lambda g: (g["task_progress"] is None, -(g["task_progress"] or 0)))
        result[key] = groups
    result["project_rows"] = projects
    return result
