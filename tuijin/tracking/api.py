"""Progress against time, 双过半, warnings and the dashboard figures over the JSON API: the same selectors the
dashboard and the 红黄榜 pages read, with the same choices (as-of date, list, "mine")."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from tuijin.api.bridge import clean
from tuijin.api.errors import ApiError
from tuijin.api.schemas import Id, Input, Money, responses
from tuijin.dashboard.views import DashboardForm

from . import dashboard as dashboard_figures
from . import selectors
from . import warnings as warning
from .models import Level, RuleKind

router = Router(tags=["进度与预警"])


class Figures(Schema):
    annual_plan: Money
    completed_ytd: Money
    projects: int
    started: int
    task_progress: Decimal | None
    gap_points: Decimal | None
    double_half: bool
    due_to_start: int
    started_of_due: int
    start_progress: Decimal | None
    milestone_progress: Decimal | None


class GroupFigures(Figures):
    name: str


class ProgressOut(Figures):
    as_of: date
    time_progress: Decimal
    by_department: list[GroupFigures]
    by_leader: list[GroupFigures]
    by_category: list[GroupFigures]


# The dates figures are asked for: the years a zone's dispatch can have, with room on both sides.
AsOf = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]


class Choices(Input):
    """The dashboard's choices: the as-of date (default: today, or the end of the latest dispatched month when
    this year has none), a list id, and `mine` for a leader's own projects."""

    as_of: AsOf | None = None
    programme: Id | None = None
    mine: bool = False


class WarningQuery(Input):
    as_of: AsOf | None = None
    level: str = ""
    kind: str = ""
    department: Id | None = None


class WarningOut(Schema):
    project_id: int
    project_name: str
    level: str
    kind: str
    rule: str
    reason: str
    department_id: int | None
    department: str


class WarningList(Schema):
    as_of: date
    red_projects: int
    yellow_projects: int
    items: list[WarningOut]


class StageGroup(Schema):
    key: str
    label: str
    count: int


class DoubleHalf(Schema):
    achieved: int
    of: int


class MonthPoint(Schema):
    month: int
    completed: Money | None
    plan: Money


class DashboardOut(Schema):
    as_of: date
    time_progress: Decimal
    totals: ProgressOut
    stages: list[StageGroup]
    projects: int
    started: int
    total_investment: Money
    warnings: dict[str, int]
    double_half: DoubleHalf
    behind: int
    not_started_due: int
    problems: dict[str, int]
    monthly: list[MonthPoint]


def _choices(user, given: Choices) -> dict:
    """The dashboard form reads the choices, so a list outside the caller's region is refused the same way."""
    data = QueryDict(mutable=True)
    for name, value in given.dict().items():
        if value not in (None, False, ""):
            data[name] = value.isoformat() if isinstance(value, date) else ("on" if value is True else str(value))
    form = DashboardForm(data, user=user)
    if data:
        clean(form)
    return form.choices(user)


@router.get("/progress", response=responses(ProgressOut), url_name="progress")
def progress(request, choices: Query[Choices]):
    """序时进度与任务进度、双过半：合计，及按责任单位、责任领导、类别分组。"""
    picked = _choices(request.auth, choices)
    figures = selectors.progress(request.auth, as_of=picked["as_of"], programme=picked["programme"],
                                 mine=picked["mine"])
    figures.pop("project_rows")
    return figures


@router.get("/warnings", response=responses(WarningList), url_name="warnings")
def warnings(request, query: Query[WarningQuery]):
    """红黄榜：截至某日的全部预警（实时计算），可按等级、规则、责任单位筛选。"""
    if query.level and query.level not in Level.values:
        raise ApiError(400, "invalid", _("未知的预警等级。"), {"level": _("可选：%(v)s") % {"v": "、".join(Level.values)}})
    if query.kind and query.kind not in RuleKind.values:
        raise ApiError(400, "invalid", _("未知的预警规则。"), {"kind": _("可选：%(v)s") % {
            "v": "、".join(RuleKind.values)}})
    as_of = query.as_of or dashboard_figures.default_as_of(request.auth)
    shown = warning.filter_warnings(warning.evaluate(as_of=as_of, user=request.auth), level=query.level,
                                    kind=query.kind, department=query.department)
    levels = warning.project_levels(shown)
    return {"as_of": as_of, "items": shown,
            "red_projects": sum(1 for v in levels.values() if v == Level.RED),
            "yellow_projects": sum(1 for v in levels.values() if v == Level.YELLOW)}


@router.get("/dashboard", response=responses(DashboardOut), url_name="dashboard")
def dashboard(request, choices: Query[Choices]):
    """驾驶舱的数字：与驾驶舱页面同一来源。"""
    picked = _choices(request.auth, choices)
    f = dashboard_figures.dashboard(request.auth, as_of=picked["as_of"], programme=picked["programme"],
                                    mine=picked["mine"])
    stages = f["stages"]
    return {
        "as_of": f["as_of"], "time_progress": f["time_progress"],
        "totals": {**f["totals"], "as_of": f["as_of"]},
        "stages": [{"key": key, "label": str(label), "count": count} for key, label, count in stages["groups"]],
        "projects": stages["total"], "started": stages["started"],
        "total_investment": f["total_investment"], "warnings": f["warnings"], "double_half": f["double_half"],
        "behind": f["behind"], "not_started_due": f["not_started_due"], "problems": f["problems"],
        "monthly": f["monthly"],
    }
