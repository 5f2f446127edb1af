"""Reads of projects, always through the user's scope."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Count,
    DecimalField,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tuijin.core import audit
from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role

from .lifecycle import STAGE_GROUPS, STARTED_STAGES
from .models import ListMembership, Project

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=4))


def visible_projects(user) -> QuerySet[Project]:
    """Every project `user` may read. The one place scope becomes a query."""
    projects = Project.objects.all()
    if not user.is_authenticated:
        return projects.none()
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            if user.region_id:
                return projects.filter(region__path__startswith=user.region.path)
            return projects
        case Role.DEPARTMENT:
            return projects.filter(
                Q(lead_department_id=user.department_id) | Q(co_departments__id=user.department_id)
            ).distinct()
        case Role.OWNER:
            return projects.filter(owner_id=user.enterprise_id)
    return projects.none()


def get_visible_project(user, pk) -> Project:
    """The project, or 404 when it does not exist or `user` may not see it (no hint which)."""
    try:
        return visible_projects(user).select_related(
            "category", "region", "owner", "leader", "lead_department").get(pk=pk)
    except (Project.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@dataclass
class RegistryFilters:
    stage: str = ""
    group: str = ""
    programme: int | None = None
    category: int | None = None
    department: int | None = None
    leader: int | None = None
    region: int | None = None
    text: str = ""
    started: bool | None = None
    year: int = field(default_factory=lambda: settings.TUIJIN_DEFAULT_YEAR)
    sort: str = "id"


SORTS = {
    "id": ["id"],
    "name": ["name", "id"],
    "-total": ["-total_investment", "id"],
    "total": ["total_investment", "id"],
    "-annual": ["-annual_plan", "id"],
    "stage": ["stage", "id"],
    "planned_start": ["planned_start", "id"],
    # 任务进度: this year's completed investment against the annual plan; laggards first, or leaders first
    "progress": [F("task_progress").asc(nulls_last=True), "id"],
    "-progress": [F("task_progress").desc(nulls_last=True), "id"],
}


def annual_plan_subquery(*, year: int, programme: int | None):
    """A project's annual planned investment: on the chosen list, else the largest of its lists that year
    (a project on both the city's and the zone's list carries the same plan; adding them would count twice)."""
    memberships = ListMembership.objects.filter(project=OuterRef("pk"))
    memberships = memberships.filter(programme_id=programme) if programme else memberships.filter(
        programme__year=year)
    return Subquery(memberships.order_by("-annual_plan").values("annual_plan")[:1])


def annual_plans(projects: QuerySet, *, year: int, programme: int | None) -> dict[int, Decimal]:
    """annual_plan_subquery's plan for many projects at once, by project id, in one grouped read (projects on no
    list that year have no entry); as a subquery asked of every project it cost most of a large export."""
    memberships = ListMembership.objects.filter(project__in=projects.values("pk"))
    memberships = memberships.filter(programme_id=programme) if programme else memberships.filter(
        programme__year=year)
    return dict(memberships.order_by().values("project_id").annotate(plan=Max("annual_plan")).values_list(
        "project_id", "plan"))


def with_task_progress(projects: QuerySet, *, year: int) -> QuerySet:
    """任务进度 = completed this year ÷ annual plan (the `annual_plan` annotation); none without a plan. As floats:
    SQLite divides whole-number decimals as integers."""
    from tuijin.dispatch.figures import (
        year_completed_subquery,  # dispatch builds on projects: import when used
    )

    # No plan (0) divides by NULL, which gives none. Each name below repeats its subquery in the SQL, which the
    # databases evaluate again: as CASE WHEN plan > 0 THEN … the plan's subquery ran three times a row.
    return projects.annotate(
        year_completed=Coalesce(year_completed_subquery(year=year), ZERO),
        task_progress=Cast("year_completed", FloatField()) / Cast(NullIf("annual_plan", ZERO), FloatField()))


def _involving(department: int) -> QuerySet:
    """The ids of the projects `department` leads or helps with: the union of two index reads. (As an OR over
    a join to the helpers, the databases walked every project in scope at the chosen stage, and PostgreSQL
    every project even for an OR of the two subqueries.)"""
    led = Project.objects.filter(lead_department_id=department).order_by().values("pk")
    helpers = Project.co_departments.through.objects.filter(department_id=department)
    return led.union(helpers.order_by().values("project_id"))


def registry_projects(user, filters: RegistryFilters) -> QuerySet[Project]:
    """The projects the filters select in `user`'s scope, each once, with the year's annual plan: what the
    registry's summary counts and adds up, and what it lists (`sorted_registry`, `registry_table`)."""
    projects = visible_projects(user)
    if filters.stage:
        projects = projects.filter(stage=filters.stage)
    if filters.group in STAGE_GROUPS:
        projects = projects.filter(stage__in=STAGE_GROUPS[filters.group][1])
    if filters.programme:
        projects = projects.filter(memberships__programme_id=filters.programme)
    if filters.category:
        projects = projects.filter(category_id=filters.category)
    if filters.department:
        projects = projects.filter(pk__in=_involving(filters.department))
    if filters.leader:
        projects = projects.filter(leader_id=filters.leader)
    if filters.region:
        projects = projects.filter(region__path__contains=f"/{filters.region}/")
    if filters.started is not None:
        projects = projects.filter(actual_start__isnull=not filters.started)
    if filters.text:
        for word in filters.text.split():
            projects = projects.filter(Q(name__icontains=word) | Q(short_name__icontains=word)
                                       | Q(code__icontains=word) | Q(owner__name__icontains=word))
    # The joins above may repeat a row; keep each project once before annotating.
    projects = Project.objects.filter(pk__in=projects.values("pk"))
    return projects.annotate(
        annual_plan=Coalesce(annual_plan_subquery(year=filters.year, programme=filters.programme), ZERO))


