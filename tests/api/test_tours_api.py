"""Tours over the API, with the tour pages' rules (the tour tests' `tour`: two stops, the default sheet, the
leader, the department and the coordinator as observers, not the owner)."""

from datetime import date
from decimal import Decimal as D

import pytest

from tests.tours.conftest import marks_for, tour  # noqa: F401  (the tour tests' fixture, shared)
from tuijin.tours import selectors, services
from tuijin.tours.models import Score

from .conftest import assert_error


def _body(tour, *values):  # noqa: F811
    return {"marks": {str(k): v for k, v in marks_for(tour, *values).items()}}


def test_each_role_lists_the_tours_it_sees(api_as, login, tour, user_for):  # noqa: F811
    for role in ("coordinator", "leader", "department"):
        rows = api_as(user_for(role)).get("tours").json()
        assert [(r["id"], r["is_observer"]) for r in rows] == [(tour.pk, True)]
    assert rows[0]["can_see_results"] is False and rows[0]["stop_count"] == 2
    assert api_as(user_for("owner")).get("tours").json() == []
    assert_error(login(user_for("auditor")).get("/api/v1/tours"), 403, "forbidden")



@pytest.mark.parametrize("role, status, code", [("coordinator", 200, None), ("leader", 200, None),
                                                ("department", 403, "forbidden"), ("owner", 404, "not_found"),
                                                ("auditor", 403, "forbidden")])
def test_detail_and_results_are_for_the_office_and_the_leaders(login, tour, user_for, role, status,  # noqa: F811
                                                               code):
    api = login(user_for(role))
    for path in (f"/api/v1/tours/{tour.pk}", f"/api/v1/tours/{tour.pk}/results"):
        response = api.get(path)
        if code:
            assert_error(response, status, code)
        else:
            assert response.status_code == 200


def test_the_detail_has_the_stops_in_order_and_the_sheet(api_as, tour, coordinator_user):  # noqa: F811
    body = api_as(coordinator_user).get(f"tours/{tour.pk}").json()
    assert [s["label"] for s in body["stops"]] == ["紫荆大道", "金沙社区"]
    assert [(c["name"], c["weight"]) for c in body["criteria"]] == [
        ("项目规模", 25), ("建设进度", 30), ("质量形象", 25), ("达效情况", 20)]
    assert sorted(o["done"] for o in body["observers"]) == [0, 0, 0]


def test_an_observer_scores_a_stop_and_reads_their_own_sheet(api_as, tour, department_user):  # noqa: F811
    api = api_as(department_user)
    first, second = tour.stops.all()
    assert api.get(f"tours/{tour.pk}/sheet").json()["next_stop"] == first.pk
    response = api.post(f"tours/{tour.pk}/stops/{first.pk}/score", _body(tour, "20", 25, "22.5", 15))
    assert response.status_code == 200, response.content
    sheet = response.json()
    assert sheet["next_stop"] == second.pk
    assert sheet["stops"][0]["done"] is True and sheet["stops"][0]["total"] == "82.5"
    assert Score.objects.filter(observer=department_user, stop=first).count() == 4


def test_a_bad_mark_is_named_and_nothing_is_saved(api_as, tour, department_user):  # noqa: F811
    first = tour.stops.first()
    body = assert_error(api_as(department_user).post(f"tours/{tour.pk}/stops/{first.pk}/score",
                                                     _body(tour, "26", "abc", "22.55", "")), 400, "invalid")
    criteria = list(tour.criteria.all())
    assert set(body["fields"]) == {f"c{c.pk}" for c in criteria}
    assert "0到25分" in body["fields"][f"c{criteria[0].pk}"]
    assert not Score.objects.exists()


def test_the_owner_is_not_found_and_a_non_observer_is_refused(api_as, tour, owner_user, coordinator_user,  # noqa: F811
                                                              leader_user):
    first = tour.stops.first()
    assert_error(api_as(owner_user).post(f"tours/{tour.pk}/stops/{first.pk}/score", _body(tour, 1, 1, 1, 1)),
                 404, "not_found")
    assert_error(api_as(owner_user).get(f"tours/{tour.pk}/sheet"), 404, "not_found")
    services.tour_set_observers(actor=coordinator_user, tour=tour, observers=[coordinator_user])
    assert_error(api_as(leader_user).get(f"tours/{tour.pk}/sheet"), 403, "forbidden")
    assert_error(api_as(leader_user).post(f"tours/{tour.pk}/stops/{first.pk}/score", _body(tour, 1, 1, 1, 1)),
                 403, "forbidden")
    assert not Score.objects.exists()


def test_a_stop_of_another_tour_is_not_found(api_as, tour, coordinator_user, zone):  # noqa: F811
    other = services.tour_create(actor=coordinator_user, region=zone, title="三季度观摩", held_on=date(2025, 8, 1))
    services.tour_set_stops(actor=coordinator_user, tour=other, stops=[{"project": None, "site": "金沙社区"}])
    assert_error(api_as(coordinator_user).post(f"tours/{tour.pk}/stops/{other.stops.first().pk}/score",
                                               _body(tour, 1, 1, 1, 1)), 404, "not_found")


def test_results_are_the_pages_ranking(api_as, tour, leader_user, department_user, coordinator_user):  # noqa: F811
    first, second = tour.stops.all()
    services.score_save(actor=department_user, stop=first, marks=marks_for(tour, 20, 25, 20, 15))
    services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 22, 28, 21, 18))
    services.score_save(actor=leader_user, stop=second, marks=marks_for(tour, 25, 30, 25, 20))
    body = api_as(coordinator_user).get(f"tours/{tour.pk}/results").json()
    expected = selectors.tour_results(tour)
    assert [(r["stop"]["id"], r["rank"], r["score"]) for r in body["results"]] == [
        (r.stop.pk, r.rank, None if r.average.score is None else format(r.average.score, "f")) for r in expected]
    assert body["results"][0] == {**body["results"][0], "rank": 1, "score": "100.00", "scorers": 1}
    assert D(body["results"][1]["score"]) == D("84.50")


def test_a_closed_tour_refuses_a_score(api_as, tour, leader_user, coordinator_user):  # noqa: F811
    first = tour.stops.first()
    services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 20, 25, 20, 15))
    services.tour_close(actor=coordinator_user, tour=tour)
    body = assert_error(api_as(leader_user).post(f"tours/{tour.pk}/stops/{first.pk}/score",
                                                 _body(tour, 1, 1, 1, 1)), 400, "invalid")
    assert "已关闭" in body["message"]
    assert Score.objects.get(observer=leader_user, criterion__name="项目规模").value == D(20)
