"""A quarter's enterprise services as one Excel sheet: awards, financing and other help, one row each."""

from tuijin.exchange.xlsx import SheetWriter

from . import selectors
from .summary import quarter_range


def services_workbook(user, *, year: int, quarter: int) -> bytes:
    start, end = quarter_range(year, quarter)
    writer = SheetWriter(title=f"{year}年第{quarter}季度助企服务台账", note="单位：万元",
                         headers=["类别", "企业或项目", "内容", "市场主体（项目）数", "金额（万元）", "日期"],
                         widths=[22, 34, 40, 16, 14, 12])
    for award in selectors.visible_awards(user).filter(paid_on__range=(start, end)).order_by("paid_on", "id"):
        writer.row(["惠企政策兑现", award.enterprise.name, f"{award.batch}{award.policy}", 1, award.amount,
                    award.paid_on.isoformat()], money_columns={4})
    for item in selectors.visible_financing(user).filter(on__range=(start, end)).order_by("on", "id"):
        writer.row([item.get_kind_display(), item.project_name or (item.enterprise.name if item.enterprise else ""),
                    item.note, item.entities, item.amount, item.on.isoformat()], money_columns={4})
    for record in selectors.visible_services(user).filter(on__range=(start, end)).order_by("on", "id"):
        writer.row([record.get_kind_display(), record.enterprise.name, record.description, None, None,
                    record.on.isoformat()])
    return writer.to_bytes()
