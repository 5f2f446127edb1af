"""Word documents from editable templates (docxtpl): the bulletin and the letters of the problem loop.

The templates shipped with tuijin are tuijin/bulletins/docx/bulletin.docx and letter.docx (made by
build_templates.py). Office staff may keep their own edited copies: a bulletin.docx or letter.docx in
settings.TUIJIN_TEMPLATE_DIR (default VAR_DIR/templates) is used instead of the shipped one.
"""

import io
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate

from tuijin.core.loop import Escalation, LetterKind, LoopStep
from tuijin.core.loop_services import steps_of
from tuijin.dispatch.models import Problem

from .context import date_text, office_name

SHIPPED_DIR = Path(__file__).resolve().parent / "docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def template_dir() -> Path:
    default = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "templates"
    return Path(getattr(settings, "TUIJIN_TEMPLATE_DIR", default))


def template_path(name: str) -> Path:
    """The office's own copy of template `name` if it keeps one, else the shipped template."""
    own = template_dir() / name
    return own if own.is_file() else SHIPPED_DIR / name


def render(name: str, context: dict, *, title: str = "") -> bytes:
    document = DocxTemplate(str(template_path(name)))
    # Autoescape: a project name with "&" or "<" must not break the document's XML.
    document.render(context, autoescape=True)
    properties = document.docx.core_properties
    properties.title = title
    properties.author = context.get("office", "")
    properties.last_modified_by = ""
    properties.created = properties.modified = timezone.now().replace(microsecond=0, tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_bulletin(context: dict) -> bytes:
    """The bulletin as a .docx, from bulletins.context.bulletin_context."""
    return render("bulletin.docx", context, title=context["title"])


# ---------------------------------------------------------------------------------------------------------
# Letters.

LETTER_VERBS = {
    LetterKind.ASSIGN: gettext_lazy("交办"),
    LetterKind.REMIND: gettext_lazy("提醒办理"),
    LetterKind.SUPERVISE: gettext_lazy("督办"),
}


def _days(a: date, b: date) -> int:
    return (b - a).days


def letter_context(*, problem: Problem, kind: str, number: str, issued_on: date) -> dict:
    """What a 交办函 / 提醒函 / 督办函 says: to the department, about the project and its problem, the
    deadline, the escalation level, and what is required."""
    kind = LetterKind(kind)
    project = problem.project
    department = problem.department
    addressee = department.name if department else _("有关单位")
    problem_kind = problem.get_kind_display()
    subject = _("“%(p)s”%(k)s问题") % {"p": project.name, "k": problem_kind}
    deadline = problem.deadline
    by_deadline = _("于%(d)s前") % {"d": date_text(deadline)} if deadline else _("尽快")
    if deadline and deadline < issued_on:
        timing = _("，已逾期%(n)s天") % {"n": _days(deadline, issued_on)}
    elif deadline:
        timing = _("，距办结时限还有%(n)s天") % {"n": _days(issued_on, deadline)}
    else:
        timing = ""
    handover = steps_of(problem).filter(kind=LoopStep.Kind.HANDOVER).order_by("at", "id").first()
    handed_on = timezone.localdate(handover.at) if handover else timezone.localdate(problem.created_at)
    escalation = Escalation(problem.escalation)
    owner = project.owner.name if project.owner_id else ""
    described = problem.description.rstrip("。；;.")

    if kind == LetterKind.ASSIGN:
        body = [
            _("在重点项目建设调度中，%(p)s%(o)s反映存在%(k)s方面的问题：%(d)s。经研究，现将该问题交由你单位牵头办理。")
            % {"p": project.name, "o": _("（项目单位：%(o)s）") % {"o": owner} if owner else "", "k": problem_kind,
               "d": described},
        ]
        required = [
            _("请你单位高度重视，明确责任领导和具体责任人，主动对接项目单位，%(by)s办结，并将办理结果书面报送指挥部办公室。")
            % {"by": by_deadline},
            _("确有困难不能按期办结的，请在办结时限届满前书面说明原因和下步措施。"),
        ]
    elif kind == LetterKind.REMIND:
        body = [
            _("%(on)s交你单位办理的%(s)s（%(d)s），办结时限为%(dl)s，目前尚未办结%(t)s。")
            % {"on": date_text(handed_on), "s": subject, "d": described,
               "dl": date_text(deadline) if deadline else _("尽快办结"), "t": timing},
        ]
        required = [
            _("请你单位加快办理进度，%(by)s办结，并及时将办理进展报送指挥部办公室。") % {
                "by": by_deadline if deadline and deadline >= issued_on else _("尽快")},
            _("逾期仍未办结的，将按程序提级督办，并在调度通报中予以通报。"),
        ]
    else:
        level = (_("该问题已提级至%(l)s督办。") % {"l": escalation.label}
                 if escalation > Escalation.NONE else _("现将该问题列为督办事项。"))
        body = [
            _("%(on)s交你单位办理的%(s)s（%(d)s）至今尚未办结%(t)s，影响项目建设进度。%(level)s")
            % {"on": date_text(handed_on), "s": subject, "d": described, "t": timing, "level": level},
        ]
        required = [
            _("请你单位主要负责人亲自过问、亲自调度，在收到本函后3个工作日内提出解决方案，%(by)s办结，"
              "并将办理结果书面报送指挥部办公室。") % {
                "by": by_deadline if deadline and deadline >= issued_on else _("尽快")},
            _("指挥部办公室将对办理情况跟踪问效，并在调度通报中予以通报。"),
        ]
    facts = [
        {"label": _("项目名称"), "value": project.name},
        {"label": _("项目单位"), "value": owner or "—"},
        {"label": _("问题类型"), "value": problem_kind},
        {"label": _("问题描述"), "value": problem.description},
        {"label": _("责任单位"), "value": addressee},
        {"label": _("办结时限"), "value": date_text(deadline) if deadline else _("未定")},
        {"label": _("督办层级"), "value": escalation.label},
    ]
    leader = project.leader
    cc = ""
    if kind == LetterKind.SUPERVISE and leader is not None:
        cc = _("%(l)s（项目责任领导）") % {"l": leader.title or leader.name}
    return {
        "office": office_name(),
        "kind": kind.value, "kind_label": kind.label,
        "number": number,
        "title": _("关于%(v)s%(s)s的函") % {"v": LETTER_VERBS[kind], "s": subject},
        "addressee": addressee,
        "project": project.name, "problem_kind": problem_kind, "description": problem.description,
        "deadline": deadline, "deadline_text": date_text(deadline) if deadline else _("未定"),
        "escalation": escalation.label,
        "issued_on": issued_on, "date_text": date_text(issued_on),
        "body": body, "required": required, "facts": facts, "cc": cc,
    }


def render_letter(*, problem: Problem, kind: str, number: str, issued_on: date) -> bytes:
    context = letter_context(problem=problem, kind=kind, number=number, issued_on=issued_on)
    return render("letter.docx", context, title=context["title"])
