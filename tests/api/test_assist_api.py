"""Enterprise services over the API, with the 助企服务 pages' roles and scope: enterprises and profiles, awards,
financing and help, demands through the closed loop, the quarter's figures."""

from datetime import date
from decimal import Decimal as D

import pytest

from tests.assist.conftest import demand, finance_department, handed  # noqa: F401  (the assist tests' fixtures)
from tuijin.assist import kpi, services
from tuijin.assist.models import Demand, EnterpriseProfile, Financing, PolicyAward, ServiceRecord
from tuijin.core.loop import LoopStep
from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.org.models import User

from .conftest import assert_error


def assist_state():
    """Everything a refused write must leave as it was."""
    return {
        "profiles": list(EnterpriseProfile.objects.order_by("pk").values_list("pk", "scale", "industry", "version")),
        "awards": PolicyAward.objects.count(), "financing": Financing.objects.count(),
        "help": ServiceRecord.objects.count(),
        "demands": list(Demand.objects.order_by("pk").values_list(
            "pk", "status", "department_id", "deadline", "escalation", "resolution", "satisfaction")),
        "steps": LoopStep.objects.count(),
    }


@pytest.fixture
def outsider(other_zone):
    """The project office of the sibling zone: none of this zone's enterprises or demands are its business."""
    return User.objects.create(username="other_office", role=Role.COORDINATOR, region=other_zone)


@pytest.fixture
def award(coordinator_user, enterprise):
    return services.award_record(actor=coordinator_user, enterprise=enterprise, policy="满负荷生产奖励",
                                 amount=D("16.5"), batch="一季度", paid_on=date(2025, 3, 20))


# --- enterprises and profiles -----------------------------------------------------------------------------

def test_each_role_lists_the_enterprises_of_its_scope(api_as, coordinator_user, owner_user, department_user,
                                                      enterprise, other_enterprise, handed):  # noqa: F811
    assert [e["id"] for e in api_as(coordinator_user).get("assist/enterprises").json()] == [enterprise.pk]
    assert [e["id"] for e in api_as(owner_user).get("assist/enterprises").json()] == [enterprise.pk]
    rows = api_as(department_user).get("assist/enterprises").json()  # it works the enterprise's demand
    assert [(e["id"], e["open_demands"], e["overdue_demands"]) for e in rows] == [(enterprise.pk, 1, 1)]


@pytest.mark.parametrize("role", ["owner", "department", "coordinator", "leader"])
def test_another_zone_s_enterprise_is_not_found(api_as, user_for, role, other_enterprise, handed):  # noqa: F811
    assert_error(api_as(user_for(role)).get(f"assist/enterprises/{other_enterprise.pk}"), 404, "not_found")


def test_the_office_keeps_the_profile_over_its_version(api_as, coordinator_user, enterprise):
    api = api_as(coordinator_user)
    first = api.put(f"assist/enterprises/{enterprise.pk}/profile", {"version": 0, "scale": "above",
                                                                      "industry": "装备制造"})
    assert first.status_code == 200, first.content
    assert first.json()["profile"] == {"scale": "above", "scale_label": "规上", "industry": "装备制造", "version": 1}
    second = api.put(f"assist/enterprises/{enterprise.pk}/profile", {"version": 1, "scale": "below",
                                                                       "industry": "装备制造"})
    assert second.json()["profile"]["version"] == 2
    before = assist_state()
    body = assert_error(api.put(f"assist/enterprises/{enterprise.pk}/profile", {"version": 1, "scale": "above"}),
                        409, "version_conflict")
    assert "当前版本 2" in body["message"]
    assert assist_state() == before
    assert AuditEvent.objects.filter(action="enterprise_profile.save").count() == 2


