"""Writes to funding applications: each checks permission, validates, saves all or nothing, and is audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuijin.funding import services
from tuijin.funding.models import Application, Move
from tuijin.projects.preparation import PrepItem

from ..helpers import AuditLog
from .conftest import file_application, prepare

BOND_NEEDS = [PrepItem.FILING, PrepItem.SCHEME, PrepItem.ESTIMATE, PrepItem.FINANCING, PrepItem.LAND, PrepItem.EIA]


def create(actor, project, channel, **kwargs):
    values = {"year": 2025, "batch": "第一批", "reserved_on": date(2024, 12, 1), "amount_requested": Decimal(5000)}
    values.update(kwargs)
    return services.application_create(actor=actor, project=project, channel=channel, **values)


def move(actor, application, to_status, on=date(2025, 2, 1), **kwargs):
    return services.application_move(actor=actor, application=application, to_status=to_status, on=on, **kwargs)


# --- create --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["coordinator", "department"])
def test_coordinator_and_lead_department_put_a_project_into_the_reserve(role, user_for, project, bond):
    log = AuditLog()
    application = create(user_for(role), project, bond)
    assert (application.status, application.amount_requested, application.version) == ("reserve", 5000, 1)
    event = log.one()
    assert (event.action, event.project, event.actor) == ("funding.create", project, user_for(role))
    assert event.changes["batch"] == [None, "第一批"]
    assert list(application.moves.values_list("to_status", "on")) == [("reserve", date(2024, 12, 1))]


@pytest.mark.parametrize("role", ["owner", "leader", "auditor", "admin"])
def test_other_roles_may_not_file_applications(role, user_for, project, bond):
    with pytest.raises(PermissionDenied):
        create(user_for(role), project, bond)
    assert not Application.objects.exists()


def test_a_department_may_not_file_for_a_project_it_does_not_lead(department_user, project, other_department, bond):
    project.lead_department = other_department
    project.save()
    with pytest.raises(PermissionDenied):
        create(department_user, project, bond)


def test_a_coordinator_may_not_file_for_a_project_outside_its_region(coordinator_user, other_project, bond):
    with pytest.raises(PermissionDenied):
        create(coordinator_user, other_project, bond)


def test_the_same_batch_of_the_same_channel_twice_is_refused_by_name(coordinator_user, project, bond):
    create(coordinator_user, project, bond)
    log = AuditLog()
    with pytest.raises(ValidationError) as error:
        create(coordinator_user, project, bond)
    assert "该项目已有2025年第一批的专项债申报，不能重复" in str(error.value.message_dict["batch"])
    assert Application.objects.count() == 1 and not log.new()


def test_a_negative_amount_or_an_empty_batch_saves_nothing(coordinator_user, project, bond):
    with pytest.raises(ValidationError) as error:
        create(coordinator_user, project, bond, amount_requested=Decimal(-1), batch="  ")
    assert set(error.value.message_dict) >= {"amount_requested", "batch"}
    assert not Application.objects.exists()


def test_an_inactive_channel_takes_no_new_applications(coordinator_user, project, bond):
    bond.active = False
    bond.save()
    with pytest.raises(ValidationError, match="已停用"):
        create(coordinator_user, project, bond)


# --- readiness -------------------------------------------------------------------------------------------------------

def test_applying_without_the_channels_preparations_lists_what_is_missing_and_saves_nothing(
        coordinator_user, project, bond):
    application = create(coordinator_user, project, bond)
    prepare(project, [PrepItem.FILING, PrepItem.SCHEME, PrepItem.ESTIMATE, PrepItem.FINANCING])
    log = AuditLog()
    with pytest.raises(ValidationError) as error:
        move(coordinator_user, application, "applied")
    assert error.value.messages == ["申报专项债须先完成前期事项：用地、环评（尚未完成）。"]
    application.refresh_from_db()
    assert (application.status, application.applied_on, application.version) == ("reserve", None, 1)
    assert application.moves.count() == 1 and not log.new()


def test_an_item_marked_not_needed_counts_as_settled(coordinator_user, project, bond):
    from tuijin.projects.preparation import PrepStatus

    application = create(coordinator_user, project, bond)
    prepare(project, BOND_NEEDS[:-1])
    prepare(project, [PrepItem.EIA], status=PrepStatus.NOT_NEEDED)
    assert move(coordinator_user, application, "applied").status == "applied"


def test_applying_when_ready_is_dated_and_audited(coordinator_user, project, bond):
    application = create(coordinator_user, project, bond)
    prepare(project, BOND_NEEDS)
    log = AuditLog()
    application = move(coordinator_user, application, "applied", on=date(2025, 1, 20), amount=Decimal(4800))
    assert (application.status, application.applied_on, application.amount_requested) == (
        "applied", date(2025, 1, 20), 4800)
    assert application.version == 2
    event = log.one()
    assert event.action == "funding.move" and event.changes["status"] == ["reserve", "applied"]
    assert event.changes["amount_requested"] == ["5000", "4800"]
    last = application.moves.last()
    assert (last.from_status, last.to_status, last.on, last.amount, last.actor) == (
        "reserve", "applied", date(2025, 1, 20), 4800, coordinator_user)


# --- the moves and the amounts ---------------------------------------------------------------------------------------

@pytest.fixture
def applied(coordinator_user, project, bond):
    prepare(project, BOND_NEEDS)
    application = create(coordinator_user, project, bond, amount_requested=Decimal(5000))
    return move(coordinator_user, application, "applied", on=date(2025, 1, 20))


def test_the_whole_path_to_paid(coordinator_user, applied):
    application = move(coordinator_user, applied, "approved", on=date(2025, 3, 1), amount=Decimal(4000))
    application = move(coordinator_user, application, "issued", on=date(2025, 3, 20), amount=Decimal(4000))
    application = move(coordinator_user, application, "paid", on=date(2025, 4, 10), amount=Decimal(2500))
    assert (application.amount_approved, application.amount_issued, application.amount_paid) == (4000, 4000, 2500)
    assert list(application.moves.values_list("to_status", flat=True)) == [
        "reserve", "applied", "approved", "issued", "paid"]


def test_approved_above_requested_needs_an_explanation(coordinator_user, applied):
    with pytest.raises(ValidationError) as error:
        move(coordinator_user, applied, "approved", on=date(2025, 3, 1), amount=Decimal(6000))
    assert "核定金额（6,000.00万元）超过申请金额（5,000.00万元），须说明原因" in str(error.value)
    applied.refresh_from_db()
    assert applied.status == "applied" and applied.amount_approved is None
    application = move(coordinator_user, applied, "approved", on=date(2025, 3, 1), amount=Decimal(6000),
                       explanation="合并同批次配套管网子项")
    assert application.excess_explanation == "合并同批次配套管网子项"


def test_issued_may_not_exceed_approved_nor_paid_issued(coordinator_user, applied):
    application = move(coordinator_user, applied, "approved", on=date(2025, 3, 1), amount=Decimal(4000))
    with pytest.raises(ValidationError, match="下达金额（4,500.00万元）不能超过核定金额（4,000.00万元）"):
        move(coordinator_user, application, "issued", on=date(2025, 3, 20), amount=Decimal(4500))
    application = move(coordinator_user, application, "issued", on=date(2025, 3, 20), amount=Decimal(3000))
    with pytest.raises(ValidationError, match="拨付金额（3,500.00万元）不能超过下达金额（3,000.00万元）"):
        move(coordinator_user, application, "paid", on=date(2025, 4, 1), amount=Decimal(3500))


def test_a_step_needs_its_amount(coordinator_user, applied):
    with pytest.raises(ValidationError) as error:
        move(coordinator_user, applied, "approved", on=date(2025, 3, 1))
    assert "amount_approved" in error.value.message_dict


def test_a_step_may_not_be_dated_before_the_last_nor_in_the_future(coordinator_user, applied):
    with pytest.raises(ValidationError, match="审核通过日期不能早于申报日期"):
        move(coordinator_user, applied, "approved", on=date(2025, 1, 1), amount=Decimal(4000))
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="审核通过日期不能晚于今天"):
        move(coordinator_user, applied, "approved", on=tomorrow, amount=Decimal(4000))


def test_moves_outside_the_allowed_ones_are_refused(coordinator_user, project, bond):
    application = create(coordinator_user, project, bond)
    with pytest.raises(ValidationError, match="不能从“储备”改为“资金下达”"):
        move(coordinator_user, application, "issued", amount=Decimal(1))
    with pytest.raises(ValidationError, match="不能从“储备”改为“unknown”"):
        move(coordinator_user, application, "unknown")


def test_rejection_needs_a_reason_and_may_go_back_to_the_reserve(coordinator_user, applied):
    with pytest.raises(ValidationError) as error:
        move(coordinator_user, applied, "rejected", on=date(2025, 3, 1))
    assert "reason" in error.value.message_dict
    application = move(coordinator_user, applied, "rejected", on=date(2025, 3, 1), reason="不属于支持领域")
    assert (application.status, application.rejection_reason, application.rejected_on) == (
        "rejected", "不属于支持领域", date(2025, 3, 1))
    application = move(coordinator_user, application, "reserve", on=date(2025, 3, 5), reason="调整后申报第二批")
    assert (application.status, application.rejected_on, application.applied_on) == ("reserve", None, None)
    assert application.reserved_on == date(2025, 3, 5)
    assert Move.objects.filter(application=application, to_status="rejected").exists()


@pytest.mark.parametrize("role", ["owner", "leader"])
def test_readers_may_not_move(role, user_for, applied):
    with pytest.raises(PermissionDenied):
        move(user_for(role), applied, "approved", on=date(2025, 3, 1), amount=Decimal(1))


def test_a_stale_move_is_refused(coordinator_user, applied):
    with pytest.raises(ValidationError, match="已被他人修改"):
        move(coordinator_user, applied, "approved", on=date(2025, 3, 1), amount=Decimal(1), expected_version=1)


# --- update ----------------------------------------------------------------------------------------------------------

def test_update_keeps_the_rules_and_records_old_and_new(coordinator_user, applied):
    application = move(coordinator_user, applied, "approved", on=date(2025, 3, 1), amount=Decimal(4000))
    log = AuditLog()
    application = services.application_update(actor=coordinator_user, application=application,
                                              data={"amount_approved": Decimal(4200), "note": "财政复核"},
                                              expected_version=application.version, reason="复核调整")
    event = log.one()
    assert event.changes["amount_approved"] == ["4000", "4200"] and event.reason == "复核调整"
    with pytest.raises(ValidationError) as error:
        services.application_update(actor=coordinator_user, application=application,
                                    data={"amount_issued": Decimal(100)})
    assert "尚未到“资金下达”，不能填写下达金额" in str(error.value)
    application.refresh_from_db()
    assert application.amount_issued is None and application.amount_approved == 4200


def test_update_from_a_stale_form_is_refused(coordinator_user, project, bond):
    application = create(coordinator_user, project, bond)
    services.application_update(actor=coordinator_user, application=application, data={"note": "一"},
                                expected_version=1)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.application_update(actor=coordinator_user, application=application, data={"note": "二"},
                                    expected_version=1)
    application.refresh_from_db()
    assert application.note == "一"


def test_the_channel_is_fixed_once_applied(coordinator_user, applied, channels):
    with pytest.raises(ValidationError, match="不能更换渠道"):
        services.application_update(actor=coordinator_user, application=applied,
                                    data={"channel": channels["two_major"]})


def test_an_unchanged_update_writes_nothing(coordinator_user, project, bond):
    application = create(coordinator_user, project, bond)
    log = AuditLog()
    services.application_update(actor=coordinator_user, application=application, data={"note": ""})
    assert not log.new()
    application.refresh_from_db()
    assert application.version == 1


def test_owner_may_not_update(owner_user, project, bond):
    application = file_application(project, bond)
    with pytest.raises(PermissionDenied):
        services.application_update(actor=owner_user, application=application, data={"note": "x"})
