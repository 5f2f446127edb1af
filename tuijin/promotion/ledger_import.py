"""Reading a lead ledger (招商项目台账) back in: the columns of ledger.py under their common names, values parsed
by the exchange sheet machinery (open_workbook, parse_text, parse_date, parse_money, note_unit), every lead
written through the services. One transaction: any bad row and nothing is saved; a dry run rolls back."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core.validators import normalise_code
from tuijin.exchange.sheet_headers import UnknownUnit, clean_text, note_unit
from tuijin.exchange.sheet_source import SheetError, iter_values, open_workbook
from tuijin.exchange.sheet_values import compact, parse_date, parse_money, parse_text
from tuijin.org.models import Department, Person

from . import permissions, services
from .models import IndustrialChain, Lead, LeadSource, Signing
from .stages import ORDER, LeadStage, MoveFacts

SYNONYMS = {
    "name": ["项目名称", "线索名称", "招商项目名称", "招商项目", "项目"],
    "source": ["线索来源", "来源", "招商方式", "信息来源"],
    "investor": ["投资方", "投资主体", "投资企业", "投资方名称", "签约企业"],
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码"],
    "industry": ["所属行业", "行业", "产业类别"],
    "chain": ["产业链", "强链补链", "所属产业链", "强链补链产业链"],
    "intended": ["意向投资", "意向投资额", "计划投资", "拟投资额", "投资额", "总投资"],
    "stage": ["阶段", "当前阶段", "进展阶段", "推进阶段"],
    "reason": ["阶段说明", "终止原因", "备注"],
    "department": ["责任单位", "牵头单位"],
    "leader": ["分包领导", "责任领导", "联系领导"],
    "received_on": ["登记日期", "收集日期", "线索日期", "获取日期"],
    "signed_on": ["首次签约日期", "签约日期", "签约时间"],
    "signed_amount": ["签约额", "签约金额", "合同金额", "合同投资额"],
    "started_on": ["开工日期", "开工时间"],
    "next_action": ["下一步工作", "下步工作", "下一步计划"],
    "next_action_due": ["完成时限", "时限", "计划完成时间"],
    "contact_person": ["对接人", "联系人"],
    "contact_phone": ["联系电话", "电话"],
}
INDEX = {word: name for name, words in SYNONYMS.items() for word in words}
REQUIRED = {"name": "项目名称", "source": "线索来源", "investor": "投资方", "received_on": "登记日期"}
MONEY = {"intended", "signed_amount"}
DATES = {"received_on", "signed_on", "started_on", "next_action_due"}
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]$")
HEADER_SCAN_ROWS = 10
MAX_ROWS = 5000


@dataclass
class LedgerImport:
    rows: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    dry_run: bool = False


def _header_key(value) -> tuple[str | None, str | None]:
    text = compact(clean_text(value))
    unit = note_unit(text) if text else None
    return INDEX.get(_BRACKETED.sub("", text)), unit


def _find_header(rows: list[tuple]) -> tuple[int, dict[int, tuple[str, str | None]], str]:
    unit = "万元"
    for number, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = {}
        for col, value in enumerate(row):
            key, header_unit = _header_key(value)
            if key and key not in {k for k, _u in columns.values()}:
                columns[col] = (key, header_unit)
        if len(columns) >= 3 and "name" in {k for k, _u in columns.values()}:
            return number, columns, unit
        for value in row:
            if isinstance(value, str) and (found := note_unit(value)):
                unit = found
    raise SheetError(_("没有找到台账的表头：表头应含“项目名称”“线索来源”“投资方”“登记日期”等列。"))


class _Lookups:
    """Names in the sheet to the records they mean, within the importer's region."""

    def __init__(self, region):
        chain = [int(pk) for pk in region.path.strip("/").split("/")]
        self.departments = {}
        for dept in Department.objects.filter(region_id__in=chain):
            self.departments[dept.name] = self.departments[dept.short_name or dept.name] = dept
        self.leaders = {p.name: p for p in Person.objects.filter(region_id__in=chain, is_leader=True)}
        self.chains = {c.name: c for c in IndustrialChain.objects.all()}
        self.sources = {str(label): value for value, label in LeadSource.choices}
        self.stages = {str(label): value for value, label in LeadStage.choices}
        self.existing = set(Lead.objects.filter(region=region).values_list("name", flat=True))


def _parse_row(values: dict, lookups: _Lookups, unit: str) -> tuple[dict, list[tuple[str, str]]]:
    """A row's cells as typed values; problems as (column, message)."""
    parsed, problems = {}, []
    for key, (raw, header_unit) in values.items():
        try:
            if key in MONEY:
                parsed[key] = parse_money(raw, header_unit or unit)
            elif key in DATES:
                parsed[key] = parse_date(raw)
            else:
                parsed[key] = parse_text(raw)
        except ValueError as error:
            problems.append((key, str(error)))
    for key, label in REQUIRED.items():
        if key not in {k for k, _m in problems} and not parsed.get(key):
            problems.append((key, _("“%(c)s”不能为空") % {"c": label}))

    def look(key, table, message):
        text = parsed.get(key)
        if text:
            if text not in table:
                problems.append((key, message % {"v": text}))
            parsed[key] = table.get(text)

    look("source", lookups.sources, _("不认识的来源“%(v)s”，应为以商招商、驻地招商、展会、中介、上门或其他"))
    look("stage", lookups.stages, _("不认识的阶段“%(v)s”"))
    look("department", lookups.departments, _("没有名为“%(v)s”的单位"))
    look("leader", lookups.leaders, _("没有名为“%(v)s”的区领导"))
    look("chain", lookups.chains, _("没有名为“%(v)s”的产业链"))
    return parsed, problems