def test_a_bad_scale_is_named_and_others_may_not_keep_profiles(api_as, coordinator_user, leader_user, owner_user,
                                                               outsider, enterprise):
    before = assist_state()
    body = assert_error(api_as(coordinator_user).put(f"assist/enterprises/{enterprise.pk}/profile",
                                                     {"scale": "huge"}), 400, "invalid")
    assert "scale" in body["fields"]
    assert_error(api_as(leader_user).put(f"assist/enterprises/{enterprise.pk}/profile", {"scale": "above"}),
                 403, "forbidden")
    assert_error(api_as(owner_user).put(f"assist/enterprises/{enterprise.pk}/profile", {"scale": "above"}),
                 403, "forbidden")
    assert_error(api_as(outsider).put(f"assist/enterprises/{enterprise.pk}/profile", {"scale": "above"}),
                 404, "not_found")
    assert assist_state() == before


# --- awards, financing, help ------------------------------------------------------------------------------

def test_the_office_records_an_award_and_its_audit_event(api_as, coordinator_user, enterprise):
    response = api_as(coordinator_user).post("assist/awards", {
        "enterprise": enterprise.pk, "policy": "满负荷生产奖励", "amount": "16.5", "batch": "一季度",
        "paid_on": "2025-03-20"})
    assert response.status_code == 201, response.content
    assert (response.json()["amount"], response.json()["enterprise"]["id"]) == ("16.5000", enterprise.pk)
    award = PolicyAward.objects.get()
    assert AuditEvent.objects.filter(action="policy_award.record", target_id=str(award.pk)).exists()


def test_bad_awards_are_refused_in_the_one_format(api_as, coordinator_user, leader_user, enterprise,
                                                  other_enterprise):
    api = api_as(coordinator_user)
    body = assert_error(api.post("assist/awards", {"enterprise": enterprise.pk, "policy": "奖励", "amount": "-1",
                                                   "batch": "一季度", "paid_on": "2025-03-20"}), 400, "invalid")
    assert "amount" in body["fields"]
    body = assert_error(api.post("assist/awards", {"enterprise": other_enterprise.pk, "policy": "奖励",
                                                   "amount": "1", "batch": "一季度", "paid_on": "2025-03-20"}),
                        400, "invalid")
    assert "enterprise" in body["fields"]  # not among the enterprises the office may choose
    assert_error(api.post("assist/awards", {"enterprise": enterprise.pk}), 422, "schema")
    assert_error(api_as(leader_user).post("assist/awards", {
        "enterprise": enterprise.pk, "policy": "奖励", "amount": "1", "batch": "一季度", "paid_on": "2025-03-20"}),
        403, "forbidden")
    assert PolicyAward.objects.count() == 0


def test_records_are_listed_in_each_role_s_scope(api_as, owner_user, outsider, leader_user, award):
    assert [a["id"] for a in api_as(owner_user).get("assist/awards").json()] == [award.pk]
    assert [a["id"] for a in api_as(leader_user).get("assist/awards", quarter="2025Q1").json()] == [award.pk]
    assert api_as(leader_user).get("assist/awards", quarter="2025Q2").json() == []
    assert api_as(outsider).get("assist/awards").json() == []
    assert_error(api_as(leader_user).get("assist/awards", quarter="Q1"), 400, "invalid")


def test_financing_batches_need_their_entities(api_as, coordinator_user):
    api = api_as(coordinator_user)
    body = assert_error(api.post("assist/financing", {"kind": "micro", "on": "2025-03-31", "amount": "173000"}),
                        400, "invalid")
    assert "entities" in body["fields"]
    made = api.post("assist/financing", {"kind": "micro", "on": "2025-03-31", "amount": "173000",
                                         "entities": 1936, "loans": 2100})
    assert made.status_code == 201, made.content
    assert (made.json()["entities"], made.json()["amount"]) == (1936, "173000.0000")
    assert [f["id"] for f in api.get("assist/financing").json()] == [made.json()["id"]]


