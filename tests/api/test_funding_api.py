"""争资 over the API, with the funding pages' rules and scope: `project` is in every business role's scope
(owned by A, led by 住建局, in the zone); `other_project` is in no one's."""

from datetime import date
from decimal import Decimal

import pytest

# The funding tests' fixtures (channels, bond), shared.
from tests.funding.conftest import *  # noqa: F403
from tests.funding.conftest import file_application, prepare
from tuijin.funding import selectors
from tuijin.funding.kpi import reserve as kpi_reserve
from tuijin.funding.models import Application, Move
from tuijin.projects.preparation import PrepItem

from ..helpers import AuditLog
from .conftest import ApiClient, assert_error

BOND_NEEDS = [PrepItem.FILING, PrepItem.SCHEME, PrepItem.ESTIMATE, PrepItem.FINANCING, PrepItem.LAND, PrepItem.EIA]


def state():
    """Everything a refused write must leave as it was."""
    return {"applications": list(Application.objects.order_by("pk").values_list(
        "pk", "status", "version", "batch", "amount_requested", "amount_approved")),
        "moves": Move.objects.count()}


@pytest.fixture
def mine(project, bond):
    return file_application(project, bond, requested="5000")


@pytest.fixture
def outside(other_project, channels):
    return file_application(other_project, channels["central_budget"], status="applied", requested="900")


WRITES = [
    ("patch", "", {"version": 1, "batch": "第二批"}),
    ("post", "/move", {"to_status": "applied", "version": 1, "on": "2025-02-01", "amount": "5000"}),
]


# --- reading ------------------------------------------------------------------------------------------------

def test_the_channels_are_listed_in_their_order(api_as, owner_user, channels):
    body = api_as(owner_user).get("funding/channels").json()
    assert [row["code"] for row in body] == [c.code for c in sorted(channels.values(), key=lambda c: (c.order, c.pk))]


@pytest.mark.parametrize("role", ["owner", "department", "coordinator", "leader"])
def test_the_list_holds_the_applications_in_the_callers_scope(api_as, user_for, role, mine, outside):
    body = api_as(user_for(role)).get("funding/applications").json()
    assert [row["id"] for row in body["items"]] == [mine.pk] and body["count"] == 1


def test_the_list_filters_and_pages_by_keyset(api_as, coordinator_user, project, channels):
    made = [file_application(project, channels["bond"], batch=f"第{n}批") for n in range(3)]
    made.append(file_application(project, channels["central_budget"], status="applied"))
    api = api_as(coordinator_user)
    first = api.get("funding/applications", limit=2).json()
    second = api.get("funding/applications", limit=2, cursor=first["next_cursor"]).json()
    assert [r["id"] for r in first["items"] + second["items"]] == [a.pk for a in made]
    assert second["next_cursor"] is None
    only = api.get("funding/applications", channel=channels["central_budget"].pk).json()
    assert [r["id"] for r in only["items"]] == [made[-1].pk]
    assert api.get("funding/applications", status="applied").json()["count"] == 1
    body = assert_error(api.get("funding/applications", status="nonsense"), 400, "invalid")
    assert "status" in body["fields"]


def test_the_detail_says_what_the_channel_still_needs(api_as, department_user, mine):
    body = api_as(department_user).get(f"funding/applications/{mine.pk}").json()
    assert body["readiness"]["ok"] is False and "须先完成前期事项" in body["readiness"]["message"]
    assert body["next_statuses"] == ["applied"] and body["can_write"] is True
    assert body["amount_requested"] == "5000.0000"


@pytest.mark.parametrize("role", ["owner", "department", "coordinator", "leader"])
def test_an_application_out_of_scope_is_404_and_nothing_changes(api_as, user_for, role, outside):
    api = api_as(user_for(role))
    assert_error(api.get(f"funding/applications/{outside.pk}"), 404, "not_found")
    before = state()
    for method, suffix, body in WRITES:
        assert_error(getattr(api, method)(f"funding/applications/{outside.pk}{suffix}", body), 404, "not_found")
    assert state() == before


@pytest.mark.parametrize("role", ["owner", "leader"])
def test_owner_and_leader_read_but_may_not_write(api_as, user_for, role, mine, project, bond):
    api = api_as(user_for(role))
    assert api.get(f"funding/applications/{mine.pk}").json()["can_write"] is False
    before = state()
    for method, suffix, body in WRITES:
        assert_error(getattr(api, method)(f"funding/applications/{mine.pk}{suffix}", body), 403, "forbidden")
    assert_error(api.post("funding/applications", {"project": project.pk, "channel": bond.pk, "year": 2025,
                                                   "batch": "第二批", "reserved_on": "2025-01-05"}), 403, "forbidden")
    assert state() == before


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_get_403(login, user_for, role, mine):
    api = ApiClient(login(user_for(role)), None)
    for path in ("funding/channels", "funding/applications", f"funding/applications/{mine.pk}", "funding/reserve"):
        assert_error(api.get(path), 403, "forbidden")
    before = state()
    assert_error(api.patch(f"funding/applications/{mine.pk}", {"version": 1, "batch": "x"}), 403, "forbidden")
    assert state() == before


# --- writing ------------------------------------------------------------------------------------------------

