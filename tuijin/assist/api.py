"""Enterprise services over the JSON API: enterprises and their profiles, awards, financing and other help,
demands through the closed loop, and a quarter's figures. Same selectors, forms and services as the 助企服务
pages, so the scope of every list and choice and each Chinese message exists once."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError
from tuijin.api.schemas import Id, Input, LoopNoteIn, LoopStepOut, Money, Ref, Version, ref, responses
from tuijin.core.loop_services import steps_of
from tuijin.dispatch.forms import CloseForm, NoteForm
from tuijin.economy.periods import QUARTER_RE
from tuijin.projects.permissions import require

from . import permissions, selectors, services
from .forms import AwardForm, DemandForm, FinancingForm, HandoverForm, HelpForm, ProfileForm, RateForm
from .models import Demand
from .summary import quarter_range, quarter_summary

router = Router(tags=["助企服务"])
MAX_ROWS = 500


# --- shapes ---------------------------------------------------------------------------------------------

class ServiceProfileOut(Schema):
    scale: str
    scale_label: str
    industry: str
    version: int

    @staticmethod
    def resolve_scale_label(obj) -> str:
        return str(obj.get_scale_display()) if obj.scale else ""


class ServedEnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str | None
    region: Ref
    profile: ServiceProfileOut | None  # null until the office fills the profile in
    project_count: int
    open_demands: int
    overdue_demands: int

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)

    @staticmethod
    def resolve_profile(obj):
        return getattr(obj, "assist_profile", None)


class ServiceProfileIn(Input):
    version: Version = 0  # the profile's version when read; 0 when there was none yet
    scale: str = ""
    industry: str = ""


class AwardOut(Schema):
    id: int
    enterprise: Ref
    policy: str
    amount: Money
    batch: str
    paid_on: date
    created_at: datetime

    @staticmethod
    def resolve_enterprise(obj):
        return ref(obj.enterprise)


class AwardIn(Input):
    enterprise: Id
    policy: str
    amount: Decimal
    batch: str
    paid_on: date


class FinancingOut(Schema):
    id: int
    region: Ref
    kind: str
    kind_label: str
    on: date
    entities: int
    loans: int | None
    amount: Money
    enterprise: Ref | None
    project_name: str
    note: str

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)

    @staticmethod
    def resolve_enterprise(obj):
        return ref(obj.enterprise)

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class FinancingIn(Input):
    kind: str
    on: date
    entities: int | None = None
    loans: int | None = None
    amount: Decimal
    project_name: str = ""
    enterprise: Id | None = None
    note: str = ""


class HelpOut(Schema):
    id: int
    enterprise: Ref
    kind: str
    kind_label: str
    description: str
    outcome: str
    on: date
    department: Ref | None

    @staticmethod
    def resolve_enterprise(obj):
        return ref(obj.enterprise)

    @staticmethod
    def resolve_department(obj):
        return ref(obj.department)

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class HelpIn(Input):
    enterprise: Id
    kind: str
    description: str
    outcome: str = ""
    on: date


class ServiceRecordQuery(Input):
    quarter: str = ""  # 2025Q1: only the records of that quarter
    enterprise: Id | None = None



class DemandOut(Schema):
    id: int
    enterprise: Ref
    kind: str
    kind_label: str
    description: str
    received_on: date
    department: Ref | None
    deadline: date | None
    status: str
    status_label: str
    escalation: int
    escalation_label: str
    resolution: str
    closed_on: date | None
    satisfaction: int | None
    satisfaction_label: str
    satisfaction_note: str
    overdue: bool

    @staticmethod
    def resolve_enterprise(obj):
        return ref(obj.enterprise)

    @staticmethod
    def resolve_department(obj):
        return ref(obj.department)

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_escalation_label(obj) -> str:
        return str(obj.get_escalation_display())

    @staticmethod
    def resolve_satisfaction_label(obj) -> str:
        return str(obj.get_satisfaction_display()) if obj.satisfaction else ""

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()


class DemandDetail(DemandOut):
    steps: list[LoopStepOut]
    can_direct: bool
    can_work: bool
    can_rate: bool

    @staticmethod
    def resolve_steps(obj):
        return list(steps_of(obj))


class DemandQuery(Input):
    status: str = "open"  # open (待协调+协调中), overdue, "" for all, or one status
    kind: str = ""
    enterprise: Id | None = None


class DemandIn(Input):
    enterprise: Id
    kind: str = Demand.Kind.OTHER
    description: str
    received_on: date | None = None


class DemandHandoverIn(Input):
    department: Id
    deadline: date
    note: str = ""



class DemandCloseIn(Input):
    outcome: str  # resolved | unresolvable
    resolution: str
    closed_on: date | None = None


class DemandRateIn(Input):
    satisfaction: int  # 3 满意, 2 基本满意, 1 不满意
    note: str = ""


class ServicesKpiQuery(Input):
    quarter: str = ""  # 2025Q1; the current quarter when empty


class AwardTotals(Schema):
    enterprises: int
    amount: Money


class LoanTotals(Schema):
    entities: int
    amount: Money


class WhitelistTotals(Schema):
    projects: int
    amount: Money


class ServicesTotals(Schema):
    awards: AwardTotals
    loans: LoanTotals
    whitelist: WhitelistTotals


class AwardBatch(Schema):
    policy: str
    batch: str
    enterprises: int
    amount: Money


class HelpKindCount(Schema):
    kind: str
    n: int


class DemandCounts(Schema):
    received: int
    closed: int
    open: int
    overdue: int
    rated: int
    satisfied: int


class ServicesKpiOut(Schema):
    quarter: str
    totals: ServicesTotals  # the `tuijin kpi services` figures, over the caller's scope
    batches: list[AwardBatch]
    help: list[HelpKindCount]
    demands: DemandCounts
    paragraph: str


# --- helpers ----------------------------------------------------------------------------------------------

def _quarter(text: str) -> tuple[int, int]:
    text = text.strip()
    if not text:
        today = date.today()
        return today.year, (today.month - 1) // 3 + 1
    if match := QUARTER_RE.match(text):
        return int(match[1]), int(match[2])
    message = _("季度“%(t)s”无法识别，应写成 2025Q1。") % {"t": text[:20]}
    raise ApiError(400, "invalid", message, {"quarter": message})


def _records(rows, query: ServiceRecordQuery, date_field: str):
    if query.quarter:
        rows = rows.filter(**{f"{date_field}__range": quarter_range(*_quarter(query.quarter))})
    if query.enterprise:
        rows = rows.filter(enterprise_id=query.enterprise)
    return list(rows[:MAX_ROWS])


def _enterprise(user, pk: int):
    return get_object_or_404(selectors.visible_enterprises(user), pk=pk)


def _enterprise_row(user, pk: int):
    """One enterprise as the list shows it (with its counts)."""
    item = _enterprise(user, pk)
    return next(row for row in selectors.enterprise_list(user, text=item.name) if row.pk == item.pk)


def _demand(user, pk: int) -> Demand:
    return get_object_or_404(selectors.visible_demands(user).select_related("enterprise__region"), pk=pk)


def _detail(user, pk: int) -> dict:
    demand = _demand(user, pk)
    demand.can_direct = permissions.can_direct_demand(user, demand)
    demand.can_work = permissions.can_work_demand(user, demand)
    demand.can_rate = permissions.may_rate_now(user, demand)
    return demand


# --- enterprises ------------------------------------------------------------------------------------------

class ServedEnterpriseQuery(Input):
    q: str = ""


@router.get("/assist/enterprises", response=responses(list[ServedEnterpriseOut]), url_name="assist_enterprises")
def enterprise_list(request, query: Query[ServedEnterpriseQuery]):
    """企业及其服务档案：项目办、领导本区域的，责任单位服务过的，企业自己。"""
    return selectors.enterprise_list(request.auth, text=query.q.strip()[:50])[:MAX_ROWS]


@router.get("/assist/enterprises/{int:enterprise_id}", response=responses(ServedEnterpriseOut),
            url_name="assist_enterprise")
def enterprise_detail(request, enterprise_id: Id):
    return _enterprise_row(request.auth, enterprise_id)


@router.put("/assist/enterprises/{int:enterprise_id}/profile", response=responses(ServedEnterpriseOut),
            url_name="assist_profile_save")
def profile_save(request, enterprise_id: Id, payload: ServiceProfileIn):
    """企业档案（项目办）：规模、行业；须带读取时的 `version`（尚无档案时为 0）。"""
    user = request.auth
    require(permissions.can_keep_records(user), _("只有项目办可以维护企业档案。"))
    item = _enterprise(user, enterprise_id)
    profile = getattr(item, "assist_profile", None)
    data = clean(ProfileForm(form_data(payload.dict()), instance=profile))
    services.profile_save(actor=user, enterprise=item, scale=data["scale"], industry=data["industry"],
                          expected_version=payload.version)
    return _enterprise_row(user, item.pk)


# --- awards, financing, other help ------------------------------------------------------------------------

@router.get("/assist/awards", response=responses(list[AwardOut]), url_name="assist_awards")
def award_list(request, query: Query[ServiceRecordQuery]):
    """惠企政策兑现（本人范围内），新的在前。"""
    return _records(selectors.visible_awards(request.auth), query, "paid_on")


@router.post("/assist/awards", response=responses(AwardOut, ok_status=201), url_name="assist_award_record")
def award_record(request, payload: AwardIn):
    user = request.auth
    require(permissions.can_keep_records(user), _("只有项目办可以登记政策兑现。"))
    data = clean(AwardForm(form_data(payload.dict()), enterprises=selectors.recordable_enterprises(user)))
    return Status(201, services.award_record(actor=user, **data))


@router.get("/assist/financing", response=responses(list[FinancingOut]), url_name="assist_financing")
def financing_list(request, query: Query[ServiceRecordQuery]):
    """融资服务：小微企业融资协调机制的批次和房地产融资白名单项目。"""
    return _records(selectors.visible_financing(request.auth).select_related("region"), query, "on")


@router.post("/assist/financing", response=responses(FinancingOut, ok_status=201),
             url_name="assist_financing_record")
def financing_record(request, payload: FinancingIn):
    user = request.auth
    require(permissions.can_keep_records(user), _("只有项目办可以登记融资服务。"))
    data = clean(FinancingForm(form_data(payload.dict()), enterprises=selectors.recordable_enterprises(user)))
    if user.region is None:
        raise ValidationError(_("您的账号没有管辖区域，无法登记融资服务。"))
    record = services.financing_record(actor=user, region=user.region, **{
        **data, "project_name": data["project_name"] or "", "note": data["note"] or ""})
    return Status(201, record)


@router.get("/assist/help", response=responses(list[HelpOut]), url_name="assist_help")
def help_list(request, query: Query[ServiceRecordQuery]):
    """帮办服务（要素保障、不动产证办理 …）。"""
    return _records(selectors.visible_services(request.auth), query, "on")


@router.post("/assist/help", response=responses(HelpOut, ok_status=201), url_name="assist_help_record")
def help_record(request, payload: HelpIn):
    user = request.auth
    require(permissions.can_record_help(user), _("只有项目办和责任单位可以登记帮办服务。"))
    data = clean(HelpForm(form_data(payload.dict()), enterprises=selectors.recordable_enterprises(user)))
    return Status(201, services.help_record(actor=user, **data))


# --- demands ----------------------------------------------------------------------------------------------

@router.get("/assist/demands", response=responses(list[DemandOut]), url_name="assist_demands")
def demand_list(request, filters: Query[DemandQuery]):
    """企业诉求：逾期在前，再按时限；默认只列未办结的（`status=overdue` 只列逾期的）。"""
    rows = selectors.demand_list(request.auth, status=filters.status, kind=filters.kind,
                                 enterprise=filters.enterprise)
    return list(rows[:MAX_ROWS])


@router.get("/assist/demands/{int:demand_id}", response=responses(DemandDetail), url_name="assist_demand")
def demand_detail(request, demand_id: Id):
    """一件诉求和它的闭环步骤（受理、交办、进展、升级、办结、重新打开）。"""
    return _detail(request.auth, demand_id)


@router.post("/assist/demands", response=responses(DemandDetail, ok_status=201), url_name="assist_demand_raise")
def demand_raise(request, payload: DemandIn):
    """提出诉求：企业为自己，项目办代企业。"""
    user = request.auth
    if not permissions.may_raise_demands(user):
        raise PermissionDenied(_("只有企业和项目办可以提出诉求。"))
    enterprises = selectors.visible_enterprises(user).order_by("name")
    data = clean(DemandForm(form_data(payload.dict()), enterprises=enterprises))
    demand = services.demand_raise(actor=user, **data)
    return Status(201, _detail(user, demand.pk))


@router.post("/assist/demands/{int:demand_id}/handover", response=responses(DemandDetail),
             url_name="assist_demand_handover")
def demand_handover(request, demand_id: Id, payload: DemandHandoverIn):
    """交办（项目办）：责任单位和办结时限。"""
    user = request.auth
    demand = _demand(user, demand_id)
    require(permissions.can_direct_demand(user, demand), _("只有项目办可以交办企业诉求。"))
    data = clean(HandoverForm(form_data(payload.dict()), departments=selectors.handover_departments(user)))
    services.demand_handover(actor=user, demand=demand, **data)
    return _detail(user, demand.pk)


@router.post("/assist/demands/{int:demand_id}/progress", response=responses(DemandDetail),
             url_name="assist_demand_progress")
def demand_progress(request, demand_id: Id, payload: LoopNoteIn):
    """记录办理进展（承办单位或项目办）。"""
    user = request.auth
    demand = _demand(user, demand_id)
    require(permissions.can_work_demand(user, demand), _("您不能办理此诉求。"))
    data = clean(NoteForm(form_data(payload.dict())))
    services.demand_progress(actor=user, demand=demand, note=data["note"])
    return _detail(user, demand.pk)


@router.post("/assist/demands/{int:demand_id}/escalate", response=responses(DemandDetail),
             url_name="assist_demand_escalate")
def demand_escalate(request, demand_id: Id, payload: LoopNoteIn):
    """升级一级（项目办）。"""
    user = request.auth
    demand = _demand(user, demand_id)
    require(permissions.can_direct_demand(user, demand), _("只有项目办可以升级企业诉求。"))
    data = clean(NoteForm(form_data(payload.dict())))
    services.demand_escalate(actor=user, demand=demand, note=data["note"])
    return _detail(user, demand.pk)


@router.post("/assist/demands/{int:demand_id}/close", response=responses(DemandDetail),
             url_name="assist_demand_close")
def demand_close(request, demand_id: Id, payload: DemandCloseIn):
    """办结：已解决，或无法解决并写明原因（承办单位或项目办）。"""
    user = request.auth
    demand = _demand(user, demand_id)
    require(permissions.can_work_demand(user, demand), _("您不能办理此诉求。"))
    data = clean(CloseForm(form_data(payload.dict())))
    services.demand_close(actor=user, demand=demand, resolved=data["outcome"] == "resolved",
                          resolution=data["resolution"], closed_on=data["closed_on"])
    return _detail(user, demand.pk)


@router.post("/assist/demands/{int:demand_id}/rate", response=responses(DemandDetail),
             url_name="assist_demand_rate")
def demand_rate(request, demand_id: Id, payload: DemandRateIn):
    """满意度评价（提出诉求的企业，或回访的项目办），办结后一次。"""
    user = request.auth
    demand = _demand(user, demand_id)
    require(permissions.can_rate_demand(user, demand), _("只有提出诉求的企业（或回访的项目办）可以评价。"))
    data = clean(RateForm(form_data(payload.dict())))
    services.demand_rate(actor=user, demand=demand, satisfaction=data["satisfaction"], note=data["note"])
    return _detail(user, demand.pk)


# --- the quarter's figures --------------------------------------------------------------------------------

@router.get("/assist/kpi", response=responses(ServicesKpiOut), url_name="assist_kpi")
def services_kpi(request, query: Query[ServicesKpiQuery]):
    """一季度的助企服务数字（与 `tuijin kpi services` 同样的口径，限于本人范围）和综述段落。"""
    year, quarter = _quarter(query.quarter)
    summary = quarter_summary(request.auth, year=year, quarter=quarter)
    return {"quarter": f"{year}Q{quarter}", "totals": summary.totals, "batches": summary.batches,
            "help": summary.help, "demands": summary.demands, "paragraph": summary.paragraph}
