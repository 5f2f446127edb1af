"""The registry over the JSON API: the same selectors, forms and services as the project pages."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError, is_stale
from tuijin.api.keyset import Order, page
from tuijin.api.schemas import Id, Input, Money, Ref, Version, ref, responses
from tuijin.core.models import AuditEvent

from . import permissions, selectors, services
from .filters import RegistryFilterForm
from .forms import MilestoneForm, ProjectForm, TransitionForm
from .lifecycle import Stage, TransitionFacts
from .models import Milestone, Project
from .services import EDITABLE_FIELDS

router = Router(tags=["项目"])

# The registry's sorts (selectors.SORTS), as the keyset cursor walks them: one field, then id.
ORDERS = {
    "id": Order("id", kind=int),
    "name": Order("name"),
    "-total": Order("total_investment", descending=True, kind=Decimal),
    "total": Order("total_investment", kind=Decimal),
    "-annual": Order("annual_plan", descending=True, kind=Decimal),
    "stage": Order("stage"),
    "planned_start": Order("planned_start", kind=date),
    "progress": Order("task_progress", kind=float),
    "-progress": Order("task_progress", descending=True, kind=float),
}
assert ORDERS.keys() == selectors.SORTS.keys(), "every registry sort needs its keyset order"

# Project actions that move its version on (see services._locked/_bump): what a 409 reports as changed since.
VERSIONED_ACTIONS = ["project.update", "project.stage", "project.team", "project.plan", "project.list_set",
                     "project.list_remove", "milestone.save", "milestone.delete", "preparation.save"]


# --- shapes ---------------------------------------------------------------------------------------------

class ProjectRow(Schema):
    id: int
    code: str | None
    name: str
    stage: str
    stage_label: str
    category: Ref
    region: Ref
    owner: Ref | None
    leader: Ref | None
    lead_department: Ref | None
    total_investment: Money | None
    annual_plan: Money | None
    planned_start: date | None
    actual_start: date | None
    version: Version

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(Stage(obj.stage).label)

    @staticmethod
    def resolve_category(obj):
        return ref(obj.category)

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)

    @staticmethod
    def resolve_owner(obj):
        return ref(obj.owner)

    @staticmethod
    def resolve_leader(obj):
        return ref(obj.leader)

    @staticmethod
    def resolve_lead_department(obj):
        return ref(obj.lead_department)

    @staticmethod
    def resolve_annual_plan(obj):
        return getattr(obj, "annual_plan", None)


class ProjectPage(Schema):
    items: list[ProjectRow]
    next_cursor: str | None
    count: int


class ProjectDetail(ProjectRow):
    short_name: str
    description: str
    nature: str
    planning_field: str
    industry: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    scale: str
    planned_end: date | None
    actual_end: date | None
    signed_on: date | None
    invest_fiscal: Money | None
    invest_bond: Money | None
    invest_self: Money | None
    invest_loan: Money | None
    invest_other: Money | None
    designed_output: Money | None
    actual_output: Money | None
    completed_before_tracking: Money | None
    stage_reason: str
    updated_at: datetime


class RegistryQuery(Input):
    """The registry page's filters, by the same names."""

    q: str = ""
    group: str = ""
    stage: str = ""
    programme: Id | None = None
    category: Id | None = None
    department: Id | None = None
    leader: Id | None = None
    region: Id | None = None
    started: str = ""
    sort: str = "id"
    cursor: str | None = None
    limit: int = 50


class ProjectFields(Input):
    """A project's facts as the form takes them; ids for the records it points to."""

    code: str | None = None
    short_name: str | None = None
    description: str | None = None
    nature: str | None = None
    planning_field: str | None = None
    industry: str | None = None
    address: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    owner: Id | None = None
    scale: str | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    signed_on: date | None = None
    total_investment: Decimal | None = None
    invest_fiscal: Decimal | None = None
    invest_bond: Decimal | None = None
    invest_self: Decimal | None = None
    invest_loan: Decimal | None = None
    invest_other: Decimal | None = None
    designed_output: Decimal | None = None
    actual_output: Decimal | None = None
    completed_before_tracking: Decimal | None = None
    reason: str = ""


