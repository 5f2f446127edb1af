"""Reads of funding applications, always through the user's scope; figures are SQL aggregates.

Counting rule (docs/funding.md): the reserve (动态储备) is the projects with at least one live application
(any status but 未通过). A project counts once in the total however many channels it is in, and once in
each channel it is in, so the channels may add up to more than the total."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core.roles import Role

from .models import Application, Channel
from .statuses import LIVE, Status

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=4))
# Filters over several statuses, so that each figure drills to exactly the rows it sums.
STATUS_GROUPS = {
    "live": (gettext_lazy("在库（未通过除外）"), LIVE),
    "passed": (gettext_lazy("审核通过及以后"), [Status.APPROVED, Status.ISSUED, Status.PAID]),
    "funded": (gettext_lazy("资金下达及以后"), [Status.ISSUED, Status.PAID]),
}
AMOUNTS = ["amount_requested", "amount_approved", "amount_issued", "amount_paid"]


def visible_applications(user) -> QuerySet[Application]:
    """Every application `user` may read: the funding scope as a query (see permissions.py)."""
    applications = Application.objects.all()
    if not user.is_authenticated:
        return applications.none()
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            if user.region_id:
                return applications.filter(project__region__path__startswith=user.region.path)
            return applications
        case Role.DEPARTMENT:
            return applications.filter(project__lead_department_id=user.department_id)
        case Role.OWNER:
            return applications.filter(project__owner_id=user.enterprise_id)
    return applications.none()


def get_visible_application(user, pk) -> Application:
    try:
        return visible_applications(user).select_related(
            "project__region", "project__owner", "project__lead_department", "channel").get(pk=pk)
    except (Application.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@dataclass
class ApplicationFilters:
    channel: int | None = None
    status: str = ""  # a Status, or one of STATUS_GROUPS
    year: int | None = None
    batch: str = ""
    department: int | None = None
    project: int | None = None
    text: str = ""


def application_list(user, filters: ApplicationFilters) -> QuerySet[Application]:
    applications = visible_applications(user)
    if filters.channel:
        applications = applications.filter(channel_id=filters.channel)
    if filters.status in STATUS_GROUPS:
        applications = applications.filter(status__in=STATUS_GROUPS[filters.status][1])
    elif filters.status:
        applications = applications.filter(status=filters.status)
    if filters.year:
        applications = applications.filter(year=filters.year)
    if filters.batch:
        applications = applications.filter(batch=filters.batch)
    if filters.department:
        applications = applications.filter(project__lead_department_id=filters.department)
    if filters.project:
        applications = applications.filter(project_id=filters.project)
    for word in filters.text.split():
        applications = applications.filter(Q(project__name__icontains=word) | Q(project__code__icontains=word))
    return applications.select_related("project__lead_department", "project__owner", "channel").order_by(
        "channel__order", "status", "project_id", "id")


def _sums(prefix: str = "") -> dict:
    return {name.removeprefix("amount_"): Coalesce(Sum(f"{prefix}{name}"), ZERO) for name in AMOUNTS}


def list_summary(applications: QuerySet[Application]) -> dict:
    """What a list shows: its applications, the distinct projects behind them, and the amounts."""
    return applications.order_by().aggregate(applications=Count("pk"), projects=Count("project", distinct=True),
                                             **_sums())


@dataclass
class ReserveFigures:
    total: int  # distinct projects in the reserve
    amounts: dict  # requested/approved/issued/paid of the live applications, 万元
    by_channel: list[dict]  # every active channel: channel, projects, applications, amounts
    by_status: list[dict]  # every status (未通过 included): status, label, projects, applications, amounts
    year: int | None

    def channel_counts(self) -> dict[str, int]:
        return {row["channel"].short_name: row["projects"] for row in self.by_channel}

    def sentence(self) -> str:
        """The seed's sentence: 动态储备政策性资金项目198个，其中包括专项债项目65个、“两重”项目56个…"""
        parts = [_("%(p)s%(n)s个") % {"p": row["channel"].phrase, "n": row["projects"]}
                 for row in self.by_channel if row["projects"]]
        text = _("动态储备政策性资金项目%(n)s个") % {"n": self.total}
        if parts:
            text += _("，其中包括") + "、".join(parts)
        return text + "。"

    def amounts_sentence(self) -> str:
        status = {row["status"]: row for row in self.by_status}
        return _("申请资金%(r)s亿元；审核通过%(a)s个项目、核定%(ap)s亿元，已下达%(i)s亿元，已拨付%(p)s亿元；"
                 "未通过%(x)s个。") % {
            "r": _yi(self.amounts["requested"]), "a": sum(status[s]["projects"] for s in
                                                          (Status.APPROVED, Status.ISSUED, Status.PAID)),
            "ap": _yi(self.amounts["approved"]), "i": _yi(self.amounts["issued"]), "p": _yi(self.amounts["paid"]),
            "x": status[Status.REJECTED]["projects"]}


def _yi(amount: Decimal) -> str:
    return f"{amount / 10000:,.2f}"


def reserve_figures(applications: QuerySet[Application], *, year: int | None = None) -> ReserveFigures:
    """The reserve in the seed's terms from `applications` (already scoped): four aggregate queries."""
    if year:
        applications = applications.filter(year=year)
    applications = applications.order_by()
    live = applications.filter(status__in=LIVE)
    totals = live.aggregate(projects=Count("project", distinct=True), **_sums())
    per_channel = {row["channel"]: row for row in live.values("channel").annotate(
        projects=Count("project", distinct=True), applications=Count("pk"), **_sums())}
    per_status = {row["status"]: row for row in applications.values("status").annotate(
        projects=Count("project", distinct=True), applications=Count("pk"), **_sums())}
    empty = {"projects": 0, "applications": 0, **{name.removeprefix("amount_"): Decimal(0) for name in AMOUNTS}}
    by_channel = [{**empty, **per_channel.get(channel.pk, {}), "channel": channel}
                  for channel in Channel.objects.filter(Q(active=True) | Q(pk__in=per_channel))]
    by_status = [{**empty, **per_status.get(status.value, {}), "status": status.value, "label": status.label}
                 for status in Status]
    return ReserveFigures(total=totals.pop("projects"), amounts=totals, by_channel=by_channel, by_status=by_status,
                          year=year)


def batches(applications: QuerySet[Application]) -> list[str]:
    return list(applications.order_by("batch").values_list("batch", flat=True).distinct())


def years(applications: QuerySet[Application]) -> list[int]:
    return list(applications.order_by("-year").values_list("year", flat=True).distinct())
