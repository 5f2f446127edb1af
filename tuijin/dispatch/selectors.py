"""Reads of the dispatch cycle, always through the user's project scope."""

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from tuijin.core.loop import OPEN_STATUSES
from tuijin.core.roles import Role
from tuijin.org.models import Region
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Project
from tuijin.projects.selectors import visible_projects

from .figures import with_period_figures
from .models import Period, Problem, ProgressReport

# Who reports in a period: projects on one of that year's lists that are being built or about to be,
# and any project under construction. Planned, paused, withdrawn and effective projects do not.
REPORTING_STAGES = [Stage.PENDING, Stage.CONSTRUCTION, Stage.COMPLETED]


def visible_periods(user) -> QuerySet[Period]:
    periods = Period.objects.select_related("region")
    if user.region_id:
        ancestors = [int(pk) for pk in user.region.path.strip("/").split("/")]
        return periods.filter(Q(region__path__startswith=user.region.path) | Q(region_id__in=ancestors))
    return periods


def expected_projects(period: Period) -> QuerySet[Project]:
    in_region = Project.objects.filter(region__path__startswith=period.region.path)
    listed = Q(memberships__programme__year=period.year, stage__in=REPORTING_STAGES)
    return in_region.filter(listed | Q(stage=Stage.CONSTRUCTION)).distinct()


def reporting_board(user, period: Period, *, status: str = "") -> QuerySet[Project]:
    """填报情况: every project due to report this period that `user` sees, with its report's status and figures."""
    report = ProgressReport.objects.filter(period=period, project=OuterRef("pk"))
    projects = visible_projects(user).filter(pk__in=expected_projects(period).values("pk"))
    projects = with_period_figures(projects, period).annotate(
        report_id=Subquery(report.values("pk")[:1]),
        report_status=Subquery(report.values("status")[:1]),
    ).select_related("owner", "lead_department", "leader").order_by("lead_department__order", "id")
    if status == "missing":
        projects = projects.filter(Q(report_status__isnull=True) | Q(report_status__in=["draft", "returned"]))
    elif status:
        projects = projects.filter(report_status=status)
    return projects


def board_summary(projects: QuerySet[Project], period: Period) -> dict:
    figures = projects.order_by().aggregate(
        expected=Count("pk"),
        approved=Count("pk", filter=Q(report_status="approved")),
        submitted=Count("pk", filter=Q(report_status="submitted")),
        returned=Count("pk", filter=Q(report_status="returned")),
        draft=Count("pk", filter=Q(report_status="draft")),
        missing=Count("pk", filter=Q(report_status__isnull=True)),
    )
    figures["not_in"] = figures["missing"] + figures["draft"] + figures["returned"]
    figures["late"] = period.is_open and timezone.localdate() > period.deadline and figures["not_in"] > 0
    return figures


def remind_list(user, period: Period) -> list[dict]:
    """Who still owes a report: by unit, with the projects, for the reminder the office sends."""
    rows: dict[str, dict] = {}
    for project in reporting_board(user, period, status="missing"):
        unit = project.owner.name if project.owner else str(project.lead_department or "—")
        entry = rows.setdefault(unit, {"unit": unit, "department": str(project.lead_department or ""),
                                       "projects": []})
        entry["projects"].append(project.name)
    return sorted(rows.values(), key=lambda r: (r["department"], r["unit"]))


def visible_problems(user) -> QuerySet[Problem]:
    problems = Problem.objects.select_related("project", "department", "report__period")
    if user.role == Role.DEPARTMENT:
        return problems.filter(Q(department_id=user.department_id)
                               | Q(project__in=visible_projects(user).values("pk")))
    return problems.filter(project__in=visible_projects(user).values("pk"))


def problem_list(user, *, status: str = "open", department: int | None = None, kind: str = "",
                 project: int | None = None) -> QuerySet[Problem]:
    """Overdue first, then by deadline; open ones unless asked otherwise."""
    today = timezone.localdate()
    problems = visible_problems(user)
    if status == "open":
        problems = problems.filter(status__in=OPEN_STATUSES)
    elif status:
        problems = problems.filter(status=status)
    if department:
        problems = problems.filter(department_id=department)
    if kind:
        problems = problems.filter(kind=kind)
    if project:
        problems = problems.filter(project_id=project)
    return problems.annotate(
        overdue=Case(When(status__in=OPEN_STATUSES, deadline__lt=today, then=Value(1)), default=Value(0),
                     output_field=IntegerField()),
    ).order_by("-overdue", F("deadline").asc(nulls_last=True), "id")


def problem_counts_by_department(user) -> QuerySet:
    today = timezone.localdate()
    return visible_problems(user).filter(status__in=OPEN_STATUSES).values("department_id", "department__short_name").annotate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))).order_by("-overdue", "-open")


def default_region(user) -> Region | None:
    return user.region or Region.objects.filter(parent__isnull=True).first()
