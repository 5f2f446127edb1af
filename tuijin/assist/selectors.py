"""Reads of enterprise services, always through the user's scope (the one place a role becomes a filter)."""

from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from tuijin.core.loop import OPEN_STATUSES
from tuijin.core.roles import REGION_WIDE_ROLES, Role
from tuijin.org.models import Department, Enterprise
from tuijin.projects.models import Project

from .models import Demand, Financing, PolicyAward, ServiceRecord


def _region_filter(user, prefix: str) -> Q:
    return Q(**{f"{prefix}path__startswith": user.region.path}) if user.region_id else Q()


def visible_demands(user) -> QuerySet[Demand]:
    demands = Demand.objects.select_related("enterprise", "department")
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return demands.filter(_region_filter(user, "enterprise__region__"))
        case Role.DEPARTMENT:
            return demands.filter(department_id=user.department_id)
        case Role.OWNER:
            return demands.filter(enterprise_id=user.enterprise_id)
    return demands.none()


def _recorded(user, queryset: QuerySet, region_prefix: str) -> QuerySet:
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return queryset.filter(_region_filter(user, region_prefix))
        case Role.DEPARTMENT:
            return queryset.filter(department_id=user.department_id)
        case Role.OWNER:
            return queryset.filter(enterprise_id=user.enterprise_id)
    return queryset.none()


def visible_awards(user) -> QuerySet[PolicyAward]:
    return _recorded(user, PolicyAward.objects.select_related("enterprise"), "enterprise__region__")


def visible_services(user) -> QuerySet[ServiceRecord]:
    return _recorded(user, ServiceRecord.objects.select_related("enterprise", "department"),
                     "enterprise__region__")


def visible_financing(user) -> QuerySet[Financing]:
    return _recorded(user, Financing.objects.select_related("enterprise"), "region__")


def visible_enterprises(user) -> QuerySet[Enterprise]:
    """Region-wide roles: the region's enterprises; a department: those it served or whose demands it works;
    an owner: its own."""
    enterprises = Enterprise.objects.select_related("region", "assist_profile")
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return enterprises.filter(_region_filter(user, "region__"))
        case Role.DEPARTMENT:
            ids = (set(visible_demands(user).values_list("enterprise_id", flat=True))
                   | set(visible_services(user).values_list("enterprise_id", flat=True))
                   | set(visible_awards(user).values_list("enterprise_id", flat=True)))
            return enterprises.filter(pk__in=ids)
        case Role.OWNER:
            return enterprises.filter(pk=user.enterprise_id)
    return enterprises.none()


def enterprise_list(user, *, text: str = "") -> list[Enterprise]:
    today = timezone.localdate()
    rows = visible_enterprises(user)
    if text:
        rows = rows.filter(name__icontains=text)
    demands = Demand.objects.filter(pk__in=visible_demands(user).values("pk"))
    open_counts = dict(demands.filter(status__in=OPEN_STATUSES).values_list("enterprise_id").annotate(n=Count("pk")))
    overdue_counts = dict(demands.filter(status__in=OPEN_STATUSES, deadline__lt=today).values_list(
        "enterprise_id").annotate(n=Count("pk")))
    rows = list(rows.annotate(project_count=Count("projects", distinct=True)).order_by("name"))
    for row in rows:
        row.open_demands = open_counts.get(row.pk, 0)
        row.overdue_demands = overdue_counts.get(row.pk, 0)
    return rows


def enterprise_projects(enterprise) -> QuerySet[Project]:
    return Project.objects.filter(owner=enterprise).select_related("lead_department").order_by("id")


def demand_list(user, *, status: str = "open", kind: str = "", enterprise: int | None = None) -> QuerySet[Demand]:
    """Overdue first, then by deadline; open ones unless asked otherwise."""
    today = timezone.localdate()
    demands = visible_demands(user)
    if status == "open":
        demands = demands.filter(status__in=OPEN_STATUSES)
    elif status == "overdue":
        demands = demands.filter(status__in=OPEN_STATUSES, deadline__lt=today)
    elif status:
        demands = demands.filter(status=status)
    if kind:
        demands = demands.filter(kind=kind)
    if enterprise:
        demands = demands.filter(enterprise_id=enterprise)
    return demands.annotate(overdue=Case(When(status__in=OPEN_STATUSES, deadline__lt=today, then=Value(1)),
                                         default=Value(0), output_field=IntegerField())
                            ).order_by("-overdue", F("deadline").asc(nulls_last=True), "id")


def demand_counts(user, *, start: date | None = None, end: date | None = None) -> dict:
    """Received, closed, open, overdue and satisfaction of the demands in scope (received in [start, end])."""
    today = timezone.localdate()
    demands = visible_demands(user)
    if start:
        demands = demands.filter(received_on__gte=start)
    if end:
        demands = demands.filter(received_on__lte=end)
    return demands.aggregate(
        received=Count("pk"), closed=Count("pk", filter=~Q(status__in=OPEN_STATUSES)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        rated=Count("pk", filter=Q(satisfaction__isnull=False)),
        satisfied=Count("pk", filter=Q(satisfaction__gte=Demand.Satisfaction.FAIR)))


def services_totals(awards: QuerySet, financing: QuerySet) -> dict:
    """The three headline figures (万元): awards (enterprises, amount), loans (entities, amount) and the
    whitelist (projects, amount) — over whatever records the querysets hold."""
    a = awards.aggregate(enterprises=Count("enterprise", distinct=True), amount=Sum("amount"))
    loans = financing.filter(kind=Financing.Kind.MICRO).aggregate(entities=Sum("entities"), amount=Sum("amount"))
    whitelist = financing.filter(kind=Financing.Kind.WHITELIST).aggregate(projects=Sum("entities"),
                                                                           amount=Sum("amount"))
    zero = lambda figures: {k: v or 0 for k, v in figures.items()}  # noqa: E731
    return {"awards": zero(a), "loans": zero(loans), "whitelist": zero(whitelist)}


def award_batches(awards: QuerySet) -> list[dict]:
    """Awards grouped by policy and batch: how many enterprises, how much (the summary's sentences)."""
    return list(awards.order_by().values("policy", "batch").annotate(
        enterprises=Count("enterprise", distinct=True), amount=Sum("amount")).order_by("-amount", "policy"))


def help_counts(services: QuerySet) -> list[dict]:
    return list(services.order_by().values("kind").annotate(n=Count("pk")).order_by("kind"))


def is_region_wide(user) -> bool:
    return user.role in REGION_WIDE_ROLES


def recordable_enterprises(user) -> QuerySet[Enterprise]:
    """The enterprises `user` may record a service for: those in scope; a department, any of its region."""
    if user.role == Role.DEPARTMENT:
        return Enterprise.objects.filter(region__path__startswith=user.department.region.path).order_by("name")
    return visible_enterprises(user).order_by("name")


def handover_departments(user) -> QuerySet[Department]:
    """The departments a demand may be handed to: those of the user's region, the regions above and below."""
    region = user.region or (user.enterprise.region if user.enterprise_id else None)
    if region is None:
        return Department.objects.all()
    ancestors = [int(pk) for pk in region.path.strip("/").split("/")]
    return Department.objects.filter(region_id__in=ancestors) | Department.objects.filter(
        region__path__startswith=region.path)
