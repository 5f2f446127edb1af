"""招商线索 over the API, with the 招商 pages' rules and scope (the promotion tests' cast: `lead` is 住建局's,
`team_lead` one 住建局 only helps on, `centre_lead` another unit's, `other_lead` in the sibling zone)."""

from datetime import date
from decimal import Decimal

import pytest

# The promotion tests' cast (lead, team_lead, centre_lead, other_lead, centre, chain), shared as fixtures.
from tests.promotion.conftest import *  # noqa: F403
from tests.promotion.conftest import sign
from tuijin.projects.models import Project
from tuijin.promotion import counting, selectors
from tuijin.promotion.models import ContactLog, FundEntry, Lead, Signing
from tuijin.promotion.periods import parse_span
from tuijin.promotion.stages import LeadStage

from ..helpers import AuditLog
from .conftest import ApiClient, assert_error


def state():
    """Everything a refused write must leave as it was."""
    return {
        "leads": list(Lead.objects.order_by("pk").values_list("pk", "name", "stage", "version", "project_id")),
        "contacts": ContactLog.objects.count(), "signings": Signing.objects.count(),
        "funds": FundEntry.objects.count(), "projects": Project.objects.count(),
    }


WRITES = [
    ("patch", "", {"version": 1, "name": "改名"}),
    ("post", "/move", {"to_stage": "contact", "version": 1}),
    ("post", "/contacts", {"kind": "visit", "date": "2025-02-01", "who": "张三", "note": "走访"}),
    ("post", "/signings", {"version": 1, "signed_on": "2025-02-01", "contract_amount": "5000"}),
    ("post", "/funds", {"date": "2025-02-01", "amount": "100"}),
    ("post", "/convert", {"version": 1, "category": 1}),
]


# --- reading ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "names"), [
    ("coordinator", {"新材料项目", "协办项目", "招商中心项目"}),
    ("leader", {"新材料项目", "协办项目", "招商中心项目"}),
    ("department", {"新材料项目", "协办项目"}),
])
def test_the_list_holds_the_leads_in_the_callers_scope(api_as, user_for, role, names, lead, team_lead, centre_lead,
                                                       other_lead):
    body = api_as(user_for(role)).get("leads").json()
    assert {row["name"] for row in body["items"]} == names
    assert body["count"] == len(names)


def test_the_list_pages_by_keyset_without_repeats(api_as, coordinator_user, lead, team_lead, centre_lead):
    api = api_as(coordinator_user)
    first = api.get("leads", limit=2).json()
    assert [row["id"] for row in first["items"]] == [centre_lead.pk, team_lead.pk]
    second = api.get("leads", limit=2, cursor=first["next_cursor"]).json()
    assert [row["id"] for row in second["items"]] == [lead.pk] and second["next_cursor"] is None
    assert_error(api.get("leads", sort="name", cursor=first["next_cursor"]), 400, "invalid")


def test_the_list_takes_the_pages_filters(api_as, coordinator_user, lead, team_lead, centre):
    api = api_as(coordinator_user)
    assert [r["id"] for r in api.get("leads", q="新材料项目").json()["items"]] == [lead.pk]
    assert [r["id"] for r in api.get("leads", department=centre.pk).json()["items"]] == [team_lead.pk]
    body = assert_error(api.get("leads", stage="nonsense"), 400, "invalid")
    assert "stage" in body["fields"]


def test_the_detail_carries_contacts_signings_and_funds(api_as, coordinator_user, lead):
    ContactLog.objects.create(lead=lead, kind="visit", date=date(2025, 2, 1), who="张三", note="首次走访")
    sign(lead, date(2025, 2, 10), "8000")
    FundEntry.objects.create(lead=lead, date=date(2025, 3, 1), amount=Decimal("1200"))
    body = api_as(coordinator_user).get(f"leads/{lead.pk}").json()
    assert [c["note"] for c in body["contacts"]] == ["首次走访"]
    assert [s["contract_amount"] for s in body["signings"]] == ["8000.0000"]
    assert body["funds_total"] == "1200.0000" and body["can_edit"] is True


