from datetime import date
from decimal import Decimal as D

from tests.factories import DepartmentFactory, UserFactory
from tuijin.core.roles import Role
from tuijin.tours import selectors, services

from .conftest import marks_for


def _panel(zone, n):
    return [UserFactory(username=f"panel{i}", role=Role.DEPARTMENT, department=DepartmentFactory(region=zone))
            for i in range(n)]


def test_results_drop_the_extremes_and_rank_the_stops(tour, zone, coordinator_user):
    panel = _panel(zone, 5)
    services.tour_set_observers(actor=coordinator_user, tour=tour, observers=panel)
    first, second = tour.stops.all()
    totals_first = [(20, 25, 20, 15), (25, 30, 25, 20), (10, 10, 10, 10), (21, 26, 21, 16), (22, 27, 22, 17)]
    for user, values in zip(panel, totals_first, strict=True):
        services.score_save(actor=user, stop=first, marks=marks_for(tour, *values))
    for user in panel[:2]:
        services.score_save(actor=user, stop=second, marks=marks_for(tour, 25, 30, 25, 20))
    results = selectors.tour_results(tour)
    top, below = results
    assert (top.stop, top.rank, top.average.score) == (second, 1, D("100.00"))
    assert (top.average.scorers, top.average.counted, top.average.dropped) == (2, 2, False)
    # First stop: totals 80, 100, 40, 84, 88 → 100 and 40 left out → (80 + 84 + 88) / 3.
    assert (below.rank, below.average.score, below.average.dropped) == (2, D("84.00"), True)
    assert below.by_criterion == [D("21.00"), D("26.00"), D("21.00"), D("16.00")]
    assert [s["counted"] for s in below.sheets] == [True, False, False, True, True]


def test_the_sheet_resumes_at_the_first_stop_not_yet_scored(tour, leader_user):
    first, second = tour.stops.all()
    assert selectors.next_stop(tour, leader_user) == first
    services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 20, 25, 20, 15))
    assert selectors.next_stop(tour, leader_user) == second
    assert selectors.done_stops(tour, leader_user) == {first.pk}
    services.score_save(actor=leader_user, stop=second, marks=marks_for(tour, 20, 25, 20, 15))
    assert selectors.next_stop(tour, leader_user) is None


def test_progress_counts_each_observers_finished_stops(tour, leader_user):
    services.score_save(actor=leader_user, stop=tour.stops.first(), marks=marks_for(tour, 20, 25, 20, 15))
    progress = {p["user"].username: (p["done"], p["stops"]) for p in selectors.observer_progress(tour)}
    assert progress == {"leader": (1, 2), "department": (0, 2), "coordinator": (0, 2)}


def test_who_sees_which_tours(tour, owner_user, department_user, leader_user, coordinator_user, other_zone):
    outsider = UserFactory(username="outsider", role=Role.COORDINATOR, region=other_zone)
    assert list(selectors.visible_tours(coordinator_user)) == [tour]
    assert list(selectors.visible_tours(leader_user)) == [tour]
    assert list(selectors.visible_tours(department_user)) == [tour]  # named on it
    assert not selectors.visible_tours(owner_user).exists()
    assert not selectors.visible_tours(outsider).exists()


def test_tours_list_counts_stops_and_observers(tour, coordinator_user, zone):
    services.tour_create(actor=coordinator_user, region=zone, title="空的观摩", held_on=date(2025, 8, 1))
    counts = {t.title: (t.stop_count, t.observer_count) for t in selectors.tour_list(coordinator_user)}
    assert counts == {"二季度观摩": (2, 3), "空的观摩": (0, 0)}