def _write(actor, region, parsed: dict) -> None:
    stage = parsed.get("stage") or LeadStage.CLUE
    lead = services.lead_create(actor=actor, reason=_("导入招商台账"), data={
        "name": parsed["name"], "region": region, "source": parsed["source"], "received_on": parsed["received_on"],
        "investor_name": parsed["investor"], "investor_credit_code": normalise_code(parsed.get("credit_code") or ""),
        "industry": parsed.get("industry") or "", "chain": parsed.get("chain"),
        "intended_investment": parsed.get("intended"), "department": parsed.get("department"),
        "leader": parsed.get("leader"), "contact_person": parsed.get("contact_person") or "",
        "contact_phone": parsed.get("contact_phone") or "", "next_action": parsed.get("next_action") or "",
        "next_action_due": parsed.get("next_action_due")})
    if stage == LeadStage.TERMINATED:
        services.lead_move(actor=actor, lead=lead, to_stage=stage, facts=MoveFacts(reason=parsed.get("reason") or ""))
        return
    if stage == LeadStage.FUNDED:
        raise ValidationError({"stage": _("“到资”须在线索页逐笔登记到位资金，台账导入只到“开工”")})
    if ORDER.index(stage) >= ORDER.index(LeadStage.SIGNED):
        if not parsed.get("signed_on") or parsed.get("signed_amount") is None:
            raise ValidationError({"signed_on": _("阶段为“%(s)s”须填写首次签约日期和签约额") % {
                "s": LeadStage(stage).label}})
        services.lead_advance(actor=actor, lead=lead, to_stage=LeadStage.NEGOTIATION)
        services.lead_sign(actor=actor, lead=lead, kind=Signing.Kind.NEW, signed_on=parsed["signed_on"],
                           contract_amount=parsed["signed_amount"], note=_("导入招商台账"))
    services.lead_advance(actor=actor, lead=lead, to_stage=stage, facts=MoveFacts(started_on=parsed.get("started_on")))


LABELS = {**REQUIRED, "credit_code": "统一社会信用代码", "industry": "所属行业", "chain": "产业链",
          "intended": "意向投资", "stage": "阶段", "reason": "阶段说明", "department": "责任单位",
          "leader": "分包领导", "signed_on": "首次签约日期", "signed_amount": "签约额", "started_on": "开工日期",
          "next_action": "下一步工作", "next_action_due": "完成时限", "contact_person": "对接人",
          "contact_phone": "联系电话"}
FIELD_TO_COLUMN = {"investor_name": "investor", "investor_credit_code": "credit_code",
                   "intended_investment": "intended", "received_on": "received_on", "next_action_due": "next_action_due"}


def _describe(row: int, error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        out = []
        for name, messages in error.message_dict.items():
            column = LABELS.get(FIELD_TO_COLUMN.get(name, name), "")
            out += [_("第%(r)s行 %(c)s：%(m)s") % {"r": row, "c": column, "m": m} if column else
                    _("第%(r)s行：%(m)s") % {"r": row, "m": m} for m in messages]
        return out
    return [_("第%(r)s行：%(m)s") % {"r": row, "m": m} for m in error.messages]


def import_ledger(*, actor, file, dry_run: bool = False) -> LedgerImport:
    """Create a lead for every row of the ledger in `file`. Errors name the Excel row and the column."""
    permissions.require(permissions.can_import(actor), _("只有项目办可以导入招商台账。"))
    result = LedgerImport(dry_run=dry_run)
    region = actor.region
    if region is None:
        result.errors.append(_("您的账号未指定管辖区域，无法确定线索所属区域。"))
        return result
    try:
        with open_workbook(file) as workbook:
            rows = []
            for row in iter_values(workbook.worksheets[0]):
                rows.append(row)
                if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                    raise SheetError(_("台账超过%(n)s行，请分批导入。") % {"n": MAX_ROWS})
        header_at, columns, unit = _find_header(rows)
    except UnknownUnit as error:
        result.errors.append(_("不认识的金额单位“%(u)s”，请换算为万元。") % {"u": error.unit})
        return result
    except SheetError as error:
        result.errors.append(str(error))
        return result
    result.columns = [LABELS.get(key, key) for key, _unit in columns.values()]
    lookups = _Lookups(region)
    seen: set[str] = set()
    with transaction.atomic():
        for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
            values = {key: (row[col] if col < len(row) else None, header_unit)
                      for col, (key, header_unit) in columns.items()}
            if all(raw is None or str(raw).strip() == "" for raw, _u in values.values()):
                continue
            result.rows += 1
            parsed, problems = _parse_row(values, lookups, unit)
            name = parsed.get("name")
            if name and (name in lookups.existing or name in seen):
                problems.append(("name", _("已有同名招商线索“%(n)s”") % {"n": name}))
            seen.add(name or "")
            if problems:
                result.errors += [_("第%(r)s行 %(c)s：%(m)s") % {"r": number, "c": LABELS.get(key, key), "m": message}
                                  for key, message in problems]
                continue
            try:
                with transaction.atomic():
                    _write(actor, region, parsed)
            except ValidationError as error:
                result.errors += _describe(number, error)
            except PermissionDenied as error:
                result.errors.append(_("第%(r)s行：%(m)s") % {"r": number, "m": error})
            else:
                result.created += 1
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        result.created = 0
    return result

