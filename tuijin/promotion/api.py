"""招商线索 over the JSON API: the pipeline's list, detail and writes, and the 招商 figures of a period. Same
selectors, forms, permissions and services as the 招商 pages; owners, auditors and admins get 403, as there."""

from datetime import date
from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError
from tuijin.api.keyset import Order, page
from tuijin.api.schemas import Id, Input, Money, Ref, Version, ref, responses
from tuijin.tracking.dashboard import default_as_of

from . import permissions, selectors, services
from .forms import ContactForm, ConvertForm, FundForm, LeadFilterForm, LeadForm, MoveForm, SigningForm
from .models import Lead
from .periods import parse_span, quarter_of
from .stages import MoveFacts

router = Router(tags=["招商"])

# The list's orders, as the keyset cursor walks them: one field, then id. "-id" (newest first) is the page's.
ORDERS = {
    "-id": Order("id", descending=True, kind=int),
    "id": Order("id", kind=int),
    "name": Order("name"),
    "-received_on": Order("received_on", descending=True, kind=date),
}


# --- shapes ---------------------------------------------------------------------------------------------

class LeadOut(Schema):
    id: int
    name: str
    region: Ref
    source: str
    source_label: str
    received_on: date
    investor: Ref | None
    investor_name: str
    investor_credit_code: str
    industry: str
    chain: Ref | None
    intended_investment: Money | None
    contact_person: str
    contact_phone: str
    summary: str
    stage: str
    stage_label: str
    stage_reason: str
    started_on: date | None
    next_action: str
    next_action_due: date | None
    is_major: bool
    department: Ref | None
    leader: Ref | None
    plan: str
    project: Ref | None
    version: Version

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)

    @staticmethod
    def resolve_investor(obj):
        return ref(obj.investor)

    @staticmethod
    def resolve_chain(obj):
        return ref(obj.chain)

    @staticmethod
    def resolve_department(obj):
        return ref(obj.department)

    @staticmethod
    def resolve_leader(obj):
        return ref(obj.leader)

    @staticmethod
    def resolve_project(obj):
        return ref(obj.project)

    @staticmethod
    def resolve_source_label(obj) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return str(obj.get_stage_display())


class LeadRow(LeadOut):
    last_contact: date
    is_stale: bool
    first_signed_on: date | None
    funds_total: Money | None


class LeadPage(Schema):
    count: int
    next_cursor: str | None
    items: list[LeadRow]


class ContactOut(Schema):
    id: int
    kind: str
    kind_label: str
    date: date
    who: str
    note: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class LeadTaskOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    owner_person: Ref | None
    owner_department: Ref | None
    due: date
    status: str
    status_label: str
    done_on: date | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_owner_person(obj):
        return ref(obj.owner_person)

    @staticmethod
    def resolve_owner_department(obj):
        return ref(obj.owner_department)


class SigningOut(Schema):
    id: int
    kind: str
    kind_label: str
    signed_on: date
    contract_amount: Money
    increase_amount: Money | None
    note: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class FundOut(Schema):
    id: int
    date: date
    amount: Money
    note: str


class LeadDetail(LeadOut):
    team_people: list[Ref]
    team_departments: list[Ref]
    contacts: list[ContactOut]
    tasks: list[LeadTaskOut]
    signings: list[SigningOut]
    funds: list[FundOut]
    funds_total: Money
    can_edit: bool  # set by the operation: the caller may write to this lead

    @staticmethod
    def resolve_team_people(obj):
        return [ref(p) for p in obj.team_people.all()]

    @staticmethod
    def resolve_team_departments(obj):
        return [ref(d) for d in obj.team_departments.all()]

    @staticmethod
    def resolve_contacts(obj):
        return list(obj.contacts.all())

    @staticmethod
    def resolve_tasks(obj):
        return list(obj.tasks.select_related("owner_person", "owner_department"))

    @staticmethod
    def resolve_signings(obj):
        return list(obj.signings.all())

    @staticmethod
    def resolve_funds(obj):
        return list(obj.funds.all())

    @staticmethod
    def resolve_funds_total(obj):
        return selectors.funds_total(obj)


class LeadQuery(Input):
    q: str = ""
    stage: str = ""
    source: str = ""
    industry: str = ""
    chain: Id | None = None
    department: Id | None = None
    leader: Id | None = None
    stale: bool = False
    major: bool = False
    as_of: date | None = None
    metric: str = ""  # a figure's drill-down: signed, started, funded, leads, with `period`
    period: str = ""  # 2025-03, 2025Q1 or 2025
    until: date | None = None
    sort: str = "-id"
    cursor: str | None = None
    limit: int = 50


