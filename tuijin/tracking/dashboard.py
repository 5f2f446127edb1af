"""The leaders' dashboard (驾驶舱): every figure from aggregate queries over the user's scope, and the
drill-down behind each one. The figures come from the same selectors as the registry, `tuijin progress`,
the 调度表 and the bulletin, so they agree."""

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.loop import OPEN_STATUSES
from tuijin.dispatch.figures import COUNTED, ZERO
from tuijin.dispatch.models import Period, Problem
from tuijin.projects.selectors import registry_summary, visible_projects

from .progress import time_progress
from .selectors import (
    STARTED,
    mine_only,
    progress_figures,
    progress_projects,
    project_figure_rows,
    tracked_projects,
)
from .warnings import evaluate, project_levels

DRILLS = {
    "all": _("清单项目"),
    "double_half": _("已达到序时进度的项目"),
    "behind": _("未达到序时进度的项目"),
    "started": _("已开工项目"),
    "not_started_due": _("计划已开工但尚未开工的项目"),
}


def default_as_of(user) -> date:
    """Today, or — when this year has no dispatch yet — the last day of the latest period the user can see."""
    today = timezone.localdate()
    periods = Period.objects.all()
    if user.region_id:
        periods = periods.filter(region__path__startswith=user.region.path)
    latest = periods.filter(reports__isnull=False).order_by("-year", "-month").first()
    if latest is None or latest.year == today.year:
        return today
    from tuijin.dispatch.services import period_end

    return period_end(latest)


def dashboard(user, *, as_of: date, programme=None, mine: bool = False) -> dict:
    rows = project_figure_rows(user, as_of=as_of, programme=programme, mine=mine)
    figures = progress_figures(rows, as_of=as_of)
    time = figures["time_progress"]
    registry = visible_projects(user)
    if mine:
        registry = mine_only(user, registry)
    stages = registry_summary(registry.annotate(annual_plan=ZERO))
    # 双过半 per project: task progress (ytd ÷ plan) at least the time progress.
    planned = [row for row in rows if row["annual_plan"] > 0]
    achieved = sum(1 for row in planned if row["completed_ytd"] >= time * row["annual_plan"])
    problems = Problem.objects.filter(project__in=registry.values("pk"), status__in=OPEN_STATUSES)
    levels = project_levels(evaluate(as_of=as_of, user=user))
    if mine:
        own = set(mine_only(user, registry).values_list("pk", flat=True))
        levels = {pk: level for pk, level in levels.items() if pk in own}
    return {
        "as_of": as_of, "time_progress": time, "totals": figures, "stages": stages,
        "warnings": {"red": sum(1 for v in levels.values() if v == "red"),
                     "yellow": sum(1 for v in levels.values() if v == "yellow")},
        "total_investment": sum((row["total_investment"] or Decimal(0) for row in rows), Decimal(0)),
        "double_half": {"achieved": achieved, "of": len(planned)},
        "behind": len(planned) - achieved,
        "not_started_due": figures["due_to_start"] - figures["started_of_due"],
        "starts": {"due": figures["due_to_start"], "started": figures["started_of_due"]},
        "problems": {"open": problems.count(), "overdue": problems.filter(deadline__lt=as_of).count()},
        "monthly": monthly_curve(user, as_of=as_of, programme=programme, mine=mine,
                                 annual_plan=figures["annual_plan"]),
        "by_department": figures["by_department"], "by_category": figures["by_category"],
        "by_leader": figures["by_leader"],
    }


def monthly_curve(user, *, as_of: date, programme, mine: bool, annual_plan: Decimal) -> list[dict]:
    """Cumulative completed investment by month against the plan line (the annual plan spread by time)."""
    projects = tracked_projects(user, year=as_of.year, programme=programme, mine=mine)
    # Grouped from the periods' side: from the reports' side, PostgreSQL paired every tracked project with every
    # period and looked up the reports of each pair (1.4 s at city scale instead of 40 ms).
    counted = Q(reports__status__in=COUNTED, reports__project__in=projects.values("pk"))
    by_month = {month: total or Decimal(0) for month, total in Period.objects.filter(
        year=as_of.year, month__lte=as_of.month).values("month").annotate(
        s=Sum("reports__invest_month", filter=counted)).values_list("month", "s")}
    curve, running = [], Decimal(0)
    for month in range(1, 13):
        running += by_month.get(month, Decimal(0))
        curve.append({"month": month, "completed": running if month <= as_of.month else None,
                      "plan": annual_plan * Decimal(month) / Decimal(12)})
    return curve


def drill(user, *, as_of: date, metric: str, programme=None, mine: bool = False, department: str = "",
          category: str = "", leader: str = "") -> tuple[str, QuerySet]:
    """The projects behind a dashboard figure, with the figures the dashboard summed."""
    rows = progress_projects(user, as_of=as_of, programme=programme, mine=mine)
    time = time_progress(as_of)
    rows = rows.annotate(task_progress=ExpressionWrapper(
        F("completed_ytd") / NullIf(F("annual_plan"), 0), output_field=DecimalField(max_digits=18, decimal_places=6)))
    title = str(DRILLS.get(metric, DRILLS["all"]))
    if metric == "double_half":
        rows = rows.filter(annual_plan__gt=0, completed_ytd__gte=time * F("annual_plan"))
    elif metric == "behind":
        rows = rows.filter(annual_plan__gt=0, completed_ytd__lt=time * F("annual_plan"))
    elif metric == "started":
        rows = rows.filter(STARTED)
    elif metric == "not_started_due":
        rows = rows.exclude(STARTED).filter(planned_start__lte=as_of)
    if department:
        rows, title = rows.filter(lead_department__short_name=department), f"{department} · {title}"
    if category:
        rows, title = rows.filter(category__name=category), f"{category} · {title}"
    if leader:
        rows, title = rows.filter(leader__name=leader), f"{leader} · {title}"
    return title, rows.select_related("lead_department", "leader", "category").order_by(
        F("task_progress").asc(nulls_last=True), "id")
