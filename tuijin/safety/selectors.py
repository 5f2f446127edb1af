"""Reads of the safety app. `visible_hazards` is the one place a role becomes a filter; every list,
figure and export starts from it. Counts are SQL aggregates."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from tuijin.core.loop import OPEN_STATUSES
from tuijin.core.roles import Role

from .models import STAGE_FILTERS, Campaign, Hazard, HazardLevel, HazardPhoto, HazardStage, Inspection


def _inspection_scope(user) -> Q | None:
    """The inspections `user` may read, as a filter on Inspection; None for no business access."""
    if not user.is_authenticated:
        return None
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return Q(region__path__startswith=user.region.path) if user.region_id else Q()
        case Role.DEPARTMENT:
            return Q(department_id=user.department_id) | Q(hazards__department_id=user.department_id)
        case Role.OWNER:
            return Q(enterprise_id=user.enterprise_id) | Q(project__owner_id=user.enterprise_id)
    return None


def visible_hazards(user) -> QuerySet[Hazard]:
    """Region-wide roles: every hazard in their region; a department: those handed to it; an owner: those
    found at its enterprise or its projects."""
    hazards = Hazard.objects.all()
    if not user.is_authenticated:
        return hazards.none()
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            if user.region_id:
                return hazards.filter(inspection__region__path__startswith=user.region.path)
            return hazards
        case Role.DEPARTMENT:
            return hazards.filter(department_id=user.department_id)
        case Role.OWNER:
            return hazards.filter(Q(inspection__enterprise_id=user.enterprise_id)
                                  | Q(inspection__project__owner_id=user.enterprise_id))
    return hazards.none()


def visible_inspections(user) -> QuerySet[Inspection]:
    scope = _inspection_scope(user)
    if scope is None:
        return Inspection.objects.none()
    return Inspection.objects.filter(pk__in=Inspection.objects.filter(scope).values("pk"))


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Region-wide roles: the campaigns of their region; others: campaigns holding an inspection they see."""
    if user.role in {Role.COORDINATOR, Role.LEADER}:
        campaigns = Campaign.objects.all()
        return campaigns.filter(region__path__startswith=user.region.path) if user.region_id else campaigns
    return Campaign.objects.filter(pk__in=visible_inspections(user).values("campaign_id"))


def get_visible_hazard(user, pk) -> Hazard:
    return get_object_or_404(visible_hazards(user).select_related(
        "inspection__region", "inspection__enterprise", "inspection__project", "inspection__campaign",
        "inspection__department", "domain", "department", "supervisor"), pk=pk)


def get_visible_inspection(user, pk) -> Inspection:
    return get_object_or_404(visible_inspections(user).select_related(
        "region", "campaign", "domain", "department", "enterprise", "project"), pk=pk)


def get_visible_campaign(user, pk) -> Campaign:
    return get_object_or_404(visible_campaigns(user), pk=pk)


def get_visible_photo(user, pk) -> HazardPhoto:
    return get_object_or_404(HazardPhoto.objects.filter(hazard__in=visible_hazards(user)), pk=pk)


# --- filters ------------------------------------------------------------------------------------------

