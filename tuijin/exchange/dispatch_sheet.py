"""The standard 调度表 of a period (and list), in the layout offices circulate: title, unit note, a two-row
header, category groups whose heading rows carry subtotals, a 合计 row, completion rates; streamed."""

from collections import defaultdict
from decimal import Decimal
from io import BytesIO

import xlsxwriter
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from tuijin.core.loop import OPEN_STATUSES
from tuijin.dispatch.figures import NOT_REPORTED, ZERO, figures_by_project, with_period_figures
from tuijin.dispatch.models import Problem, ProgressReport
from tuijin.dispatch.selectors import expected_projects
from tuijin.projects.models import Project
from tuijin.projects.selectors import annual_plan_subquery, annual_plans

from .xlsx import MONEY_FORMAT

CHINESE_NUMERALS = "一二三四五六七八九十"
BORDER_COLOR = "#999999"  # thin borders all round
CENTER, WRAP = "center", "wrap"  # centred and wrapped (headings); wrapped at the left (long texts)
RATE_FORMAT = "0.0%"
A3 = 8  # the paper size's code in the file format


def columns(period):
    """(header, child header or None, width, kind); children sit under one merged parent (the year's investment)."""
    year_group = f"{period.year}年投资"
    return [
        ("序号", None, 6, "seq"),
        ("项目名称", None, 30, "name"),
        ("项目单位", None, 26, "owner"),
        ("建设性质", None, 8, "nature"),
        ("建设内容及规模", None, 36, "scale"),
        ("建设起止年限", None, 13, "years"),
        ("总投资", None, 12, "total_investment"),
        (year_group, "年度计划投资", 12, "annual_plan"),
        (year_group, f"{period.cumulative_label}完成投资", 12, "completed_ytd"),
        (year_group, "完成率", 9, "completion_rate"),
        ("开工以来累计完成投资", None, 13, "completed_since_start"),
        ("开工时间", None, 11, "actual_start"),
        ("计划竣工时间", None, 11, "planned_end"),
        ("形象进度", None, 30, "progress"),
        ("存在问题", None, 30, "problems"),
        ("责任领导", None, 12, "leader"),
        ("责任单位", None, 12, "department"),
        ("项目代码", None, 26, "code"),
    ]


MONEY = ["total_investment", "annual_plan", "completed_ytd", "completed_since_start"]
MONEY_KINDS = set(MONEY)
WRAPPED = {"name", "scale", "progress", "problems"}
# What a project row reads, as plain values: building model instances cost more than writing the row.
ROW_FIELDS = (
    "pk",
    "category_id",
    "category__name",
    "name",
    "owner__name",
    "nature",
    "scale",
    "planned_start",
    "planned_end",
    "actual_start",
    "progress",
    "leader__name",
    "lead_department__short_name",
    "lead_department__name",
    "code",
)
ORDER = ("category__order", "category_id", "id")
ZERO_VALUE = Decimal(0)


def sheet_selection(period, programme=None):
    """The projects on the period's sheet (those due to report, on `programme` when given), each once."""
    projects = expected_projects(period)
    if programme is not None:
        projects = projects.filter(memberships__programme=programme)
    # Filtering joined the lists; start again from the ids so sums and counts see each project once.
    return Project.objects.filter(pk__in=projects.values("pk"))


def _annual_plan(period, programme):
    return Coalesce(annual_plan_subquery(year=period.year, programme=programme.pk if programme else None), ZERO)


def _progress_text(period):
    """The project's 形象进度 as its report of `period` gives it."""
    report = ProgressReport.objects.filter(period=period, project=OuterRef("pk"))
    return Subquery(report.values("progress_text")[:1])


def sheet_projects(period, programme=None):
    """The sheet's projects with their figures as annotations, in the sheet's order (one model instance each):
    the same figures worked out the per-project way, which the bench's export anchor reads."""
    projects = with_period_figures(sheet_selection(period, programme), period).annotate(
        annual_plan=_annual_plan(period, programme), progress=_progress_text(period))
    return projects.select_related("category", "owner", "leader", "lead_department").order_by(*ORDER)


