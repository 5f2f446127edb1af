"""Letters about a hazard (交办函 / 提醒函 / 督办函): the office's letter template (tuijin/bulletins/docx/letter.docx,
or the office's own copy), its one series of numbers, and the loop's LETTER step — what dispatch problems use,
with a hazard's facts in the body."""

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

from .models import Hazard, HazardLevel


def _timing(deadline: date | None, issued_on: date) -> str:
    if deadline and deadline < issued_on:
        return _("，已逾期%(n)s天") % {"n": (issued_on - deadline).days}
    if deadline:
        return _("，距整改时限还有%(n)s天") % {"n": (deadline - issued_on).days}
    return ""


def letter_context(*, hazard: Hazard, kind: str, number: str, issued_on: date) -> dict:
    kind = LetterKind(kind)
    inspection = hazard.inspection
    addressee = hazard.department.name if hazard.department_id else _("有关单位")
    subject = _("%(p)s%(l)s") % {"p": inspection.place, "l": hazard.get_level_display()}
    described = hazard.description.rstrip("。；;.")
    deadline = hazard.deadline
    by_deadline = _("于%(d)s前") % {"d": date_text(deadline)} if deadline and deadline >= issued_on else _("尽快")
    found = _("%(d)s，在%(domain)s领域安全隐患排查中发现%(p)s存在%(l)s：%(desc)s。") % {
        "d": date_text(inspection.inspected_on), "domain": hazard.domain.name, "p": inspection.place,
        "l": hazard.get_level_display(), "desc": described}
    if kind == LetterKind.ASSIGN:
        body = [found + _("现将该隐患交由你单位督促整改。")]
        required = [_("请你单位落实整改责任、措施、资金、时限和预案，%(by)s整改到位，并将整改情况书面报送。") % {"by": by_deadline}]
    elif kind == LetterKind.REMIND:
        body = [found + _("该隐患整改时限为%(dl)s，目前尚未整改到位%(t)s。") % {
            "dl": date_text(deadline) if deadline else _("未定"), "t": _timing(deadline, issued_on)}]
        required = [_("请你单位加快整改，%(by)s整改到位；逾期未整改的，将提级督办并予以通报。") % {"by": by_deadline}]
    else:
        listed = (_("该隐患已于%(d)s挂牌督办，督办领导：%(s)s。") % {
            "d": date_text(hazard.listed_on), "s": hazard.supervisor.title or hazard.supervisor.name}
            if hazard.listed_on and hazard.supervisor_id else _("现将该隐患列为督办事项。"))
        body = [found + _("至今尚未整改到位%(t)s。") % {"t": _timing(deadline, issued_on)} + listed]
        required = [
            _("请你单位主要负责人亲自过问，在收到本函后3个工作日内报送整改方案，%(by)s整改到位；整改期间须落实"
              "防范措施，确保安全。") % {"by": by_deadline},
            _("整改完成后申请验收，验收合格后予以销号。"),
        ]
    facts = [
        {"label": _("隐患地点"), "value": inspection.place},
        {"label": _("所属领域"), "value": hazard.domain.name},
        {"label": _("隐患等级"), "value": hazard.get_level_display()},
        {"label": _("隐患描述"), "value": hazard.description},
        {"label": _("责任单位"), "value": addressee},
        {"label": _("整改时限"), "value": date_text(deadline) if deadline else _("未定")},
        {"label": _("督办层级"), "value": Escalation(hazard.escalation).label},
    ]
    cc = ""
    if kind == LetterKind.SUPERVISE and hazard.supervisor_id:
        cc = _("%(l)s（督办领导）") % {"l": hazard.supervisor.title or hazard.supervisor.name}
    return {
        "office": office_name(), "kind": kind.value, "kind_label": kind.label, "number": number,
        "title": _("关于%(v)s%(s)s整改的函") % {"v": LETTER_VERBS[kind], "s": subject},
        "addressee": addressee, "issued_on": issued_on, "date_text": date_text(issued_on),
        "body": body, "required": required, "facts": facts, "cc": cc,
        "level_is_major": hazard.level == HazardLevel.MAJOR,
    }


def issue_letter(*, actor, hazard: Hazard, kind: str) -> LoopStep:
    """Number, render and keep the letter. The caller holds the transaction and has checked permission."""
    if hazard.department_id is None:
        raise ValidationError({"department": _("请先将隐患交办给责任单位，再发函。")})
    issued_on = timezone.localdate()
    # One series of numbers a year for every letter: lock the top of the region tree, as problem letters do.
    root = int(hazard.inspection.region.path.strip("/").split("/")[0])
    Region.objects.select_for_update().filter(pk=root).first()
    number = next_letter_number(issued_on.year)
    context = letter_context(hazard=hazard, kind=kind, number=number, issued_on=issued_on)
    content = render("letter.docx", context, title=context["title"])
    serial = number.removeprefix(f"{letter_prefix()}〔{issued_on.year}〕").removesuffix("号")
    return loop_services.loop_letter(actor=actor, item=hazard, kind=kind, number=number, content=content,
                                     filename=f"hazard-{kind}-{issued_on.year}-{serial}.docx",
                                     project=hazard.inspection.project)