class ProjectCreate(ProjectFields):
    name: str
    category: Id
    region: Id
    leader: Id | None = None
    lead_department: Id | None = None


class ProjectUpdate(ProjectFields):
    version: Version
    name: str | None = None
    category: Id | None = None
    region: Id | None = None


class TransitionIn(Input):
    version: Version
    to_stage: str
    actual_start: date | None = None
    actual_end: date | None = None
    signed_on: date | None = None
    actual_output: Decimal | None = None
    effective_by_decision: bool = False
    reason: str = ""


class MilestoneOut(Schema):
    id: int
    order: int
    name: str
    planned_date: date | None
    actual_date: date | None
    status: str
    status_label: str
    note: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class MilestoneIn(Input):
    version: Version
    name: str
    planned_date: date | None = None
    actual_date: date | None = None
    status: str = Milestone.Status.SCHEDULED
    note: str = ""


class MilestonePatch(Input):
    version: Version
    name: str | None = None
    planned_date: date | None = None
    actual_date: date | None = None
    status: str | None = None
    note: str | None = None


# --- helpers ----------------------------------------------------------------------------------------------

def conflict(project: Project, expected: int, error: ValidationError) -> ApiError:
    """409, naming what was changed since `expected` as far as the trail says (each versioned change wrote
    one event): who changed which field, when."""
    current = Project.objects.values_list("version", flat=True).get(pk=project.pk)
    fields = {"version": _("当前版本为 %(v)s，您提交的是 %(e)s。") % {"v": current, "e": expected}}
    missed = max(0, min(current - expected, 20))
    events = AuditEvent.objects.filter(project=project, action__in=VERSIONED_ACTIONS).order_by("-at", "-id")
    for event in reversed(list(events[:missed])):
        label = str(selectors.ACTION_LABELS.get(event.action, event.action))
        for name, change in (event.changes or {}).items():
            old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
            fields[name] = _("%(who)s 于 %(at)s %(what)s：%(old)s → %(new)s") % {
                "who": event.actor_name, "at": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"), "what": label,
                "old": old if old not in (None, "") else "（空）", "new": new if new not in (None, "") else "（空）"}
    changed = [str(selectors._field_label(name)) for name in fields if name != "version"]  # the timeline's labels
    message = "；".join(error.messages)
    if changed:
        message += _("期间修改了：%(f)s。") % {"f": "、".join(changed)}
    return ApiError(409, "version_conflict", message, fields)


def versioned(project: Project, expected: int, call):
    try:
        return call()
    except ValidationError as error:
        if is_stale(error):
            raise conflict(project, expected, error) from error
        raise


def _detail(user, pk: int) -> Project:
    """The project as the registry shows it (in scope, with this year's annual plan), or 404."""
    project = selectors.registry(user, selectors.RegistryFilters()).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


# --- operations -----------------------------------------------------------------------------------------

@router.get("/projects", response=responses(ProjectPage), url_name="projects")
def project_list(request, filters: Query[RegistryQuery]):
    """项目储备库：the registry's filters, in the caller's scope; keyset pages of up to 200 rows."""
    params = filters.dict()
    if params["sort"] not in ORDERS:
        raise ApiError(400, "invalid", _("未知的排序“%(s)s”。") % {"s": params["sort"]},
                       {"sort": _("可选：%(o)s") % {"o": "、".join(ORDERS)}})
    if not 1 <= params["limit"] <= 200:
        raise ApiError(400, "invalid", _("每页条数应为1到200。"), {"limit": _("每页条数应为1到200。")})
    query = QueryDict(mutable=True)
    for name in ("q", "group", "stage", "programme", "category", "department", "leader", "region", "started",
                 "sort"):
        if params[name] not in (None, ""):
            query[name] = str(params[name])
    form = RegistryFilterForm(query, user=request.auth)
    registry_filters = form.to_filters()
    if form.errors:  # the page leaves a bad filter out; a script is told
        clean(form)
    rows = selectors.registry(request.auth, registry_filters)
    count = rows.count()
    items, next_cursor = page(rows, sort=params["sort"], order=ORDERS[params["sort"]], cursor=params["cursor"],
                              limit=params["limit"])
    return {"items": items, "next_cursor": next_cursor, "count": count}


