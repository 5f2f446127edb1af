"""Hazards over the API, with the safety pages' rules and scope (the safety tests' world: `hazard` at project P,
enterprise A's, handed to 住建局; `other_hazard` in the sibling zone, in neither the owner's nor the department's
scope)."""

import contextlib
from decimal import Decimal

import pytest

from tests.safety.conftest import days, db_state, plan, world  # noqa: F401  (world: that app's tests' fixture, shared)
from tuijin.core.models import AuditEvent
from tuijin.safety import selectors
from tuijin.safety.models import Hazard, HazardLevel
from tuijin.safety.services import hazard_record
from tuijin.tracking.dashboard import default_as_of

from .conftest import assert_error


@contextlib.contextmanager
def nothing_saved():
    """The app's own check that a refused write saved nothing, less the API's token events (each test's token
    is made and used on the way in)."""
    def state():
        current = db_state()
        current["events"] -= AuditEvent.objects.filter(action__startswith="api.").count()
        return current

    before = state()
    yield
    assert state() == before

# --- reading ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "department", "coordinator", "leader"])
def test_each_role_lists_the_hazards_its_page_lists(api_as, world, who):  # noqa: F811
    user = getattr(world, who)
    body = api_as(user).get("hazards", stage="").json()
    expected = list(selectors.hazard_list(user, selectors.HazardFilters(stage=""), as_of=default_as_of(user))
                    .values_list("pk", flat=True))
    assert [h["id"] for h in body["items"]] == expected == [world.hazard.pk]
    assert body["count"] == 1


@pytest.mark.parametrize("who", ["auditor", "admin"])
def test_auditor_and_admin_get_no_hazards(login, world, who):  # noqa: F811
    for path in ("hazards", "hazards/stats", f"hazards/{world.hazard.pk}"):
        assert_error(login(getattr(world, who)).get(f"/api/v1/{path}"), 403, "forbidden")


def test_the_list_filters_and_pages_by_keyset(api_as, world):  # noqa: F811
    for n in range(3):
        hazard_record(actor=world.coordinator, inspection=world.inspection, level=HazardLevel.MAJOR,
                      description=f"重大隐患{n}", department=world.dept, deadline=days(30 + n))
    api = api_as(world.coordinator)
    first = api.get("hazards", level="major", limit=2).json()
    assert [h["description"] for h in first["items"]] == ["重大隐患0", "重大隐患1"] and first["count"] == 3
    second = api.get("hazards", level="major", limit=2, cursor=first["next_cursor"]).json()
    assert [h["description"] for h in second["items"]] == ["重大隐患2"] and second["next_cursor"] is None
    assert api.get("hazards", domain=world.domains["消防安全"].pk).json()["count"] == 0
    assert api.get("hazards", department=world.dept.pk).json()["count"] == 4


def test_the_overdue_filter_uses_the_selectors_rule(api_as, world):  # noqa: F811
    api = api_as(world.coordinator)
    assert api.get("hazards", overdue=True, as_of=str(days(19))).json()["count"] == 0
    late = api.get("hazards", overdue=True, as_of=str(days(21))).json()
    assert [h["id"] for h in late["items"]] == [world.hazard.pk] and late["items"][0]["overdue"] is True


def test_unknown_filter_values_are_named(api_as, world):  # noqa: F811
    api = api_as(world.coordinator)
    assert "level" in assert_error(api.get("hazards", level="huge"), 400, "invalid")["fields"]
    assert "stage" in assert_error(api.get("hazards", stage="gone"), 400, "invalid")["fields"]
    assert "cursor" in assert_error(api.get("hazards", cursor="nonsense"), 400, "invalid")["fields"]


def test_the_detail_carries_the_loop_steps(api_as, world):  # noqa: F811
    plan(world)
    body = api_as(world.department).get(f"hazards/{world.hazard.pk}").json()
    assert body["stage"] == "rectifying" and body["responsible"] == "项目经理 王某"
    assert [s["kind"] for s in body["steps"]] == ["progress"]  # recording hands it over; the plan starts the work
    assert body["can_work"] is True and body["can_direct"] is False


