"""Dispatch sheets (调度表) in the layouts offices really send, built with openpyxl for the reader's tests."""

from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_of(rows: list[list], title: str = "Sheet1") -> bytes:
    """A one-sheet workbook holding `rows` from A1, as they are."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return to_bytes(workbook)


def city_sheet() -> bytes:
    """A city office's sheet (市发改委): a 县区 column, amounts in 亿元 (from the note), rates as fractions
    formatted as per cent, a 合计 row right under the header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "市定三十工程"
    sheet.append(["2025年市定“三十工程”项目推进情况表"])
    sheet.merge_cells("A1:P1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet.append(["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "单位：亿元"])
    sheet.append(["序号", "县区", "项目名称", "项目代码", "建设单位", "建设性质", "建设内容及规模", "建设起止年限",
                  "总投资", "2025年计划投资", "1-4月完成投资", "完成率", "形象进度", "存在问题", "责任领导", "责任单位"])
    sheet.append([None, None, "合计", None, None, None, None, None, 40.5, 12.3, 4.21, 0.342, None, None, None, None])
    sheet.append([1, "高新区", "瑞庆混动发动机项目", "2503-410871-04-01-123456", "瑞庆汽车发动机技术有限公司", "新建",
                  "年产20万台混动发动机", "2024-2026", 20.5, 6.8, 2.72, 0.4, "主体完工，设备安装中", "无", "吕沛",
                  "高新区项目办"])
    sheet.append([2, "修武县", "云台山旅游公路", "2403-410821-48-01-654321", "修武县交通运输局", "续建",
                  "全长18.6公里", "2023—2025年", 12.0, 3.5, 1.04, 0.297, "路基完成80%", "征迁进度慢", "宫卫红",
                  "修武县交通运输局"])
    sheet.append([3, "博爱县", "污水处理厂提标改造", None, "博爱县城市管理局", "改扩建", "日处理5万吨", "2025",
                  8.0, 2.0, 0.45, 0.225, "设备招标", None, "许德辉", "博爱县住建局"])
    for row in sheet.iter_rows(min_row=4, min_col=12, max_col=12):
        row[0].number_format = "0.0%"
    return to_bytes(workbook)


ZONE_HEADER_1 = ["序号", "项目名称", "建设单位", "建设性质", "总投资（万元）", "2025年投资", None, None,
                 "计划开竣工时间", None, "形象进度", "存在问题", "分包领导", "牵头单位"]
ZONE_HEADER_2 = [None, None, None, None, None, "计划", "1-4月完成", "完成率（%）", "开工", "竣工", None, None, None, None]


