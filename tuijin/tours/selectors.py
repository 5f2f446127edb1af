"""Reads of tours, always through the user's scope: region-wide roles see their region's tours, an observer
the tours they are named on."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from tuijin.core.roles import BUSINESS_ROLES, REGION_WIDE_ROLES
from tuijin.org.models import User

from .models import Criterion, Score, Stop, Tour
from .scoring import CENT, Average, ranks, stop_average


def visible_tours(user) -> QuerySet[Tour]:
    tours = Tour.objects.select_related("region")
    if not user.is_authenticated or user.role not in BUSINESS_ROLES:
        return tours.none()
    observed = Q(observers=user)
    if user.role in REGION_WIDE_ROLES:
        region = Q(region__path__startswith=user.region.path) if user.region_id else Q()
        return tours.filter(pk__in=Tour.objects.filter(region | observed).values("pk"))
    return tours.filter(pk__in=Tour.objects.filter(observed).values("pk"))


def get_visible_tour(user, pk) -> Tour:
    try:
        return visible_tours(user).get(pk=pk)
    except (Tour.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def tour_list(user) -> QuerySet[Tour]:
    """The tours `user` sees, with their counts and whether `user` is named to score them (one query)."""
    named = Tour.observers.through.objects.filter(tour=OuterRef("pk"), user=user.pk)
    return visible_tours(user).annotate(stop_count=Count("stops", distinct=True),
                                        observer_count=Count("observers", distinct=True),
                                        is_observer=Exists(named))


def observer_candidates(tour: Tour) -> QuerySet[User]:
    """Business users of the tour's region and below: by their own region (coordinators, leaders), their
    department's or their enterprise's."""
    path = tour.region.path
    return User.objects.filter(is_active=True, role__in=BUSINESS_ROLES).filter(
        Q(region__path__startswith=path) | Q(department__region__path__startswith=path)
        | Q(enterprise__region__path__startswith=path)).order_by("role", "username")


def stops_of(tour: Tour) -> list[Stop]:
    return list(tour.stops.select_related("project"))


# ---------------------------------------------------------------------------------------------------------
# One observer's sheet.


def sheet(tour: Tour, user) -> dict[int, dict[int, Decimal]]:
    """{stop id: {criterion id: mark}} of `user`'s marks on `tour`."""
    marks: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for stop_id, criterion_id, value in Score.objects.filter(stop__tour=tour, observer=user).values_list(
            "stop_id", "criterion_id", "value"):
        marks[stop_id][criterion_id] = value
    return dict(marks)


def done_stops(tour: Tour, user, criteria_count: int | None = None) -> set[int]:
    """The stops `user` has marked on every criterion."""
    criteria_count = criteria_count if criteria_count is not None else tour.criteria.count()
    return {stop_id for stop_id, marks in sheet(tour, user).items() if len(marks) >= criteria_count}


def next_stop(tour: Tour, user) -> Stop | None:
    """Where `user` picks up: the first stop, in visiting order, not yet fully marked; None when all are."""
    done = done_stops(tour, user)
    return next((stop for stop in tour.stops.all() if stop.pk not in done), None)


def observer_progress(tour: Tour) -> list[dict]:
    """Each observer with the number of stops they have fully marked."""
    criteria = tour.criteria.count()
    per_stop = Score.objects.filter(stop__tour=tour).values("observer_id", "stop_id").annotate(n=Count("pk"))
    done: dict[int, int] = defaultdict(int)
    for row in per_stop:
        if row["n"] >= criteria:
            done[row["observer_id"]] += 1
    stops = tour.stops.count()
    return [{"user": user, "done": done[user.pk], "stops": stops}
            for user in tour.observers.select_related("department", "enterprise", "person").order_by("role", "pk")]


# ---------------------------------------------------------------------------------------------------------
# Results.


@dataclass
class StopResult:
    stop: Stop
    average: Average
    rank: int | None
    by_criterion: list[Decimal | None]  # the mean mark per criterion over the counted observers
    sheets: list[dict]  # each observer's marks: {"observer", "marks": [..], "total", "counted"}


def tour_results(tour: Tour) -> list[StopResult]:
    """Every stop's score by scoring.stop_average, ranked; the stops in rank order (unscored last, in visiting
    order). Three queries whatever the size of the tour."""
    criteria = list(Criterion.objects.filter(tour=tour))
    stops = list(Stop.objects.filter(tour=tour).select_related("project"))
    marks: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    names: dict[int, str] = {}
    for score in Score.objects.filter(stop__tour=tour).select_related("observer").order_by("observer_id"):
        marks[score.stop_id][score.observer_id][score.criterion_id] = score.value
        names[score.observer_id] = score.observer.first_name or score.observer.username
    results = []
    for stop in stops:
        # Only complete sheets count: a stop half-marked by an observer is not yet their score.
        complete = [(observer, m) for observer, m in marks[stop.pk].items() if len(m) == len(criteria)]
        totals = [sum(m.values(), Decimal(0)) for _observer, m in complete]
        average = stop_average(totals, drop_extremes=tour.drop_extremes, min_scorers=tour.min_scorers_to_drop)
        kept = [m for index, (_observer, m) in enumerate(complete) if index in average.kept]
        by_criterion = [
            (sum((m[c.pk] for m in kept), Decimal(0)) / len(kept)).quantize(CENT, rounding=ROUND_HALF_UP)
            if kept else None for c in criteria]
        sheets = [{"observer": names[observer], "marks": [m[c.pk] for c in criteria], "total": totals[index],
                   "counted": index in average.kept} for index, (observer, m) in enumerate(complete)]
        results.append(StopResult(stop, average, None, by_criterion, sheets))
    for result, rank in zip(results, ranks([r.average.score for r in results]), strict=True):
        result.rank = rank
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.stop.order))
