"""Hazards through the shared closed loop: record (待整改) → plan (整改中) → report rectified (已整改待验收) →
accept (验收销号) or return; 挂牌督办, photos, letters. Every write leaves an audit event; every refusal leaves
everything as it was."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tuijin.core.loop import LetterKind, LoopStatus, LoopStep
from tuijin.core.loop_services import steps_of
from tuijin.core.models import AuditEvent
from tuijin.safety import services
from tuijin.safety.models import Hazard, HazardLevel, HazardStage

from ..helpers import AuditLog
from .conftest import days, nothing_saved, plan

K = LoopStep.Kind


def fresh(hazard) -> Hazard:
    return Hazard.objects.get(pk=hazard.pk)


# --- recording ----------------------------------------------------------------------------------------

def test_a_recorded_hazard_waits_for_rectification_with_its_unit_and_deadline(world):
    hazard = fresh(world.hazard)
    assert hazard.stage == HazardStage.TO_RECTIFY and hazard.status == LoopStatus.PENDING
    assert hazard.department == world.dept and hazard.domain.name == "建筑施工"
    event = AuditEvent.objects.filter(action="hazard.record", target_id=str(hazard.pk)).get()
    assert event.actor == world.coordinator and event.project == world.project
    assert event.changes["description"] == [None, "脚手架连墙件缺失"]


@pytest.mark.parametrize("field,changes", [
    ("description", {"description": "  "}),
    ("level", {"level": "huge"}),
    ("department", {"department": None}),
    ("deadline", {"deadline": days(-30)}),
])
def test_recording_refuses_bad_input_naming_the_field(world, field, changes):
    data = {"description": "配电箱无门", "level": HazardLevel.GENERAL, "department": world.dept,
            "deadline": days(5), **changes}
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.hazard_record(actor=world.coordinator, inspection=world.inspection, **data)
    assert field in error.value.message_dict


def test_a_department_from_another_zone_is_refused(world):
    with nothing_saved(), pytest.raises(ValidationError, match="责任单位不在本区域"):
        services.hazard_record(actor=world.coordinator, inspection=world.inspection, description="x",
                               level=HazardLevel.GENERAL, department=world.dept_b, deadline=days(5))


@pytest.mark.parametrize("who", ["owner", "department", "leader", "auditor", "admin", "other_coordinator"])
def test_only_the_zones_office_records(world, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.hazard_record(actor=getattr(world, who), inspection=world.inspection, description="x",
                               level=HazardLevel.GENERAL, department=world.dept, deadline=days(5))


def test_an_inspection_is_at_exactly_one_place(world):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.inspection_record(actor=world.coordinator, region=world.zone, domain=world.domains["自建房"],
                                   inspected_on=days(-1), inspectors="甲", project=world.project, site="某村")
    assert "只能填一项" in str(error.value)
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.inspection_record(actor=world.coordinator, region=world.zone, domain=world.domains["自建房"],
                                   inspected_on=days(1), inspectors=" ", site="某村")
    assert set(error.value.message_dict) == {"inspected_on", "inspectors"}


def test_an_inspection_of_a_campaign_falls_within_it(world):
    campaign = services.campaign_create(actor=world.coordinator, region=world.zone, name="燃气专项整治",
                                        starts_on=days(-20), ends_on=days(-15), domains=[world.domains["城乡燃气"]])
    assert AuditEvent.objects.filter(action="campaign.create").count() == 1
    with nothing_saved(), pytest.raises(ValidationError, match="不在专项整治期间"):
        services.inspection_record(actor=world.coordinator, region=world.zone, domain=world.domains["城乡燃气"],
                                   campaign=campaign, inspected_on=days(-1), inspectors="甲", site="调压站")


def test_a_campaign_ends_after_it_starts_and_has_a_unique_name(world):
    with nothing_saved(), pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        services.campaign_create(actor=world.coordinator, region=world.zone, name="专项", starts_on=days(0),
                                 ends_on=days(-1))
    services.campaign_create(actor=world.coordinator, region=world.zone, name="专项", starts_on=days(-1),
                             ends_on=days(0))
    with nothing_saved(), pytest.raises(ValidationError, match="已有名为"):
        services.campaign_create(actor=world.coordinator, region=world.zone, name="专项", starts_on=days(-1),
                                 ends_on=days(0))


# --- the plan (五落实) ----------------------------------------------------------------------------------

def test_filing_the_plan_starts_the_rectification(world):
    log = AuditLog()
    hazard = plan(world, funds=Decimal("2.5"))
    assert hazard.stage == HazardStage.RECTIFYING and hazard.version == 2
    assert fresh(hazard).funds == Decimal("2.5")
    assert [e.action for e in log.new()] == ["hazard.plan", "hazard.progress"]
    assert list(steps_of(hazard).values_list("kind", flat=True)) == [K.PROGRESS]


def test_a_major_hazard_needs_a_contingency_plan(world):
    hazard = services.hazard_record(actor=world.coordinator, inspection=world.inspection, level=HazardLevel.MAJOR,
                                    description="高支模未验收", department=world.dept, deadline=days(10))
    with nothing_saved(), pytest.raises(ValidationError) as error:
        plan(world, hazard=hazard)
    assert "contingency" in error.value.message_dict


def test_the_plan_refuses_missing_measures_and_negative_funds(world):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        plan(world, measures="", funds=Decimal("-1"), responsible="")
    assert set(error.value.message_dict) == {"measures", "funds", "responsible"}


def test_a_stale_plan_form_is_refused(world):
    plan(world, expected_version=1)
    with nothing_saved(), pytest.raises(ValidationError, match="已被他人修改"):
        plan(world, measures="另一种措施", expected_version=1)


@pytest.mark.parametrize("who", ["owner", "leader", "other_coordinator"])
def test_only_the_unit_or_the_office_files_the_plan(world, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        plan(world, actor=getattr(world, who))


# --- rectified, accepted, returned ----------------------------------------------------------------------

def test_the_owner_where_it_was_found_reports_it_rectified(world):
    plan(world)
    hazard = services.hazard_report_rectified(actor=world.owner, hazard=world.hazard, note="已补设连墙件")
    assert fresh(hazard).stage == HazardStage.AWAITING
    assert AuditEvent.objects.filter(action="hazard.rectified", actor=world.owner).exists()


def test_rectified_needs_the_work_started_and_a_note(world):
    with nothing_saved(), pytest.raises(ValidationError, match="只有“整改中”"):
        services.hazard_report_rectified(actor=world.department, hazard=world.hazard, note="完成")
    plan(world)
    with nothing_saved(), pytest.raises(ValidationError):
        services.hazard_report_rectified(actor=world.department, hazard=world.hazard, note=" ")


def test_another_owner_may_not_report_it_rectified(world, other_enterprise):
    plan(world)
    from ..factories import UserFactory

    stranger = UserFactory(username="owner_b", role="owner", enterprise=other_enterprise)
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.hazard_report_rectified(actor=stranger, hazard=world.hazard, note="完成")


@pytest.fixture
def awaiting(world):
    plan(world)
    services.hazard_report_rectified(actor=world.department, hazard=world.hazard, note="已整改", rectified_on=days(-1))
    return world


def test_acceptance_closes_the_loop(awaiting):
    step = services.hazard_accept(actor=awaiting.coordinator, hazard=awaiting.hazard, note="复查合格")
    hazard = fresh(awaiting.hazard)
    assert step.kind == K.CLOSE and hazard.status == LoopStatus.RESOLVED
    assert hazard.stage == HazardStage.ACCEPTED and hazard.resolution == "复查合格"
    assert AuditEvent.objects.filter(action="hazard.close", target_id=str(hazard.pk)).exists()


def test_the_department_may_not_accept_its_own_rectification(awaiting):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.hazard_accept(actor=awaiting.department, hazard=awaiting.hazard, note="合格")


def test_a_failed_acceptance_returns_it_to_rectifying_with_the_reason(awaiting):
    services.hazard_return(actor=awaiting.coordinator, hazard=awaiting.hazard, note="连墙件间距仍超标")
    hazard = fresh(awaiting.hazard)
    assert hazard.stage == HazardStage.RECTIFYING and hazard.rectified_on is None
    event = AuditEvent.objects.get(action="hazard.return")
    assert event.reason == "连墙件间距仍超标"
    assert "退回整改" in steps_of(hazard).last().note


def test_only_a_hazard_awaiting_acceptance_is_accepted_or_returned(world):
    plan(world)
    with nothing_saved(), pytest.raises(ValidationError, match="已整改待验收"):
        services.hazard_accept(actor=world.coordinator, hazard=world.hazard, note="合格")
    with nothing_saved(), pytest.raises(ValidationError, match="已整改待验收"):
        services.hazard_return(actor=world.coordinator, hazard=world.hazard, note="不合格")


def test_an_accepted_hazard_reopens_to_rectifying(awaiting):
    services.hazard_accept(actor=awaiting.coordinator, hazard=awaiting.hazard, note="复查合格")
    services.hazard_reopen(actor=awaiting.coordinator, hazard=awaiting.hazard, note="复查发现反弹")
    assert fresh(awaiting.hazard).stage == HazardStage.RECTIFYING


# --- overdue, 挂牌督办, letters, photos -------------------------------------------------------------------

def test_overdue_means_past_the_deadline_and_still_with_the_unit(awaiting):
    hazard = fresh(awaiting.hazard)
    assert not hazard.is_overdue(days(60))  # reported rectified: waiting on the office, not the unit
    services.hazard_return(actor=awaiting.coordinator, hazard=hazard, note="不合格")
    assert fresh(hazard).is_overdue(days(60)) and not fresh(hazard).is_overdue(days(0))


def test_only_a_major_hazard_is_listed_for_supervision(world):
    with nothing_saved(), pytest.raises(ValidationError, match="只有重大隐患"):
        services.hazard_list_for_supervision(actor=world.coordinator, hazard=world.hazard,
                                             supervisor=world.leader_person)
    hazard = services.hazard_record(actor=world.coordinator, inspection=world.inspection, level=HazardLevel.MAJOR,
                                    description="高支模未验收", department=world.dept, deadline=days(10))
    services.hazard_list_for_supervision(actor=world.coordinator, hazard=hazard, supervisor=world.leader_person)
    hazard = fresh(hazard)
    assert hazard.is_listed and hazard.supervisor == world.leader_person
    assert AuditEvent.objects.filter(action="hazard.list", target_id=str(hazard.pk)).exists()
    with nothing_saved(), pytest.raises(ValidationError, match="已于"):
        services.hazard_list_for_supervision(actor=world.coordinator, hazard=hazard, supervisor=world.leader_person)


def test_a_letter_is_numbered_kept_with_the_loop_and_audited(world):
    step = services.hazard_letter(actor=world.coordinator, hazard=world.hazard, kind=LetterKind.SUPERVISE)
    assert step.kind == K.LETTER and step.letter_number.endswith("1号") and step.letter.read()[:2] == b"PK"
    assert AuditEvent.objects.filter(action="hazard.letter").count() == 1
    second = services.hazard_letter(actor=world.coordinator, hazard=world.hazard, kind=LetterKind.REMIND)
    assert second.letter_number.endswith("2号")


def test_only_the_office_issues_letters(world):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.hazard_letter(actor=world.department, hazard=world.hazard, kind=LetterKind.REMIND)


JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64


def test_photos_are_checked_by_content_and_audited(world):
    with nothing_saved(), pytest.raises(ValidationError, match="不是允许的类型"):
        services.hazard_add_photos(actor=world.owner, hazard=world.hazard,
                                   files=[SimpleUploadedFile("fake.jpg", b"MZ-not-a-photo")])
    photos = services.hazard_add_photos(actor=world.owner, hazard=world.hazard,
                                        files=[SimpleUploadedFile("site.jpg", JPEG)], caption="整改前")
    assert len(photos) == 1 and photos[0].caption == "整改前"
    assert AuditEvent.objects.filter(action="hazard.photos", actor=world.owner).exists()


def test_a_leader_may_not_add_photos(world):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.hazard_add_photos(actor=world.leader, hazard=world.hazard, files=[SimpleUploadedFile("a.jpg", JPEG)])