@router.post("/projects", response=responses(ProjectDetail, ok_status=201), url_name="project_create")
def project_create(request, payload: ProjectCreate):
    """项目入库（项目办、责任单位）。"""
    user = request.auth
    permissions.require(permissions.can_create(user))
    form = ProjectForm(form_data(payload.dict(exclude_unset=True)), user=user)
    data = clean(form)
    reason = data.pop("reason", "")
    data.pop("version", None)
    project = services.project_create(actor=user, data=data, reason=reason)
    return Status(201, _detail(user, project.pk))


@router.get("/projects/{int:project_id}", response=responses(ProjectDetail), url_name="project")
def project_detail(request, project_id: Id):
    return _detail(request.auth, project_id)


@router.patch("/projects/{int:project_id}", response=responses(ProjectDetail), url_name="project_update")
def project_update(request, project_id: Id, payload: ProjectUpdate):
    """修改项目信息：只改所给字段；`version` 为读取时的版本，期间被他人修改则 409。"""
    user = request.auth
    project = selectors.get_visible_project(user, project_id)
    permissions.require(permissions.can_edit(user, project))
    current = model_to_dict(project, fields=EDITABLE_FIELDS)
    given = payload.dict(exclude_unset=True)
    version, reason = given.pop("version"), given.pop("reason", "")
    form = ProjectForm(form_data({**current, **given}), instance=project, user=user)
    data = clean(form)
    data = {k: v for k, v in data.items() if k not in ("version", "reason")}
    versioned(project, version, lambda: services.project_update(
        actor=user, project=project, data=data, expected_version=version, reason=reason))
    return _detail(user, project.pk)


@router.post("/projects/{int:project_id}/transition", response=responses(ProjectDetail),
             url_name="project_transition")
def project_transition(request, project_id: Id, payload: TransitionIn):
    """阶段变更：规则与项目页相同（lifecycle.transition_problems）。"""
    user = request.auth
    project = selectors.get_visible_project(user, project_id)
    permissions.require(permissions.can_manage(user, project))
    data = clean(TransitionForm(form_data(payload.dict())))
    facts = TransitionFacts(actual_start=data["actual_start"], actual_end=data["actual_end"],
                            actual_output=data["actual_output"], signed_on=data["signed_on"],
                            reason=data["reason"], effective_by_decision=data["effective_by_decision"])
    versioned(project, payload.version, lambda: services.project_transition(
        actor=user, project=project, to_stage=data["to_stage"], facts=facts, expected_version=payload.version))
    return _detail(user, project.pk)


@router.get("/projects/{int:project_id}/milestones", response=responses(list[MilestoneOut]),
            url_name="milestones")
def milestone_list(request, project_id: Id):
    return selectors.get_visible_project(request.auth, project_id).milestones.all()


def _save_milestone(request, project: Project, milestone: Milestone | None, values: dict, version: int):
    permissions.require(permissions.can_edit(request.auth, project))
    data = clean(MilestoneForm(form_data(values), instance=milestone))
    return versioned(project, version, lambda: services.milestone_save(
        actor=request.auth, project=project, milestone=milestone,
        data={k: data[k] for k in MilestoneForm.Meta.fields}, expected_version=version))


@router.post("/projects/{int:project_id}/milestones", response=responses(MilestoneOut, ok_status=201),
             url_name="milestone_create")
def milestone_create(request, project_id: Id, payload: MilestoneIn):
    project = selectors.get_visible_project(request.auth, project_id)
    values = payload.dict()
    version = values.pop("version")
    return Status(201, _save_milestone(request, project, None, values, version))


@router.patch("/projects/{int:project_id}/milestones/{int:milestone_id}", response=responses(MilestoneOut),
              url_name="milestone_update")
def milestone_update(request, project_id: Id, milestone_id: Id, payload: MilestonePatch):
    project = selectors.get_visible_project(request.auth, project_id)
    milestone = project.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise ApiError(404, "not_found", _("此项目没有这个节点。"))
    given = payload.dict(exclude_unset=True)
    version = given.pop("version")
    current = model_to_dict(milestone, fields=MilestoneForm.Meta.fields)
    return _save_milestone(request, project, milestone, {**current, **given}, version)
