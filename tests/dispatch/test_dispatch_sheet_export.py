"""The 调度表 export (tuijin/exchange/dispatch_sheet.py), read back with openpyxl.

March 2025, 2025年区定“三十工程”:

| category | project | plan | 1-3月                         | rate   |
|----------|---------|------|-------------------------------|--------|
| 产业项目 | p1      | 3000 | 300 (Jan) + 100 (Mar) = 400   | 13.3%  |
| 产业项目 | p2      | 2500 | 500 (Mar, submitted)          | 20.0%  |
| 基础设施 | p4      | 2000 | 100 (Jan) + 200 (Mar) = 300   | 15.0%  |
| 基础设施 | p3      | 1000 | 0 (a draft of 40 does not count) | 0.0% |
"""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tuijin.dispatch.figures import project_figures
from tuijin.dispatch.models import ProgressReport
from tuijin.exchange.dispatch_sheet import dispatch_workbook
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Project

from .builders import D, open_period, problem, report

S = ProgressReport.Status
CATEGORY = re.compile(r"^[一二三四五六七八九十]+、(.+)（(\d+)个）$")
MONEY = ["总投资", "年度计划投资", "1-3月完成投资", "开工以来累计完成投资"]


@pytest.fixture
def sheet_world(world):
    w = world
    jan = open_period(w.zone, 2025, 1, closed=True)
    w.march = open_period(w.zone, 2025, 3)
    report(jan, w.p1, 300)
    report(w.march, w.p1, 100, progress_text="主体结构施工")
    report(w.march, w.p2, 500, S.SUBMITTED)
    report(jan, w.p4, 100)
    report(w.march, w.p4, 200)
    report(w.march, w.p3, 40, S.DRAFT)
    problem(w.p1, description="用电增容未批复", status="working", department=w.dept)
    problem(w.p1, description="已解决的旧问题", status="resolved", resolution="已解决")
    w.unlisted = Project.objects.create(name="五号在建项目", category=w.infra, region=w.zone, owner=w.ent_a,
                                        lead_department=w.dept, stage=Stage.CONSTRUCTION, total_investment=D(900))
    return w


def read(content: bytes):
    return load_workbook(BytesIO(content)).active


def parse(sheet):
    """The sheet as the office reads it: header → column, then 合计, category and project rows."""
    columns = {}
    for col in range(1, sheet.max_column + 1):
        # A header spanning both rows keeps its text in row 3 (the merged cell's top left).
        columns[sheet.cell(4, col).value or sheet.cell(3, col).value] = col
    total, categories, projects, current = None, [], [], None
    for row in sheet.iter_rows(min_row=5, values_only=True):
        values = {label: row[col - 1] for label, col in columns.items()}
        name = values["项目名称"]
        if name == "合计":
            total = values
        elif name and CATEGORY.match(name):
            current = {"name": CATEGORY.match(name).group(1), "count": int(CATEGORY.match(name).group(2)),
                       "values": values, "projects": []}
            categories.append(current)
        else:
            assert isinstance(values["序号"], int), row
            projects.append(values)
            current["projects"].append(values)
    return columns, total, categories, projects


def test_title_unit_note_and_two_row_header(sheet_world):
    sheet = read(dispatch_workbook(sheet_world.march, sheet_world.programme))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].value == "2025年区定“三十工程”推进情况表（1-3月）"
    assert sheet["A1"].font.bold
    assert "A1:R1" in merged and "A2:R2" in merged
    assert "截至时间：2025年3月底" in sheet["A2"].value and "单位：万元" in sheet["A2"].value
    assert f"填报单位：{sheet_world.zone.name}" in sheet["A2"].value
    # The merged parent over the year's three columns; every other header spans both rows.
    assert [sheet.cell(3, c).value for c in (8, 9, 10)][0] == "2025年投资"
    assert [sheet.cell(4, c).value for c in (8, 9, 10)] == ["年度计划投资", "1-3月完成投资", "完成率"]
    assert "H3:J3" in merged
    for col in [c for c in range(1, 19) if c not in (8, 9, 10)]:
        letter = sheet.cell(3, col).column_letter
        assert f"{letter}3:{letter}4" in merged, letter
        assert sheet.cell(4, col).value is None  # covered by the merge
    assert [sheet.cell(3, c).value for c in range(1, 8)] == [
        "序号", "项目名称", "项目单位", "建设性质", "建设内容及规模", "建设起止年限", "总投资"]
    assert sheet.freeze_panes == "C5"
    # The width Excel shows (the file's width carries the cell padding on top: 30.71 for 30).
    assert int(sheet.column_dimensions["B"].width) == 30


