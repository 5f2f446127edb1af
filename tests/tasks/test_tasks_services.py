"""Key tasks on the shared closed loop: listed (未启动) → worked (推进中: sub-steps, progress) → 销号; 督办
notices, escalation; every write audited, every refusal leaves everything as it was."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuijin.core.loop import LetterKind, LoopStatus, LoopStep
from tuijin.core.loop_services import steps_of
from tuijin.core.models import AuditEvent
from tuijin.tasks import services

from .conftest import days, fresh, nothing_saved

K = LoopStep.Kind


def test_a_listed_task_is_numbered_within_its_theme_and_audited(world):
    assert world.task.number == 1 and world.task.status == LoopStatus.PENDING
    second = services.task_create(actor=world.coordinator, region=world.zone, year=world.year,
                                  theme=world.themes["改革赋能"], title="第二项", lead_leader=world.leader_person,
                                  department=world.dept, deadline=days(10))
    assert second.number == 2 and fresh(second).status_label == "未启动"
    event = AuditEvent.objects.filter(action="keytask.create", target_id=str(second.pk)).get()
    assert event.changes["title"] == [None, "第二项"]


@pytest.mark.parametrize("changes,field", [
    ({"title": " "}, "title"),
    ({"lead_leader": None}, "lead_leader"),
    ({"department": None}, "department"),
    ({"deadline": None}, "deadline"),
])
def test_creation_refuses_bad_input_naming_the_field(world, changes, field):
    data = {"theme": world.themes["党建"], "title": "x", "lead_leader": world.leader_person, "department": world.dept,
            "deadline": days(10), **changes}
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.task_create(actor=world.coordinator, region=world.zone, year=world.year, **data)
    assert field in error.value.message_dict


def test_a_leader_of_another_zone_may_not_lead(world):
    with nothing_saved(), pytest.raises(ValidationError, match="本区域的区领导"):
        services.task_create(actor=world.coordinator, region=world.zone, year=world.year, theme=world.themes["党建"],
                             title="x", lead_leader=world.other_task.lead_leader, department=world.dept,
                             deadline=days(10))


@pytest.mark.parametrize("who", ["department", "leader", "owner", "auditor", "other_coordinator"])
def test_only_the_zones_office_lists_tasks(world, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.task_create(actor=getattr(world, who), region=world.zone, year=world.year,
                             theme=world.themes["党建"], title="x", lead_leader=world.leader_person,
                             department=world.dept, deadline=days(10))


def test_a_step_may_not_fall_after_the_tasks_deadline(world):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.step_add(actor=world.coordinator, task=world.task, title="收尾", due_on=days(61))
    assert "due_on" in error.value.message_dict


def test_the_department_marks_a_step_done_which_starts_the_task(world):
    services.step_done(actor=world.department, step=world.first, done_on=days(-1), note="方案已印发")
    task = fresh(world.task)
    assert task.status == LoopStatus.WORKING and task.steps.get(pk=world.first.pk).done_on == days(-1)
    assert steps_of(task).last().kind == K.PROGRESS and "制定方案" in steps_of(task).last().note
    assert AuditEvent.objects.filter(action="keytask.step_done").count() == 1


def test_a_step_is_done_once_and_not_in_the_future(world):
    with nothing_saved(), pytest.raises(ValidationError, match="不能晚于今天"):
        services.step_done(actor=world.department, step=world.first, done_on=days(1))
    services.step_done(actor=world.department, step=world.first)
    with nothing_saved(), pytest.raises(ValidationError, match="已于"):
        services.step_done(actor=world.department, step=world.first)


def test_a_stale_edit_is_refused(world):
    version = fresh(world.task).version
    services.step_done(actor=world.department, step=world.first)
    with nothing_saved(), pytest.raises(ValidationError, match="已被他人修改"):
        services.task_update(actor=world.coordinator, task=world.task, theme=world.task.theme, title="改名",
                             lead_leader=world.leader_person, deadline=days(60), expected_version=version)


def test_an_edit_records_old_and_new(world):
    services.task_update(actor=world.coordinator, task=world.task, theme=world.themes["创新引领"], title="改名",
                         lead_leader=world.leader_person, deadline=days(70), expected_version=fresh(world.task).version)
    task = fresh(world.task)
    assert (task.title, task.theme.name, task.number) == ("改名", "创新引领", 1)
    event = AuditEvent.objects.get(action="keytask.update")
    assert event.changes["title"] == ["推行“标准地”改革", "改名"]


@pytest.mark.parametrize("who", ["leader", "owner", "other_coordinator"])
def test_others_may_not_work_the_task(world, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.task_progress(actor=getattr(world, who), task=world.task, note="进展")
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.step_done(actor=getattr(world, who), step=world.first)


def test_completion_needs_every_step_done(world):
    with nothing_saved(), pytest.raises(ValidationError, match="尚有未完成的节点"):
        services.task_close(actor=world.coordinator, task=world.task, completed=True, resolution="完成")
    services.step_done(actor=world.department, step=world.first)
    services.step_done(actor=world.department, step=world.second)
    services.task_close(actor=world.coordinator, task=world.task, completed=True, resolution="目标实现")
    assert fresh(world.task).status_label == "已完成"


def test_the_department_may_not_close_its_own_task(world):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.task_close(actor=world.department, task=world.task, completed=False, resolution="做不了")


def test_a_notice_is_numbered_kept_with_the_loop_and_audited(world):
    step = services.task_notice(actor=world.coordinator, task=world.task, kind=LetterKind.SUPERVISE)
    assert step.kind == K.LETTER and step.letter.read()[:2] == b"PK"
    assert AuditEvent.objects.filter(action="keytask.letter").count() == 1
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.task_notice(actor=world.department, task=world.task, kind=LetterKind.REMIND)


def test_a_notice_names_the_late_steps(world):
    from tuijin.tasks.letters import letter_context

    context = letter_context(task=world.task, kind=LetterKind.REMIND, number="高新项目办〔2025〕1号",
                             issued_on=days(0), late_steps=["制定方案（应于…完成）"])
    assert "制定方案" in context["body"][0] and context["addressee"] == world.dept.name


def test_escalation_goes_through_the_loop(world):
    services.task_escalate(actor=world.coordinator, task=world.task, note="节点滞后")
    assert fresh(world.task).escalation == 1
    assert AuditEvent.objects.filter(action="keytask.escalate").exists()
