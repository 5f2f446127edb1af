"""Writes of tracking: editing a warning rule, keeping a period's 红黄榜. Each is atomic and audited."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.loop import Escalation
from tuijin.core.roles import Role
from tuijin.dispatch import permissions as dispatch_permissions
from tuijin.dispatch.models import Period
from tuijin.dispatch.services import period_end
from tuijin.projects.permissions import require

from .models import Level, RuleKind, WarningRule, WarningSnapshot
from .rules import SAME_MEASURE, WHOLE, clear_cache, explain, units
from .warnings import evaluate, project_levels

RULE_FIELDS = ["enabled", "yellow", "red", "explanation"]
TENTH = Decimal("0.1")


def can_edit_rules(user) -> bool:
    return user.is_authenticated and user.role == Role.COORDINATOR


def check_rule(kind: str, values: dict) -> dict[str, str]:
    """Everything wrong with these thresholds for `kind`, as {field: message}."""
    errors: dict[str, str] = {}
    label = RuleKind(kind).label
    yellow, red = values.get("yellow"), values.get("red")
    if yellow is None:
        errors["yellow"] = _("请填写黄色预警阈值。")
    for name, value in (("yellow", yellow), ("red", red)):
        if value is None or name in errors:
            continue
        unit = units(kind)[0 if name == "yellow" else 1]
        if value < 0:
            errors[name] = _("阈值不能为负数。")
        elif kind in WHOLE and value != value.to_integral_value():
            errors[name] = _("%(rule)s的阈值应为整数（单位：%(unit)s）。") % {"rule": label, "unit": unit}
        elif value != value.quantize(TENTH):
            errors[name] = _("阈值最多保留一位小数。")
        elif kind in {RuleKind.PROGRESS, RuleKind.FUNDS} and value > 100:
            errors[name] = _("阈值不能超过100（单位：%(unit)s）。") % {"unit": unit}
    if errors:
        return errors
    if kind == RuleKind.REPORT and yellow < 1:
        errors["yellow"] = _("未按时报送的黄色阈值至少为1期。")
    if kind == RuleKind.PROBLEM and red is not None and not Escalation.DEPUTY <= red <= Escalation.PRINCIPAL:
        errors["red"] = _("问题的红色阈值是升级层级，应为1至4（4为主要领导）。")
    if kind in SAME_MEASURE and red is not None and red <= yellow and "yellow" not in errors:
        errors["red"] = _("红色预警阈值（%(r)s）应大于黄色预警阈值（%(y)s）。") % {"r": red, "y": yellow}
    if not (values.get("explanation") or "").strip():
        errors["explanation"] = _("请填写规则说明。")
    return errors


@transaction.atomic
def rule_update(*, actor, rule: WarningRule, data: dict, reason: str = "") -> WarningRule:
    """Change a rule's thresholds, switch or sentence. Only the project office. When the thresholds change
    and the sentence is left as it was (or emptied), the sentence is rewritten to match them."""
    require(can_edit_rules(actor), _("只有项目办可以修改预警规则。"))
    rule = WarningRule.objects.select_for_update().get(pk=rule.pk)
    before = {name: getattr(rule, name) for name in RULE_FIELDS}
    values = before | {name: data[name] for name in RULE_FIELDS if name in data}
    for name in ("yellow", "red"):
        if values[name] is not None and not isinstance(values[name], Decimal):
            try:
                values[name] = Decimal(str(values[name]))
            except ArithmeticError as exc:
                raise ValidationError({name: _("请填写数字。")}) from exc
    values["explanation"] = (values["explanation"] or "").strip()
    thresholds_changed = (values["yellow"], values["red"]) != (before["yellow"], before["red"])
    stale = not values["explanation"] or (thresholds_changed and values["explanation"] == before["explanation"].strip())
    if stale and values["yellow"] is not None:
        values["explanation"] = explain(rule.kind, values["yellow"], values["red"])
    errors = check_rule(rule.kind, values)
    if errors:
        raise ValidationError(errors)
    changes = audit.diff(before, values)
    if not changes:
        return rule
    for name in RULE_FIELDS:
        setattr(rule, name, values[name])
    rule.save()
    audit.record(actor=actor, action="warning_rule.update", target=rule, changes=changes, reason=reason)
    clear_cache()  # this process at once; every process once the change is committed
    transaction.on_commit(clear_cache)
    return rule


def _counts(period: Period) -> dict:
    rows = WarningSnapshot.objects.filter(period=period)
    figures = rows.aggregate(warnings=Count("pk"), red=Count("project", filter=Q(level=Level.RED), distinct=True),
                             any=Count("project", distinct=True))
    as_of = rows.values_list("as_of", flat=True).first()
    return {"warnings": figures["warnings"], "red": figures["red"], "yellow": figures["any"] - figures["red"],
            "as_of": as_of}


@transaction.atomic
def snapshot(*, period: Period, actor, as_of: date | None = None) -> list[WarningSnapshot]:
    """Keep `period`'s 红黄榜: every warning of the period's zone as of `as_of` (default: the period's last day,
    or today while the month is not over), replacing what was kept for it before."""
    require(dispatch_permissions.can_run_period(actor, period), _("只有本区域的项目办可以存档红黄榜。"))
    period = Period.objects.select_for_update().select_related("region").get(pk=period.pk)
    as_of = as_of or min(period_end(period), timezone.localdate())
    if (as_of.year, as_of.month) != (period.year, period.month):
        raise ValidationError({"as_of": _("评价日期应在%(p)s月内。") % {"p": period.label}})
    warnings = evaluate(as_of=as_of, region=period.region)
    old = _counts(period)
    WarningSnapshot.objects.filter(period=period).delete()
    rows = WarningSnapshot.objects.bulk_create([
        WarningSnapshot(period=period, project_id=w.project_id, level=w.level, kind=w.kind, reason=w.reason,
                        as_of=as_of, taken_by=actor if getattr(actor, "pk", None) else None)
        for w in warnings])
    levels = project_levels(warnings)
    red = sum(1 for level in levels.values() if level == Level.RED)
    audit.record(actor=actor, action="warnings.snapshot", target=period, changes={
        "as_of": [old["as_of"], as_of], "warnings": [old["warnings"], len(rows)],
        "red": [old["red"], red], "yellow": [old["yellow"], len(levels) - red]})
    return rows
