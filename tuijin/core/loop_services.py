"""The writes of the closed loop, for any ClosedLoopItem (problems, demands, hazards). Callers check who
may act; these keep the item and its LoopStep trail consistent and write the audit event."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .loop import OPEN_STATUSES, Escalation, LoopStatus, LoopStep


def _step(item, *, actor, kind, **fields) -> LoopStep:
    return LoopStep.objects.create(content_type=ContentType.objects.get_for_model(item), object_id=item.pk,
                                   kind=kind, actor=actor if getattr(actor, "pk", None) else None, **fields)


def steps_of(item):
    return LoopStep.objects.filter(content_type=ContentType.objects.get_for_model(item),
                                   object_id=item.pk).select_related("actor", "department")


def _require_open(item) -> None:
    if item.status not in OPEN_STATUSES:
        raise ValidationError(_("此事项已办结，不能再办理；如需继续，请先重新打开。"))


def loop_handover(*, actor, item, department, deadline: date | None, note: str = "", project=None,
                  today: date | None = None) -> LoopStep:
    _require_open(item)
    if department is None:
        raise ValidationError({"department": _("请选择交办的责任单位。")})
    if deadline and deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("办结时限不能早于今天。")})
    before = {"department": item.department, "deadline": item.deadline, "status": item.status}
    item.department, item.deadline, item.status = department, deadline, LoopStatus.WORKING
    item.save(update_fields=["department", "deadline", "status"])
    audit.record(actor=actor, action=f"{item._meta.model_name}.handover", target=item, project=project,
                 changes=audit.diff(before, {"department": department, "deadline": deadline,
                                             "status": item.status}), reason=note)
    return _step(item, actor=actor, kind=LoopStep.Kind.HANDOVER, department=department, note=note)


def loop_escalate(*, actor, item, note: str, project=None) -> LoopStep:
    """Up one level: 分管领导 → 责任单位主要负责人 → 联系领导 → 主要领导."""
    _require_open(item)
    if item.escalation >= Escalation.PRINCIPAL:
        raise ValidationError(_("已升级至主要领导，不能再升级。"))
    if not note.strip():
        raise ValidationError({"note": _("升级须写明理由。")})
    old = item.escalation
    item.escalation = old + 1
    item.status = LoopStatus.WORKING
    item.save(update_fields=["escalation", "status"])
    audit.record(actor=actor, action=f"{item._meta.model_name}.escalate", target=item, project=project,
                 changes={"escalation": [Escalation(old).label, Escalation(item.escalation).label]}, reason=note)
    return _step(item, actor=actor, kind=LoopStep.Kind.ESCALATE, escalation=item.escalation, note=note)


def loop_progress(*, actor, item, note: str, project=None) -> LoopStep:
    _require_open(item)
    if not note.strip():
        raise ValidationError({"note": _("请填写办理进展。")})
    if item.status == LoopStatus.PENDING:
        item.status = LoopStatus.WORKING
        item.save(update_fields=["status"])
    audit.record(actor=actor, action=f"{item._meta.model_name}.progress", target=item, project=project, reason=note)
    return _step(item, actor=actor, kind=LoopStep.Kind.PROGRESS, note=note)


def loop_close(*, actor, item, resolved: bool, resolution: str, closed_on: date | None = None,
               project=None) -> LoopStep:
    _require_open(item)
    if not resolution.strip():
        raise ValidationError({"resolution": _("请写明办理结果。") if resolved else _("无法解决须写明原因。")})
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("办结日期不能晚于今天。")})
    before = {"status": item.status, "resolution": item.resolution, "closed_on": item.closed_on}
    item.status = LoopStatus.RESOLVED if resolved else LoopStatus.UNRESOLVABLE
    item.resolution, item.closed_on = resolution, closed_on
    item.save(update_fields=["status", "resolution", "closed_on"])
    audit.record(actor=actor, action=f"{item._meta.model_name}.close", target=item, project=project,
                 changes=audit.diff(before, {"status": item.status, "resolution": resolution,
                                             "closed_on": closed_on}), reason=resolution)
    return _step(item, actor=actor, kind=LoopStep.Kind.CLOSE, note=resolution)


def loop_reopen(*, actor, item, note: str, project=None) -> LoopStep:
    if item.status in OPEN_STATUSES:
        raise ValidationError(_("此事项尚未办结。"))
    if not note.strip():
        raise ValidationError({"note": _("重新打开须写明理由。")})
    old = item.status
    item.status, item.closed_on = LoopStatus.WORKING, None
    item.save(update_fields=["status", "closed_on"])
    audit.record(actor=actor, action=f"{item._meta.model_name}.reopen", target=item, project=project,
                 changes={"status": [old, item.status]}, reason=note)
    return _step(item, actor=actor, kind=LoopStep.Kind.REOPEN, note=note)


def loop_letter(*, actor, item, kind: str, number: str, content, filename: str, project=None) -> LoopStep:
    """Keep an issued letter (交办函/提醒函/督办函) with the item."""
    from django.core.files.base import ContentFile

    step = _step(item, actor=actor, kind=LoopStep.Kind.LETTER, letter_kind=kind, letter_number=number)
    step.letter.save(filename, ContentFile(content), save=True)
    audit.record(actor=actor, action=f"{item._meta.model_name}.letter", target=item, project=project,
                 changes={"letter": [None, number]})
    return step