def _in_order(projects: QuerySet[Project], filters: RegistryFilters) -> QuerySet[Project]:
    return with_task_progress(projects, year=filters.year).order_by(*SORTS.get(filters.sort, SORTS["id"]))


def sorted_registry(projects: QuerySet[Project], filters: RegistryFilters) -> QuerySet[Project]:
    """`registry_projects` as the registry lists them: with 任务进度 and the related rows, in the chosen order."""
    projects = _in_order(projects, filters)
    return projects.select_related("category", "owner", "leader", "lead_department", "region")


# What the registry page's table prints, of some forty columns (long texts, amounts, timestamps, each
# converted per row). A field read but missing here costs a query per row, which tests/perf notices.
TABLE_FIELDS = ["name", "code", "stage", "total_investment", "planned_start", "actual_start",
                "category__name", "owner__name", "leader__name", "lead_department__name",
                "lead_department__short_name"]


def registry_table(projects: QuerySet[Project], filters: RegistryFilters) -> QuerySet[Project]:
    """`sorted_registry` for the page's table: only the columns it prints."""
    projects = _in_order(projects, filters).select_related("category", "owner", "leader", "lead_department")
    return projects.only(*TABLE_FIELDS)


def registry(user, filters: RegistryFilters) -> QuerySet[Project]:
    return sorted_registry(registry_projects(user, filters), filters)


def registry_summary(projects: QuerySet[Project]) -> dict:
    """The counts the seed speaks in, and the investment of what is shown, in one aggregate query."""
    aggregates = {key: Count("pk", filter=Q(stage__in=stages)) for key, (_, stages) in STAGE_GROUPS.items()}
    figures = projects.order_by().aggregate(
        total=Count("pk"),
        started=Count("pk", filter=Q(actual_start__isnull=False) | Q(stage__in=STARTED_STAGES)),
        total_investment_sum=Coalesce(Sum("total_investment"), ZERO),
        # Not named "annual_plan": an aggregate may not reuse the name of the annotation it sums.
        annual_plan_sum=Coalesce(Sum("annual_plan"), ZERO),
        **aggregates,
    )
    figures["groups"] = [(key, label, figures[key]) for key, (label, _) in STAGE_GROUPS.items()]
    return figures