class LeadCreate(Input):
    name: str
    region: Id
    source: str
    received_on: date
    investor: Id | None = None
    investor_name: str = ""
    investor_credit_code: str = ""
    industry: str = ""
    chain: Id | None = None
    intended_investment: Decimal | None = None
    contact_person: str = ""
    contact_phone: str = ""
    summary: str = ""
    next_action: str = ""
    next_action_due: date | None = None
    department: Id | None = None
    leader: Id | None = None
    is_major: bool = False
    reason: str = ""


class LeadUpdate(Input):
    """Only the fields sent change; `version` is the one read."""

    version: Version
    reason: str = ""
    name: str | None = None
    region: Id | None = None
    source: str | None = None
    received_on: date | None = None
    investor: Id | None = None
    investor_name: str | None = None
    investor_credit_code: str | None = None
    industry: str | None = None
    chain: Id | None = None
    intended_investment: Decimal | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    summary: str | None = None
    next_action: str | None = None
    next_action_due: date | None = None


class MoveIn(Input):
    to_stage: str
    version: Version
    started_on: date | None = None
    reason: str = ""


class ContactIn(Input):
    kind: str
    date: date
    who: str
    note: str


class SigningIn(Input):
    version: Version
    kind: str = "new"
    signed_on: date
    contract_amount: Decimal
    increase_amount: Decimal | None = None
    note: str = ""


class FundIn(Input):
    date: date
    amount: Decimal
    note: str = ""


class ConvertIn(Input):
    version: Version
    category: Id


class KpiQuery(Input):
    period: str = ""  # 2025-03, 2025Q1 or 2025; default: the current quarter


class KpiFigures(Schema):
    leads: int  # registered in the period
    registered_signed: int  # of those, signed in the period too
    signed: int
    signed_started: int  # signed in the period and started
    started: int
    signed_amount: Money  # 万元
    funds_in_place: Money  # 万元
    start_rate: Decimal | None  # signed_started ÷ signed (a fraction); null when nothing was signed
    conversion_rate: Decimal | None  # registered_signed ÷ leads


class KpiOut(Schema):
    period: str
    label: str
    start: date
    end: date
    figures: KpiFigures


# --- helpers ----------------------------------------------------------------------------------------------

def _reader(user) -> None:
    permissions.require(permissions.uses_promotion(user), _("您的角色不查看招商线索。"))


def _editable(user, lead_id: int) -> Lead:
    """The lead for a write: 403 for a role without 招商, 404 out of scope, 403 when the user may only read it."""
    _reader(user)
    lead = selectors.get_visible_lead(user, lead_id)
    permissions.require(permissions.can_edit(user, lead), _("您不能修改此线索。"))
    return lead


def _detail(user, lead_id: int) -> Lead:
    """The lead as it is stored now (after a write, re-read), with what the caller may do to it."""
    lead = selectors.get_visible_lead(user, lead_id)
    lead.can_edit = permissions.can_edit(user, lead)
    return lead


# --- leads ------------------------------------------------------------------------------------------------

@router.get("/leads", response=responses(LeadPage), url_name="leads")
def lead_list(request, filters: Query[LeadQuery]):
    """招商线索台账：the ledger page's filters, in the caller's scope; keyset pages of up to 200 rows."""
    user = request.auth
    _reader(user)
    params = filters.dict()
    if params["sort"] not in ORDERS:
        raise ApiError(400, "invalid", _("未知的排序“%(s)s”。") % {"s": params["sort"]},
                       {"sort": _("可选：%(o)s") % {"o": "、".join(ORDERS)}})
    if not 1 <= params["limit"] <= 200:
        raise ApiError(400, "invalid", _("每页条数应为1到200。"), {"limit": _("每页条数应为1到200。")})
    given = {k: v for k, v in params.items() if k not in ("sort", "cursor", "limit")}
    form = LeadFilterForm(form_data(given), user=user)
    clean(form)
    lead_filters, as_of = form.to_filters(user)
    rows = selectors.lead_list(user, lead_filters, as_of=as_of)
    items, next_cursor = page(rows, sort=params["sort"], order=ORDERS[params["sort"]], cursor=params["cursor"],
                              limit=params["limit"])
    return {"count": rows.count(), "next_cursor": next_cursor, "items": selectors.mark_stale(items, as_of=as_of)}


@router.get("/leads/{int:lead_id}", response=responses(LeadDetail), url_name="lead")
def lead_detail(request, lead_id: Id):
    """一条线索及其对接记录、清单、签约和到位资金。"""
    _reader(request.auth)
    return _detail(request.auth, lead_id)


@router.post("/leads", response=responses(LeadDetail, ok_status=201), url_name="lead_create")
def lead_create(request, payload: LeadCreate):
    """登记线索（项目办）。"""
    user = request.auth
    _reader(user)
    permissions.require(permissions.can_create(user), _("只有项目办可以登记招商线索。"))
    values = payload.dict()
    reason = values.pop("reason")
    data = clean(LeadForm(form_data(values), user=user))
    data = {k: v for k, v in data.items() if k not in ("version", "reason")}
    lead = services.lead_create(actor=user, data=data, reason=reason)
    return Status(201, _detail(user, lead.pk))