def test_departments_record_help_and_owners_may_not(api_as, department_user, owner_user, enterprise):
    body = {"enterprise": enterprise.pk, "kind": "factors", "description": "协调用电增容", "on": "2025-03-10"}
    assert_error(api_as(owner_user).post("assist/help", body), 403, "forbidden")
    made = api_as(department_user).post("assist/help", body)
    assert made.status_code == 201, made.content
    assert made.json()["department"]["id"] == department_user.department_id
    assert [h["id"] for h in api_as(department_user).get("assist/help").json()] == [made.json()["id"]]


# --- demands ----------------------------------------------------------------------------------------------

def test_the_owner_raises_for_its_own_enterprise_only(api_as, owner_user, department_user, enterprise,
                                                      other_enterprise):
    api = api_as(owner_user)
    made = api.post("assist/demands", {"enterprise": enterprise.pk, "kind": "factors", "description": "用电增容"})
    assert made.status_code == 201, made.content
    assert (made.json()["status"], [s["kind"] for s in made.json()["steps"]]) == ("pending", [])
    before = assist_state()
    body = assert_error(api.post("assist/demands", {"enterprise": other_enterprise.pk, "description": "x"}),
                        400, "invalid")
    assert "enterprise" in body["fields"]
    assert_error(api_as(department_user).post("assist/demands", {"enterprise": enterprise.pk, "description": "x"}),
                 403, "forbidden")
    assert_error(api.post("assist/demands", {"enterprise": enterprise.pk, "description": " "}), 400, "invalid")
    assert assist_state() == before


def test_the_loop_through_the_api(api_as, coordinator_user, department_user, owner_user, demand,  # noqa: F811
                                  department):
    office, dept, owner = api_as(coordinator_user), api_as(department_user), api_as(owner_user)
    handed_over = office.post(f"assist/demands/{demand.pk}/handover", {
        "department": department.pk, "deadline": "2099-04-30", "note": "请住建局办理"})
    assert handed_over.status_code == 200, handed_over.content
    assert (handed_over.json()["department"]["id"], handed_over.json()["status"]) == (department.pk, "working")
    assert dept.post(f"assist/demands/{demand.pk}/progress", {"note": "已现场核查"}).status_code == 200
    escalated = office.post(f"assist/demands/{demand.pk}/escalate", {"note": "进展慢"})
    assert escalated.json()["escalation"] == 1
    closed = dept.post(f"assist/demands/{demand.pk}/close", {"outcome": "resolved", "resolution": "已办证"})
    assert closed.json()["status"] == "resolved"
    assert owner.get(f"assist/demands/{demand.pk}").json()["can_rate"] is True
    rated = owner.post(f"assist/demands/{demand.pk}/rate", {"satisfaction": 3})
    assert (rated.json()["satisfaction"], rated.json()["satisfaction_label"]) == (3, "满意")
    assert [s["kind"] for s in rated.json()["steps"]] == [
        s.kind for s in LoopStep.objects.filter(object_id=demand.pk).order_by("at", "pk")]
    assert len(rated.json()["steps"]) == 4
    assert_error(owner.post(f"assist/demands/{demand.pk}/rate", {"satisfaction": 1, "note": "再评"}),
                 400, "invalid")


def test_who_may_not_act_gets_403_and_nothing_changes(api_as, owner_user, department_user, leader_user,
                                                      handed, department):  # noqa: F811
    before = assist_state()
    assert_error(api_as(owner_user).post(f"assist/demands/{handed.pk}/close",
                                         {"outcome": "resolved", "resolution": "自己办好了"}), 403, "forbidden")
    assert_error(api_as(department_user).post(f"assist/demands/{handed.pk}/handover",
                                              {"department": department.pk, "deadline": "2099-01-01"}),
                 403, "forbidden")
    assert_error(api_as(leader_user).post(f"assist/demands/{handed.pk}/escalate", {"note": "x"}), 403, "forbidden")
    assert assist_state() == before