def overdue_q(as_of: date) -> Q:
    """Open, past its 时限, and not yet reported rectified (the same rule as Hazard.is_overdue)."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=as_of, rectified_on__isnull=True)


OPEN_Q = Q(status__in=OPEN_STATUSES)
LISTED_Q = Q(listed_on__isnull=False)


@dataclass(frozen=True)
class HazardFilters:
    stage: str = "open"  # a HazardStage value, "open", or "" for all
    level: str = ""
    domain: int | None = None
    department: int | None = None
    campaign: int | None = None
    overdue: bool = False
    listed: bool = False
    month: str = ""  # YYYY-MM of the inspection


def hazard_list(user, filters: HazardFilters, *, as_of: date) -> QuerySet[Hazard]:
    hazards = visible_hazards(user)
    if filters.stage == "open":
        hazards = hazards.filter(OPEN_Q)
    elif filters.stage in HazardStage.values:
        hazards = hazards.filter(STAGE_FILTERS[HazardStage(filters.stage)])
    if filters.level in HazardLevel.values:
        hazards = hazards.filter(level=filters.level)
    if filters.domain:
        hazards = hazards.filter(domain_id=filters.domain)
    if filters.department:
        hazards = hazards.filter(department_id=filters.department)
    if filters.campaign:
        hazards = hazards.filter(inspection__campaign_id=filters.campaign)
    if filters.overdue:
        hazards = hazards.filter(overdue_q(as_of))
    if filters.listed:
        hazards = hazards.filter(LISTED_Q)
    if len(filters.month) == 7 and filters.month[4] == "-" and filters.month.replace("-", "").isdigit():
        year, month = int(filters.month[:4]), int(filters.month[5:])
        if 1 <= month <= 12:
            hazards = hazards.filter(inspection__inspected_on__year=year, inspection__inspected_on__month=month)
    return hazards.select_related("inspection__enterprise", "inspection__project", "inspection__campaign",
                                  "domain", "department", "supervisor").order_by("deadline", "id")


# --- figures ------------------------------------------------------------------------------------------

def _figures(as_of: date) -> dict:
    return {
        "total": Count("id"),
        "open": Count("id", filter=OPEN_Q),
        "major_open": Count("id", filter=OPEN_Q & Q(level=HazardLevel.MAJOR)),
        "general_open": Count("id", filter=OPEN_Q & Q(level=HazardLevel.GENERAL)),
        "overdue": Count("id", filter=overdue_q(as_of)),
        "listed_open": Count("id", filter=OPEN_Q & LISTED_Q),
        "accepted": Count("id", filter=STAGE_FILTERS[HazardStage.ACCEPTED]),
        "funds": Sum("funds"),
    }


def hazard_summary(user, *, as_of: date) -> dict:
    """One row of counts: total, open by level, overdue, 挂牌督办, accepted; and the count in each stage."""
    hazards = visible_hazards(user)
    summary = hazards.aggregate(**_figures(as_of),
                                **{f"stage_{s.value}": Count("id", filter=STAGE_FILTERS[s]) for s in HazardStage})
    summary["stages"] = [(s, summary.pop(f"stage_{s.value}")) for s in HazardStage]
    return summary


def stats_by_domain(user, *, as_of: date) -> list[dict]:
    return list(visible_hazards(user).values("domain_id", "domain__name", "domain__order")
                .annotate(**_figures(as_of)).order_by("domain__order", "domain_id"))


def stats_by_department(user, *, as_of: date) -> list[dict]:
    return list(visible_hazards(user).values("department_id", "department__short_name", "department__name",
                                             "department__order")
                .annotate(**_figures(as_of)).order_by("department__order", "department_id"))


def stats_by_month(user, *, as_of: date) -> list[dict]:
    """By the month of the inspection that found them."""
    return list(visible_hazards(user).annotate(month=TruncMonth("inspection__inspected_on"))
                .values("month").annotate(**_figures(as_of)).order_by("month"))


def campaign_rows(user) -> QuerySet[Campaign]:
    return visible_campaigns(user).annotate(
        inspection_count=Count("inspections", distinct=True),
        hazard_count=Count("inspections__hazards", distinct=True),
        open_count=Count("inspections__hazards", filter=Q(inspections__hazards__status__in=OPEN_STATUSES),
                         distinct=True),
    ).prefetch_related("domains")


def inspection_rows(user, *, campaign: int | None = None) -> QuerySet[Inspection]:
    inspections = visible_inspections(user)
    if campaign:
        inspections = inspections.filter(campaign_id=campaign)
    return inspections.select_related("campaign", "domain", "department", "enterprise", "project").annotate(
        hazard_count=Count("hazards", distinct=True),
        open_count=Count("hazards", filter=Q(hazards__status__in=OPEN_STATUSES), distinct=True))


def hazards_of_leader(person) -> QuerySet[Hazard]:
    """The hazards a leader answers for: at projects they lead, or 挂牌督办 under them."""
    return (Hazard.objects.filter(Q(inspection__project__leader=person) | Q(supervisor=person))
            .select_related("inspection__enterprise", "inspection__project", "domain", "department")
            .order_by("deadline", "id"))