@router.patch("/leads/{int:lead_id}", response=responses(LeadDetail), url_name="lead_update")
def lead_update(request, lead_id: Id, payload: LeadUpdate):
    """修改线索信息：只改所给字段；`version` 为读取时的版本，期间被他人修改则 409。"""
    user = request.auth
    lead = _editable(user, lead_id)
    given = payload.dict(exclude_unset=True)
    version, reason = given.pop("version"), given.pop("reason", "")
    current = model_to_dict(lead, fields=services.EDITABLE_FIELDS)
    data = clean(LeadForm(form_data({**current, **given}), instance=lead, user=user))
    data = {k: v for k, v in data.items() if k not in ("version", "reason")}
    services.lead_update(actor=user, lead=selectors.get_visible_lead(user, lead_id), data=data,
                         expected_version=version, reason=reason)
    return _detail(user, lead_id)


@router.post("/leads/{int:lead_id}/move", response=responses(LeadDetail), url_name="lead_move")
def lead_move(request, lead_id: Id, payload: MoveIn):
    """阶段变更：后退或终止须说明原因；转为开工须填开工日期。"""
    user = request.auth
    lead = _editable(user, lead_id)
    data = clean(MoveForm(form_data(payload.dict())))
    services.lead_move(actor=user, lead=lead, to_stage=data["to_stage"],
                       facts=MoveFacts(reason=data["reason"], started_on=data["started_on"]),
                       expected_version=payload.version)
    return _detail(user, lead_id)


@router.post("/leads/{int:lead_id}/contacts", response=responses(LeadDetail, ok_status=201),
             url_name="lead_contact_add")
def contact_add(request, lead_id: Id, payload: ContactIn):
    """登记一次对接（走访、洽谈、来访……）。"""
    user = request.auth
    lead = _editable(user, lead_id)
    data = clean(ContactForm(form_data(payload.dict())))
    services.contact_log(actor=user, lead=lead, kind=data["kind"], on=data["date"], note=data["note"],
                         who=data["who"])
    return Status(201, _detail(user, lead_id))


@router.post("/leads/{int:lead_id}/signings", response=responses(LeadDetail, ok_status=201),
             url_name="lead_sign")
def lead_sign(request, lead_id: Id, payload: SigningIn):
    """登记签约（合同投资额、其中新增投资），线索随之转为已签约。"""
    user = request.auth
    lead = _editable(user, lead_id)
    data = clean(SigningForm(form_data(payload.dict())))
    services.lead_sign(actor=user, lead=lead, kind=data["kind"], signed_on=data["signed_on"],
                       contract_amount=data["contract_amount"], increase_amount=data["increase_amount"],
                       note=data["note"], expected_version=payload.version)
    return Status(201, _detail(user, lead_id))


@router.post("/leads/{int:lead_id}/funds", response=responses(LeadDetail, ok_status=201), url_name="lead_fund_add")
def fund_add(request, lead_id: Id, payload: FundIn):
    """登记一笔到位资金（万元）。"""
    user = request.auth
    lead = _editable(user, lead_id)
    data = clean(FundForm(form_data(payload.dict())))
    services.fund_record(actor=user, lead=lead, on=data["date"], amount=data["amount"], note=data["note"])
    return Status(201, _detail(user, lead_id))


@router.post("/leads/{int:lead_id}/convert", response=responses(LeadDetail), url_name="lead_convert")
def lead_convert(request, lead_id: Id, payload: ConvertIn):
    """转入项目库：已签约的线索成为一个项目（`project` 即新项目）。"""
    user = request.auth
    lead = _editable(user, lead_id)
    data = clean(ConvertForm(form_data(payload.dict())))
    services.lead_convert(actor=user, lead=lead, category=data["category"], expected_version=payload.version)
    return _detail(user, lead_id)


@router.get("/promotion/kpis", response=responses(KpiOut), url_name="promotion_kpis")
def promotion_kpis(request, query: Query[KpiQuery]):
    """招商的数字：签约个数和金额、开工个数、到位资金……，一个月（2025-03）、一个季度（2025Q1）或一年（2025），
    在本人所辖范围；默认为当前季度。与 `tuijin kpi promotion` 同一算法。"""
    user = request.auth
    _reader(user)
    period = query.period.strip()
    try:
        span = parse_span(period) if period else quarter_of(default_as_of(user))
    except ValueError as error:
        raise ApiError(400, "invalid", str(error), {"period": str(error)}) from error
    return {"period": span.key, "label": str(span.label), "start": span.start, "end": span.end,
            "figures": selectors.kpis(user, span)}
