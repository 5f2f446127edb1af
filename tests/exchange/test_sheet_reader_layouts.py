"""read_sheet on the layouts offices really send: each parsed value is asserted exactly."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sheet_builders import bad_sheet, city_sheet, sheet_of, shuffled_sheet, to_bytes, zone_sheet

from tuijin.exchange.sheet_reader import CellError, CheckRow, ParsedSheet, SheetRow, read_sheet

D = Decimal


# --- a city office's sheet: 县区 column, 亿元 --------------------------------------------------------------

def test_city_sheet_layout():
    parsed = read_sheet(city_sheet())
    assert isinstance(parsed, ParsedSheet)
    assert parsed.sheet_name == "市定三十工程"
    assert parsed.title == "2025年市定“三十工程”项目推进情况表"
    assert parsed.unit == "亿元"
    assert parsed.notes == ["单位：亿元"]
    assert parsed.header_rows == [3]
    assert parsed.columns == {
        "seq": "序号", "region": "县区", "name": "项目名称", "code": "项目代码", "owner": "建设单位",
        "nature": "建设性质", "scale": "建设内容及规模", "years": "建设起止年限", "total_investment": "总投资",
        "annual_plan": "2025年计划投资", "completed_ytd": "1-4月完成投资", "completion_rate": "完成率",
        "progress": "形象进度", "problems": "存在问题", "leader": "责任领导", "department": "责任单位",
        "planned_start": "建设起止年限", "planned_end": "建设起止年限",
    }
    assert parsed.unmapped_headers == []
    assert parsed.ytd_month == 4
    assert parsed.period_hint == "2025-04"
    assert parsed.column_units == {"total_investment": "亿元", "annual_plan": "亿元", "completed_ytd": "亿元"}
    assert parsed.errors == []
    assert parsed.skipped_rows == []


def test_city_sheet_amounts_are_converted_from_yi_to_wan():
    parsed = read_sheet(city_sheet())
    assert parsed.check_rows == [CheckRow(4, "合计", None, {
        "total_investment": D("405000"), "annual_plan": D("123000"), "completed_ytd": D("42100")})]
    assert [row.row for row in parsed.rows] == [5, 6, 7]
    assert parsed.rows[0] == SheetRow(5, {
        "seq": 1, "region": "高新区", "name": "瑞庆混动发动机项目", "code": "2503-410871-04-01-123456",
        "owner": "瑞庆汽车发动机技术有限公司", "nature": "新建", "scale": "年产20万台混动发动机",
        "years": (date(2024, 1, 1), date(2026, 12, 31)),
        "total_investment": D("205000"), "annual_plan": D("68000"), "completed_ytd": D("27200"),
        "completion_rate": D("0.4"), "progress": "主体完工，设备安装中", "problems": None, "leader": "吕沛",
        "department": "高新区项目办", "planned_start": date(2024, 1, 1), "planned_end": date(2026, 12, 31),
    }, None, ())
    second, third = parsed.rows[1].values, parsed.rows[2].values
    assert second["years"] == (date(2023, 1, 1), date(2025, 12, 31))
    assert second["total_investment"] == D("120000") and second["completed_ytd"] == D("10400")
    assert second["completion_rate"] == D("0.297")
    assert second["problems"] == "征迁进度慢"
    assert third["code"] is None
    assert third["years"] == (date(2025, 1, 1), date(2025, 12, 31))
    assert third["completion_rate"] == D("0.225")
    assert sum(row.values["total_investment"] for row in parsed.rows) == D("405000")


# --- a zone's sheet: title, notes, two-row merged header, categories, subtotals, 合计 ----------------------

ZONE_COLUMNS = {
    "seq": "序号", "name": "项目名称", "owner": "建设单位", "nature": "建设性质", "total_investment": "总投资（万元）",
    "annual_plan": "2025年投资/计划", "completed_ytd": "2025年投资/1-4月完成",
    "completion_rate": "2025年投资/完成率（%）", "planned_start": "计划开竣工时间/开工",
    "planned_end": "计划开竣工时间/竣工", "progress": "形象进度", "problems": "存在问题", "leader": "分包领导",
    "department": "牵头单位",
}


@pytest.mark.parametrize("merged", [True, False], ids=["merged-header", "unmerged-header"])
def test_zone_sheet_header_and_notes(merged):
    parsed = read_sheet(zone_sheet(merged=merged))
    assert parsed.title == "2025年区定“三十工程”项目推进情况表"
    assert parsed.notes == ["填报单位：高新区项目办 截至时间：2025年4月30日 单位：万元"]
    assert parsed.unit == "万元"
    assert parsed.header_rows == [3, 4]
    assert parsed.columns == ZONE_COLUMNS
    assert parsed.unmapped_headers == []
    assert parsed.ytd_month == 4
    assert parsed.period_hint == "2025-04"
    assert parsed.errors == []


@pytest.mark.parametrize("merged", [True, False], ids=["merged-header", "unmerged-header"])
def test_zone_sheet_rows_categories_and_checks(merged):
    parsed = read_sheet(zone_sheet(merged=merged))
    assert [(r.row, r.values["name"], r.category, r.category_path) for r in parsed.rows] == [
        (6, "瑞庆混动发动机", "产业项目", ("产业项目",)),
        (7, "澳特盛新材料", "产业项目", ("产业项目",)),
        (8, "卓立膜材料二期", "产业项目", ("产业项目",)),
        (11, "紫荆大道改造", "道路", ("基础设施项目", "道路")),
        (12, "山阳路桥", "道路", ("基础设施项目", "道路")),
        (15, "南海路排水河", "水务", ("基础设施项目", "水务")),
    ]
    assert parsed.rows[0].values == {
        "seq": 1, "name": "瑞庆混动发动机", "owner": "瑞庆汽车发动机技术有限公司", "nature": "新建",
        "total_investment": D("80000"), "annual_plan": D("30000"), "completed_ytd": D("12000"),
        "completion_rate": D("0.40"), "planned_start": date(2024, 3, 1), "planned_end": date(2025, 12, 1),
        "progress": "设备安装", "problems": None, "leader": "吕沛", "department": "经发局",
    }
    assert parsed.rows[2].values["planned_start"] == date(2023, 5, 10)
    assert parsed.rows[2].values["planned_end"] == date(2025, 6, 1)
    assert parsed.rows[2].values["problems"] is None
    assert parsed.rows[3].values["completion_rate"] == D("0.417")
    assert parsed.rows[4].values["planned_start"] == date(2025, 2, 15)
    assert parsed.rows[4].values["planned_end"] == date(2026, 8, 1)
    assert parsed.rows[5].values["completed_ytd"] is None
    assert parsed.rows[5].values["completion_rate"] is None
    assert parsed.check_rows == [
        CheckRow(5, "产业项目", "产业项目",
                 {"total_investment": D(150000), "annual_plan": D(60000), "completed_ytd": D(21000)}),
        CheckRow(13, "小计", "道路", {"total_investment": D(48000), "annual_plan": D(20000), "completed_ytd": D(7000)}),
        CheckRow(16, "小计", "水务", {"total_investment": D(6000), "annual_plan": D(3000), "completed_ytd": D(0)}),
        CheckRow(18, "合计", None,
                 {"total_investment": D(204000), "annual_plan": D(83000), "completed_ytd": D(28000)}),
    ]
    assert parsed.skipped_rows == [
        {"row": 9, "reason": "分类标题“基础设施项目”"},
        {"row": 10, "reason": "分类标题“道路”"},
        {"row": 14, "reason": "分类标题“水务”"},
        {"row": 17, "reason": "空行"},
        {"row": 19, "reason": "说明行"},
        {"row": 20, "reason": "说明行"},
        {"row": 21, "reason": "说明行"},
    ]


def test_zone_sheet_sums_agree_with_its_own_checks():
    parsed = read_sheet(zone_sheet())
    total = next(c for c in parsed.check_rows if c.label == "合计")
    for name in ("total_investment", "annual_plan", "completed_ytd"):
        assert sum(r.values[name] or 0 for r in parsed.rows) == total.values[name]
    for check in parsed.check_rows:
        if check.category:
            rows = [r for r in parsed.rows if check.category in r.category_path]
            assert sum(r.values["total_investment"] for r in rows) == check.values["total_investment"]


def test_a_leader_cell_merged_down_over_two_projects_is_given_to_both():
    merged = read_sheet(zone_sheet(merged=True))
    assert [r.values["leader"] for r in merged.rows[:3]] == ["吕沛", "吕沛", "许德辉"]
    unmerged = read_sheet(zone_sheet(merged=False))
    assert [r.values["leader"] for r in unmerged.rows[:3]] == ["吕沛", None, "许德辉"]


# --- columns in another order, numbers as text, every date format ------------------------------------------

def test_shuffled_sheet_columns():
    parsed = read_sheet(shuffled_sheet())
    assert parsed.title is None
    assert parsed.header_rows == [1]
    assert parsed.columns == {
        "owner": "项目单位", "name": "项目名称", "seq": "序号", "completion_rate": "完成率",
        "completed_ytd": "本年累计完成投资", "total_investment": "计划总投资", "annual_plan": "年度计划投资",
        "actual_start": "实际开工时间", "years": "建设年限", "started": "是否开工", "region": "县（市、区）",
        "leader": "包保领导", "department": "责任部门", "remark": "备注",
        "planned_start": "建设年限", "planned_end": "建设年限",
    }
    assert parsed.unmapped_headers == ["联系电话"]
    assert parsed.skipped_rows == [{"row": 2, "reason": "栏目序号行"}]
    assert parsed.ytd_month is None and parsed.period_hint is None
    assert parsed.errors == []


def test_shuffled_sheet_values():
    parsed = read_sheet(shuffled_sheet())
    by_name = {r.values["name"]: r.values for r in parsed.rows}
    assert list(by_name) == ["一号项目", "二号项目", "三号项目", "四号项目", "五号项目", "六号项目", "七号项目",
                             "八号项目"]
    assert by_name["一号项目"] == {
        "owner": "甲公司", "name": "一号项目", "seq": 1, "completion_rate": D("0.85"),
        "completed_ytd": D("1234.5"), "total_investment": D("12345"), "annual_plan": D("800"),
        "actual_start": date(2025, 3, 1), "years": (date(2024, 1, 1), date(2026, 12, 31)), "started": True,
        "region": "城区", "leader": "王五", "department": "发改局", "remark": None,
        "planned_start": date(2024, 1, 1), "planned_end": date(2026, 12, 31),
    }
    # numbers as text, 无 / — / - / "/" for none
    assert [v["total_investment"] for v in by_name.values()] == [
        D(12345), D(2000), D(5000), D(800), D(1200), D(3000), D(100), D(100)]
    assert [v["completed_ytd"] for v in by_name.values()] == [
        D("1234.5"), None, D(300), D(0), None, None, None, None]
    assert [v["annual_plan"] for v in by_name.values()] == [D(800), None, D(1000), D(200), None, None, None, None]
    # percentages: "85%", "85.0％", "60" (a bare number in a column of per cents), "12.5 %"
    assert [v["completion_rate"] for v in by_name.values()] == [
        D("0.85"), D("0.85"), D("0.6"), D("0.125"), None, None, None, None]
    # dates: 2025.03, 2025.3.15, 2025年3月, 2025年3月15日, 2025-03, 2025/03/15, Excel datetime and date
    assert [v["actual_start"] for v in by_name.values()] == [
        date(2025, 3, 1), date(2025, 3, 15), date(2025, 3, 1), date(2025, 3, 15), date(2025, 3, 1),
        date(2025, 3, 15), date(2025, 3, 15), date(2025, 3, 1)]
    assert [v["years"] for v in by_name.values()] == [
        (date(2024, 1, 1), date(2026, 12, 31)), (date(2024, 1, 1), date(2026, 12, 31)),
        (date(2024, 3, 1), date(2026, 12, 1)), (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2024, 3, 1), date(2026, 12, 1)), None, None, None]
    assert [v["planned_end"] for v in by_name.values()] == [
        date(2026, 12, 31), date(2026, 12, 31), date(2026, 12, 1), date(2025, 12, 31), date(2026, 12, 1),
        None, None, None]
    assert [v["started"] for v in by_name.values()] == [True, False, True, False, True, None, None, None]
    assert [v["region"] for v in by_name.values()] == ["城区", None, "郊区", None, None, None, None, None]
    assert by_name["五号项目"]["remark"] == "备注文字"


# --- bad cells: collected, never raised --------------------------------------------------------------------

def test_bad_cells_are_collected_with_row_column_and_reason():
    parsed = read_sheet(bad_sheet())
    assert [(e.row, e.column, e.message, e.cell) for e in parsed.errors] == [
        (4, "总投资", "“十二万”不是数字", "C4"),
        (5, "年度计划投资", "“abc”不是数字", "D5"),
        (5, "1-3月完成投资", "“1,2,3.4.5”不是数字", "E5"),
        (5, "完成率", "“很高”不是百分数", "F5"),
        (5, "计划开工时间", "“下个月”不是日期，请写成 2025-03-15、2025年3月 或 2025.03", "G5"),
        (5, "计划竣工时间", "“2025.13”的月份不对", "H5"),
        (5, "建设起止年限", "“2026-2024”的结束时间早于开始时间", "I5"),
        (5, "是否开工", "“也许”应填“是”或“否”", "J5"),
        (6, "项目名称", "项目名称为空", "B6"),
        (7, "总投资", "单元格是公式错误值“#REF!”，请检查公式", "C7"),
        (7, "计划开工时间", "“2025年2月30日”不是有效的日期", "G7"),
        (7, "建设起止年限", "“建设期两年”不是起止年限，请写成 2024-2026 或 2024.03-2026.12", "I7"),
    ]
    assert str(parsed.errors[0]) == "第4行“总投资”：“十二万”不是数字"
    assert all(isinstance(e, CellError) for e in parsed.errors)
    # a bad cell leaves its field out of the row; the good cells of the row are still read
    rows = {r.row: r.values for r in parsed.rows}
    assert "total_investment" not in rows[4] and rows[4]["annual_plan"] == D(100)
    assert rows[5] == {"seq": 2, "name": "乙项目", "total_investment": D(1000)}
    assert rows[6]["name"] is None and rows[6]["total_investment"] == D(500)
    assert rows[7]["completion_rate"] is None  # #DIV/0! in a rate: the plan is zero, so no rate
    assert parsed.ytd_month == 3


# --- more layouts ----------------------------------------------------------------------------------------

def test_header_unit_beats_the_note():
    parsed = read_sheet(sheet_of([
        ["单位：万元"],
        ["项目名称", "总投资（亿元）", "年度计划投资", "本月完成投资（元）"],
        ["甲", 1.5, 3000, 1234567],
    ]))
    assert parsed.unit == "万元"
    assert parsed.column_units == {"total_investment": "亿元", "annual_plan": "万元", "completed_month": "元"}
    assert parsed.rows[0].values == {"name": "甲", "total_investment": D(15000), "annual_plan": D(3000),
                                     "completed_month": D("123.4567")}


def test_unit_from_headers_when_there_is_no_note():
    parsed = read_sheet(sheet_of([["项目名称", "总投资（亿元）"], ["甲", 2]]))
    assert parsed.unit == "亿元"
    assert parsed.rows[0].values["total_investment"] == D(20000)


def test_a_unit_written_in_the_cell_beats_the_column():
    parsed = read_sheet(sheet_of([["项目名称", "总投资（万元）"], ["甲", "1.2亿元"], ["乙", "500万"]]))
    assert [r.values["total_investment"] for r in parsed.rows] == [D(12000), D(500)]


def test_parent_row_above_the_name_row():
    parsed = read_sheet(sheet_of([
        ["项目基本情况", None, None, "2025年投资（万元）", None, None],
        ["序号", "项目名称", "建设单位", "计划", "1-5月完成", "完成率"],
        [1, "甲", "甲公司", 100, 40, 0.4],
    ]))
    assert parsed.header_rows == [1, 2]
    assert parsed.columns["annual_plan"] == "2025年投资（万元）/计划"
    assert parsed.columns["completed_ytd"] == "2025年投资（万元）/1-5月完成"
    assert parsed.ytd_month == 5 and parsed.period_hint == "2025-05"
    assert parsed.rows[0].values == {"seq": 1, "name": "甲", "owner": "甲公司", "annual_plan": D(100),
                                     "completed_ytd": D(40), "completion_rate": D("0.4")}


def test_bare_percent_numbers_are_read_as_per_cent_when_the_figures_say_so():
    parsed = read_sheet(sheet_of([
        ["项目名称", "年度计划投资", "1-4月完成投资", "完成率"],
        ["甲", 100, 40, 40], ["乙", 200, 50, 25], ["丙", 100, 0, 0],
    ]))
    assert [r.values["completion_rate"] for r in parsed.rows] == [D("0.4"), D("0.25"), D(0)]


def test_bare_percent_fractions_above_one_stay_fractions_when_the_figures_say_so():
    parsed = read_sheet(sheet_of([
        ["项目名称", "年度计划投资", "1-4月完成投资", "完成率"],
        ["甲", 100, 120, 1.2], ["乙", 200, 50, 0.25],
    ]))
    assert [r.values["completion_rate"] for r in parsed.rows] == [D("1.2"), D("0.25")]


def test_heading_in_the_seq_column_with_the_name_beside_it_and_subtotal_with_prefix():
    parsed = read_sheet(sheet_of([
        ["序号", "项目名称", "总投资"],
        ["一", "产业项目（2个）", 300],
        [1, "甲", 100], [2, "乙", 200],
        ["二", "民生项目", None],
        [3, "丙", 50],
        [None, "民生项目小计", 50],
        ["总计", None, 350],
    ]))
    assert [(r.values["name"], r.category) for r in parsed.rows] == [("甲", "产业项目"), ("乙", "产业项目"),
                                                                     ("丙", "民生项目")]
    assert parsed.check_rows == [
        CheckRow(2, "产业项目", "产业项目", {"total_investment": D(300)}),
        CheckRow(7, "小计", "民生项目", {"total_investment": D(50)}),
        CheckRow(8, "合计", None, {"total_investment": D(350)}),
    ]
    assert parsed.skipped_rows == [{"row": 5, "reason": "分类标题“民生项目”"}]


def test_plain_heading_repeated_header_seq_only_rows_and_breakdown_rows():
    parsed = read_sheet(sheet_of([
        ["序号", "项目名称", "总投资"],
        ["合计", None, 300],
        [None, "其中：新开工项目", 100],
        ["产业项目"],
        [1, "甲", 100],
        ["序号", "项目名称", "总投资"],
        [2, "乙", 200],
        [3], [4], [5],
    ]))
    assert [(r.row, r.values["name"], r.category) for r in parsed.rows] == [(5, "甲", "产业项目"),
                                                                            (7, "乙", "产业项目")]
    assert parsed.check_rows == [CheckRow(2, "合计", None, {"total_investment": D(300)})]
    # rows 8-10 hold only a pre-printed 序号 at the foot of the sheet: not reported
    assert parsed.skipped_rows == [
        {"row": 3, "reason": "“其中”分项行，不作校验"},
        {"row": 4, "reason": "分类标题“产业项目”"},
        {"row": 6, "reason": "重复的表头行"},
    ]


def test_rows_without_a_name_between_projects_are_errors_but_blank_ones_are_skipped():
    parsed = read_sheet(sheet_of([
        ["序号", "项目名称", "总投资"], [1, "甲", 1], [None, None, None], [2], [3, None, 5], [4, "丁", 4],
    ]))
    assert [r.row for r in parsed.rows] == [2, 5, 6]
    assert [(e.row, e.column, e.message) for e in parsed.errors] == [(5, "项目名称", "项目名称为空")]
    assert parsed.skipped_rows == [{"row": 3, "reason": "空行"}, {"row": 4, "reason": "空行（只有序号）"}]


def test_the_dispatch_sheet_is_found_behind_an_instructions_sheet_and_hidden_sheets_are_passed_over():
    workbook = Workbook()
    cover = workbook.active
    cover.title = "填表说明"
    cover.append(["1. 请按要求填写调度表。"])
    hidden = workbook.create_sheet("旧表")
    hidden.append(["项目名称", "总投资"])
    hidden.append(["旧项目", 1])
    hidden.sheet_state = "hidden"
    data = workbook.create_sheet("调度表")
    data.append(["项目名称", "总投资"])
    data.append(["甲", 10])
    content = to_bytes(workbook)
    parsed = read_sheet(content)
    assert parsed.sheet_name == "调度表"
    assert [r.values for r in parsed.rows] == [{"name": "甲", "total_investment": D(10)}]
    assert read_sheet(content, sheet_name="旧表").rows[0].values["name"] == "旧项目"


def test_synonyms_for_every_field():
    header = ["编号", "备案代码", "工程名称", "业主单位", "项目性质", "主要建设内容", "建设起止时间", "预计开工时间",
              "计划完工时间", "开工日期", "项目总投资（万元）", "本年计划投资", "年度累计完成", "当月完成",
              "投资完成率", "自开工累计完成投资", "项目进展情况", "需协调解决的问题", "联系领导", "责任单位",
              "所在地", "是否开工", "项目类别", "备注"]
    parsed = read_sheet(sheet_of([header, [1, "X", "甲", "乙", "新建", "内容", "2025-2026", "2025.1", "2026.6",
                                           "2025.2", 10, 5, 2, 1, "40%", 3, "进展", "问题", "领导", "单位",
                                           "某县", "是", "产业", "无"]]))
    assert list(parsed.columns) == [
        "seq", "code", "name", "owner", "nature", "scale", "years", "planned_start", "planned_end", "actual_start",
        "total_investment", "annual_plan", "completed_ytd", "completed_month", "completion_rate",
        "completed_since_start", "progress", "problems", "leader", "department", "region", "started", "category",
        "remark"]
    assert parsed.unmapped_headers == []
    values = parsed.rows[0].values
    assert values["planned_start"] == date(2025, 1, 1)  # its own column, not the year range
    assert values["planned_end"] == date(2026, 6, 1)
    assert values["completed_since_start"] == D(3)


def test_inputs_path_bytes_and_file_objects(tmp_path):
    content = city_sheet()
    path = tmp_path / "调度表.xlsx"
    path.write_bytes(content)
    expected = read_sheet(content).rows
    assert read_sheet(path).rows == expected
    assert read_sheet(str(path)).rows == expected
    with open(path, "rb") as handle:
        assert read_sheet(handle).rows == expected
        assert not handle.closed  # the caller's upload is left open
    stream = io.BytesIO(content)
    stream.seek(100)  # read from the start whatever the position
    assert read_sheet(stream).rows == expected

    class Unseekable:
        def __init__(self, data):
            self._stream = io.BytesIO(data)

        def read(self, size=-1):
            return self._stream.read(size)

    assert read_sheet(Unseekable(content)).rows == expected


def test_formulas_are_read_as_their_cached_values():
    # openpyxl writes no cached values, so a formula cell reads as empty (as in a sheet never opened in Excel)
    parsed = read_sheet(sheet_of([["项目名称", "总投资", "年度计划投资"], ["甲", 10, "=B2*2"]]))
    assert parsed.rows[0].values == {"name": "甲", "total_investment": D(10), "annual_plan": None}
    assert parsed.errors == []


def test_trailing_formatted_blank_rows_are_not_reported():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["项目名称", "总投资"])
    sheet.append(["甲", 1])
    for r in range(3, 400):
        sheet.cell(r, 1).number_format = "0.00"  # styled, empty cells down the sheet
    parsed = read_sheet(to_bytes(workbook))
    assert [r.values["name"] for r in parsed.rows] == ["甲"]
    assert parsed.skipped_rows == []


def test_project_names_that_start_like_notes_or_headings_are_projects():
    names = ["注塑件生产线", "说明书印刷厂", "附属设施工程", "一、二期厂房改造", "备品备件库", "总部经济大楼", "合计划算项目"]
    rows = [["序号", "项目名称", "建设单位", "总投资"]] + [[i, n, "某公司", i] for i, n in enumerate(names, 1)]
    parsed = read_sheet(sheet_of(rows))
    assert [r.values["name"] for r in parsed.rows] == names
    assert parsed.check_rows == [] and parsed.skipped_rows == [] and parsed.errors == []


def test_title_beside_a_unit_note_and_an_attachment_label():
    parsed = read_sheet(sheet_of([
        ["附件2"],
        ["2025年重点项目推进情况表", None, "单位：亿元"],
        ["填报单位：高新区项目办", None, "截至2025年6月底"],
        ["项目名称", "总投资", "年度计划投资"],
        ["甲", 1, 0.5],
    ]))
    assert parsed.title == "2025年重点项目推进情况表"
    assert parsed.notes == ["单位：亿元", "填报单位：高新区项目办 截至2025年6月底"]
    assert parsed.unit == "亿元"
    assert parsed.period_hint == "2025-06"
    assert parsed.header_rows == [4]
    assert parsed.rows[0].values == {"name": "甲", "total_investment": D(10000), "annual_plan": D(5000)}


def test_fractions_in_a_per_cent_headed_column_stay_fractions():
    # cells formatted as per cent in Excel hold fractions, whatever the header says
    parsed = read_sheet(sheet_of([["项目名称", "完成率（%）"], ["甲", 0.85], ["乙", 0.3], ["丙", 0.0]]))
    assert [r.values["completion_rate"] for r in parsed.rows] == [D("0.85"), D("0.3"), D(0)]
    parsed = read_sheet(sheet_of([["项目名称", "完成率（%）"], ["甲", 85], ["乙", 1.2], ["丙", 1.2]]))
    assert [r.values["completion_rate"] for r in parsed.rows] == [D("0.85"), D("0.012"), D("0.012")]


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "unmerged"])
def test_the_projects_own_export_layout_reads_back(merged):
    from sheet_builders import export_layout_sheet

    parsed = read_sheet(export_layout_sheet(merged=merged))
    assert parsed.header_rows == [3, 4]
    assert parsed.columns["annual_plan"] == "2025年投资/年度计划投资"
    assert parsed.columns["completed_ytd"] == "2025年投资/1-4月完成投资"
    assert parsed.columns["completion_rate"] == "2025年投资/完成率"
    assert parsed.columns["completed_since_start"] == "开工以来累计完成投资"
    assert parsed.unmapped_headers == []
    assert (parsed.unit, parsed.ytd_month, parsed.period_hint) == ("万元", 4, "2025-04")
    assert parsed.errors == []
    assert parsed.check_rows == [
        CheckRow(5, "合计", None, {"total_investment": D(150000), "annual_plan": D(60000),
                                   "completed_ytd": D(21000), "completed_since_start": D(90000)}),
        CheckRow(6, "产业项目", "产业项目", {"total_investment": D(150000), "annual_plan": D(60000),
                                         "completed_ytd": D(21000), "completed_since_start": D(90000)}),
    ]
    first, second = (r.values for r in parsed.rows)
    assert first == {
        "seq": 1, "name": "瑞庆混动发动机", "owner": "瑞庆公司", "nature": "新建", "scale": "年产20万台",
        "years": (date(2024, 3, 1), date(2026, 12, 1)), "total_investment": D(100000), "annual_plan": D(40000),
        "completed_ytd": D(15000), "completion_rate": D("0.375"), "completed_since_start": D(60000),
        "actual_start": date(2024, 3, 18), "planned_end": date(2026, 12, 1), "progress": "设备安装",
        "problems": None, "leader": "吕沛", "department": "经发局", "code": "2503-410871-04-01-123456",
        "planned_start": date(2024, 3, 1),
    }
    assert second["actual_start"] is None  # 未开工
    assert second["years"] is None and second["planned_start"] is None and second["planned_end"] is None
    assert [r.category for r in parsed.rows] == ["产业项目", "产业项目"]
