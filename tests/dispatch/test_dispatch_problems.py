"""Problems (存在问题) through the shared closed loop: raise → handover → progress/escalate → close → reopen,
each step a LoopStep row and an audit event; every refusal leaves everything as it was."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuijin.core.loop import Escalation, LetterKind, LoopStatus, LoopStep
from tuijin.core.loop_services import loop_letter, steps_of
from tuijin.core.models import AuditEvent
from tuijin.dispatch import services
from tuijin.dispatch.models import Problem

from .builders import last_event, nothing_saved, problem

K = LoopStep.Kind


def later(days=30) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def raised(world):
    world.item = services.problem_raise(actor=world.owner, project=world.p1, kind=Problem.Kind.LAND,
                                        description=" 12亩用地未完成征收 ")
    return world


def test_raise_records_who_and_what(raised):
    item = raised.item
    assert (item.status, item.escalation, item.department, item.raised_by) == (
        LoopStatus.PENDING, Escalation.NONE, None, raised.owner)
    assert item.description == "12亩用地未完成征收"
    event = last_event("problem.raise")
    assert event.project == raised.p1
    assert event.changes == {"description": [None, "12亩用地未完成征收"], "kind": [None, "用地"]}
    assert not steps_of(item).exists()


@pytest.mark.parametrize("who", ["owner", "department", "coordinator", "dept_b_user"])
def test_fillers_and_reviewers_raise(world, who):
    project = world.p3 if who == "dept_b_user" else world.p1
    services.problem_raise(actor=getattr(world, who), project=project, kind="funds", description="资金缺口")


@pytest.mark.parametrize(("who", "project"), [
    ("leader", "p1"), ("auditor", "p1"), ("admin", "p1"), ("owner_b", "p1"), ("owner", "p2"), ("outsider", "p1"),
])
def test_others_may_not_raise(world, who, project):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.problem_raise(actor=getattr(world, who), project=getattr(world, project), kind="land",
                               description="用地")


@pytest.mark.parametrize(("kind", "description", "field"), [
    ("land", "   ", "description"),
    ("weather", "下雨", "kind"),
])
def test_raise_refuses_bad_input(world, kind, description, field):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.problem_raise(actor=world.owner, project=world.p1, kind=kind, description=description)
    assert field in error.value.error_dict


def test_handover_moves_to_working_with_a_step_and_an_event(raised):
    w = raised
    due = later()
    step = services.problem_handover(actor=w.coordinator, problem=w.item, department=w.dept, deadline=due,
                                     note="请本周协调")
    w.item.refresh_from_db()
    assert (w.item.status, w.item.department, w.item.deadline) == (LoopStatus.WORKING, w.dept, due)
    assert (step.kind, step.department, step.actor, step.note) == (K.HANDOVER, w.dept, w.coordinator, "请本周协调")
    event = last_event("problem.handover")
    assert event.changes["department"] == [None, "住建局"]
    assert event.changes["status"] == ["pending", "working"]
    assert event.reason == "请本周协调" and event.project == w.p1


@pytest.mark.parametrize("who", ["owner", "department", "leader", "outsider"])
def test_only_the_coordinator_hands_over(raised, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.problem_handover(actor=getattr(raised, who), problem=raised.item, department=raised.dept,
                                  deadline=later())


def test_handover_refuses_a_past_deadline_or_no_department(raised):
    w = raised
    with nothing_saved(), pytest.raises(ValidationError, match="办结时限不能早于今天"):
        services.problem_handover(actor=w.coordinator, problem=w.item, department=w.dept,
                                  deadline=timezone.localdate() - timedelta(days=1))
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.problem_handover(actor=w.coordinator, problem=w.item, department=None, deadline=later())
    assert "department" in error.value.error_dict


def test_a_problem_is_reassigned_by_a_second_handover(raised):
    w = raised
    services.problem_handover(actor=w.coordinator, problem=w.item, department=w.dept, deadline=later())
    services.problem_handover(actor=w.coordinator, problem=w.item, department=w.dept_b, deadline=later(60))
    w.item.refresh_from_db()
    assert w.item.department == w.dept_b
    assert [s.department for s in steps_of(w.item)] == [w.dept, w.dept_b]


def test_escalation_climbs_four_levels_then_stops(raised):
    w = raised
    services.problem_handover(actor=w.coordinator, problem=w.item, department=w.dept, deadline=later())
    for level in [Escalation.DEPUTY, Escalation.DEPARTMENT_HEAD, Escalation.CONTACT_LEADER, Escalation.PRINCIPAL]:
        step = services.problem_escalate(actor=w.coordinator, problem=w.item, note=f"提请{level.label}协调")
        w.item.refresh_from_db()
        assert w.item.escalation == level == step.escalation
        assert last_event("problem.escalate").changes["escalation"][1] == level.label
    with nothing_saved(), pytest.raises(ValidationError, match="已升级至主要领导，不能再升级"):
        services.problem_escalate(actor=w.coordinator, problem=w.item, note="再升级")
    assert [s.kind for s in steps_of(w.item)] == [K.HANDOVER] + [K.ESCALATE] * 4
    assert [s.escalation for s in steps_of(w.item)][1:] == [1, 2, 3, 4]


def test_escalation_needs_a_reason_and_the_coordinator(raised):
    with nothing_saved(), pytest.raises(ValidationError):
        services.problem_escalate(actor=raised.coordinator, problem=raised.item, note=" ")
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.problem_escalate(actor=raised.department, problem=raised.item, note="升级")


@pytest.fixture
def handed(raised):
    services.problem_handover(actor=raised.coordinator, problem=raised.item, department=raised.dept,
                              deadline=later())
    raised.item.refresh_from_db()
    return raised


@pytest.mark.parametrize("who", ["department", "coordinator"])
def test_the_department_handed_to_records_progress(handed, who):
    step = services.problem_progress(actor=getattr(handed, who), problem=handed.item, note="已约谈征收户")
    assert (step.kind, step.note) == (K.PROGRESS, "已约谈征收户")
    assert last_event("problem.progress").reason == "已约谈征收户"


@pytest.mark.parametrize("who", ["owner", "dept_b_user", "leader", "outsider"])
def test_others_may_not_work_the_problem(handed, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.problem_progress(actor=getattr(handed, who), problem=handed.item, note="进展")
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.problem_close(actor=getattr(handed, who), problem=handed.item, resolved=True, resolution="已解决")


def test_progress_on_a_pending_problem_starts_the_work(raised):
    services.problem_progress(actor=raised.coordinator, problem=raised.item, note="已联系资规分局")
    raised.item.refresh_from_db()
    assert raised.item.status == LoopStatus.WORKING


def test_close_resolved(handed):
    w = handed
    step = services.problem_close(actor=w.department, problem=w.item, resolved=True, resolution="已完成征收",
                                  closed_on=date(2025, 5, 1))
    w.item.refresh_from_db()
    assert (w.item.status, w.item.resolution, w.item.closed_on) == (LoopStatus.RESOLVED, "已完成征收",
                                                                    date(2025, 5, 1))
    assert step.kind == K.CLOSE
    assert last_event("problem.close").changes["status"] == ["working", "resolved"]
    with nothing_saved(), pytest.raises(ValidationError, match="已办结"):
        services.problem_progress(actor=w.department, problem=w.item, note="继续")
    with nothing_saved(), pytest.raises(ValidationError, match="已办结"):
        services.problem_escalate(actor=w.coordinator, problem=w.item, note="升级")


def test_close_unresolvable_needs_the_reason(handed):
    w = handed
    with nothing_saved(), pytest.raises(ValidationError, match="无法解决须写明原因"):
        services.problem_close(actor=w.department, problem=w.item, resolved=False, resolution="")
    services.problem_close(actor=w.department, problem=w.item, resolved=False, resolution="涉及生态红线")
    w.item.refresh_from_db()
    assert (w.item.status, w.item.closed_on) == (LoopStatus.UNRESOLVABLE, timezone.localdate())


def test_close_refuses_a_future_date(handed):
    with nothing_saved(), pytest.raises(ValidationError, match="办结日期不能晚于今天"):
        services.problem_close(actor=handed.department, problem=handed.item, resolved=True, resolution="已解决",
                               closed_on=later(1))


def test_reopen_by_the_coordinator_only_and_only_when_closed(handed):
    w = handed
    with nothing_saved(), pytest.raises(ValidationError, match="尚未办结"):
        services.problem_reopen(actor=w.coordinator, problem=w.item, note="重开")
    services.problem_close(actor=w.department, problem=w.item, resolved=True, resolution="已解决")
    w.item.refresh_from_db()
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.problem_reopen(actor=w.department, problem=w.item, note="重开")
    with nothing_saved(), pytest.raises(ValidationError):
        services.problem_reopen(actor=w.coordinator, problem=w.item, note="")
    services.problem_reopen(actor=w.coordinator, problem=w.item, note="复查发现未解决")
    w.item.refresh_from_db()
    assert (w.item.status, w.item.closed_on) == (LoopStatus.WORKING, None)
    assert last_event("problem.reopen").changes == {"status": ["resolved", "working"]}
    assert [s.kind for s in steps_of(w.item)] == [K.HANDOVER, K.CLOSE, K.REOPEN]


def test_the_trail_reads_as_the_loop_happened(raised):
    w = raised
    services.problem_handover(actor=w.coordinator, problem=w.item, department=w.dept, deadline=later())
    services.problem_progress(actor=w.department, problem=w.item, note="已对接")
    services.problem_escalate(actor=w.coordinator, problem=w.item, note="逾期")
    services.problem_close(actor=w.department, problem=w.item, resolved=True, resolution="已解决")
    steps = list(steps_of(w.item))
    assert [(s.kind, s.actor) for s in steps] == [
        (K.HANDOVER, w.coordinator), (K.PROGRESS, w.department), (K.ESCALATE, w.coordinator),
        (K.CLOSE, w.department)]
    assert list(AuditEvent.objects.filter(target_id=str(w.item.pk), target_type="dispatch.problem").order_by(
        "id").values_list("action", flat=True)) == [
        "problem.raise", "problem.handover", "problem.progress", "problem.escalate", "problem.close"]


def test_steps_of_one_problem_are_not_anothers(world):
    first = problem(world.p1, department=world.dept, status="working")
    second = problem(world.p2, department=world.dept, status="working")
    services.problem_progress(actor=world.department, problem=first, note="一")
    services.problem_progress(actor=world.department, problem=second, note="二")
    assert [s.note for s in steps_of(first)] == ["一"]
    assert [s.note for s in steps_of(second)] == ["二"]


def test_a_letter_is_kept_with_the_problem(handed):
    step = loop_letter(actor=handed.coordinator, item=handed.item, kind=LetterKind.SUPERVISE,
                       number="高新项目办督〔2025〕3号", content=b"PK\x03\x04 docx bytes", filename="督办函.docx",
                       project=handed.p1)
    step.refresh_from_db()
    assert (step.kind, step.letter_kind, step.letter_number) == (K.LETTER, "supervise", "高新项目办督〔2025〕3号")
    with step.letter.open("rb") as handle:
        assert handle.read() == b"PK\x03\x04 docx bytes"
    assert last_event("problem.letter").changes == {"letter": [None, "高新项目办督〔2025〕3号"]}
    assert list(steps_of(handed.item))[-1] == step
