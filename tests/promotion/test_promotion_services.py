"""Every write is a service: it checks the role, validates, saves all or nothing, and writes one audit event."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import credit_code
from tests.helpers import AuditLog
from tuijin.projects.lifecycle import Stage
from tuijin.projects.selectors import project_timeline
from tuijin.promotion import services
from tuijin.promotion.models import ContactLog, FundEntry, Lead, LeadTask, Signing
from tuijin.promotion.stages import LeadStage, MoveFacts

from .conftest import make_lead, sign


def lead_data(zone, **changes):
    data = {"name": "碳纤维复合材料项目", "region": zone, "source": "expo", "received_on": date(2025, 2, 1),
            "investor_name": "江苏碳谷新材料有限公司", "investor_credit_code": credit_code(901),
            "intended_investment": Decimal("22000")}
    data.update(changes)
    return data


# --- creating and editing ----------------------------------------------------------------------------------------

def test_the_office_registers_a_lead_and_the_trail_says_so(zone, coordinator_user):
    log = AuditLog()
    lead = services.lead_create(actor=coordinator_user, data=lead_data(zone))
    assert lead.stage == LeadStage.CLUE and lead.version == 1
    event = log.one()
    assert (event.action, event.target_id) == ("lead.create", str(lead.pk))
    assert event.changes["name"] == [None, "碳纤维复合材料项目"]


def test_a_wrong_credit_code_is_refused_naming_the_field(zone, coordinator_user):
    with pytest.raises(ValidationError) as caught:
        services.lead_create(actor=coordinator_user, data=lead_data(zone, investor_credit_code="91410800MA0000001X"))
    assert "investor_credit_code" in caught.value.message_dict
    assert "校验位不对" in caught.value.message_dict["investor_credit_code"][0]
    assert not Lead.objects.exists()


def test_a_lead_names_its_investor(zone, coordinator_user):
    with pytest.raises(ValidationError) as caught:
        services.lead_create(actor=coordinator_user, data=lead_data(zone, investor_name=""))
    assert caught.value.message_dict["investor_name"] == ["请选择已登记的投资方单位，或填写投资方名称。"]


def test_a_major_lead_needs_its_leader(zone, coordinator_user):
    with pytest.raises(ValidationError) as caught:
        services.lead_create(actor=coordinator_user, data=lead_data(zone, is_major=True))
    assert "leader" in caught.value.message_dict


def test_a_known_investor_must_match_its_registered_code(zone, coordinator_user, enterprise):
    with pytest.raises(ValidationError) as caught:
        services.lead_create(actor=coordinator_user, data=lead_data(zone, investor=enterprise, investor_name=""))
    assert "不一致" in caught.value.message_dict["investor_credit_code"][0]


@pytest.mark.parametrize("role", ["department", "leader", "owner", "auditor"])
def test_only_the_office_registers_leads(zone, user_for, role):
    with pytest.raises(PermissionDenied):
        services.lead_create(actor=user_for(role), data=lead_data(zone))


def test_a_lead_outside_the_office_region_is_refused(other_zone, coordinator_user):
    with pytest.raises(ValidationError) as caught:
        services.lead_create(actor=coordinator_user, data=lead_data(other_zone))
    assert "region" in caught.value.message_dict


def test_the_responsible_department_edits_its_lead_and_a_stale_form_is_refused(lead, department_user):
    services.lead_update(actor=department_user, lead=lead, data={"next_action": "邀请来区考察"},
                         expected_version=1)
    lead.refresh_from_db()
    assert (lead.next_action, lead.version) == ("邀请来区考察", 2)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.lead_update(actor=department_user, lead=lead, data={"next_action": "别的"}, expected_version=1)
    lead.refresh_from_db()
    assert lead.next_action == "邀请来区考察"


def test_a_department_on_the_team_only_reads(team_lead, department_user, leader_user):
    for user in (department_user, leader_user):
        with pytest.raises(PermissionDenied):
            services.lead_update(actor=user, lead=team_lead, data={"next_action": "x"})


def test_five_ones_are_set_and_a_department_may_not_hand_its_lead_away(lead, coordinator_user, department_user,
                                                                     leader_person, team_person, centre):
    log = AuditLog()
    services.lead_assign_team(actor=coordinator_user, lead=lead, is_major=True, department=lead.department,
                              leader=leader_person, team_people=[team_person], team_departments=[centre],
                              plan="三季度签约")
    lead.refresh_from_db()
    assert (lead.is_major, lead.leader, list(lead.team_departments.all())) == (True, leader_person, [centre])
    assert log.one().action == "lead.team"
    with pytest.raises(ValidationError) as caught:
        services.lead_assign_team(actor=department_user, lead=lead, is_major=True, department=centre,
                                  leader=leader_person, team_people=[], team_departments=[])
    assert "department" in caught.value.message_dict


# --- the pipeline ---------------------------------------------------------------------------------------------------

def test_moves_are_checked_and_recorded(lead, coordinator_user):
    log = AuditLog()
    services.lead_move(actor=coordinator_user, lead=lead, to_stage=LeadStage.CONTACT)
    with pytest.raises(ValidationError) as caught:
        services.lead_move(actor=coordinator_user, lead=lead, to_stage=LeadStage.SIGNED)
    assert "不能从“接洽”直接转到“签约”" in caught.value.messages[0]
    lead.refresh_from_db()
    assert lead.stage == LeadStage.CONTACT
    assert log.one().changes == {"stage": ["clue", "contact"]}


def test_termination_keeps_its_reason(lead, coordinator_user):
    services.lead_move(actor=coordinator_user, lead=lead, to_stage=LeadStage.TERMINATED,
                       facts=MoveFacts(reason="不符合环保准入"))
    lead.refresh_from_db()
    assert (lead.stage, lead.stage_reason) == (LeadStage.TERMINATED, "不符合环保准入")


def test_the_first_signing_moves_the_lead_to_signed_in_the_same_event(lead, coordinator_user):
    log = AuditLog()
    services.lead_sign(actor=coordinator_user, lead=lead, kind=Signing.Kind.NEW, signed_on=date(2025, 3, 1),
                       contract_amount=Decimal(12000))
    lead.refresh_from_db()
    assert lead.stage == LeadStage.SIGNED
    event = log.one()
    assert event.action == "lead.sign" and event.changes["stage"] == ["clue", "signed"]


def test_a_second_new_contract_is_refused_an_increase_needs_its_increase(lead, coordinator_user):
    services.lead_sign(actor=coordinator_user, lead=lead, kind=Signing.Kind.NEW, signed_on=date(2025, 3, 1),
                       contract_amount=Decimal(12000))
    with pytest.raises(ValidationError) as caught:
        services.lead_sign(actor=coordinator_user, lead=lead, kind=Signing.Kind.NEW, signed_on=date(2025, 4, 1),
                           contract_amount=Decimal(5000))
    assert "kind" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.lead_sign(actor=coordinator_user, lead=lead, kind=Signing.Kind.INCREASE, signed_on=date(2025, 4, 1),
                           contract_amount=Decimal(15000))
    assert "increase_amount" in caught.value.message_dict
    assert lead.signings.count() == 1


def test_a_signing_in_the_future_or_before_the_lead_is_refused(lead, coordinator_user):
    for day in (timezone.localdate() + timedelta(days=1), date(2024, 12, 31)):
        with pytest.raises(ValidationError) as caught:
            services.lead_sign(actor=coordinator_user, lead=lead, kind=Signing.Kind.NEW, signed_on=day,
                               contract_amount=Decimal(1))
        assert "signed_on" in caught.value.message_dict
    assert not Signing.objects.exists()


def test_funds_come_in_over_time_and_only_after_signing(lead, coordinator_user):
    with pytest.raises(ValidationError, match="尚未签约"):
        services.fund_record(actor=coordinator_user, lead=lead, on=date(2025, 3, 5), amount=Decimal(100))
    sign(lead, date(2025, 3, 1), 5000)
    services.fund_record(actor=coordinator_user, lead=lead, on=date(2025, 3, 5), amount=Decimal(100))
    services.fund_record(actor=coordinator_user, lead=lead, on=date(2025, 4, 5), amount=Decimal(200))
    with pytest.raises(ValidationError) as caught:
        services.fund_record(actor=coordinator_user, lead=lead, on=date(2025, 2, 5), amount=Decimal(1))
    assert "早于签约日期" in caught.value.message_dict["date"][0]
    assert list(FundEntry.objects.values_list("amount", flat=True)) == [Decimal(100), Decimal(200)]


def test_contacts_and_tasks_are_logged_against_the_lead(lead, department_user, team_person):
    log = AuditLog()
    services.contact_log(actor=department_user, lead=lead, kind=ContactLog.Kind.INSPECTION, on=date(2025, 2, 3),
                         note="来区考察地块", who="招商中心")
    task = services.task_add(actor=department_user, lead=lead, kind=LeadTask.Kind.TASK, title="完成用地预审",
                             owner_person=team_person, owner_department=None, due=date(2025, 7, 1))
    with pytest.raises(ValidationError) as caught:
        services.task_set_status(actor=department_user, task=task, status=LeadTask.Status.DONE)
    assert "done_on" in caught.value.message_dict
    services.task_set_status(actor=department_user, task=task, status=LeadTask.Status.DONE, done_on=date(2025, 5, 1))
    assert [e.action for e in log.new()] == ["lead.contact", "lead.task_add", "lead.task_status"]
    assert all(e.target_id == str(lead.pk) for e in log.new())


def test_a_task_needs_an_owner_in_the_lead_region(lead, coordinator_user, other_department):
    for owner in (None, other_department):
        with pytest.raises(ValidationError):
            services.task_add(actor=coordinator_user, lead=lead, kind=LeadTask.Kind.DUTY, title="x",
                              owner_person=None, owner_department=owner, due=date(2025, 7, 1))
    assert not LeadTask.objects.exists()


# --- into the registry ----------------------------------------------------------------------------------------------

def test_a_signed_lead_becomes_a_project_without_retyping(zone, coordinator_user, category, leader_person,
                                                          department, team_person):
    lead = make_lead(region=zone, department=department, leader=leader_person, industry="新材料",
                     investor_credit_code=credit_code(902))
    lead.team_people.add(team_person)
    sign(lead, date(2025, 3, 1), 10000)
    sign(lead, date(2025, 4, 1), 13000, kind=Signing.Kind.INCREASE, increase=3000)
    project = services.lead_convert(actor=coordinator_user, lead=lead, category=category)
    lead.refresh_from_db()
    assert lead.project == project
    assert (project.name, project.region, project.industry, project.leader, project.lead_department) == (
        lead.name, zone, "新材料", leader_person, department)
    assert (project.total_investment, project.signed_on, project.stage) == (Decimal(13000), date(2025, 3, 1),
                                                                            Stage.PENDING)
    assert project.owner.name == "某新材料有限公司" and project.owner.credit_code == credit_code(902)
    assert list(project.team.all()) == [team_person]
    created = project_timeline(project)[-1]
    assert created.label == "项目入库" and f"由招商线索“{lead.name}”（编号{lead.pk}）转入" in created.reason
    assert lead.signings.count() == 2  # the lead's own history stays


def test_a_lead_converts_once_and_only_when_signed(lead, coordinator_user, category):
    with pytest.raises(ValidationError, match="尚未签约"):
        services.lead_convert(actor=coordinator_user, lead=lead, category=category)
    sign(lead, date(2025, 3, 1), 100)
    services.lead_convert(actor=coordinator_user, lead=lead, category=category)
    with pytest.raises(ValidationError, match="已转入项目库"):
        services.lead_convert(actor=coordinator_user, lead=lead, category=category)


def test_a_leader_may_not_convert(lead, leader_user, category):
    sign(lead, date(2025, 3, 1), 100)
    with pytest.raises(PermissionDenied):
        services.lead_convert(actor=leader_user, lead=lead, category=category)