@pytest.mark.parametrize("who", ["owner", "department"])
def test_another_scopes_hazard_is_not_found(api_as, world, who):  # noqa: F811
    assert_error(api_as(getattr(world, who)).get(f"hazards/{world.other_hazard.pk}"), 404, "not_found")


def test_statistics_equal_the_selectors(api_as, world):  # noqa: F811
    plan(world, funds=Decimal("12.5"))
    user = world.coordinator
    body = api_as(user).get("hazards/stats").json()
    as_of = default_as_of(user)
    summary = selectors.hazard_summary(user, as_of=as_of)
    assert body["summary"]["total"] == summary["total"] == 1
    assert body["summary"]["funds"] == "12.5000"
    assert [(s["stage"], s["count"]) for s in body["summary"]["stages"]] == [
        (stage.value, n) for stage, n in summary["stages"]]
    assert [(r["domain"]["id"], r["open"]) for r in body["by_domain"]] == [
        (r["domain_id"], r["open"]) for r in selectors.stats_by_domain(user, as_of=as_of)]
    assert [r["department"]["id"] for r in body["by_department"]] == [world.dept.pk]
    assert [r["month"] for r in body["by_month"]] == [f"{world.inspection.inspected_on:%Y-%m}"]


# --- the loop -----------------------------------------------------------------------------------------------


def test_the_coordinator_records_a_hazard_on_an_inspection(api_as, world):  # noqa: F811
    response = api_as(world.coordinator).post(f"inspections/{world.inspection.pk}/hazards", {
        "description": "临边防护缺失", "level": "major", "department": world.dept.pk, "deadline": str(days(15))})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["level"], body["department"]["id"]) == ("to_rectify", "major", world.dept.pk)
    assert AuditEvent.objects.filter(action="hazard.record", target_id=str(body["id"])).exists()


def test_recording_on_another_zones_inspection_is_not_found_and_saves_nothing(api_as, world):  # noqa: F811
    with nothing_saved():
        assert_error(api_as(world.coordinator).post(f"inspections/{world.other_inspection.pk}/hazards", {
            "description": "x", "level": "general", "department": world.dept.pk, "deadline": str(days(5))}),
            404, "not_found")


@pytest.mark.parametrize("who", ["owner", "department", "leader"])
def test_only_the_coordinator_records_hazards(api_as, world, who):  # noqa: F811
    with nothing_saved():
        assert_error(api_as(getattr(world, who)).post(f"inspections/{world.inspection.pk}/hazards", {
            "description": "x", "level": "general", "department": world.dept.pk, "deadline": str(days(5))}),
            403, "forbidden")


def test_a_bad_hazard_is_refused_field_by_field(api_as, world):  # noqa: F811
    with nothing_saved():
        body = assert_error(api_as(world.coordinator).post(f"inspections/{world.inspection.pk}/hazards", {
            "description": "x", "level": "huge", "department": world.dept_b.pk, "deadline": str(days(5))}),
            400, "invalid")
    assert {"level", "department"} <= set(body["fields"])
    with nothing_saved():
        body = assert_error(api_as(world.coordinator).post(f"inspections/{world.inspection.pk}/hazards", {
            "description": "x", "level": "general", "department": world.dept.pk, "deadline": str(days(-30))}),
            400, "invalid")
    assert "检查日期" in body["fields"]["deadline"]


def test_a_schema_error_is_a_422_in_the_one_shape(api_as, world):  # noqa: F811
    body = assert_error(api_as(world.coordinator).post(f"inspections/{world.inspection.pk}/hazards", {
        "description": "x", "level": "general", "department": "abc", "deadline": "soon"}), 422, "schema")
    assert {"body.department", "body.deadline"} <= set(body["fields"])


