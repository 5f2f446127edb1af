"""Progress against time for any as-of date: the list's totals and every grouping, from aggregate queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tuijin.dispatch.figures import ZERO, completed_ytd_by_project, with_period_figures
from tuijin.dispatch.models import Period
from tuijin.org.models import Region
from tuijin.projects.lifecycle import STARTED_STAGES
from tuijin.projects.models import Milestone, Project
from tuijin.projects.selectors import annual_plan_subquery, annual_plans, visible_projects

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
    """The sums progress is read from, over any set of tracked projects (a list, a department's, a leader's)."""

    annual_plan: Decimal = Decimal(0)
    completed_ytd: Decimal = Decimal(0)
    count: int = 0
    started: int = 0
    due_to_start: int = 0
    started_of_due: int = 0
    milestones_due: int = 0
    milestones_met: int = 0

    def add(self, row: dict, as_of: date) -> None:
        """Count one project row (see ROW_FIELDS)."""
        started = row["actual_start"] is not None or row["stage"] in STARTED_STAGES
        due = row["planned_start"] is not None and row["planned_start"] <= as_of
        self.annual_plan += row["annual_plan"]
        self.completed_ytd += row["completed_ytd"]
        self.count += 1
        self.started += started
        self.due_to_start += due
        self.started_of_due += due and started
        self.milestones_due += row["milestones_due"]
        self.milestones_met += row["milestones_met"]

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


# Started at all (the dashboard's 已开工 and its drill-down); Figures.add applies the same rule to a row.
STARTED = Q(actual_start__isnull=False) | Q(stage__in=STARTED_STAGES)
# What each tracked project contributes to the sums, read once (progress_projects annotates the figures).
ROW_FIELDS = ["pk", "annual_plan", "completed_ytd", "milestones_due", "milestones_met", "actual_start", "stage",
              "planned_start", "total_investment"]
OWN_FIELDS = [name for name in ROW_FIELDS if name not in ("annual_plan", "completed_ytd")]
NOTHING = Decimal(0)


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


def _tracked(user, *, as_of: date, programme, region: Region | None, mine: bool) -> tuple[QuerySet, Period]:
    """The tracked projects and the period their figures are read from (the as-of month's, of the reporting
    region)."""
    projects = tracked_projects(user, year=as_of.year, programme=programme, mine=mine)
    return projects, as_of_period(region or reporting_region(user, projects), as_of)


def progress_projects(user, *, as_of: date, programme=None, region: Region | None = None,
                      mine: bool = False) -> QuerySet[Project]:
    """The tracked projects with the figures progress is measured on: completed_ytd (the as-of month's period of
    the reporting region), annual_plan, milestones_due and milestones_met."""
    projects, period = _tracked(user, as_of=as_of, programme=programme, region=region, mine=mine)
    return with_period_figures(projects, period).annotate(
        annual_plan=Coalesce(annual_plan_subquery(year=as_of.year, programme=programme.pk if programme else None),
                             ZERO), **_milestone_counts(as_of))


def project_figure_rows(user, *, as_of: date, programme=None, region: Region | None = None,
                        mine: bool = False) -> list[dict]:
    """progress_projects' figures (ROW_FIELDS) and groups, a row per tracked project: the totals and the three
    groupings are summed from these rows rather than asking the database to work out every project's figures
    four times over. The 1-N月 and the plans come from one grouped read each: as subqueries asked of every
    project they were most of a province's dashboard."""
    projects, period = _tracked(user, as_of=as_of, programme=programme, region=region, mine=mine)
    groups = {key: F(name_field) for key, name_field in GROUPINGS.items()}
    rows = list(projects.annotate(**_milestone_counts(as_of)).order_by().values(*OWN_FIELDS, **groups))
    return add_year_figures(rows, projects, period, programme=programme.pk if programme else None)


def add_year_figures(rows: list[dict], projects: QuerySet[Project], period: Period, *,
                     programme: int | None = None) -> list[dict]:
    """Set each row's "completed_ytd" (1-N月 of `period`) and "annual_plan" (on `programme`, else the largest of
    the year's lists), 0 where there is none, from one grouped read each for all of `projects`."""
    completed = completed_ytd_by_project(projects, period)
    plans = annual_plans(projects, year=period.year, programme=programme)
    for row in rows:
        row["completed_ytd"] = completed.get(row["pk"], NOTHING)
        row["annual_plan"] = plans.get(row["pk"], NOTHING)
    return rows


def progress_figures(rows: list[dict], *, as_of: date) -> dict:
    """The totals and the groupings by department, leader and category of `project_figure_rows`."""
    time = time_progress(as_of)
    totals = Figures()
    grouped: dict[str, dict[str | None, Figures]] = {key: {} for key in GROUPINGS}
    for row in rows:
        totals.add(row, as_of)
        for key, groups in grouped.items():
            groups.setdefault(row[key], Figures()).add(row, as_of)
    result = {"as_of": as_of.isoformat(), "time_progress": time, **totals.as_dict(time)}
    for key, groups in grouped.items():
        named = [{"name": name or "（未明确）", **figures.as_dict(time)}
                 for name, figures in sorted(groups.items(), key=lambda item: (item[0] is not None, item[0] or ""))]
        named.sort(key=lambda g: (g["task_progress"] is None, -(g["task_progress"] or 0)))
        result[key] = named
    return result


def progress(user, *, as_of: date, programme=None, region: Region | None = None, mine: bool = False) -> dict:
    rows = project_figure_rows(user, as_of=as_of, programme=programme, region=region, mine=mine)
    projects = progress_projects(user, as_of=as_of, programme=programme, region=region, mine=mine)
    return {**progress_figures(rows, as_of=as_of), "project_rows": projects}