def _money_by_project(projects, period, programme) -> dict[int, dict]:
    """pk → the money columns and the category, from a light read of the projects and grouped reads of their
    reports (dispatch.figures.figures_by_project) and plans (projects.selectors.annual_plans): the sums, the
    subtotals and the rows all take them from here."""
    figures = figures_by_project(projects, period)
    plans = annual_plans(projects, year=period.year, programme=programme.pk if programme else None)
    money = {}
    for pk, category_id, total, before in projects.values_list(
            "pk", "category_id", "total_investment", "completed_before_tracking"):
        reported = figures.get(pk, NOT_REPORTED)
        money[pk] = {"category_id": category_id, "total_investment": total, "annual_plan": plans.get(pk, ZERO_VALUE),
                     "completed_ytd": reported["completed_ytd"],
                     "completed_since_start": (before or ZERO_VALUE) + reported["reported"]}
    return money


def _open_problems(period) -> dict[int, str]:
    texts = defaultdict(list)
    for project_id, description in Problem.objects.filter(
        status__in=OPEN_STATUSES, project__region__path__startswith=period.region.path
    ).values_list("project_id", "description"):
        texts[project_id].append(description)
    return {pk: "；".join(items) for pk, items in texts.items()}


def _sums(money: dict[int, dict]) -> tuple[dict, dict]:
    """(合计, subtotals and count by category id) of the money columns."""
    totals = dict.fromkeys(MONEY, ZERO_VALUE)
    by_category: dict[int, dict] = {}
    for row in money.values():
        sums = by_category.setdefault(row["category_id"], {"count": 0, **dict.fromkeys(MONEY, ZERO_VALUE)})
        sums["count"] += 1
        for kind in MONEY:
            if row[kind] is not None:
                sums[kind] += row[kind]
                totals[kind] += row[kind]
    return totals, by_category


def _format(workbook, *, bold=False, size=None, number_format=None, align=None, border=True):
    """One combination of font, number format, alignment and border, made once per workbook."""
    properties: dict = {"font_name": "Calibri", "font_size": size or 11}
    if bold:
        properties["bold"] = True
    if number_format:
        properties["num_format"] = number_format
    if align == CENTER:
        properties.update(align="center", valign="vcenter", text_wrap=True)
    elif align == WRAP:
        properties.update(valign="vcenter", text_wrap=True)
    if border:
        properties.update(border=1, border_color=BORDER_COLOR)
    return workbook.add_format(properties)


def _figures_format(workbook, kind):
    """A 合计 or category row's cell: bold labels and figures, bordered blanks."""
    if kind == "seq":
        return _format(workbook, bold=True, align=CENTER)
    if kind == "name":
        return _format(workbook, bold=True)
    if kind in MONEY_KINDS:
        return _format(workbook, bold=True, number_format=MONEY_FORMAT)
    if kind == "completion_rate":
        return _format(workbook, bold=True, number_format=RATE_FORMAT)
    return _format(workbook)


def _project_format(workbook, kind):
    if kind in MONEY_KINDS:
        return _format(workbook, number_format=MONEY_FORMAT)
    if kind == "completion_rate":
        return _format(workbook, number_format=RATE_FORMAT)
    return _format(workbook, align=WRAP if kind in WRAPPED else None)


def _write_row(sheet, row: int, values, formats) -> None:
    for column, (value, cell_format) in enumerate(zip(values, formats, strict=True)):
        sheet.write(row, column, value, cell_format)  # None: a blank that keeps its border and format


def _write_header(workbook, sheet, cols, title, note) -> int:
    """The title, the unit note and the two-row header; returns the first row after them."""
    last = len(cols) - 1
    for i, (_, _, width, _) in enumerate(cols):
        sheet.set_column(i, i, width)
    sheet.freeze_panes(4, 2)  # C5
    # Printed as offices circulate it: A3 landscape, one page wide, the two header rows on every page.
    sheet.set_paper(A3)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(2, 3)
    sheet.merge_range(0, 0, 0, last, title, _format(workbook, bold=True, size=16, align=CENTER, border=False))
    sheet.merge_range(1, 0, 1, last, note, _format(workbook, border=False))
    header = _format(workbook, bold=True, align=CENTER)
    # Constant memory keeps one row open, so the merges that reach into row 4 are registered while row 3 is
    # written: without a format, merge_range writes only its top-left cell; every cell then takes its format.
    children = [i for i, (_, child, _, _) in enumerate(cols) if child]
    sheet.merge_range(2, children[0], 2, children[-1], cols[children[0]][0], None)
    for i, (parent, child, _, _) in enumerate(cols):
        if not child:
            sheet.merge_range(2, i, 3, i, parent, None)
    _write_row(sheet, 2, [parent for parent, _, _, _ in cols], [header] * len(cols))
    _write_row(sheet, 3, [child or parent for parent, child, _, _ in cols], [header] * len(cols))
    return 4