def test_the_whole_loop_plan_progress_rectified_returned_and_accepted(api_as, world):  # noqa: F811
    department, coordinator = api_as(world.department), api_as(world.coordinator)
    url = f"hazards/{world.hazard.pk}"
    version = department.get(url).json()["version"]
    planned = department.put(f"{url}/plan", {"version": version, "responsible": "王某", "measures": "补设",
                                             "deadline": str(days(20))})
    assert planned.status_code == 200, planned.content
    assert planned.json()["stage"] == "rectifying"
    assert department.post(f"{url}/progress", {"note": "已完成一半"}).status_code == 200
    assert department.post(f"{url}/rectified", {"note": "全部补设"}).json()["stage"] == "awaiting"
    returned = coordinator.post(f"{url}/return", {"note": "复查仍缺两处"}).json()
    assert returned["stage"] == "rectifying" and returned["rectified_on"] is None
    department.post(f"{url}/rectified", {"note": "已补齐"})
    accepted = coordinator.post(f"{url}/accept", {"note": "验收合格"})
    assert accepted.status_code == 200 and accepted.json()["stage"] == "accepted"
    assert Hazard.objects.get(pk=world.hazard.pk).status == "resolved"


def test_a_stale_plan_is_a_409_and_changes_nothing(api_as, world):  # noqa: F811
    plan(world)  # someone saved since version 1 was read
    with nothing_saved():
        assert_error(api_as(world.department).put(f"hazards/{world.hazard.pk}/plan", {
            "version": 1, "responsible": "李某", "measures": "改", "deadline": str(days(20))}),
            409, "version_conflict")


def test_the_owner_where_it_was_found_may_report_it_rectified_but_not_accept(api_as, world):  # noqa: F811
    plan(world)
    owner = api_as(world.owner)
    assert owner.post(f"hazards/{world.hazard.pk}/rectified", {"note": "已整改"}).json()["stage"] == "awaiting"
    with nothing_saved():
        assert_error(owner.post(f"hazards/{world.hazard.pk}/accept", {"note": "好"}), 403, "forbidden")
        assert_error(owner.post(f"hazards/{world.hazard.pk}/progress", {"note": "好"}), 403, "forbidden")


@pytest.mark.parametrize("action,body", [
    ("handover", {"department": 1, "deadline": "2030-01-01"}), ("progress", {"note": "x"}),
    ("rectified", {"note": "x"}), ("accept", {"note": "x"}), ("return", {"note": "x"}),
    ("supervise", {"supervisor": 1})])
@pytest.mark.parametrize("who", ["owner", "department"])
def test_no_step_reaches_another_scopes_hazard(api_as, world, action, body, who):  # noqa: F811
    with nothing_saved():
        assert_error(api_as(getattr(world, who)).post(f"hazards/{world.other_hazard.pk}/{action}", body),
                     404, "not_found")


def test_handover_is_the_coordinators(api_as, world):  # noqa: F811
    body = {"department": world.dept.pk, "deadline": str(days(40)), "note": "延期"}
    with nothing_saved():
        assert_error(api_as(world.department).post(f"hazards/{world.hazard.pk}/handover", body), 403, "forbidden")
    handed = api_as(world.coordinator).post(f"hazards/{world.hazard.pk}/handover", body).json()
    assert handed["deadline"] == str(days(40))


def test_listing_for_supervision_needs_a_major_hazard(api_as, world):  # noqa: F811
    api = api_as(world.coordinator)
    with nothing_saved():
        body = assert_error(api.post(f"hazards/{world.hazard.pk}/supervise",
                                     {"supervisor": world.leader_person.pk}), 400, "invalid")
    assert "重大隐患" in body["message"]
    major = hazard_record(actor=world.coordinator, inspection=world.inspection, level=HazardLevel.MAJOR,
                          description="深基坑无监测", department=world.dept, deadline=days(10))
    listed = api.post(f"hazards/{major.pk}/supervise", {"supervisor": world.leader_person.pk}).json()
    assert listed["supervisor"]["id"] == world.leader_person.pk and listed["listed_on"]
    assert api.get("hazards", listed=True).json()["count"] == 1