def zone_sheet(*, merged: bool = True) -> bytes:
    """A development zone's own sheet (区定“三十工程”): title and note rows, a two-row header (merged parents
    over children, or — with `merged=False` — the parents written once and left unmerged), category
    headings (one with sums, one nested), subtotals, a grand total, a blank row, notes at the foot,
    and a 分包领导 cell merged down over two projects."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "区定三十工程"
    sheet.append(["2025年区定“三十工程”项目推进情况表"])
    sheet.append(["填报单位：高新区项目办　　截至时间：2025年4月30日　　单位：万元"])
    sheet.append(ZONE_HEADER_1)
    sheet.append(ZONE_HEADER_2)
    rows = [
        # row 5
        ["一、产业项目（3个）", None, None, None, 150000, 60000, 21000, 35, None, None, None, None, None, None],
        [1, "瑞庆混动发动机", "瑞庆汽车发动机技术有限公司", "新建", 80000, 30000, 12000, 40, "2024.03", "2025.12",
         "设备安装", "无", "吕沛", "经发局"],
        [2, "澳特盛新材料", "澳特盛新材料有限公司", "新建", 50000, 20000, 6000, 30, "2025年3月", "2026年6月",
         "主体施工", "用地指标未落实", None, "自然资源分局"],
        [3, "卓立膜材料二期", "卓立膜科技有限公司", "续建", 20000, 10000, 3000, 30, datetime(2023, 5, 10),
         "2025-06", "厂房封顶", "—", "许德辉", "经发局"],
        # row 9
        ["二、基础设施项目（3个）", None, None, None, None, None, None, None, None, None, None, None, None, None],
        ["（一）道路", None, None, None, None, None, None, None, None, None, None, None, None, None],
        [4, "紫荆大道改造", "高新区城建局", "续建", 30000, 12000, 5000, 41.7, "2024年10月", "2025年10月",
         "路面施工", None, "侯建华", "城建局"],
        [5, "山阳路桥", "高新区城建局", "新建", 18000, 8000, 2000, 25, "2025.2.15", "2026.8",
         "桩基施工", "管线迁改", "侯建华", "城建局"],
        ["小计", None, None, None, 48000, 20000, 7000, 35, None, None, None, None, None, None],
        ["（二）水务", None, None, None, None, None, None, None, None, None, None, None, None, None],
        # row 15
        [6, "南海路排水河", "高新区水务局", "新建", 6000, 3000, None, None, "2025年5月", "2025年12月",
         "前期手续", "环评未批复", "郑侃", "水务局"],
        ["小计", None, None, None, 6000, 3000, 0, 0, None, None, None, None, None, None],
        [None] * 14,
        ["合计", None, None, None, 204000, 83000, 28000, 33.7, None, None, None, None, None, None],
        ["填报说明：", None, None, None, None, None, None, None, None, None, None, None, None, None],
        ["1.本表由项目单位填写，每月25日前报项目办。", None, None, None, None, None, None, None, None, None, None,
         None, None, None],
        ["填报人：张三　　联系电话：0391-1234567", None, None, None, None, None, None, None, None, None, None, None,
         None, None],
    ]
    for row in rows:
        sheet.append(row)
    if merged:
        sheet.merge_cells("A1:N1")
        sheet.merge_cells("A2:N2")
        for col in "ABCDEKLMN":
            sheet.merge_cells(f"{col}3:{col}4")
        sheet.merge_cells("F3:H3")
        sheet.merge_cells("I3:J3")
        for r in (5, 9, 10, 14):
            sheet.merge_cells(f"A{r}:D{r}")
        sheet.merge_cells("M6:M7")  # one leader for two projects
        for r in (19, 20, 21):
            sheet.merge_cells(f"A{r}:N{r}")
        for cell in sheet[3] + sheet[4]:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return to_bytes(workbook)


def shuffled_sheet() -> bytes:
    """Columns in an unusual order under less common names; numbers as text with separators and full-width
    digits; 无 / — for none; percentages as text; dates in every format; a column-number row under the
    header; no planned start/end columns (they come from 建设起止年限)."""
    header = ["项目单位", "项目名称", "序号", "完成率", "本年累计完成投资", "计划总投资", "年度计划投资",
              "实际开工时间", "建设年限", "是否开工", "县（市、区）", "包保领导", "责任部门", "备注", "联系电话"]
    rows = [
        header,
        list(range(1, len(header) + 1)),
        ["甲公司", "一号项目", "1", "85%", "1,234.5", "１２，３４５", " 800 ", "2025.03", "2024-2026", "是",
         "城区", "王五", "发改局", "无", "13800000000"],
        ["乙公司", "二号项目", 2, "85.0％", "—", "2,000", "无", "2025.3.15", "2024—2026年", "否", "—", None,
         None, None, None],
        ["丙公司", "三号项目", 3, "60", "300", "5,000.00", "1,000", "2025年3月", "2024.03-2026.12", "已开工",
         "郊区", None, None, None, None],
        ["丁公司", "四号项目", 4, "12.5 %", "０", "800", "200", "2025年3月15日", "2025", "未开工", None, None,
         None, None, None],
        ["戊公司", "五号项目", 5, None, "-", "1200", "/", "2025-03", "2024年3月-2026年12月", "√", None, None,
         None, "备注文字", None],
        ["己公司", "六号项目", 6, "", "", "3000", "", "2025/03/15", "", "", None, None, None, None, None],
        ["庚公司", "七号项目", 7, None, None, "100", None, datetime(2025, 3, 15), None, None, None, None, None,
         None, None],
        ["辛公司", "八号项目", 8, None, None, "100", None, date(2025, 3, 1), None, None, None, None, None,
         None, None],
    ]
    return sheet_of(rows, "调度表")


def bad_sheet() -> bytes:
    """A sheet with a bad cell of every kind."""
    rows = [
        ["重点项目调度表"],
        ["单位：万元"],
        ["序号", "项目名称", "总投资", "年度计划投资", "1-3月完成投资", "完成率", "计划开工时间", "计划竣工时间",
         "建设起止年限", "是否开工"],
        [1, "甲项目", "十二万", 100, 50, "50%", "2025.03", "2025.12", "2024-2026", "是"],
        [2, "乙项目", 1000, "abc", "1,2,3.4.5", "很高", "下个月", "2025.13", "2026-2024", "也许"],
        [3, None, 500, 100, 20, "20%", None, None, None, None],
        [4, "丙项目", "#REF!", 100, 10, "#DIV/0!", "2025年2月30日", None, "建设期两年", None],
    ]
    return sheet_of(rows)


def export_layout_sheet(*, merged: bool = True) -> bytes:
    """The layout of tuijin's own 调度表 export (tuijin/exchange/dispatch_sheet.py), written the same way
    (write-only, merges added by hand, the second header row repeating the parents' text), so that an
    exported sheet reads back."""
    from openpyxl.utils import get_column_letter

    parents = ["序号", "项目名称", "项目单位", "建设性质", "建设内容及规模", "建设起止年限", "总投资", "2025年投资",
               "2025年投资", "2025年投资", "开工以来累计完成投资", "开工时间", "计划竣工时间", "形象进度", "存在问题",
               "责任领导", "责任单位", "项目代码"]
    children = parents[:7] + ["年度计划投资", "1-4月完成投资", "完成率"] + parents[10:]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("调度表")
    width = len(parents)
    sheet.append(["2025年重点项目推进情况表（1-4月）"])
    sheet.append(["填报单位：高新区　　截至时间：2025年4月底　　单位：万元"])
    sheet.append(parents)
    sheet.append(children)
    if merged:
        sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
        sheet.merged_cells.add(f"A2:{get_column_letter(width)}2")
        sheet.merged_cells.add("H3:J3")
        for i, child in enumerate(children, 1):
            if child == parents[i - 1]:
                sheet.merged_cells.add(f"{get_column_letter(i)}3:{get_column_letter(i)}4")
    blank = [None] * 8
    sheet.append(["", "合计", *([None] * 4), 150000.0, 60000.0, 21000.0, 0.35, 90000.0, *blank[:7]])
    sheet.append(["", "一、产业项目（2个）", *([None] * 4), 150000.0, 60000.0, 21000.0, 0.35, 90000.0, *blank[:7]])
    sheet.append([1, "瑞庆混动发动机", "瑞庆公司", "新建", "年产20万台", "2024.03-2026.12", 100000.0, 40000.0,
                  15000.0, 0.375, 60000.0, "2024.03.18", "2026.12", "设备安装", "无", "吕沛", "经发局",
                  "2503-410871-04-01-123456"])
    sheet.append([2, "澳特盛新材料", "澳特盛公司", "新建", "", "", 50000.0, 20000.0, 6000.0, 0.3, 30000.0,
                  "未开工", "", "", "用地指标未落实", "", "", ""])
    return to_bytes(workbook)
