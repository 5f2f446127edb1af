"""The hazard ledger (隐患台账) as offices keep it in Excel: one row a hazard, with its 五落实 and its stage."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.exchange.xlsx import SheetWriter

from .models import Hazard

HEADERS = [gettext_lazy(h) for h in (
    "序号", "专项整治", "领域", "检查日期", "隐患地点", "隐患描述", "隐患等级", "责任单位", "整改责任人", "整改措施",
    "整改资金（万元）", "整改时限", "应急预案", "状态", "整改完成日期", "验收销号日期", "挂牌督办", "是否逾期",
)]
WIDTHS = [6, 18, 10, 12, 24, 40, 10, 14, 12, 36, 12, 12, 24, 12, 12, 12, 14, 8]
FUNDS_COLUMN = 10


def ledger_rows(hazards: QuerySet[Hazard], *, as_of: date):
    for number, hazard in enumerate(hazards, 1):
        inspection = hazard.inspection
        yield [
            number, inspection.campaign.name if inspection.campaign_id else "", hazard.domain.name,
            inspection.inspected_on, inspection.place, hazard.description, hazard.get_level_display(),
            str(hazard.department) if hazard.department_id else "", hazard.responsible, hazard.measures,
            hazard.funds, hazard.deadline, hazard.contingency, hazard.stage_label, hazard.rectified_on,
            hazard.closed_on,
            (_("是（%(s)s）") % {"s": hazard.supervisor.name} if hazard.supervisor_id else _("是"))
            if hazard.listed_on else "",
            _("逾期") if hazard.is_overdue(as_of) else "",
        ]


def ledger_workbook(hazards: QuerySet[Hazard], *, as_of: date, title: str) -> bytes:
    note = _("截至%(d)s　资金单位：万元") % {"d": f"{as_of.year}年{as_of.month}月{as_of.day}日"}
    sheet = SheetWriter(title, note, [str(h) for h in HEADERS], WIDTHS)
    for row in ledger_rows(hazards, as_of=as_of):
        sheet.row(row, money_columns={FUNDS_COLUMN})
    return sheet.to_bytes()
