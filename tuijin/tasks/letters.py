"""督办 notices about a key task (交办函 / 提醒函 / 督办函): the office's letter template, its one series of numbers
and the loop's LETTER step — the mechanism of dispatch problems' letters, with a task's facts in the body."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.bulletins.context import date_text, office_name
from tuijin.bulletins.documents import LETTER_VERBS, render
from tuijin.bulletins.services import letter_prefix, next_letter_number
from tuijin.core import loop_services
from tuijin.core.loop import Escalation, LetterKind, LoopStep
from tuijin.org.models import Region

from .models import KeyTask


def letter_context(*, task: KeyTask, kind: str, number: str, issued_on: date, late_steps: list[str]) -> dict:
    kind = LetterKind(kind)
    addressee = task.department.name if task.department_id else _("有关单位")
    subject = _("“%(t)s”重点工作") % {"t": task.title}
    deadline = task.deadline
    by_deadline = _("于%(d)s前") % {"d": date_text(deadline)} if deadline and deadline >= issued_on else _("尽快")
    listed = _("“%(t)s”是%(y)s年%(theme)s重点工作（第%(n)s项），牵头领导：%(l)s，由你单位牵头落实。") % {
        "t": task.title, "y": task.year, "theme": task.theme.name, "n": task.number,
        "l": task.lead_leader.title or task.lead_leader.name}
    if deadline and deadline < issued_on:
        timing = _("已超过完成时限%(n)s天。") % {"n": (issued_on - deadline).days}
    elif deadline:
        timing = _("距完成时限还有%(n)s天。") % {"n": (deadline - issued_on).days}
    else:
        timing = ""
    behind = (_("以下节点未按期完成：%(s)s。") % {"s": "；".join(late_steps)}) if late_steps else ""
    if kind == LetterKind.ASSIGN:
        body = [listed]
        required = [_("请你单位按照清单化、项目化、方案化要求，细化工作方案和节点，%(by)s完成，并按月报送进展。") % {
            "by": by_deadline}]
    elif kind == LetterKind.REMIND:
        body = [listed + timing + behind]
        required = [_("请你单位加快推进，%(by)s完成，并及时报送工作进展。") % {"by": by_deadline}]
    else:
        level = Escalation(task.escalation)
        body = [listed + timing + behind + (_("现提级至%(l)s督办。") % {"l": level.label}
                                            if level > Escalation.NONE else _("现予以督办。"))]
        required = [
            _("请你单位主要负责人亲自过问，在收到本通知后3个工作日内报送推进措施，%(by)s完成。") % {"by": by_deadline},
            _("督办事项的办理情况将在重点工作讲评中通报。"),
        ]
    facts = [
        {"label": _("主题"), "value": task.theme.name},
        {"label": _("任务"), "value": task.title},
        {"label": _("目标要求"), "value": task.goal or "—"},
        {"label": _("牵头领导"), "value": task.lead_leader.title or task.lead_leader.name},
        {"label": _("责任单位"), "value": addressee},
        {"label": _("完成时限"), "value": date_text(deadline) if deadline else _("未定")},
        {"label": _("督办层级"), "value": Escalation(task.escalation).label},
    ]
    cc = ""
    if kind == LetterKind.SUPERVISE:
        cc = _("%(l)s（牵头领导）") % {"l": task.lead_leader.title or task.lead_leader.name}
    return {
        "office": office_name(), "kind": kind.value, "kind_label": kind.label, "number": number,
        "title": _("关于%(v)s%(s)s的通知") % {"v": LETTER_VERBS[kind], "s": subject},
        "addressee": addressee, "issued_on": issued_on, "date_text": date_text(issued_on),
        "body": body, "required": required, "facts": facts, "cc": cc,
    }


def issue_letter(*, actor, task: KeyTask, kind: str) -> LoopStep:
    """Number, render and keep the notice. The caller holds the transaction and has checked permission."""
    if task.department_id is None:
        raise ValidationError({"department": _("请先确定责任单位，再发督办通知。")})
    issued_on = timezone.localdate()
    # One series of numbers a year for every letter: lock the top of the region tree, as problem letters do.
    root = int(task.region.path.strip("/").split("/")[0])
    Region.objects.select_for_update().filter(pk=root).first()
    number = next_letter_number(issued_on.year)
    late = [_("%(t)s（应于%(d)s完成）") % {"t": s.title, "d": date_text(s.due_on)}
            for s in task.steps.filter(done_on__isnull=True, due_on__lt=issued_on)]
    task = KeyTask.objects.select_related("theme", "lead_leader", "department").get(pk=task.pk)
    context = letter_context(task=task, kind=kind, number=number, issued_on=issued_on, late_steps=late)
    content = render("letter.docx", context, title=context["title"])
    serial = number.removeprefix(f"{letter_prefix()}〔{issued_on.year}〕").removesuffix("号")
    return loop_services.loop_letter(actor=actor, item=task, kind=kind, number=number, content=content,
                                     filename=f"task-{kind}-{issued_on.year}-{serial}.docx")
