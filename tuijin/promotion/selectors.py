"""Reads of 招商线索, always through the user's scope."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role

from . import counting
from .models import FundEntry, Lead
from .periods import Span
from .stages import CHASED_STAGES, ORDER, LeadStage

DEFAULT_STALE_DAYS = 30


def stale_days() -> int:
    """Days without a contact after which a lead still being chased is flagged (setting TUIJIN_PROMOTION_STALE_DAYS)."""
    return int(getattr(settings, "TUIJIN_PROMOTION_STALE_DAYS", DEFAULT_STALE_DAYS))


def visible_leads(user) -> QuerySet[Lead]:
    """Every lead `user` may read. The one place scope becomes a query."""
    leads = Lead.objects.all()
    if not getattr(user, "is_authenticated", False):
        return leads.none()
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return leads.filter(region__path__startswith=user.region.path) if user.region_id else leads
        case Role.DEPARTMENT:
            mine = Q(department_id=user.department_id) | Q(team_departments__id=user.department_id)
            return leads.filter(pk__in=Lead.objects.filter(mine).values("pk"))
    return leads.none()


def get_visible_lead(user, pk) -> Lead:
    """The lead, or 404 when it does not exist or `user` may not see it (no hint which)."""
    try:
        return visible_leads(user).select_related("region", "investor", "chain", "department", "leader",
                                                   "project").get(pk=pk)
    except (Lead.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def with_last_contact(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    """last_contact: the latest contact date, or the day the lead was registered when none is logged yet."""
    return leads.annotate(last_contact=Greatest(Coalesce(Max("contacts__date"), "received_on"), "received_on"))


def stale(leads: QuerySet[Lead], *, as_of: date) -> QuerySet[Lead]:
    """Leads still being chased with no contact for more than stale_days() by `as_of`."""
    cutoff = as_of - timedelta(days=stale_days())
    return with_last_contact(leads).filter(stage__in=CHASED_STAGES, last_contact__lt=cutoff)


def mark_stale(leads, *, as_of: date) -> list[Lead]:
    """The rows of an annotated list with `is_stale` set, for display."""
    cutoff = as_of - timedelta(days=stale_days())
    rows = list(leads)
    for lead in rows:
        lead.is_stale = lead.stage in CHASED_STAGES and lead.last_contact < cutoff
    return rows


@dataclass
class LeadFilters:
    stage: str = ""
    source: str = ""
    industry: str = ""
    chain: int | None = None
    department: int | None = None
    leader: int | None = None
    stale: bool = False
    major: bool = False
    text: str = ""
    # A KPI drill-down: the leads behind one figure of one period.
    metric: str = ""
    span: Span | None = None


METRICS = {"signed", "started", "funded", "leads"}


def lead_list(user, filters: LeadFilters, *, as_of: date) -> QuerySet[Lead]:
    leads = visible_leads(user)
    if filters.stage:
        leads = leads.filter(stage=filters.stage)
    if filters.source:
        leads = leads.filter(source=filters.source)
    if filters.industry:
        leads = leads.filter(industry__icontains=filters.industry)
    if filters.chain:
        leads = leads.filter(chain_id=filters.chain)
    if filters.department:
        leads = leads.filter(Q(department_id=filters.department) | Q(team_departments__id=filters.department))
    if filters.leader:
        leads = leads.filter(leader_id=filters.leader)
    if filters.major:
        leads = leads.filter(is_major=True)
    if filters.text:
        for word in filters.text.split():
            leads = leads.filter(Q(name__icontains=word) | Q(investor_name__icontains=word)
                                 | Q(investor__name__icontains=word) | Q(industry__icontains=word))
    if filters.span and filters.metric in METRICS:
        span = filters.span
        leads = {"signed": lambda: counting.signed_leads(leads, span),
                 "started": lambda: counting.started_leads(leads, span),
                 "funded": lambda: counting.funded_leads(leads, span),
                 "leads": lambda: counting.registered_leads(leads, span)}[filters.metric]()
    ids = leads.values("pk")
    result = with_last_contact(Lead.objects.filter(pk__in=ids))
    if filters.stale:
        result = result.filter(pk__in=stale(Lead.objects.filter(pk__in=ids), as_of=as_of).values("pk"))
    # A subquery, not a join: summing over a join with contacts and signings would count each entry many times.
    result = counting.with_first_signing(result).annotate(funds_total=Subquery(
        FundEntry.objects.filter(lead=OuterRef("pk")).order_by().values("lead").annotate(
            total=Sum("amount")).values("total")))
    return result.select_related("investor", "chain", "department", "leader", "project").order_by("-id")


def funds_total(lead: Lead):
    return lead.funds.aggregate(total=Coalesce(Sum("amount"), counting.ZERO))["total"]


def board(user, *, as_of: date) -> list[tuple[LeadStage, list[Lead]]]:
    """The pipeline board: one column per stage, 终止 last, each lead with its stale flag."""
    leads = with_last_contact(visible_leads(user)).select_related("region", "department", "leader").order_by(
        "next_action_due", "id")
    columns: dict[str, list[Lead]] = {stage: [] for stage in [*ORDER, LeadStage.TERMINATED]}
    for lead in mark_stale(leads, as_of=as_of):
        columns[lead.stage].append(lead)
    return [(LeadStage(stage), rows) for stage, rows in columns.items()]


def stage_counts(user) -> dict[str, int]:
    rows = visible_leads(user).order_by().values("stage").annotate(n=Count("pk"))
    return {row["stage"]: row["n"] for row in rows}


def kpis(user, span: Span) -> dict:
    return counting.figures(visible_leads(user), span)


ACTION_LABELS = {
    "lead.create": _("登记线索"), "lead.update": _("修改线索信息"), "lead.team": _("调整五个一"),
    "lead.stage": _("阶段变更"), "lead.contact": _("对接记录"), "lead.task_add": _("加入清单"),
    "lead.task_status": _("任务状态"), "lead.sign": _("签约"), "lead.funds": _("到位资金"),
    "lead.convert": _("转入项目库"),
}
CHANGE_LABELS = {"contact": _("对接"), "task": _("任务"), "signing": _("签约"), "funds": _("资金"),
                 "project": _("项目"), "team": _("工作专班"), "team_people": _("工作专班成员"),
                 "team_departments": _("专班配合单位")}


@dataclass
class HistoryEntry:
    at: object
    actor: str
    label: str
    changes: list[tuple[str, object, object]]
    reason: str


def _field_label(name: str) -> str:
    if name in CHANGE_LABELS:
        return str(CHANGE_LABELS[name])
    try:
        return str(Lead._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _value_label(name: str, value):
    if name == "stage" and value in LeadStage.values:
        return LeadStage(value).label
    return value


def lead_history(lead: Lead, limit: int = 100) -> list[HistoryEntry]:
    """The lead's own story in words: every write recorded against it, newest first."""
    events = AuditEvent.objects.filter(target_type="promotion.lead", target_id=str(lead.pk)).order_by(
        "-at", "-id")[:limit]
    return [HistoryEntry(at=event.at, actor=event.actor_name, label=str(ACTION_LABELS.get(event.action, event.action)),
                         changes=[(_field_label(name), _value_label(name, old), _value_label(name, new))
                                  for name, (old, new) in event.changes.items()], reason=event.reason)
            for event in events]