ACTION_LABELS = {
    "project.create": _("项目入库"),
    "project.update": _("修改项目信息"),
    "project.stage": _("阶段变更"),
    "project.team": _("调整五个一"),
    "project.plan": _("上传推进方案"),
    "project.list_set": _("调整清单及年度计划"),
    "project.list_remove": _("移出清单"),
    "milestone.save": _("更新节点"),
    "milestone.delete": _("删除节点"),
    "preparation.save": _("更新前期工作"),
    "download.plan": _("下载推进方案"),
}


@dataclass
class TimelineEntry:
    at: object
    actor: str
    label: str
    changes: list[tuple[str, object, object]]
    reason: str


def _field_label(name: str) -> str:
    try:
        return str(Project._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _value_label(name: str, value):
    """A stored choice as its label (建设性质 new → 新建, 阶段 construction → 在建)."""
    try:
        choices = dict(Project._meta.get_field(name).flatchoices)
    except FieldDoesNotExist:
        return value
    return str(choices[value]) if isinstance(value, str) and value in choices else value


def project_timeline(project: Project, limit: int = 100) -> list[TimelineEntry]:
    """The project's story in words: every change to it, newest first, field names as users know them."""
    events = AuditEvent.objects.filter(project=project).exclude(action__startswith="download.").order_by(
        "-at", "-id")[:limit]
    return [
        TimelineEntry(
            at=event.at, actor=event.actor_name, label=str(ACTION_LABELS.get(event.action, event.action)),
            # (a new project's empty fields are in its created event: "空 → 空" says nothing)
            changes=[(_field_label(name), _value_label(name, old), _value_label(name, new))
                     for name, (old, new) in event.changes.items() if old not in (None, "") or new not in (None, "")],
            reason=event.reason,
        )
        for event in events
    ]


# The fields the as-of view shows, in the order of the project page.
HISTORY_FIELDS = ["code", "name", "stage", "nature", "category", "region", "owner", "address", "scale",
                  "planned_start", "planned_end", "signed_on", "actual_start", "actual_end", "total_investment",
                  "invest_fiscal", "invest_bond", "invest_self", "invest_loan", "invest_other", "designed_output",
                  "actual_output", "completed_before_tracking", "leader", "lead_department", "co_departments", "team"]


def _current_values(project: Project) -> dict:
    project = Project.objects.select_related("category", "region", "owner", "leader", "lead_department").get(
        pk=project.pk)  # as stored now, whatever copy the caller holds
    values = {name: audit.plain(getattr(project, name)) for name in HISTORY_FIELDS
              if name not in {"co_departments", "team"}}
    values["co_departments"] = sorted(str(d) for d in project.co_departments.all())
    values["team"] = sorted(str(p) for p in project.team.all())
    for membership in project.memberships.select_related("programme"):
        values[str(membership.programme)] = audit.plain(membership.annual_plan)
    return values


def project_as_of(project: Project, moment) -> dict | None:
    """What `project` looked like at `moment`: today's values with every later recorded change undone, newest
    first. Every write — page, import, command — goes through a service that records old and new values, so
    the trail is complete. None when the project did not exist yet."""
    values = _current_values(project)
    for event in AuditEvent.objects.filter(project=project, at__gt=moment).order_by("-at", "-id"):
        if event.action == "project.create":
            return None
        if event.action.startswith("project."):
            for name, (old, _new) in event.changes.items():
                values[name] = old
    return values


def history_rows(project: Project, moment) -> list[dict] | None:
    """The as-of view's table: each field then and now, with the fields named as users know them."""
    then = project_as_of(project, moment)
    if then is None:
        return None
    now = _current_values(project)
    rows = []
    for name in [*HISTORY_FIELDS, *sorted(set(then) - set(HISTORY_FIELDS))]:
        label = _field_label(name) if name in HISTORY_FIELDS else f"{name} · 年度计划投资"
        old, new = then.get(name), now.get(name)
        rows.append({"field": label, "then": _value_label(name, old), "now": _value_label(name, new),
                     "changed": old != new})
    return rows
