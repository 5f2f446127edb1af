"""The 调度表's project rows are built from plain values, not model instances (tuijin/exchange/dispatch_sheet.py):
each text cell must still read as the model renders it, and a blank figure must keep its format and border.

| project  | owner | lead department            | leader | total | code | planned start | nature |
|----------|-------|----------------------------|--------|-------|------|---------------|--------|
| 无单位项目 | —     | —                          | —      | —     | —    | —             | 新建   |
| 扩建项目   | —     | 自然资源和规划局 (no short name) | 副主任 | 10000 | —    | 2025-03-01    | 扩建   |
"""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from tests.factories import DepartmentFactory, LeaderFactory, ProjectFactory
from tuijin.dispatch.models import Period
from tuijin.exchange.dispatch_sheet import dispatch_workbook
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Nature


def project_rows(content: bytes) -> dict[str, dict]:
    """Project name → {header: cell} for the rows that carry a 序号."""
    sheet = load_workbook(BytesIO(content)).active
    # A header spanning both rows keeps its text in row 3 (the merged cell's top left).
    header = [sheet.cell(4, c).value or sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
    return {
        row[1].value: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=5)
        if isinstance(row[0].value, int)
    }


def test_missing_and_partial_facts_read_as_the_model_renders_them(zone, category):
    period = Period.objects.create(region=zone, year=2025, month=3, deadline=date(2025, 3, 28))
    ProjectFactory(
        name="无单位项目",
        category=category,
        region=zone,
        stage=Stage.CONSTRUCTION,
        total_investment=None,
        planned_start=None,
    )
    department = DepartmentFactory(name="自然资源和规划局", short_name="", region=zone)
    leader = LeaderFactory(region=zone)
    full = ProjectFactory(
        name="扩建项目",
        category=category,
        region=zone,
        stage=Stage.CONSTRUCTION,
        nature=Nature.EXPANSION,
        lead_department=department,
        leader=leader,
    )

    rows = project_rows(dispatch_workbook(period))

    bare = rows["无单位项目"]
    for label in ("项目单位", "责任领导", "责任单位", "项目代码", "建设起止年限"):
        assert not bare[label].value, label
    assert bare["建设性质"].value == "新建"
    blank = bare["总投资"]
    assert blank.value is None
    assert blank.number_format == "#,##0.00" and blank.border.left.style == "thin"

    row = rows["扩建项目"]
    assert row["责任单位"].value == str(department) == "自然资源和规划局"
    assert row["责任领导"].value == str(leader)
    assert row["建设性质"].value == full.get_nature_display() == "扩建"
    assert row["总投资"].value == 10000


def test_text_that_looks_like_a_formula_or_a_link_stays_text(zone, category):
    period = Period.objects.create(region=zone, year=2025, month=3, deadline=date(2025, 3, 28))
    ProjectFactory(name="=SUM(1,2)项目", scale="http://example.com/详见方案", category=category, region=zone,
                   stage=Stage.CONSTRUCTION)

    row = project_rows(dispatch_workbook(period))["=SUM(1,2)项目"]

    assert (row["项目名称"].data_type, row["建设内容及规模"].data_type) == ("s", "s")
    assert row["建设内容及规模"].value == "http://example.com/详见方案" and row["建设内容及规模"].hyperlink is None