def test_out_of_scope_demands_are_404_and_nothing_changes(api_as, outsider, other_department, handed):  # noqa: F811
    other_dept_user = User.objects.create(username="other_dept", role=Role.DEPARTMENT,
                                          department=other_department)
    before = assist_state()
    for api in (api_as(outsider), api_as(other_dept_user)):
        assert_error(api.get(f"assist/demands/{handed.pk}"), 404, "not_found")
        assert_error(api.post(f"assist/demands/{handed.pk}/progress", {"note": "x"}), 404, "not_found")
        assert_error(api.post(f"assist/demands/{handed.pk}/close", {"outcome": "resolved", "resolution": "x"}),
                     404, "not_found")
        assert api.get("assist/demands", status="").json() == []
    assert assist_state() == before


def test_validation_errors_of_the_loop_name_their_fields(api_as, coordinator_user, handed):  # noqa: F811
    api = api_as(coordinator_user)
    before = assist_state()
    body = assert_error(api.post(f"assist/demands/{handed.pk}/handover", {"department": 999999,
                                                                         "deadline": "2099-01-01"}), 400, "invalid")
    assert "department" in body["fields"]
    body = assert_error(api.post(f"assist/demands/{handed.pk}/close", {"outcome": "maybe", "resolution": "x"}),
                        400, "invalid")
    assert "outcome" in body["fields"]
    assert_error(api.post(f"assist/demands/{handed.pk}/rate", {"satisfaction": 3}), 400, "invalid")  # still open
    assert assist_state() == before


def test_the_demand_list_filters_and_puts_the_overdue_first(api_as, coordinator_user, owner_user, enterprise,
                                                            handed):  # noqa: F811
    fresh = services.demand_raise(actor=owner_user, enterprise=enterprise, kind="financing", description="贷款",
                                  received_on=date(2025, 3, 5))
    api = api_as(coordinator_user)
    assert [d["id"] for d in api.get("assist/demands").json()] == [handed.pk, fresh.pk]
    assert [d["id"] for d in api.get("assist/demands", status="overdue").json()] == [handed.pk]
    assert api.get("assist/demands", status="overdue").json()[0]["overdue"] is True
    assert [d["id"] for d in api.get("assist/demands", kind="financing").json()] == [fresh.pk]


# --- the quarter's figures --------------------------------------------------------------------------------

def test_the_kpi_figures_are_those_of_the_kpi_command(api_as, coordinator_user, enterprise, award, handed):  # noqa: F811
    services.financing_record(actor=coordinator_user, region=coordinator_user.region, kind="micro",
                              on=date(2025, 3, 31), entities=1936, loans=2100, amount=D("173000"))
    body = api_as(coordinator_user).get("assist/kpi", quarter="2025Q1").json()
    expected = kpi.services(period="2025Q1")
    assert body["totals"] == {
        "awards": {"enterprises": expected["awards"]["enterprises"], "amount": "16.5000"},
        "loans": {"entities": expected["loans"]["entities"], "amount": "173000.0000"},
        "whitelist": {"projects": 0, "amount": "0.0000"}}
    assert D(body["totals"]["loans"]["amount"]) == expected["loans"]["amount"]
    assert body["demands"]["received"] == 1
    assert "1930余家市场主体" in body["paragraph"]


def test_the_kpi_follows_the_caller_s_scope_and_names_a_bad_quarter(api_as, outsider, award):
    body = api_as(outsider).get("assist/kpi", quarter="2025Q1").json()
    assert body["totals"]["awards"] == {"enterprises": 0, "amount": "0.0000"}
    assert "quarter" in assert_error(api_as(outsider).get("assist/kpi", quarter="2025Q5"), 400, "invalid")["fields"]


def test_the_enterprise_shapes_keep_their_own_names_in_the_document():
    """OpenAPI components are one namespace: a second schema of the same class name would replace the first."""
    from tuijin.api.api import api

    components = api.get_openapi_schema()["components"]["schemas"]
    assert "kind_label" in components["EnterpriseOut"]["properties"]  # the organisation's 项目单位 rows
    assert "open_demands" in components["ServedEnterpriseOut"]["properties"]
