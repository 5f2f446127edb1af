"""Writes of the key-task list. Each is keyword-only, atomic, checks permission, validates and writes one audit
event; the loop's own steps (progress, handover, escalation, close, letters) go through
tuijin.core.loop_services, shared with dispatch problems and hazards."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit, loop_services
from tuijin.core.loop import LetterKind, LoopStep
from tuijin.org.models import Region
from tuijin.projects.permissions import require

from . import permissions
from .models import KeyTask, TaskStep, Theme

EDITABLE = ["theme", "title", "goal", "lead_leader", "deadline"]


def _text(value: str | None) -> str:
    return (value or "").strip()


def _locked(task: KeyTask, expected_version: int | None) -> KeyTask:
    current = KeyTask.objects.select_for_update(of=("self",)).select_related("region").get(pk=task.pk)
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(_("保存未成功：此任务在您打开之后已被他人修改（当前版本 %(v)s）。请刷新页面查看最新内容后再改。")
                              % {"v": current.version}, code="stale")
    return current


def _bump(task: KeyTask) -> None:
    task.version += 1
    KeyTask.objects.filter(pk=task.pk).update(version=task.version)


def _check(*, region, theme: Theme | None, title: str, lead_leader, department, deadline: date | None,
           year: int) -> dict:
    errors = {}
    if theme is None:
        errors["theme"] = _("请选择主题。")
    if not _text(title):
        errors["title"] = _("请填写任务名称。")
    if lead_leader is None:
        errors["lead_leader"] = _("请选择牵头领导。")
    elif not lead_leader.is_leader or not region.path.startswith(lead_leader.region.path):
        errors["lead_leader"] = _("牵头领导须为本区域的区领导。")
    if department is None:
        errors["department"] = _("请选择责任单位。")
    elif not region.path.startswith(department.region.path):
        errors["department"] = _("责任单位不在本区域。")
    if deadline is None:
        errors["deadline"] = _("请填写完成时限。")
    elif deadline.year < year:
        errors["deadline"] = _("完成时限不能早于任务年度。")
    return errors


@transaction.atomic
def task_create(*, actor, region, year: int, theme: Theme, title: str, lead_leader, department,
                deadline: date, goal: str = "", co_departments=()) -> KeyTask:
    """A task on the list, numbered after the theme's last one; 未启动 until its first progress."""
    require(permissions.can_keep(actor, region), _("只有项目办可以制定重点工作清单。"))
    errors = _check(region=region, theme=theme, title=title, lead_leader=lead_leader, department=department,
                    deadline=deadline, year=year)
    if not 2000 <= year <= 2100:
        errors["year"] = _("年度应为四位年份。")
    if errors:
        raise ValidationError(errors)
    # Serialise numbering within the region: two offices adding to one theme at once must not take one 序号.
    Region.objects.select_for_update().filter(pk=region.pk).first()
    last = KeyTask.objects.filter(region=region, year=year, theme=theme).aggregate(n=Max("number"))["n"] or 0
    task = KeyTask.objects.create(region=region, year=year, theme=theme, number=last + 1, title=_text(title),
                                  goal=_text(goal), lead_leader=lead_leader, department=department,
                                  deadline=deadline, created_by=actor)
    task.co_departments.set(co_departments)
    audit.record(actor=actor, action="keytask.create", target=task, changes={
        "theme": [None, theme.name], "title": [None, task.title], "lead_leader": [None, lead_leader],
        "department": [None, department], "deadline": [None, deadline],
        "co_departments": [None, [str(d) for d in co_departments]]})
    return task


@transaction.atomic
def task_update(*, actor, task: KeyTask, theme: Theme, title: str, lead_leader, deadline: date, goal: str = "",
                co_departments=(), expected_version: int | None = None) -> KeyTask:
    """Edit the task's facts; the 责任单位 changes only by handover, so the loop keeps the record."""
    task = _locked(task, expected_version)
    require(permissions.can_direct(actor, task), _("只有项目办可以修改重点工作。"))
    errors = _check(region=task.region, theme=theme, title=title, lead_leader=lead_leader,
                    department=task.department, deadline=deadline, year=task.year)
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(task, name) for name in EDITABLE}
    before["co_departments"] = sorted(str(d) for d in task.co_departments.all())
    if theme != task.theme:  # numbered after the new theme's last task, under the same lock as task_create
        Region.objects.select_for_update().filter(pk=task.region_id).first()
        task.number = (KeyTask.objects.filter(region=task.region, year=task.year, theme=theme)
                       .aggregate(n=Max("number"))["n"] or 0) + 1
    task.theme, task.title, task.goal, task.lead_leader, task.deadline = theme, _text(title), _text(goal), \
        lead_leader, deadline
    task.save(update_fields=[*EDITABLE, "number"])
    task.co_departments.set(co_departments)
    _bump(task)
    after = {name: getattr(task, name) for name in EDITABLE}
    after["co_departments"] = sorted(str(d) for d in co_departments)
    audit.record(actor=actor, action="keytask.update", target=task, changes=audit.diff(before, after))
    return task