@pytest.mark.parametrize(("role", "target"), [("department", "centre_lead"), ("coordinator", "other_lead"),
                                               ("leader", "other_lead")])
def test_a_lead_out_of_scope_is_404_for_reads_and_writes(api_as, user_for, request, role, target):
    lead = request.getfixturevalue(target)
    api = api_as(user_for(role))
    assert_error(api.get(f"leads/{lead.pk}"), 404, "not_found")
    before = state()
    for method, suffix, body in WRITES:
        assert_error(getattr(api, method)(f"leads/{lead.pk}{suffix}", body), 404, "not_found")
    assert state() == before


@pytest.mark.parametrize("path", ["leads", "promotion/kpis"])
def test_owners_have_no_promotion_resources(api_as, owner_user, lead, path):
    assert_error(api_as(owner_user).get(path), 403, "forbidden")
    assert_error(api_as(owner_user).get(f"leads/{lead.pk}"), 403, "forbidden")


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_get_403(login, user_for, role, lead):
    api = ApiClient(login(user_for(role)), None)
    assert_error(api.get("leads"), 403, "forbidden")
    before = state()
    assert_error(api.patch(f"leads/{lead.pk}", {"version": 1, "name": "改名"}), 403, "forbidden")
    assert state() == before


# --- writing ------------------------------------------------------------------------------------------------