def test_printed_on_a3_landscape_one_page_wide_with_the_header_on_every_page(sheet_world):
    sheet = read(dispatch_workbook(sheet_world.march, sheet_world.programme))
    setup = sheet.page_setup
    # fitToWidth left out of the file means 1, the format's default; fitToHeight 0: as many pages as it needs
    assert (setup.orientation, int(setup.paperSize), int(setup.fitToWidth or 1), int(setup.fitToHeight)) == (
        "landscape", int(sheet.PAPERSIZE_A3), 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$4"


def test_category_rows_carry_subtotals_and_the_total_is_the_sum_of_projects(sheet_world):
    columns, total, categories, projects = parse(read(dispatch_workbook(sheet_world.march, sheet_world.programme)))
    assert [(c["name"], c["count"], len(c["projects"])) for c in categories] == [("产业项目", 2, 2), ("基础设施", 2, 2)]
    for label in MONEY:
        assert total[label] == pytest.approx(sum(p[label] or 0 for p in projects)), label
        for category in categories:
            assert category["values"][label] == pytest.approx(sum(p[label] or 0 for p in category["projects"]))
    assert total["年度计划投资"] == 8500 and total["1-3月完成投资"] == 1200
    assert total["总投资"] == 10000 + 8000 + 5000 + 6000
    assert total["完成率"] == pytest.approx(1200 / 8500)
    industry = categories[0]["values"]
    assert industry["完成率"] == pytest.approx(900 / 5500)


def test_project_rows_carry_the_derived_figures(sheet_world):
    w = sheet_world
    _, _, _, projects = parse(read(dispatch_workbook(w.march, w.programme)))
    rows = {p["项目名称"]: p for p in projects}
    assert list(rows) == [w.p1.name, w.p2.name, w.p4.name, w.p3.name]
    assert [p["序号"] for p in projects] == [1, 2, 3, 4]
    for project, plan in [(w.p1, 3000), (w.p2, 2500), (w.p4, 2000), (w.p3, 1000)]:
        row, figures = rows[project.name], project_figures(project, w.march)
        assert row["1-3月完成投资"] == pytest.approx(float(figures["completed_ytd"]))
        assert row["开工以来累计完成投资"] == pytest.approx(float(figures["completed_since_start"]))
        assert row["年度计划投资"] == plan
        assert row["完成率"] == pytest.approx(float(figures["completed_ytd"]) / plan)
    assert rows[w.p1.name]["1-3月完成投资"] == 400 and rows[w.p1.name]["开工以来累计完成投资"] == 1400
    assert rows[w.p3.name]["1-3月完成投资"] == 0 and rows[w.p3.name]["开工时间"] == "未开工"
    assert rows[w.p1.name]["开工时间"] == "2024.06.01"
    assert rows[w.p1.name]["形象进度"] == "主体结构施工"
    assert rows[w.p1.name]["存在问题"] == "用电增容未批复"
    assert rows[w.p2.name]["存在问题"] == "无"
    assert rows[w.p1.name]["项目单位"] == w.ent_a.name and rows[w.p1.name]["责任单位"] == "住建局"
    assert rows[w.p1.name]["建设起止年限"] == "2024.03-2026.12"
    assert rows[w.p1.name]["建设性质"] == "新建"


def test_number_formats(sheet_world):
    sheet = read(dispatch_workbook(sheet_world.march, sheet_world.programme))
    columns, *_ = parse(sheet)
    for row in (5, 6, 7):
        assert sheet.cell(row, columns["1-3月完成投资"]).number_format == "#,##0.00"
        assert sheet.cell(row, columns["完成率"]).number_format == "0.0%"


def test_without_a_list_every_project_due_is_on_the_sheet(sheet_world):
    w = sheet_world
    sheet = read(dispatch_workbook(w.march))
    assert sheet["A1"].value == "2025年重点项目推进情况表（1-3月）"
    _, total, categories, projects = parse(sheet)
    assert {p["项目名称"] for p in projects} == {w.p1.name, w.p2.name, w.p3.name, w.p4.name, w.unlisted.name}
    unlisted = next(p for p in projects if p["项目名称"] == w.unlisted.name)
    assert unlisted["年度计划投资"] == 0 and unlisted["完成率"] is None
    assert [(c["name"], c["count"]) for c in categories] == [("产业项目", 2), ("基础设施", 3)]
    assert total["总投资"] == pytest.approx(sum(p["总投资"] for p in projects))


def test_a_project_on_two_lists_is_counted_once(sheet_world):
    w = sheet_world
    city_list = w.programme.__class__.objects.create(name="2025年市定“三十工程”", year=2025, level="city",
                                                     region=w.city)
    city_list.memberships.create(project=w.p1, annual_plan=D(3000))
    _, total, _, projects = parse(read(dispatch_workbook(w.march)))
    assert [p["项目名称"] for p in projects].count(w.p1.name) == 1
    assert total["1-3月完成投资"] == 1200


@pytest.mark.parametrize(("month", "label"), [(1, "1月"), (6, "1-6月")])
def test_an_empty_period_still_gives_a_sheet_with_zero_totals(world, month, label):
    period = open_period(world.zone, 2025, month)
    sheet = read(dispatch_workbook(period, world.programme))
    assert sheet["A1"].value.endswith(f"（{label}）")
    _, total, categories, projects = parse(sheet)
    assert total[f"{label}完成投资"] == 0 and total["完成率"] == 0 and len(projects) == 4


def test_the_export_sheet_command(sheet_world, tmp_path):
    out = Path(tmp_path) / "sheet.xlsx"
    call_command("export-sheet", "--period", "2025-03", "--list", "区定", "-o", str(out), "--user", "coordinator")
    _, total, _, projects = parse(read(out.read_bytes()))
    assert len(projects) == 4 and total["1-3月完成投资"] == 1200