@transaction.atomic
def step_add(*, actor, task: KeyTask, title: str, due_on: date, expected_version: int | None = None) -> TaskStep:
    task = _locked(task, expected_version)
    require(permissions.can_direct(actor, task), _("只有项目办可以安排任务节点。"))
    errors = {}
    if not _text(title):
        errors["title"] = _("请填写节点内容。")
    if due_on is None:
        errors["due_on"] = _("请填写节点计划完成日期。")
    elif task.deadline and due_on > task.deadline:
        errors["due_on"] = _("节点计划完成日期不能晚于任务时限（%(d)s）。") % {"d": task.deadline}
    if not task.is_open:
        errors["title"] = _("任务已办结，不能再增加节点。")
    if errors:
        raise ValidationError(errors)
    order = (task.steps.aggregate(n=Max("order"))["n"] or 0) + 1
    step = TaskStep.objects.create(task=task, order=order, title=_text(title), due_on=due_on)
    _bump(task)
    audit.record(actor=actor, action="keytask.step_add", target=task,
                 changes={"step": [None, step.title], "due_on": [None, due_on]})
    return step


@transaction.atomic
def step_done(*, actor, step: TaskStep, done_on: date | None = None, note: str = "",
              expected_version: int | None = None) -> TaskStep:
    """A sub-step done. The first work on a task starts it: 未启动 → 推进中."""
    task = _locked(step.task, expected_version)
    require(permissions.can_work(actor, task), _("您不能办理此任务。"))
    step = TaskStep.objects.select_for_update().get(pk=step.pk)
    done_on = done_on or timezone.localdate()
    if not task.is_open:
        raise ValidationError(_("任务已办结，不能再更改节点。"))
    if step.done_on is not None:
        raise ValidationError(_("节点“%(t)s”已于%(d)s完成。") % {"t": step.title, "d": step.done_on})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("完成日期不能晚于今天。")})
    step.done_on, step.note = done_on, _text(note)[:300]
    step.save(update_fields=["done_on", "note"])
    _bump(task)
    audit.record(actor=actor, action="keytask.step_done", target=task,
                 changes={"step": [step.title, step.title], "done_on": [None, done_on]}, reason=step.note)
    loop_services.loop_progress(actor=actor, item=task, note=_("完成节点：%(t)s（%(d)s）") % {
        "t": step.title, "d": done_on} + (f"。{step.note}" if step.note else ""))
    return step


@transaction.atomic
def task_progress(*, actor, task: KeyTask, note: str) -> LoopStep:
    task = _locked(task, None)
    require(permissions.can_work(actor, task), _("您不能办理此任务。"))
    return loop_services.loop_progress(actor=actor, item=task, note=_text(note))


@transaction.atomic
def task_close(*, actor, task: KeyTask, completed: bool, resolution: str, closed_on: date | None = None) -> LoopStep:
    """销号: completed (every sub-step done) or closed as not completed with the reason."""
    task = _locked(task, None)
    require(permissions.can_direct(actor, task), _("只有项目办可以对重点工作销号。"))
    if completed and task.steps.filter(done_on__isnull=True).exists():
        raise ValidationError({"resolution": _("尚有未完成的节点，不能按已完成销号。")})
    step = loop_services.loop_close(actor=actor, item=task, resolved=completed, resolution=_text(resolution),
                                    closed_on=closed_on)
    _bump(task)
    return step


@transaction.atomic
def task_reopen(*, actor, task: KeyTask, note: str) -> LoopStep:
    task = _locked(task, None)
    require(permissions.can_direct(actor, task), _("只有项目办可以重新打开任务。"))
    step = loop_services.loop_reopen(actor=actor, item=task, note=_text(note))
    _bump(task)
    return step


@transaction.atomic
def task_handover(*, actor, task: KeyTask, department, deadline: date | None, note: str = "") -> LoopStep:
    """A new 责任单位 or 时限, kept in the loop's record."""
    task = _locked(task, None)
    require(permissions.can_direct(actor, task), _("只有项目办可以调整责任单位。"))
    if department is not None and not task.region.path.startswith(department.region.path):
        raise ValidationError({"department": _("责任单位不在本区域。")})
    step = loop_services.loop_handover(actor=actor, item=task, department=department, deadline=deadline,
                                       note=_text(note))
    _bump(task)
    return step


@transaction.atomic
def task_escalate(*, actor, task: KeyTask, note: str) -> LoopStep:
    task = _locked(task, None)
    require(permissions.can_direct(actor, task), _("只有项目办可以升级督办。"))
    return loop_services.loop_escalate(actor=actor, item=task, note=_text(note))


@transaction.atomic
def task_notice(*, actor, task: KeyTask, kind: str) -> LoopStep:
    """A 督办 notice (交办函 / 提醒函 / 督办函) to the 责任单位, numbered in the office's one series of letters
    and kept with the task's loop."""
    from .letters import issue_letter

    task = _locked(task, None)
    require(permissions.can_direct(actor, task), _("只有项目办可以下发督办通知。"))
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("未知的函件类型。")})
    if not task.is_open:
        raise ValidationError(_("任务已办结，不能再发督办通知。"))
    return issue_letter(actor=actor, task=task, kind=kind)
