"""Periods, reports and problems over the API, with the dispatch pages' rules and scope (the dispatch tests'
world: p1/p4 are enterprise A's and 住建局's; p2 is B's with 住建局 co-operating; `other` is the sibling zone's)."""

from datetime import date

import pytest

from tests.dispatch.builders import db_state, milestone, open_period, problem, report
from tests.dispatch.conftest import world  # noqa: F401  (the dispatch tests' fixture, shared)
from tuijin.core.loop import Escalation, LoopStatus
from tuijin.dispatch.models import Period, ProgressReport

from .conftest import assert_error


@pytest.fixture
def march(world):  # noqa: F811
    world.period = open_period(world.zone, month=3)
    return world


# --- periods ------------------------------------------------------------------------------------------------

def test_the_coordinator_opens_a_period_in_its_region(api_as, world):  # noqa: F811
    response = api_as(world.coordinator).post("periods", {"month": "2025-04", "deadline": "2025-05-05"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["label"], body["region"]["id"], body["status"]) == ("2025-04", world.zone.pk, "open")
    assert [p["label"] for p in api_as(world.owner).get("periods").json()] == ["2025-04"]


@pytest.mark.parametrize("who", ["owner", "department", "leader"])
def test_only_the_coordinator_opens_periods(api_as, world, who):  # noqa: F811
    api = api_as(getattr(world, who))
    before = db_state()
    assert_error(api.post("periods", {"month": "2025-04", "deadline": "2025-05-05"}), 403, "forbidden")
    assert db_state() == before


def test_a_bad_month_is_named_in_chinese(api_as, world):  # noqa: F811
    body = assert_error(api_as(world.coordinator).post("periods", {"month": "2025-13", "deadline": "2025-05-05"}),
                        400, "invalid")
    assert "YYYY-MM" in body["fields"]["month"]


def test_the_coordinator_closes_a_period_and_others_may_not(api_as, march):
    api = api_as(march.department)
    before = db_state()
    assert_error(api.post(f"periods/{march.period.pk}/close", {"reason": "x"}), 403, "forbidden")
    assert db_state() == before
    assert_error(api_as(march.outsider).post(f"periods/{march.period.pk}/close", {}), 404, "not_found")
    closed = api_as(march.coordinator).post(f"periods/{march.period.pk}/close", {"reason": "按期关闭"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert Period.objects.get(pk=march.period.pk).status == "closed"


# --- reports ------------------------------------------------------------------------------------------------

def test_the_owner_submits_and_the_figures_are_derived(api_as, march):
    api = api_as(march.owner)
    empty = api.get(f"periods/{march.period.pk}/reports/{march.p1.pk}").json()
    assert empty["report"] is None and empty["can_fill"] is True
    response = api.put(f"periods/{march.period.pk}/reports/{march.p1.pk}", {
        "version": 0, "submit": True, "invest_month": "800", "progress_text": "主体施工"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["report"]["status"] == "submitted" and body["report"]["version"] == 2
    assert body["figures"]["completed_ytd"] == "800.0000"
    assert body["figures"]["completed_since_start"] == "1800.0000"  # 1000 before tracking + 800


def test_a_draft_does_not_count_and_a_stale_report_is_a_409(api_as, march):
    api = api_as(march.owner)
    url = f"periods/{march.period.pk}/reports/{march.p1.pk}"
    draft = api.put(url, {"version": 0, "invest_month": "300"}).json()
    assert draft["report"]["status"] == "draft" and draft["figures"]["completed_ytd"] == "0.0000"
    before = db_state()
    assert_error(api.put(url, {"version": 0, "invest_month": "400"}), 409, "version_conflict")
    assert db_state() == before


def test_a_report_of_a_project_the_unit_does_not_fill_is_refused(api_as, march):
    api = api_as(march.department)  # 住建局 co-operates on p2 but does not lead it
    before = db_state()
    assert_error(api.put(f"periods/{march.period.pk}/reports/{march.p2.pk}", {"invest_month": "1"}), 403,
                 "forbidden")
    assert_error(api.put(f"periods/{march.period.pk}/reports/{march.other.pk}", {"invest_month": "1"}), 404,
                 "not_found")
    assert db_state() == before


def test_the_lead_department_returns_and_approves(api_as, march):
    submitted = report(march.period, march.p1, 500, status=ProgressReport.Status.SUBMITTED)
    api = api_as(march.department)
    no_reason = assert_error(api.post(f"reports/{submitted.pk}/return", {"reason": ""}), 400, "invalid")
    assert "退回原因" in no_reason["message"] or "return_reason" in no_reason["fields"]
    returned = api.post(f"reports/{submitted.pk}/return", {"reason": "请补充形象进度"}).json()
    assert returned["report"]["status"] == "returned" and returned["report"]["return_reason"] == "请补充形象进度"
    again = report(march.period, march.p4, 200, status=ProgressReport.Status.SUBMITTED)
    approved = api.post(f"reports/{again.pk}/approve", {"note": "同意"}).json()
    assert approved["report"]["status"] == "approved"


def test_the_owner_may_not_review_and_an_outsider_does_not_see(api_as, march):
    submitted = report(march.period, march.p1, 500, status=ProgressReport.Status.SUBMITTED)
    owner, outsider, owner_b = api_as(march.owner), api_as(march.outsider), api_as(march.owner_b)
    before = db_state()
    assert_error(owner.post(f"reports/{submitted.pk}/approve", {}), 403, "forbidden")
    assert_error(outsider.post(f"reports/{submitted.pk}/approve", {}), 404, "not_found")
    assert_error(owner_b.get(f"periods/{march.period.pk}/reports/{march.p1.pk}"), 404, "not_found")
    assert db_state() == before


# --- problems -----------------------------------------------------------------------------------------------

def test_a_problem_goes_round_the_loop(api_as, march):
    raised = api_as(march.owner).post(f"projects/{march.p1.pk}/problems", {
        "kind": "land", "description": "用地指标未落实", "department": march.dept.pk})
    assert raised.status_code == 201, raised.content
    pk = raised.json()["id"]
    coordinator = api_as(march.coordinator)
    handed = coordinator.post(f"problems/{pk}/handover", {"department": march.dept.pk, "deadline": "2099-01-31",
                                                          "note": "请牵头协调"}).json()
    assert handed["status"] == LoopStatus.WORKING and handed["department"]["id"] == march.dept.pk
    escalated = coordinator.post(f"problems/{pk}/escalate", {"note": "逾期未解决"}).json()
    assert escalated["escalation"] == Escalation.DEPUTY and escalated["escalation_label"] == "分管领导"
    closed = api_as(march.department).post(f"problems/{pk}/close", {"outcome": "resolved",
                                                                    "resolution": "已办理用地手续"}).json()
    assert closed["status"] == LoopStatus.RESOLVED
    assert [s["kind"] for s in closed["steps"]] == ["handover", "escalate", "close"]
    assert [p["id"] for p in api_as(march.owner).get("problems", status="").json()] == [pk]


def test_only_the_coordinator_hands_over_and_escalates(api_as, march):
    item = problem(march.p1)
    api = api_as(march.department)
    before = db_state()
    assert_error(api.post(f"problems/{item.pk}/handover", {"department": march.dept.pk,
                                                           "deadline": "2099-01-01"}), 403, "forbidden")
    assert_error(api.post(f"problems/{item.pk}/escalate", {"note": "x"}), 403, "forbidden")
    assert db_state() == before


def test_a_handover_to_a_department_of_another_zone_is_refused(api_as, march):
    item = problem(march.p1)
    api = api_as(march.coordinator)
    before = db_state()
    body = assert_error(api.post(f"problems/{item.pk}/handover", {
        "department": march.dept_other.pk, "deadline": "2099-01-01"}), 400, "invalid")
    assert "department" in body["fields"]
    assert db_state() == before


def test_closing_needs_a_resolution(api_as, march):
    item = problem(march.p1, department=march.dept, status=LoopStatus.WORKING)
    body = assert_error(api_as(march.department).post(f"problems/{item.pk}/close", {
        "outcome": "unresolvable", "resolution": ""}), 400, "invalid")
    assert "resolution" in body["fields"]


def test_problems_of_other_units_are_not_found(api_as, march):
    theirs = problem(march.other)
    for who in ["owner", "department"]:
        api = api_as(getattr(march, who))
        before = db_state()
        assert_error(api.get(f"problems/{theirs.pk}"), 404, "not_found")
        assert_error(api.post(f"problems/{theirs.pk}/close", {"outcome": "resolved", "resolution": "x"}), 404,
                     "not_found")
        assert_error(api.post(f"projects/{march.other.pk}/problems", {"kind": "land", "description": "x"}), 404,
                     "not_found")
        assert db_state() == before
        assert theirs.pk not in [p["id"] for p in api.get("problems", status="").json()]


def test_problem_list_filters_and_overdue_first(api_as, march):
    late = problem(march.p1, department=march.dept, deadline=date(2025, 1, 31), status=LoopStatus.WORKING)
    problem(march.p4, kind="funds", description="资金缺口", department=march.dept, deadline=date(2099, 1, 1),
            status=LoopStatus.WORKING)
    rows = api_as(march.coordinator).get("problems", kind="land").json()
    assert [(r["id"], r["overdue"]) for r in rows] == [(late.pk, True)]
    assert [r["kind"] for r in api_as(march.coordinator).get("problems").json()] == ["land", "funds"]


def test_a_submitted_report_marks_the_milestones_it_names_as_met(api_as, march):
    met = milestone(march.p1, name="主体封顶", planned_date=date(2025, 3, 20))
    theirs = milestone(march.p2, name="设备进场")
    api = api_as(march.owner)
    url = f"periods/{march.period.pk}/reports/{march.p1.pk}"
    refused = api.put(url, {"version": 0, "submit": True, "invest_month": "100", "milestones_met": [theirs.pk]})
    assert "milestones_met" in assert_error(refused, 400, "invalid")["fields"]
    body = api.put(url, {"version": 0, "submit": True, "invest_month": "100", "milestones_met": [met.pk]}).json()
    assert body["report"]["milestones_met"] == [met.pk]
    met.refresh_from_db()
    assert met.status == "met" and met.actual_date == date(2025, 3, 31)
