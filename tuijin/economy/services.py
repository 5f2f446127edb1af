"""Writes of the indicators: the catalogue, one period's figures, and a whole imported table. Each checks the
role, validates, runs in one transaction and leaves an audit event."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.text import normalise_name
from tuijin.projects.permissions import require

from . import permissions
from .models import Indicator, IndicatorValue, cumulative_label

INDICATOR_FIELDS = ["name", "unit", "published", "group", "aliases", "order", "active"]
VALUE_FIELDS = ["value", "growth", "city_growth", "province_growth", "target_growth", "target_value", "rank"]
RATE_FIELDS = ["growth", "city_growth", "province_growth", "target_growth"]
RATE_LABELS = {"growth": "同比增长", "city_growth": "全市增速", "province_growth": "全省增速",
               "target_growth": "年度目标增速"}


def _stale(obj, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise ValidationError(_("此记录已被他人修改（当前版本 %(v)s），请刷新后重新填写。") % {"v": obj.version},
                              code="stale")


def _check_indicator(data: dict, *, instance: Indicator | None = None) -> None:
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写指标名称。")})
    clash = Indicator.objects.exclude(pk=instance.pk if instance else None)
    if any(normalise_name(i.name) == normalise_name(name) for i in clash.only("name")):
        raise ValidationError({"name": _("指标“%(n)s”已在目录中。") % {"n": name}})
    if data.get("published") not in Indicator.Published.values:
        raise ValidationError({"published": _("请选择发布口径。")})


@transaction.atomic
def indicator_create(*, actor, data: dict) -> Indicator:
    require(permissions.can_write(actor), _("只有项目办可以维护指标目录。"))
    data = {k: data[k] for k in INDICATOR_FIELDS if k in data}
    _check_indicator(data)
    indicator = Indicator.objects.create(**{**data, "name": data["name"].strip()})
    audit.record(actor=actor, action="indicator.create", target=indicator,
                 changes=audit.diff({}, {k: getattr(indicator, k) for k in INDICATOR_FIELDS}))
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: dict, expected_version: int | None = None) -> Indicator:
    require(permissions.can_write(actor), _("只有项目办可以维护指标目录。"))
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _stale(indicator, expected_version)
    data = {k: data[k] for k in INDICATOR_FIELDS if k in data}
    _check_indicator({**{k: getattr(indicator, k) for k in INDICATOR_FIELDS}, **data}, instance=indicator)
    before = {k: getattr(indicator, k) for k in INDICATOR_FIELDS}
    for key, value in data.items():
        setattr(indicator, key, value.strip() if isinstance(value, str) else value)
    indicator.version += 1
    indicator.save()
    audit.record(actor=actor, action="indicator.update", target=indicator,
                 changes=audit.diff(before, {k: getattr(indicator, k) for k in INDICATOR_FIELDS}))
    return indicator


def value_problems(indicator: Indicator, figures: dict) -> dict[str, str]:
    """What is wrong with one indicator's figures for a period, by field, in Chinese."""
    problems = {}
    if indicator.published == Indicator.Published.LEVEL and figures.get("value") is None:
        problems["value"] = _("“%(n)s”按总量发布，请填写累计值。") % {"n": indicator.name}
    elif indicator.published == Indicator.Published.GROWTH and figures.get("growth") is None:
        problems["growth"] = _("“%(n)s”按增速发布，请填写同比增长。") % {"n": indicator.name}
    elif figures.get("value") is None and figures.get("growth") is None:
        problems["growth"] = _("“%(n)s”请至少填写累计值或同比增长。") % {"n": indicator.name}
    for field in RATE_FIELDS:
        rate = figures.get(field)
        if rate is not None and not Decimal(-100) <= rate <= Decimal(10000):
            problems[field] = _("%(f)s%(r)s%%不合理：增速应在-100%%到10000%%之间。") % {
                "f": RATE_LABELS[field], "r": rate}
    rank = figures.get("rank")
    if rank is not None and rank < 1:
        problems["rank"] = _("位次从1开始。")
    if figures.get("target_value") is not None and figures["target_value"] < 0:
        problems["target_value"] = _("年度目标总量不能为负数。")
    return problems