def _figures_values(kinds, label_seq, label_name, sums) -> list:
    values = []
    for kind in kinds:
        if kind == "seq":
            values.append(label_seq)
        elif kind == "name":
            values.append(label_name)
        elif kind in MONEY_KINDS:
            values.append(float(sums[kind]))
        elif kind == "completion_rate":
            values.append(float(sums["completed_ytd"] / sums["annual_plan"]) if sums["annual_plan"] else None)
        else:
            values.append(None)
    return values


def _category_label(index, name, count) -> str:
    numeral = CHINESE_NUMERALS[index] if index < 10 else str(index + 1)
    return f"{numeral}、{name}（{count}个）"


def dispatch_workbook(period, programme=None, *, unit_name: str = "") -> bytes:
    cols = columns(period)
    kinds = [kind for _, _, _, kind in cols]
    projects = sheet_selection(period, programme)
    money = _money_by_project(projects, period, programme)
    totals, by_category = _sums(money)
    problems = _open_problems(period)
    # Labels looked up once (get_nature_display translates on every call).
    natures = {value: str(label) for value, label in Project._meta.get_field("nature").flatchoices}

    buffer = BytesIO()
    # Cell text is written as text: a name starting with "=" or "http" stays a name, not a formula or a link.
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet("调度表")
    title = f"{programme.name if programme else f'{period.year}年重点项目'}推进情况表（{period.cumulative_label}）"
    note = f"填报单位：{unit_name or period.region.name}　　截至时间：{period.year}年{period.month}月底　　单位：万元"
    row_number = _write_header(workbook, sheet, cols, title, note)
    figures_formats = [_figures_format(workbook, kind) for kind in kinds]
    project_formats = [_project_format(workbook, kind) for kind in kinds]

    _write_row(sheet, row_number, _figures_values(kinds, "", "合计", totals), figures_formats)
    category_index, current = -1, None
    rows = projects.annotate(progress=_progress_text(period)).order_by(*ORDER).values(*ROW_FIELDS).iterator(
        chunk_size=2000)
    for seq, row in enumerate(rows, 1):
        if row["category_id"] != current:
            current, category_index = row["category_id"], category_index + 1
            sums = by_category[current]
            label = _category_label(category_index, row["category__name"], sums["count"])
            row_number += 1
            _write_row(sheet, row_number, _figures_values(kinds, "", label, sums), figures_formats)
        values = _project_values({**row, **money[row["pk"]]}, seq, problems, natures)
        row_number += 1
        _write_row(sheet, row_number, [values[kind] for kind in kinds], project_formats)
    workbook.close()
    return buffer.getvalue()


def _project_values(row, seq, problems, natures) -> dict:
    """A project's row from its values(), every column's value once (the cells then only take their style)."""
    values = {kind: float(row[kind]) if row[kind] is not None else None for kind in MONEY}
    plan, start, end = row["annual_plan"], row["planned_start"], row["planned_end"]
    values.update(
        {
            "completion_rate": float(row["completed_ytd"] / plan) if plan else None,
            "seq": seq,
            "name": row["name"],
            "owner": row["owner__name"] or "",
            "nature": natures.get(row["nature"], row["nature"]),
            "scale": row["scale"],
            "years": f"{start:%Y.%m}-{end:%Y.%m}" if start and end else "",
            "actual_start": row["actual_start"].strftime("%Y.%m.%d") if row["actual_start"] else "未开工",
            "planned_end": end.strftime("%Y.%m") if end else "",
            "progress": row["progress"] or "",
            "problems": problems.get(row["pk"], "无"),
            "leader": row["leader__name"] or "",
            # A department reads as its short name when it has one (Department.__str__).
            "department": row["lead_department__short_name"] or row["lead_department__name"] or "",
            "code": row["code"] or "",
        }
    )
    return values
