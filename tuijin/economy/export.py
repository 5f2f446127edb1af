"""The indicator table of one period as an Excel workbook, in the layout the bureau's table has (and the
import reads back): 指标名称 | 单位 | 1-N月累计值 | 同比增长% | 全市增速% | 全省增速% | 高于全市 | 目标 | 位次."""

from tuijin.exchange.xlsx import SheetWriter
from tuijin.org.models import Region

from .models import cumulative_label
from .selectors import period_rows


def indicator_workbook(region: Region, year: int, month: int) -> bytes:
    period = cumulative_label(month)
    writer = SheetWriter(
        title=f"{year}年{period}{region.name}主要经济指标", note="增速单位：%",
        headers=["指标名称", "单位", f"{period}累计值", "同比增长(%)", "全市增速(%)", "全省增速(%)",
                 "高于全市平均", "比全市(百分点)", "年度目标增速(%)", "年度目标总量", "全市位次"],
        widths=[26, 10, 14, 12, 12, 12, 12, 14, 14, 14, 10])
    for r in period_rows(region, year, month, with_empty=False):
        above = {True: "是", False: "否", None: ""}[r.above_city]
        writer.row([r.name, r.indicator.unit, r.value, r.growth, r.city_growth, r.province_growth, above,
                    r.city_gap, r.target_growth, r.target_value, r.rank], money_columns={2, 3, 4, 5, 7, 8, 9})
    return writer.to_bytes()
