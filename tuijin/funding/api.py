"""争资 (policy funding) over the JSON API: channels, applications and their moves, and the reserve's figures.
Same selectors, forms, permissions and services as the funding pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError
from tuijin.api.keyset import Order, page
from tuijin.api.schemas import Id, Input, Money, Ref, Version, ref, responses

from . import permissions, selectors, services
from .forms import ApplicationCreateForm, ApplicationEditForm, ApplicationFilterForm, MoveForm
from .models import Application, Channel
from .readiness import readiness
from .statuses import ALLOWED, Status

router = Router(tags=["争资"])

# The list's orders, as the keyset cursor walks them: one field, then id.
ORDERS = {
    "id": Order("id", kind=int),
    "-id": Order("id", descending=True, kind=int),
    "-reserved_on": Order("reserved_on", descending=True, kind=date),
    "-amount_requested": Order("amount_requested", descending=True, kind=Decimal),
}


# --- shapes ---------------------------------------------------------------------------------------------

class ChannelOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    phrase: str
    order: int
    required_items: list[str]
    active: bool


class ApplicationOut(Schema):
    id: int
    project: Ref
    department: Ref | None
    channel: Ref
    year: int
    batch: str
    status: str
    status_label: str
    amount_requested: Money | None
    amount_approved: Money | None
    amount_issued: Money | None
    amount_paid: Money | None
    excess_explanation: str
    reserved_on: date
    applied_on: date | None
    approved_on: date | None
    issued_on: date | None
    paid_on: date | None
    rejected_on: date | None
    rejection_reason: str
    note: str
    version: Version

    @staticmethod
    def resolve_project(obj):
        return ref(obj.project)

    @staticmethod
    def resolve_department(obj):
        return ref(obj.project.lead_department)

    @staticmethod
    def resolve_channel(obj):
        return ref(obj.channel)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ApplicationPage(Schema):
    count: int
    next_cursor: str | None
    items: list[ApplicationOut]


class MoveOut(Schema):
    from_status: str
    to_status: str
    to_status_label: str
    on: date
    amount: Money | None
    reason: str
    actor: str
    created_at: datetime

    @staticmethod
    def resolve_to_status_label(obj) -> str:
        return str(obj.get_to_status_display())

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.username if obj.actor else ""


class ReadinessOut(Schema):
    ok: bool
    missing: list[str]
    message: str


class ApplicationDetail(ApplicationOut):
    readiness: ReadinessOut
    moves: list[MoveOut]
    next_statuses: list[str]  # the moves the caller may make now
    can_write: bool  # set by the operation

    @staticmethod
    def resolve_readiness(obj):
        check = readiness(obj.project, obj.channel)
        return {"ok": check.ok, "missing": check.missing, "message": check.message}

    @staticmethod
    def resolve_moves(obj):
        return list(obj.moves.select_related("actor"))

    @staticmethod
    def resolve_next_statuses(obj) -> list[str]:
        if not obj.can_write:
            return []
        return [s for s in Status.values if s in ALLOWED[Status(obj.status)]]


class ApplicationQuery(Input):
    q: str = ""
    channel: Id | None = None
    status: str = ""  # a status, or live / passed / funded
    year: int | None = None
    batch: str = ""
    department: Id | None = None
    project: Id | None = None
    sort: str = "id"
    cursor: str | None = None
    limit: int = 50


class ApplicationCreate(Input):
    project: Id
    channel: Id
    year: int
    batch: str
    reserved_on: date
    amount_requested: Decimal | None = None
    note: str = ""


class ApplicationUpdate(Input):
    """Only the fields sent change; which amounts and dates may be sent depends on the status reached."""

    version: Version
    reason: str = ""
    channel: Id | None = None
    year: int | None = None
    batch: str | None = None
    amount_requested: Decimal | None = None
    amount_approved: Decimal | None = None
    excess_explanation: str | None = None
    amount_issued: Decimal | None = None
    amount_paid: Decimal | None = None
    reserved_on: date | None = None
    applied_on: date | None = None
    approved_on: date | None = None
    issued_on: date | None = None
    paid_on: date | None = None
    rejected_on: date | None = None
    rejection_reason: str | None = None
    note: str | None = None


class ApplicationMoveIn(Input):
    to_status: str
    version: Version
    on: date
    amount: Decimal | None = None
    explanation: str = ""
    reason: str = ""


class ReserveQuery(Input):
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None  # the page's years; none: every year


class Amounts(Schema):
    requested: Money
    approved: Money
    issued: Money
    paid: Money


class ChannelFigures(Amounts):
    channel: Ref
    short_name: str
    projects: int
    applications: int


class StatusFigures(Amounts):
    status: str
    label: str
    projects: int
    applications: int


class ReserveOut(Schema):
    year: int | None
    total: int  # distinct projects with a live application
    amounts: Amounts
    by_channel: list[ChannelFigures]
    by_status: list[StatusFigures]
    sentence: str


# --- helpers ----------------------------------------------------------------------------------------------

def _detail(user, application_id: int) -> Application:
    application = selectors.get_visible_application(user, application_id)
    application.can_write = permissions.can_write(user, application.project)
    return application


def _writable(user, application_id: int) -> Application:
    """404 out of scope, then 403 when the caller may only read it (as on the pages)."""
    application = selectors.get_visible_application(user, application_id)
    permissions.require(permissions.can_write(user, application.project), _("您不能修改此申报。"))
    return application


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(400, "invalid", message, {field: message})


# --- operations -------------------------------------------------------------------------------------------

@router.get("/funding/channels", response=responses(list[ChannelOut]), url_name="funding_channels")
def channel_list(request):
    """争资渠道（专项债、“两重”……）及各自申报前须完成的前期事项。"""
    return Channel.objects.order_by("order", "id")


@router.get("/funding/applications", response=responses(ApplicationPage), url_name="funding_applications")
def application_list(request, filters: Query[ApplicationQuery]):
    """政策性资金申报台账：the list page's filters, in the caller's scope; keyset pages of up to 200 rows."""
    user = request.auth
    params = filters.dict()
    if params["sort"] not in ORDERS:
        raise _invalid("sort", _("未知的排序“%(s)s”，可选：%(o)s。") % {"s": params["sort"], "o": "、".join(ORDERS)})
    if not 1 <= params["limit"] <= 200:
        raise _invalid("limit", _("每页条数应为1到200。"))
    given = {k: v for k, v in params.items() if k not in ("sort", "cursor", "limit")}
    scoped = selectors.visible_applications(user)
    form = ApplicationFilterForm(form_data(given), user=user, batches=selectors.batches(scoped))
    clean(form)
    rows = selectors.application_list(user, form.to_filters())
    items, next_cursor = page(rows, sort=params["sort"], order=ORDERS[params["sort"]], cursor=params["cursor"],
                              limit=params["limit"])
    return {"count": rows.count(), "next_cursor": next_cursor, "items": items}


@router.get("/funding/applications/{int:application_id}", response=responses(ApplicationDetail),
            url_name="funding_application")
def application_detail(request, application_id: Id):
    """一项申报：金额、日期、前期要件是否齐全、状态变更记录。"""
    return _detail(request.auth, application_id)


@router.post("/funding/applications", response=responses(ApplicationDetail, ok_status=201),
             url_name="funding_application_create")
def application_create(request, payload: ApplicationCreate):
    """纳入储备（项目办、项目牵头单位）。"""
    user = request.auth
    permissions.require(permissions.can_create_any(user), _("您不能新建申报。"))
    data = clean(ApplicationCreateForm(form_data(payload.dict()), user=user))
    application = services.application_create(
        actor=user, project=data["project"], channel=data["channel"], year=data["year"], batch=data["batch"],
        reserved_on=data["reserved_on"], amount_requested=data["amount_requested"], note=data["note"])
    return HttpStatus(201, _detail(user, application.pk))


@router.patch("/funding/applications/{int:application_id}", response=responses(ApplicationDetail),
              url_name="funding_application_update")
def application_update(request, application_id: Id, payload: ApplicationUpdate):
    """修改申报：只改所给字段；`version` 为读取时的版本，期间被他人修改则 409。"""
    user = request.auth
    application = _writable(user, application_id)
    given = payload.dict(exclude_unset=True)
    version, reason = given.pop("version"), given.pop("reason", "")
    form = ApplicationEditForm(instance=application)
    offered = {name for name, field in form.fields.items() if not field.disabled}
    if extra := sorted(set(given) - offered):
        message = _("“%(s)s”状态下不能修改：%(f)s。") % {"s": application.get_status_display(), "f": "、".join(extra)}
        raise ApiError(400, "invalid", message, dict.fromkeys(extra, message))
    current = model_to_dict(application, fields=list(form.fields))
    data = clean(ApplicationEditForm(form_data({**current, **given}), instance=application))
    data = {k: v for k, v in data.items() if k not in ("version", "reason")}
    # The form worked on its instance; the service starts again from the stored row.
    services.application_update(actor=user, application=selectors.get_visible_application(user, application_id),
                                data=data, expected_version=version, reason=reason)
    return _detail(user, application_id)


@router.post("/funding/applications/{int:application_id}/move", response=responses(ApplicationDetail),
             url_name="funding_application_move")
def application_move(request, application_id: Id, payload: ApplicationMoveIn):
    """状态变更：申报（前期要件须齐全，否则 400 说明缺哪些）、审核通过、未通过、资金下达、拨付、重新储备。"""
    user = request.auth
    application = _writable(user, application_id)
    if payload.to_status not in Status.values:
        raise _invalid("to_status", _("未知的状态“%(s)s”，可选：%(o)s。") % {
            "s": payload.to_status, "o": "、".join(Status.values)})
    to_status = Status(payload.to_status)
    values = payload.dict()
    values.pop("to_status")
    data = clean(MoveForm(form_data(values), to_status=to_status, application=application))
    services.application_move(actor=user, application=application, to_status=to_status, on=data["on"],
                              amount=data.get("amount"), reason=data.get("reason", ""),
                              explanation=data.get("explanation", ""), expected_version=payload.version)
    return _detail(user, application_id)


@router.get("/funding/reserve", response=responses(ReserveOut), url_name="funding_reserve")
def reserve(request, query: Query[ReserveQuery]):
    """动态储备的数字：项目个数（按渠道、按状态）和金额，本人所辖范围；与 `tuijin kpi funding` 同一算法。"""
    figures = selectors.reserve_figures(selectors.visible_applications(request.auth), year=query.year)

    def amounts(row):
        return {name: row[name] for name in ("requested", "approved", "issued", "paid")}

    return {
        "year": figures.year, "total": figures.total, "amounts": amounts(figures.amounts),
        "by_channel": [{"channel": ref(row["channel"]), "short_name": row["channel"].short_name,
                        "projects": row["projects"], "applications": row["applications"], **amounts(row)}
                       for row in figures.by_channel],
        "by_status": [{"status": row["status"], "label": str(row["label"]), "projects": row["projects"],
                       "applications": row["applications"], **amounts(row)} for row in figures.by_status],
        "sentence": figures.sentence(),
    }