def test_the_department_files_an_application(api_as, department_user, project, bond):
    api = api_as(department_user)
    log = AuditLog()
    response = api.post("funding/applications", {"project": project.pk, "channel": bond.pk, "year": 2025,
                                                  "batch": "第一批", "reserved_on": "2025-01-05",
                                                  "amount_requested": "3000"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["amount_requested"], body["version"]) == ("reserve", "3000.0000", 1)
    assert log.one().action == "funding.create"


def test_a_project_out_of_scope_cannot_be_filed(api_as, department_user, other_project, bond):
    before = state()
    body = assert_error(api_as(department_user).post("funding/applications", {
        "project": other_project.pk, "channel": bond.pk, "year": 2025, "batch": "第一批",
        "reserved_on": "2025-01-05"}), 400, "invalid")
    assert "project" in body["fields"]
    assert state() == before


def test_an_update_changes_only_the_fields_sent_and_a_stale_one_is_409(api_as, coordinator_user, mine):
    api = api_as(coordinator_user)
    response = api.patch(f"funding/applications/{mine.pk}", {"version": 1, "note": "补充材料"})
    assert response.status_code == 200, response.content
    mine.refresh_from_db()
    assert (mine.note, mine.batch, mine.version) == ("补充材料", "第一批", 2)
    before = state()
    assert_error(api.patch(f"funding/applications/{mine.pk}", {"version": 1, "note": "又改"}), 409,
                 "version_conflict")
    assert_error(api.post(f"funding/applications/{mine.pk}/move", {
        "to_status": "applied", "version": 1, "on": "2025-02-01", "amount": "5000"}), 409, "version_conflict")
    assert state() == before


def test_fields_of_steps_not_reached_are_refused(api_as, coordinator_user, mine):
    before = state()
    body = assert_error(api_as(coordinator_user).patch(f"funding/applications/{mine.pk}", {
        "version": 1, "amount_approved": "100"}), 400, "invalid")
    assert "amount_approved" in body["fields"]
    assert state() == before


def test_applying_needs_the_channels_preparation(api_as, department_user, mine, project):
    api = api_as(department_user)
    move = {"to_status": "applied", "version": 1, "on": "2025-02-01", "amount": "5000"}
    before = state()
    body = assert_error(api.post(f"funding/applications/{mine.pk}/move", move), 400, "invalid")
    assert "须先完成前期事项" in body["message"]
    assert state() == before
    prepare(project, BOND_NEEDS)
    moved = api.post(f"funding/applications/{mine.pk}/move", move)
    assert moved.status_code == 200, moved.content
    assert (moved.json()["status"], moved.json()["applied_on"]) == ("applied", "2025-02-01")


def test_a_bad_move_names_its_field(api_as, coordinator_user, mine):
    api = api_as(coordinator_user)
    before = state()
    body = assert_error(api.post(f"funding/applications/{mine.pk}/move", {
        "to_status": "applied", "version": 1, "on": "2025-02-01", "amount": "-5"}), 400, "invalid")
    assert "amount" in body["fields"]
    body = assert_error(api.post(f"funding/applications/{mine.pk}/move", {
        "to_status": "sideways", "version": 1, "on": "2025-02-01"}), 400, "invalid")
    assert "to_status" in body["fields"]
    assert state() == before


# --- figures ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["owner", "coordinator"])
def test_the_reserve_figures_are_the_selectors_in_scope(api_as, user_for, role, project, channels,
                                                        outside):
    file_application(project, channels["bond"], status="paid", requested="5000", approved="4000",
                     issued="4000", paid="1500")
    file_application(project, channels["central_budget"], status="rejected", requested="800")
    user = user_for(role)
    body = api_as(user).get("funding/reserve").json()
    figures = selectors.reserve_figures(selectors.visible_applications(user))
    assert body["total"] == figures.total == 1
    assert body["sentence"] == figures.sentence()
    assert {row["short_name"]: row["projects"] for row in body["by_channel"]} == figures.channel_counts()
    assert {row["status"]: row["applications"] for row in body["by_status"]} == {
        row["status"]: row["applications"] for row in figures.by_status}
    assert Decimal(body["amounts"]["paid"]) == figures.amounts["paid"] == Decimal("1500")


def test_over_every_region_the_figures_are_the_kpi_commands(api_as, project, channels, outside):
    from tests.factories import UserFactory
    from tuijin.core.roles import Role

    file_application(project, channels["bond"])
    everywhere = UserFactory(username="top", role=Role.COORDINATOR, region=None)
    body = api_as(everywhere).get("funding/reserve", year=2025).json()
    kpi = kpi_reserve(period="2025")
    assert body["total"] == kpi["total"] == 2
    assert {row["short_name"]: row["projects"] for row in body["by_channel"]} == kpi["by_channel"]


def test_a_year_out_of_range_is_a_schema_error(api_as, coordinator_user):
    assert_error(api_as(coordinator_user).get("funding/reserve", year=99999), 422, "schema")


def test_dates_in_answers_are_iso(api_as, coordinator_user, mine):
    assert api_as(coordinator_user).get(f"funding/applications/{mine.pk}").json()["reserved_on"] == str(
        date(2024, 12, 1))
