from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.assist import services
from tuijin.assist.dashboard import block
from tuijin.assist.models import Demand, PolicyAward
from tuijin.core.models import AuditEvent

from ..helpers import AuditLog


@pytest.mark.parametrize("role", ["owner", "department", "coordinator", "leader"])
def test_business_roles_open_the_services_page(login, user_for, role, handed):
    assert login(user_for(role)).get(reverse("assist:index") + "?quarter=2025Q1").status_code == 200


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_non_business_roles_are_refused(login, user_for, role):
    assert login(user_for(role)).get(reverse("assist:index")).status_code == 403


def test_the_owner_raises_a_demand_for_its_own_enterprise(login, owner_user, enterprise):
    response = login(owner_user).post(reverse("assist:demand_new"), {
        "enterprise": enterprise.pk, "kind": "factors", "description": "用电增容"})
    demand = Demand.objects.get()
    assert response.status_code == 302 and demand.enterprise == enterprise and demand.received_on == date.today()


def test_the_owner_cannot_pick_another_enterprise(login, owner_user, other_enterprise):
    response = login(owner_user).post(reverse("assist:demand_new"), {
        "enterprise": other_enterprise.pk, "kind": "factors", "description": "用电增容"})
    assert response.status_code == 200 and "enterprise" in response.context["form"].errors
    assert not Demand.objects.exists()


def test_a_department_may_not_raise_demands(login, department_user):
    assert login(department_user).get(reverse("assist:demand_new")).status_code == 403


def test_the_department_closes_and_the_owner_rates_on_the_page(login, handed, department_user, owner_user):
    url = reverse("assist:demand", args=[handed.pk])
    response = login(department_user).post(url, {"action": "close", "outcome": "resolved", "resolution": "已办证"})
    assert response.status_code == 302
    response = login(owner_user).get(url)
    assert response.context["can_rate"] and not response.context["can_work"]
    log = AuditLog()
    login(owner_user).post(url, {"action": "rate", "satisfaction": "3"})
    handed.refresh_from_db()
    assert handed.satisfaction == 3 and log.one().action == "demand.rate"


def test_the_owner_cannot_close_its_own_demand(login, handed, owner_user):
    response = login(owner_user).post(reverse("assist:demand", args=[handed.pk]), {
        "action": "close", "outcome": "resolved", "resolution": "我说解决了"})
    assert response.status_code == 403
    handed.refresh_from_db()
    assert handed.is_open


def test_a_bad_handover_is_explained_on_the_page(login, demand, coordinator_user, department):
    response = login(coordinator_user).post(reverse("assist:demand", args=[demand.pk]), {
        "action": "handover", "department": department.pk, "deadline": "2020-01-01"})
    assert "办结时限不能早于今天" in response.content.decode()
    demand.refresh_from_db()
    assert demand.department is None


def test_another_enterprise_s_demand_is_not_found(login, owner_user, other_enterprise):
    other = Demand.objects.create(enterprise=other_enterprise, description="外区", received_on=date(2025, 3, 1))
    assert login(owner_user).get(reverse("assist:demand", args=[other.pk])).status_code == 404
    assert login(owner_user).get(reverse("assist:enterprise", args=[other_enterprise.pk])).status_code == 404


def test_the_office_records_an_award_by_form(login, coordinator_user, enterprise):
    response = login(coordinator_user).post(reverse("assist:award_new"), {
        "enterprise": enterprise.pk, "policy": "满负荷生产奖励", "amount": "20", "batch": "一季度",
        "paid_on": "2025-03-28"})
    assert response.status_code == 302 and PolicyAward.objects.get().amount == D(20)


def test_a_negative_award_is_refused_on_the_form(login, coordinator_user, enterprise):
    response = login(coordinator_user).post(reverse("assist:award_new"), {
        "enterprise": enterprise.pk, "policy": "奖励", "amount": "-5", "batch": "一季度", "paid_on": "2025-03-28"})
    assert "金额不能为负数" in response.content.decode()
    assert not PolicyAward.objects.exists()


def test_the_export_lists_the_quarter_and_is_audited(login, leader_user, coordinator_user, enterprise, zone):
    services.award_record(actor=coordinator_user, enterprise=enterprise, policy="满负荷生产奖励", amount=D(20),
                          batch="一季度", paid_on=date(2025, 3, 28))
    services.financing_record(actor=coordinator_user, region=zone, kind="micro", on=date(2025, 3, 31), entities=9,
                              amount=D(900), note="3月投放")
    response = login(leader_user).get(reverse("assist:export") + "?quarter=2025Q1")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[3] == ("惠企政策兑现", enterprise.name, "一季度满负荷生产奖励", 1, 20, "2025-03-28")
    assert rows[4][0] == "小微企业融资协调机制" and rows[4][3:5] == (9, 900)
    assert AuditEvent.objects.filter(action="export.assist", actor=leader_user).exists()


def test_the_dashboard_block_is_for_region_wide_roles(handed, leader_user, owner_user, coordinator_user, enterprise):
    services.award_record(actor=coordinator_user, enterprise=enterprise, policy="满负荷生产奖励", amount=D(20),
                          batch="一季度", paid_on=date(2025, 3, 28))
    card = block(leader_user, as_of=date(2025, 4, 10))
    assert card.context["summary"].quarter == 1 and card.context["counts"]["open"] == 1
    assert block(owner_user, as_of=date(2025, 4, 10)) is None
