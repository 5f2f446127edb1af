"""Every write to a funding application: keyword-only, atomic, permission-checked, validated and audited."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core import audit

from . import permissions
from .models import Application, Channel, Move
from .readiness import readiness
from .statuses import ALLOWED, AMOUNT_FIELD, DATE_FIELD, Status

# What the edit form may change; the status and its dates move through application_move.
EDITABLE_FIELDS = ["channel", "year", "batch", "amount_requested", "amount_approved", "amount_issued", "amount_paid",
                   "excess_explanation", "reserved_on", "applied_on", "approved_on", "issued_on", "paid_on",
                   "rejected_on", "rejection_reason", "note"]
SNAPSHOT_FIELDS = ["status", *EDITABLE_FIELDS]
# Foreign keys the services receive as objects the caller already holds (and permission-checked): validating
# them again would only query for rows we have in hand. A channel changed by the edit form is one of the
# form's choices; the service checks it is active below.
PASSED_IN = ["project", "channel"]


def snapshot(application: Application) -> dict:
    return {name: getattr(application, name) for name in SNAPSHOT_FIELDS}


def _check_unique(application: Application) -> None:
    clash = Application.objects.filter(project_id=application.project_id, channel_id=application.channel_id,
                                       year=application.year, batch=application.batch)
    if clash.exclude(pk=application.pk).exists():
        raise ValidationError({"batch": _("该项目已有%(y)s年%(b)s的%(c)s申报，不能重复。") % {
            "y": application.year, "b": application.batch, "c": application.channel.name}})


def _locked(application: Application, expected_version: int | None) -> Application:
    """The row, locked for this transaction, refused if someone saved it since the form was opened."""
    application = Application.objects.select_for_update().select_related("project__region", "channel").get(
        pk=application.pk)
    if expected_version is not None and application.version != expected_version:
        raise ValidationError(_("保存未成功：此申报在您打开之后已被他人修改（当前版本 %(v)s）。请刷新页面查看最新内容后再改。")
                              % {"v": application.version}, code="stale")
    return application


@transaction.atomic
def application_create(*, actor, project, channel: Channel, year: int, batch: str, reserved_on: date,
                       amount_requested: Decimal | None = None, note: str = "", reason: str = "") -> Application:
    """Put a project into the reserve of a channel for a batch (status 储备)."""
    permissions.require(permissions.can_write(actor, project))
    if not channel.active:
        raise ValidationError({"channel": _("渠道“%(c)s”已停用。") % {"c": channel.name}})
    application = Application(project=project, channel=channel, year=year, batch=batch, reserved_on=reserved_on,
                              amount_requested=amount_requested, note=note, status=Status.RESERVE)
    application.full_clean(exclude=PASSED_IN, validate_constraints=False)
    _check_unique(application)
    application.save()
    Move.objects.create(application=application, to_status=Status.RESERVE, on=reserved_on,
                        amount=amount_requested, reason=reason, actor=actor if actor and actor.pk else None)
    audit.record(actor=actor, action="funding.create", target=application, project=project,
                 changes=audit.diff({}, snapshot(application)), reason=reason)
    return application


@transaction.atomic
def application_update(*, actor, application: Application, data: dict, expected_version: int | None = None,
                       reason: str = "") -> Application:
    """Correct an application's facts. The rules between amounts and dates hold after every change."""
    permissions.require(permissions.can_write(actor, application.project))
    application = _locked(application, expected_version)
    before = snapshot(application)
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(application, name, value)
    if application.channel_id != before["channel"].pk:
        if application.status != Status.RESERVE:
            raise ValidationError({"channel": _("已申报的项目不能更换渠道；请另建该渠道的申报。")})
        if not application.channel.active:
            raise ValidationError({"channel": _("渠道“%(c)s”已停用。") % {"c": application.channel.name}})
    application.full_clean(exclude=PASSED_IN, validate_constraints=False)
    _check_unique(application)
    changes = audit.diff(before, snapshot(application))
    if not changes:
        return application
    application.version += 1
    application.save()
    audit.record(actor=actor, action="funding.update", target=application, project=application.project,
                 changes=changes, reason=reason)
    return application


@transaction.atomic
def application_move(*, actor, application: Application, to_status: str, on: date, amount: Decimal | None = None,
                     reason: str = "", explanation: str = "", expected_version: int | None = None) -> Application:
    """Move an application one step, dated `on`. 申报 needs the channel's 前期 items (readiness); 审核通过,
    资金下达 and 拨付 record their amount; 未通过 and 重新储备 need a reason."""
    permissions.require(permissions.can_write(actor, application.project))
    application = _locked(application, expected_version)
    current = Status(application.status)
    if to_status not in ALLOWED[current]:
        raise ValidationError(_("不能从“%(a)s”改为“%(b)s”。") % {
            "a": current.label, "b": Status(to_status).label if to_status in Status.values else to_status})
    to_status = Status(to_status)
    before = snapshot(application)
    if to_status == Status.APPLIED:
        check = readiness(application.project, application.channel)
        if not check.ok:
            raise ValidationError(check.message, code="not_ready")
    if to_status in {Status.REJECTED, Status.RESERVE} and not reason.strip():
        raise ValidationError({"reason": _("“%(s)s”须填写原因。") % {"s": to_status.label}})
    if to_status == Status.RESERVE:
        # Back into the reserve for a later batch: the rejected round stays in the moves and the trail.
        application.applied_on = application.rejected_on = None
        application.rejection_reason = ""
    if to_status == Status.REJECTED:
        application.rejection_reason = reason.strip()
    if to_status == Status.APPROVED:
        application.excess_explanation = explanation.strip()
    if to_status in AMOUNT_FIELD and amount is not None:
        setattr(application, AMOUNT_FIELD[to_status], amount)
    application.status = to_status
    setattr(application, DATE_FIELD[to_status], on)
    application.full_clean(exclude=PASSED_IN, validate_constraints=False)
    application.version += 1
    application.save()
    Move.objects.create(application=application, from_status=current, to_status=to_status, on=on,
                        amount=getattr(application, AMOUNT_FIELD[to_status]) if to_status in AMOUNT_FIELD else None,
                        reason=reason.strip(), actor=actor if actor and actor.pk else None)
    audit.record(actor=actor, action="funding.move", target=application, project=application.project,
                 changes=audit.diff(before, snapshot(application)), reason=reason)
    return application