def _check_period(year: int, month: int) -> None:
    if not 2000 <= year <= 2100 or not 1 <= month <= 12:
        raise ValidationError({"period": _("期间不正确：%(y)s年%(m)s月。") % {"y": year, "m": month}})


def _write(*, actor, region, indicator, year, month, figures: dict, expected_version: int | None,
           source: str) -> tuple[IndicatorValue, bool]:
    record = IndicatorValue.objects.select_for_update().filter(region=region, indicator=indicator, year=year,
                                                               month=month).first()
    created = record is None
    if created:
        record = IndicatorValue(region=region, indicator=indicator, year=year, month=month, version=0)
    else:
        _stale(record, expected_version)  # a form opened on an empty period posts 0: someone filled it since
    before = {k: getattr(record, k) for k in VALUE_FIELDS} if not created else {}
    for key in VALUE_FIELDS:
        setattr(record, key, figures.get(key))
    record.updated_by = actor if getattr(actor, "pk", None) else None
    record.version += 1
    record.save()
    changes = audit.diff(before, {k: getattr(record, k) for k in VALUE_FIELDS})
    if changes or created:
        audit.record(actor=actor, action="indicator_value.create" if created else "indicator_value.update",
                     target=record, changes=changes, reason=source)
    return record, created


@transaction.atomic
def value_save(*, actor, region, indicator: Indicator, year: int, month: int, figures: dict,
               expected_version: int | None = None) -> IndicatorValue:
    """One indicator's figures for one period of a region: created, or updated over the version the form had."""
    require(permissions.can_write_region(actor, region), _("只有本区域的项目办可以填报指标数据。"))
    _check_period(year, month)
    problems = value_problems(indicator, figures)
    if problems:
        raise ValidationError(problems)
    record, _created = _write(actor=actor, region=region, indicator=indicator, year=year, month=month,
                              figures=figures, expected_version=expected_version, source="")
    return record


@dataclass(frozen=True)
class ImportRow:
    row: int                 # the sheet's row number, for messages
    indicator: Indicator
    figures: dict


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@transaction.atomic
def values_import(*, actor, region, year: int, month: int, rows: list[ImportRow], filename: str = "") -> ImportResult:
    """A whole table of one period, all or nothing: any bad row refuses the lot, naming every row at fault."""
    require(permissions.can_write_region(actor, region), _("只有本区域的项目办可以导入指标数据。"))
    _check_period(year, month)
    errors, seen = [], {}
    for item in rows:
        if item.indicator.pk in seen:
            errors.append(_("第%(r)s行：指标“%(n)s”与第%(o)s行重复。") % {
                "r": item.row, "n": item.indicator.name, "o": seen[item.indicator.pk]})
        seen.setdefault(item.indicator.pk, item.row)
        errors += [_("第%(r)s行：%(m)s") % {"r": item.row, "m": message}
                   for message in value_problems(item.indicator, item.figures).values()]
    if not rows:
        errors.append(_("表中没有可导入的指标行。"))
    if errors:
        raise ValidationError(errors)
    result = ImportResult()
    source = _("导入%(f)s（%(y)s年%(p)s）") % {"f": filename or _("统计表"), "y": year, "p": cumulative_label(month)}
    for item in rows:
        _record, created = _write(actor=actor, region=region, indicator=item.indicator, year=year, month=month,
                                  figures=item.figures, expected_version=None, source=source)
        if created:
            result.created += 1
        else:
            result.updated += 1
    audit.record(actor=actor, action="indicator_value.import", target=region, reason=source,
                 changes={"rows": [None, len(rows)], "created": [None, result.created],
                          "updated": [None, result.updated]})
    return result
