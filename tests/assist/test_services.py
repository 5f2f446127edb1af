from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuijin.assist import services
from tuijin.assist.models import Demand, Financing, PolicyAward
from tuijin.core.loop import ClosedLoopItem, LoopStatus
from tuijin.core.loop_services import steps_of

from ..helpers import AuditLog


def test_an_award_is_recorded_with_its_audit_event(coordinator_user, enterprise):
    log = AuditLog()
    award = services.award_record(actor=coordinator_user, enterprise=enterprise, policy="满负荷生产奖励",
                                  amount=D("20"), batch="一季度", paid_on=date(2025, 3, 28))
    assert award.department is None and award.recorded_by == coordinator_user
    event = log.one()
    assert event.action == "policy_award.record" and event.changes["amount"] == [None, "20"]


@pytest.mark.parametrize("change, field, words", [
    ({"amount": D("0")}, "amount", "必须大于0"), ({"amount": None}, "amount", "请填写兑现金额"),
    ({"policy": " "}, "policy", "政策名称"), ({"batch": ""}, "batch", "批次"),
    ({"paid_on": date(2999, 1, 1)}, "paid_on", "不能晚于今天"),
])
def test_bad_awards_are_refused_by_field_and_nothing_saved(coordinator_user, enterprise, change, field, words):
    data = {"policy": "满负荷生产奖励", "amount": D("20"), "batch": "一季度", "paid_on": date(2025, 3, 28), **change}
    with pytest.raises(ValidationError) as caught:
        services.award_record(actor=coordinator_user, enterprise=enterprise, **data)
    assert words in caught.value.message_dict[field][0]
    assert not PolicyAward.objects.exists()


