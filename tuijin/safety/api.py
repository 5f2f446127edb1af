"""安全隐患排查整治 over the JSON API: hazards (list, detail with their loop, every step of the rectification),
recording one on an inspection, and the statistics. Same selectors, forms, permissions and services as the
safety pages; what a page refuses with 403 or 404, this refuses the same way."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError
from tuijin.api.keyset import Order, page
from tuijin.api.schemas import Id, Input, LoopNoteIn, LoopStepOut, Money, Ref, Version, ref, responses
from tuijin.core.loop_services import steps_of
from tuijin.projects.permissions import require
from tuijin.tracking.dashboard import default_as_of

from . import permissions, selectors, services
from .forms import AcceptForm, HandoverForm, HazardForm, ListForm, NoteForm, PlanForm, RectifiedForm
from .models import Hazard, HazardLevel, HazardStage

router = Router(tags=["安全隐患"])

# The list's one order (selectors.hazard_list: by 时限, then id), as the keyset cursor walks it.
ORDER = Order("deadline", kind=date)


# --- shapes ---------------------------------------------------------------------------------------------


class HazardOut(Schema):
    id: int
    description: str
    place: str
    inspection: int
    inspected_on: date
    domain: Ref
    level: str
    level_label: str
    stage: str
    stage_label: str
    status: str
    department: Ref | None
    deadline: date | None
    rectified_on: date | None
    listed_on: date | None
    supervisor: Ref | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_place(obj) -> str:
        return obj.inspection.place

    @staticmethod
    def resolve_inspection(obj) -> int:
        return obj.inspection_id

    @staticmethod
    def resolve_inspected_on(obj) -> date:
        return obj.inspection.inspected_on

    @staticmethod
    def resolve_domain(obj):
        return ref(obj.domain)

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_stage(obj) -> str:
        return obj.stage.value

    @staticmethod
    def resolve_department(obj):
        return ref(obj.department)

    @staticmethod
    def resolve_supervisor(obj):
        return ref(obj.supervisor)

    @staticmethod
    def resolve_overdue(obj, context) -> bool:
        return obj.is_overdue(context["request"].as_of)


class HazardDetail(HazardOut):
    responsible: str
    measures: str
    funds: Money | None
    contingency: str
    rectified_note: str
    steps: list[LoopStepOut]
    can_direct: bool
    can_work: bool
    can_report_rectified: bool

    @staticmethod
    def resolve_steps(obj):
        return list(steps_of(obj))

    @staticmethod
    def resolve_can_direct(obj, context) -> bool:
        return permissions.can_direct(context["request"].auth, obj)

    @staticmethod
    def resolve_can_work(obj, context) -> bool:
        return permissions.can_work(context["request"].auth, obj)

    @staticmethod
    def resolve_can_report_rectified(obj, context) -> bool:
        return permissions.can_report_rectified(context["request"].auth, obj)


class HazardPage(Schema):
    items: list[HazardOut]
    next_cursor: str | None
    count: int


class HazardQuery(Input):
    stage: str = "open"  # open (未销号), "" for all, or one of to_rectify, rectifying, awaiting, accepted
    level: str = ""  # general | major
    domain: Id | None = None
    department: Id | None = None
    campaign: Id | None = None
    overdue: bool = False
    listed: bool = False  # 挂牌督办 only
    month: str = ""  # YYYY-MM of the inspection
    as_of: date | None = None  # the day "overdue" is judged on; default as on the pages
    cursor: str | None = None
    limit: int = 50


class HazardIn(Input):
    description: str
    level: str
    department: Id
    deadline: date
    domain: Id | None = None  # default: the inspection's


class PlanIn(Input):
    version: Version
    responsible: str
    measures: str
    funds: Decimal | None = None
    deadline: date
    contingency: str = ""



class HazardHandoverIn(Input):
    department: Id
    deadline: date
    note: str = ""


class RectifiedIn(Input):
    note: str
    rectified_on: date | None = None


class AcceptIn(Input):
    note: str
    accepted_on: date | None = None


class SuperviseIn(Input):
    supervisor: Id  # a leader (org.Person) of the hazard's region or above
    listed_on: date | None = None
    note: str = ""


class HazardFigures(Schema):
    total: int
    open: int
    major_open: int
    general_open: int
    overdue: int
    listed_open: int
    accepted: int
    funds: Money | None


class StageCount(Schema):
    stage: str
    label: str
    count: int


class Summary(HazardFigures):
    stages: list[StageCount]


class DomainRow(HazardFigures):
    domain: Ref


class DepartmentRow(HazardFigures):
    department: Ref | None


class MonthRow(HazardFigures):
    month: str | None  # YYYY-MM of the inspection


class HazardStats(Schema):
    as_of: date
    summary: Summary
    by_domain: list[DomainRow]
    by_department: list[DepartmentRow]
    by_month: list[MonthRow]


# --- helpers --------------------------------------------------------------------------------------------

FIGURES = ["total", "open", "major_open", "general_open", "overdue", "listed_open", "accepted", "funds"]


def _as_of(request, as_of: date | None) -> date:
    """The day overdue is judged on, kept on the request for the shapes (as the pages' `as_of`)."""
    request.as_of = as_of or default_as_of(request.auth)
    return request.as_of


def _hazard(request, pk: int) -> Hazard:
    _as_of(request, None)
    return selectors.get_visible_hazard(request.auth, pk)


def _act(request, pk: int, allowed, message: str) -> Hazard:
    """The hazard, if the caller sees it (else 404) and may take this step on it (else 403), as on the page."""
    hazard = _hazard(request, pk)
    require(allowed(request.auth, hazard), message)
    return hazard


def _bad(field: str, message: str) -> ApiError:
    return ApiError(400, "invalid", message, {field: message})


def _figures(row: dict) -> dict:
    return {name: row[name] for name in FIGURES}


# --- hazards --------------------------------------------------------------------------------------------

@router.get("/hazards", response=responses(HazardPage), url_name="hazards")
def hazard_list(request, filters: Query[HazardQuery]):
    """隐患清单：与页面相同的筛选（领域、等级、阶段、责任单位、逾期、挂牌督办、月份），按整改时限排序，游标分页（每页至多200条）。"""
    if not 1 <= filters.limit <= 200:
        raise _bad("limit", _("每页条数应为1到200。"))
    if filters.stage not in {"", "open", *HazardStage.values}:
        raise _bad("stage", _("阶段应为 open、to_rectify、rectifying、awaiting、accepted 之一，或留空表示全部。"))
    if filters.level not in {"", *HazardLevel.values}:
        raise _bad("level", _("隐患等级应为 general 或 major。"))
    as_of = _as_of(request, filters.as_of)
    rows = selectors.hazard_list(request.auth, selectors.HazardFilters(
        stage=filters.stage, level=filters.level, domain=filters.domain, department=filters.department,
        campaign=filters.campaign, overdue=filters.overdue, listed=filters.listed, month=filters.month[:7]),
        as_of=as_of)
    items, next_cursor = page(rows, sort="deadline", order=ORDER, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next_cursor": next_cursor, "count": rows.count()}


@router.get("/hazards/stats", response=responses(HazardStats), url_name="hazard_stats")
def hazard_stats(request, as_of: date | None = None):
    """隐患统计：总数、各阶段，按领域、责任单位、排查月份分列（与统计页同一查询）。"""
    user, as_of = request.auth, _as_of(request, as_of)
    summary = selectors.hazard_summary(user, as_of=as_of)
    return {
        "as_of": as_of,
        "summary": {**_figures(summary), "stages": [{"stage": stage.value, "label": str(stage.label), "count": n}
                                                    for stage, n in summary["stages"]]},
        "by_domain": [{**_figures(r), "domain": {"id": r["domain_id"], "name": r["domain__name"]}}
                      for r in selectors.stats_by_domain(user, as_of=as_of)],
        "by_department": [{**_figures(r), "department": None if r["department_id"] is None else {
            "id": r["department_id"], "name": r["department__short_name"] or r["department__name"]}}
            for r in selectors.stats_by_department(user, as_of=as_of)],
        "by_month": [{**_figures(r), "month": f"{r['month']:%Y-%m}" if r["month"] else None}
                     for r in selectors.stats_by_month(user, as_of=as_of)],
    }


@router.get("/hazards/{int:hazard_id}", response=responses(HazardDetail), url_name="hazard")
def hazard_detail(request, hazard_id: Id):
    """一条隐患：五落实、整改情况、挂牌督办，和闭环的每一步（交办、进展、报告整改、验收或退回）。"""
    return _hazard(request, hazard_id)


@router.post("/inspections/{int:inspection_id}/hazards", response=responses(HazardDetail, ok_status=201),
             url_name="hazard_record")
def hazard_record(request, inspection_id: Id, payload: HazardIn):
    """在一次排查中登记隐患（项目办），并交办责任单位、定整改时限。"""
    user = request.auth
    inspection = selectors.get_visible_inspection(user, inspection_id)
    require(permissions.can_run(user, inspection.region), _("只有项目办可以登记隐患。"))
    data = clean(HazardForm(form_data(payload.dict()), region=inspection.region))
    hazard = services.hazard_record(actor=user, inspection=inspection, **data)
    return Status(201, _hazard(request, hazard.pk))


@router.put("/hazards/{int:hazard_id}/plan", response=responses(HazardDetail), url_name="hazard_plan")
def hazard_plan(request, hazard_id: Id, payload: PlanIn):
    """整改方案（五落实）：`version` 为读取时的版本，期间被他人修改则 409。制定方案即开始整改。"""
    hazard = _act(request, hazard_id, permissions.can_work, _("您不能为此隐患制定整改方案。"))
    data = clean(PlanForm(form_data(payload.dict())))
    data["expected_version"] = data.pop("version")
    services.hazard_plan(actor=request.auth, hazard=hazard, **data)
    return _hazard(request, hazard.pk)


@router.post("/hazards/{int:hazard_id}/handover", response=responses(HazardDetail), url_name="hazard_handover")
def hazard_handover(request, hazard_id: Id, payload: HazardHandoverIn):
    """交办（项目办）：责任单位和整改时限。"""
    hazard = _act(request, hazard_id, permissions.can_direct, _("只有项目办可以交办隐患。"))
    data = clean(HandoverForm(form_data(payload.dict()), region=hazard.inspection.region))
    services.hazard_handover(actor=request.auth, hazard=hazard, **data)
    return _hazard(request, hazard.pk)


@router.post("/hazards/{int:hazard_id}/progress", response=responses(HazardDetail), url_name="hazard_progress")
def hazard_progress(request, hazard_id: Id, payload: LoopNoteIn):
    """办理进展（责任单位或项目办）。"""
    hazard = _act(request, hazard_id, permissions.can_work, _("您不能办理此隐患。"))
    data = clean(NoteForm(form_data(payload.dict())))
    services.hazard_progress(actor=request.auth, hazard=hazard, note=data["note"])
    return _hazard(request, hazard.pk)


@router.post("/hazards/{int:hazard_id}/rectified", response=responses(HazardDetail), url_name="hazard_rectified")
def hazard_rectified(request, hazard_id: Id, payload: RectifiedIn):
    """报告整改完成：整改中 → 已整改待验收（责任单位、项目办，或隐患所在的项目单位）。"""
    hazard = _act(request, hazard_id, permissions.can_report_rectified, _("您不能报告此隐患整改完成。"))
    data = clean(RectifiedForm(form_data(payload.dict())))
    services.hazard_report_rectified(actor=request.auth, hazard=hazard, **data)
    return _hazard(request, hazard.pk)


@router.post("/hazards/{int:hazard_id}/accept", response=responses(HazardDetail), url_name="hazard_accept")
def hazard_accept(request, hazard_id: Id, payload: AcceptIn):
    """验收销号（项目办）：已整改待验收 → 验收销号。"""
    hazard = _act(request, hazard_id, permissions.can_direct, _("只有项目办可以验收销号。"))
    data = clean(AcceptForm(form_data({"note": payload.note, "closed_on": payload.accepted_on})))
    services.hazard_accept(actor=request.auth, hazard=hazard, note=data["note"], accepted_on=data["closed_on"])
    return _hazard(request, hazard.pk)


@router.post("/hazards/{int:hazard_id}/return", response=responses(HazardDetail), url_name="hazard_return")
def hazard_return(request, hazard_id: Id, payload: LoopNoteIn):
    """验收未通过，退回整改（项目办）：已整改待验收 → 整改中，写明原因。"""
    hazard = _act(request, hazard_id, permissions.can_direct, _("只有项目办可以退回整改。"))
    data = clean(NoteForm(form_data(payload.dict())))
    services.hazard_return(actor=request.auth, hazard=hazard, note=data["note"])
    return _hazard(request, hazard.pk)


@router.post("/hazards/{int:hazard_id}/supervise", response=responses(HazardDetail), url_name="hazard_supervise")
def hazard_supervise(request, hazard_id: Id, payload: SuperviseIn):
    """挂牌督办（项目办）：重大隐患由一位区领导督办，直至验收销号。"""
    hazard = _act(request, hazard_id, permissions.can_direct, _("只有项目办可以挂牌督办。"))
    data = clean(ListForm(form_data(payload.dict()), region=hazard.inspection.region))
    services.hazard_list_for_supervision(actor=request.auth, hazard=hazard, **data)
    return _hazard(request, hazard.pk)