def test_the_coordinator_registers_a_lead(api_as, coordinator_user, zone, department):
    api = api_as(coordinator_user)
    log = AuditLog()
    response = api.post("leads", {
        "name": "光伏组件项目", "region": zone.pk, "source": "expo", "received_on": "2025-03-01",
        "investor_name": "某光伏公司", "intended_investment": "20000", "department": department.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["department"]["id"], body["version"]) == ("clue", department.pk, 1)
    assert log.one().action == "lead.create"


@pytest.mark.parametrize("role", ["department", "leader", "owner"])
def test_only_the_coordinator_registers_leads(api_as, user_for, role, zone):
    before = state()
    assert_error(api_as(user_for(role)).post("leads", {"name": "x", "region": zone.pk, "source": "expo",
                                                      "received_on": "2025-03-01"}), 403, "forbidden")
    assert state() == before


def test_a_bad_lead_is_refused_naming_the_field(api_as, coordinator_user, zone):
    before = state()
    body = assert_error(api_as(coordinator_user).post("leads", {
        "name": "", "region": zone.pk, "source": "expo", "received_on": "2025-03-01"}), 400, "invalid")
    assert "name" in body["fields"] and "项目名称" in body["message"]
    assert state() == before


def test_an_update_changes_only_the_fields_sent(api_as, department_user, lead):
    api = api_as(department_user)
    log = AuditLog()
    response = api.patch(f"leads/{lead.pk}", {"version": 1, "next_action": "约谈董事长"})
    assert response.status_code == 200, response.content
    lead.refresh_from_db()
    assert (lead.next_action, lead.name, lead.version) == ("约谈董事长", "新材料项目", 2)
    assert log.one().action == "lead.update"


def test_a_stale_version_answers_409_and_changes_nothing(api_as, coordinator_user, lead):
    api = api_as(coordinator_user)
    assert api.patch(f"leads/{lead.pk}", {"version": 1, "next_action": "第一次"}).status_code == 200
    before = state()
    body = assert_error(api.patch(f"leads/{lead.pk}", {"version": 1, "next_action": "第二次"}), 409,
                        "version_conflict")
    assert "他人修改" in body["message"]
    assert_error(api.post(f"leads/{lead.pk}/move", {"to_stage": "contact", "version": 1}), 409, "version_conflict")
    assert state() == before


def test_a_helper_department_reads_but_may_not_write(api_as, department_user, team_lead):
    api = api_as(department_user)
    assert api.get(f"leads/{team_lead.pk}").json()["can_edit"] is False
    before = state()
    for method, suffix, body in WRITES:
        assert_error(getattr(api, method)(f"leads/{team_lead.pk}{suffix}", body), 403, "forbidden")
    assert state() == before


def test_the_leader_reads_but_may_not_write(api_as, leader_user, lead):
    before = state()
    assert_error(api_as(leader_user).post(f"leads/{lead.pk}/move", {"to_stage": "contact", "version": 1}), 403,
                 "forbidden")
    assert state() == before


def test_a_stage_move_follows_the_pipelines_rules(api_as, department_user, lead):
    api = api_as(department_user)
    moved = api.post(f"leads/{lead.pk}/move", {"to_stage": "contact", "version": 1})
    assert moved.status_code == 200 and moved.json()["stage"] == "contact"
    before = state()
    body = assert_error(api.post(f"leads/{lead.pk}/move", {"to_stage": "funded", "version": 2}), 400, "invalid")
    assert body["message"]
    assert state() == before


def test_contacts_signings_funds_and_conversion(api_as, coordinator_user, lead, category):
    api = api_as(coordinator_user)
    contact = api.post(f"leads/{lead.pk}/contacts", {"kind": "visit", "date": "2025-02-01", "who": "张三",
                                                     "note": "走访企业"})
    assert contact.status_code == 201, contact.content
    signed = api.post(f"leads/{lead.pk}/signings", {"version": contact.json()["version"], "signed_on": "2025-02-10",
                                                    "contract_amount": "8000"})
    assert signed.status_code == 201, signed.content
    assert signed.json()["stage"] == LeadStage.SIGNED
    funds = api.post(f"leads/{lead.pk}/funds", {"date": "2025-03-01", "amount": "1500"})
    assert funds.status_code == 201 and funds.json()["funds_total"] == "1500.0000"
    version = funds.json()["version"]
    converted = api.post(f"leads/{lead.pk}/convert", {"version": version, "category": category.pk})
    assert converted.status_code == 200, converted.content
    project = Project.objects.get(pk=converted.json()["project"]["id"])
    assert project.total_investment == Decimal("8000")


def test_bad_writes_name_their_fields(api_as, coordinator_user, lead):
    api = api_as(coordinator_user)
    before = state()
    body = assert_error(api.post(f"leads/{lead.pk}/funds", {"date": "2025-03-01", "amount": "100"}), 400, "invalid")
    assert "date" in body["fields"]  # not signed yet
    body = assert_error(api.post(f"leads/{lead.pk}/contacts", {"kind": "visit", "date": "2025-02-01", "who": "",
                                                               "note": "x"}), 400, "invalid")
    assert "who" in body["fields"]
    assert_error(api.post(f"leads/{lead.pk}/signings", {"signed_on": "2025-02-10"}), 422, "schema")
    assert state() == before


# --- figures ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["coordinator", "department"])
def test_the_kpis_are_the_selectors_figures_in_scope(api_as, user_for, role, lead, centre_lead, other_lead):
    sign(lead, date(2025, 2, 10), "8000")
    sign(centre_lead, date(2025, 3, 10), "3000")
    sign(other_lead, date(2025, 3, 12), "9000")
    user = user_for(role)
    body = api_as(user).get("promotion/kpis", period="2025Q1").json()
    expected = selectors.kpis(user, parse_span("2025Q1"))
    assert body["period"] == "2025Q1" and body["start"] == "2025-01-01" and body["end"] == "2025-03-31"
    assert body["figures"]["signed"] == expected["signed"] == (2 if role == "coordinator" else 1)
    assert Decimal(body["figures"]["signed_amount"]) == expected["signed_amount"]
    assert Decimal(body["figures"]["funds_in_place"]) == expected["funds_in_place"]


def test_the_coordinators_kpis_match_the_kpi_command_over_its_zone(api_as, coordinator_user, lead, centre_lead):
    sign(lead, date(2025, 2, 10), "8000")
    body = api_as(coordinator_user).get("promotion/kpis", period="2025").json()["figures"]
    every = counting.figures(Lead.objects.all(), parse_span("2025"))
    assert (body["signed"], Decimal(body["signed_amount"]), body["started"]) == (
        every["signed"], every["signed_amount"], every["started"])


def test_a_bad_period_is_refused_in_chinese(api_as, coordinator_user):
    body = assert_error(api_as(coordinator_user).get("promotion/kpis", period="2025Q5"), 400, "invalid")
    assert "period" in body["fields"]
