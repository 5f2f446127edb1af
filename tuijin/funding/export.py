"""The application ledger (资金申报台账) as an Excel sheet, streamed through the shared write-only helper."""

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tuijin.exchange.xlsx import SheetWriter

from .models import Application

COLUMNS = [
    # (header, width)
    (_("序号"), 6), (_("项目名称"), 36), (_("项目代码"), 24), (_("项目单位"), 28), (_("责任单位"), 14),
    (_("渠道"), 20), (_("年度"), 8), (_("批次"), 10), (_("状态"), 10),
    (_("申请金额（万元）"), 14), (_("核定金额（万元）"), 14), (_("下达金额（万元）"), 14), (_("拨付金额（万元）"), 14),
    (_("入库日期"), 12), (_("申报日期"), 12), (_("审核通过日期"), 12), (_("下达日期"), 12), (_("拨付日期"), 12),
    (_("未通过原因"), 24), (_("备注"), 24),
]
MONEY_COLUMNS = {9, 10, 11, 12}
AMOUNTS = ["amount_requested", "amount_approved", "amount_issued", "amount_paid"]


def ledger_workbook(applications: QuerySet[Application], *, title: str, note: str) -> bytes:
    sheet = SheetWriter(title, note, [h for h, _w in COLUMNS], [w for _h, w in COLUMNS])
    totals = dict.fromkeys(AMOUNTS, Decimal(0))
    rows = applications.select_related("project__owner", "project__lead_department", "channel")
    for number, app in enumerate(rows.iterator(chunk_size=2000), 1):
        for name in AMOUNTS:
            totals[name] += getattr(app, name) or 0
        project = app.project
        sheet.row([
            number, project.name, project.code or "", project.owner.name if project.owner else "",
            str(project.lead_department or ""), app.channel.name, app.year, app.batch, app.get_status_display(),
            app.amount_requested, app.amount_approved, app.amount_issued, app.amount_paid,
            app.reserved_on, app.applied_on, app.approved_on, app.issued_on, app.paid_on,
            app.rejection_reason, app.note,
        ], money_columns=MONEY_COLUMNS)
    sheet.row([_("合计"), "", "", "", "", "", "", "", "", *totals.values()], money_columns=MONEY_COLUMNS)
    return sheet.to_bytes()