@pytest.mark.parametrize("role", ["leader", "department", "owner"])
def test_only_the_office_records_awards_and_financing(user_for, role, enterprise, zone):
    with pytest.raises(PermissionDenied):
        services.award_record(actor=user_for(role), enterprise=enterprise, policy="奖励", amount=D(1), batch="一季度",
                              paid_on=date(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        services.financing_record(actor=user_for(role), region=zone, kind="micro", on=date(2025, 3, 1), entities=3,
                                  amount=D(100))


def test_another_zone_s_enterprise_is_out_of_reach(coordinator_user, other_enterprise):
    with pytest.raises(PermissionDenied):
        services.award_record(actor=coordinator_user, enterprise=other_enterprise, policy="奖励", amount=D(1),
                              batch="一季度", paid_on=date(2025, 3, 1))


def test_financing_is_a_batch_with_counts_and_the_whitelist_one_project_a_record(coordinator_user, zone):
    batch = services.financing_record(actor=coordinator_user, region=zone, kind="micro", on=date(2025, 3, 31),
                                      entities=669, loans=731, amount=D("62500"))
    project = services.financing_record(actor=coordinator_user, region=zone, kind="whitelist", on=date(2025, 3, 25),
                                        entities=5, amount=D("6500"), project_name="紫荆苑住宅小区")
    assert (batch.entities, batch.loans) == (669, 731)
    assert project.entities == 1


@pytest.mark.parametrize("kind, extra, field", [
    ("whitelist", {"entities": 1}, "project_name"), ("micro", {"entities": 0}, "entities"),
    ("micro", {"entities": 10, "loans": 3}, "loans"), ("loan", {"entities": 1}, "kind")])
def test_bad_financing_is_refused(coordinator_user, zone, kind, extra, field):
    with pytest.raises(ValidationError) as caught:
        services.financing_record(actor=coordinator_user, region=zone, kind=kind, on=date(2025, 3, 1),
                                  amount=D(100), **extra)
    assert field in caught.value.message_dict
    assert not Financing.objects.exists()


def test_a_department_records_help_and_it_is_marked_as_its_own(department_user, department, enterprise):
    record = services.help_record(actor=department_user, enterprise=enterprise, kind="property",
                                  description="历史遗留不动产证办理", on=date(2025, 3, 12))
    assert record.department == department


def test_a_department_cannot_record_help_beyond_its_region(department_user, other_enterprise):
    with pytest.raises(PermissionDenied):
        services.help_record(actor=department_user, enterprise=other_enterprise, kind="factors",
                             description="用电", on=date(2025, 3, 12))


def test_owners_record_no_help(owner_user, enterprise):
    with pytest.raises(PermissionDenied):
        services.help_record(actor=owner_user, enterprise=enterprise, kind="factors", description="x",
                             on=date(2025, 3, 1))


# --- demands through the shared closed loop ------------------------------------------------------------------

def test_demands_are_closed_loop_items_sharing_the_dispatch_loop():
    assert issubclass(Demand, ClosedLoopItem)


def test_an_owner_raises_a_demand_only_for_its_own_enterprise(owner_user, other_enterprise, demand):
    assert demand.status == LoopStatus.PENDING and demand.raised_by == owner_user
    with pytest.raises(PermissionDenied):
        services.demand_raise(actor=owner_user, enterprise=other_enterprise, kind="other", description="x")


def test_a_demand_needs_its_content(owner_user, enterprise):
    with pytest.raises(ValidationError) as caught:
        services.demand_raise(actor=owner_user, enterprise=enterprise, kind="other", description="  ")
    assert "诉求内容" in caught.value.message_dict["description"][0]


def test_the_loop_from_handover_to_rating(handed, department_user, owner_user, department):
    log = AuditLog()
    services.demand_progress(actor=department_user, demand=handed, note="已现场核查")
    services.demand_close(actor=department_user, demand=handed, resolved=True, resolution="已办证",
                          closed_on=date(2025, 4, 20))
    services.demand_rate(actor=owner_user, demand=handed, satisfaction=3)
    handed.refresh_from_db()
    assert (handed.status, handed.satisfaction) == (LoopStatus.RESOLVED, 3)
    assert [s.kind for s in steps_of(handed)] == ["handover", "progress", "close"]
    assert [e.action for e in log.new()] == ["demand.progress", "demand.close", "demand.rate"]


def test_handover_needs_a_deadline_and_the_office(handed, department_user, department, coordinator_user):
    with pytest.raises(PermissionDenied):
        services.demand_handover(actor=department_user, demand=handed, department=department,
                                 deadline=date(2025, 5, 1))
    with pytest.raises(ValidationError, match="办结时限"):
        services.demand_handover(actor=coordinator_user, demand=handed, department=department, deadline=None)


def test_only_the_department_it_is_handed_to_works_it(handed, finance_department):
    from tuijin.org.models import User

    other = User.objects.create(username="finance", role="department", department=finance_department)
    with pytest.raises(PermissionDenied):
        services.demand_close(actor=other, demand=handed, resolved=True, resolution="x")


def test_rating_waits_for_the_answer_and_happens_once(handed, owner_user, department_user):
    with pytest.raises(ValidationError, match="办结后"):
        services.demand_rate(actor=owner_user, demand=handed, satisfaction=3)
    services.demand_close(actor=department_user, demand=handed, resolved=False, resolution="超出政策范围")
    with pytest.raises(ValidationError) as caught:
        services.demand_rate(actor=owner_user, demand=handed, satisfaction=1)
    assert "不满意请写明原因" in caught.value.message_dict["note"][0]
    services.demand_rate(actor=owner_user, demand=handed, satisfaction=2)
    with pytest.raises(ValidationError, match="已评价"):
        services.demand_rate(actor=owner_user, demand=handed, satisfaction=3)


def test_a_department_cannot_rate_for_the_enterprise(handed, department_user):
    services.demand_close(actor=department_user, demand=handed, resolved=True, resolution="已办")
    with pytest.raises(PermissionDenied):
        services.demand_rate(actor=department_user, demand=handed, satisfaction=3)


def test_reopening_asks_for_a_new_rating(handed, department_user, owner_user, coordinator_user):
    services.demand_close(actor=department_user, demand=handed, resolved=True, resolution="已办")
    services.demand_rate(actor=owner_user, demand=handed, satisfaction=1, note="未实际解决")
    services.demand_reopen(actor=coordinator_user, demand=handed, note="企业反映未解决")
    handed.refresh_from_db()
    assert handed.is_open and handed.satisfaction is None


def test_closing_before_it_was_received_is_refused(handed, department_user):
    with pytest.raises(ValidationError) as caught:
        services.demand_close(actor=department_user, demand=handed, resolved=True, resolution="x",
                              closed_on=date(2025, 2, 1))
    assert "早于受理日期" in caught.value.message_dict["closed_on"][0]
