"""The standard 调度表 of a period (and list), in the layout offices circulate: title, unit note, a two-row
header, category groups whose heading rows carry subtotals, a 合计 row, completion rates; streamed."""

from collections import defaultdict
from decimal import Decimal
from io import BytesIO

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tuijin.core.loop import OPEN_STATUSES
from tuijin.dispatch.figures import ZERO, figures_by_project, with_period_figures
from tuijin.dispatch.models import Problem, ProgressReport
from tuijin.dispatch.selectors import expected_projects
from tuijin.projects.models import Project
from tuijin.projects.selectors import annual_plan_subquery

from .xlsx import MONEY_FORMAT

CHINESE_NUMERALS = "一二三四五六七八九十"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)
TITLE_FONT = Font(bold=True, size=16)
BOLD = Font(bold=True)
RATE_FORMAT = "0.0%"


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
NOT_REPORTED = {"completed_ytd": ZERO_VALUE, "reported": ZERO_VALUE}


def sheet_selection(period, programme=None):
    """The projects on the period's sheet (those due to report, on `programme` when given), each once."""
    projects = expected_projects(period)
    if programme is not None:
        projects = projects.filter(memberships__programme=programme)
    # Filtering joined the lists; start again from the ids so sums and counts see each project once.
    return Project.objects.filter(pk__in=projects.values("pk"))


def _annual_plan(period, programme):
    return Coalesce(annual_plan_subquery(year=period.year, programme=programme.pk if programme else None), ZERO)


def sheet_projects(period, programme=None):
    """The sheet's projects with their figures as annotations, in the sheet's order (one model instance each)."""
    report = ProgressReport.objects.filter(period=period, project=OuterRef("pk"))
    projects = with_period_figures(sheet_selection(period, programme), period).annotate(
        annual_plan=_annual_plan(period, programme), progress=Subquery(report.values("progress_text")[:1]))
    return projects.select_related("category", "owner", "leader", "lead_department").order_by(*ORDER)


def _money_by_project(projects, period, programme) -> dict[int, dict]:
    """pk → the money columns and the category, from a light read of the projects and one grouped read of their
    reports (dispatch.figures.figures_by_project): the sums, the subtotals and the rows all take them from here."""
    figures = figures_by_project(projects, period)
    money = {}
    for pk, category_id, total, before, plan in projects.annotate(plan=_annual_plan(period, programme)).values_list(
            "pk", "category_id", "total_investment", "completed_before_tracking", "plan"):
        reported = figures.get(pk, NOT_REPORTED)
        money[pk] = {"category_id": category_id, "total_investment": total, "annual_plan": plan,
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


def _style(sheet, *, font=None, number_format=None, align=None, border=True):
    """One combination's style array, registered on the workbook once; each cell then takes a copy (setting
    font, border … per cell makes openpyxl hash the style objects cell by cell)."""
    cell = Cell(sheet)
    if font:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    if align:
        cell.alignment = align
    if border:
        cell.border = BORDER
    return cell._style


def _figures_style(sheet, kind):
    """A 合计 or category row's cell: bold labels and figures, bordered blanks."""
    if kind == "seq":
        return _style(sheet, font=BOLD, align=CENTER)
    if kind == "name":
        return _style(sheet, font=BOLD)
    if kind in MONEY_KINDS:
        return _style(sheet, font=BOLD, number_format=MONEY_FORMAT)
    if kind == "completion_rate":
        return _style(sheet, font=BOLD, number_format=RATE_FORMAT)
    return _style(sheet)


def _project_style(sheet, kind):
    if kind in MONEY_KINDS:
        return _style(sheet, number_format=MONEY_FORMAT)
    if kind == "completion_rate":
        return _style(sheet, number_format=RATE_FORMAT)
    return _style(sheet, align=WRAP if kind in WRAPPED else None)


def _cells(sheet, values, styles) -> list[Cell]:
    # Row and column are placeholders (as in openpyxl's WriteOnlyCell): append() sets them.
    return [Cell(sheet, 1, 1, value, style) for value, style in zip(values, styles, strict=True)]


def _write_header(sheet, cols, title, note):
    width = len(cols)
    for i, (_, _, w, _) in enumerate(cols, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    sheet.freeze_panes = "C5"
    sheet.append(_cells(sheet, [title], [_style(sheet, font=TITLE_FONT, align=CENTER, border=False)]))
    sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
    sheet.append(_cells(sheet, [note], [_style(sheet, border=False)]))
    sheet.merged_cells.add(f"A2:{get_column_letter(width)}2")
    header = [_style(sheet, font=BOLD, align=CENTER)] * width
    sheet.append(_cells(sheet, [parent for parent, _, _, _ in cols], header))
    sheet.append(_cells(sheet, [child or parent for parent, child, _, _ in cols], header))
    first_child = next(i for i, c in enumerate(cols, 1) if c[1])
    last_child = max(i for i, c in enumerate(cols, 1) if c[1])
    sheet.merged_cells.add(f"{get_column_letter(first_child)}3:{get_column_letter(last_child)}3")
    for i, (_, child, _, _) in enumerate(cols, 1):
        if not child:
            sheet.merged_cells.add(f"{get_column_letter(i)}3:{get_column_letter(i)}4")


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

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("调度表")
    title = f"{programme.name if programme else f'{period.year}年重点项目'}推进情况表（{period.cumulative_label}）"
    note = f"填报单位：{unit_name or period.region.name}　　截至时间：{period.year}年{period.month}月底　　单位：万元"
    _write_header(sheet, cols, title, note)
    # Each column's style, made once (in the order the cells first use them, so the style ids stay as they were).
    figures_styles = [_figures_style(sheet, kind) for kind in kinds]
    project_styles = [_project_style(sheet, kind) for kind in kinds]

    sheet.append(_cells(sheet, _figures_values(kinds, "", "合计", totals), figures_styles))
    category_index, current = -1, None
    report = ProgressReport.objects.filter(period=period, project=OuterRef("pk"))
    rows = projects.annotate(progress=Subquery(report.values("progress_text")[:1])).order_by(*ORDER).values(
        *ROW_FIELDS).iterator(chunk_size=2000)
    for seq, row in enumerate(rows, 1):
        if row["category_id"] != current:
            current, category_index = row["category_id"], category_index + 1
            sums = by_category[current]
            label = _category_label(category_index, row["category__name"], sums["count"])
            sheet.append(_cells(sheet, _figures_values(kinds, "", label, sums), figures_styles))
        values = _project_values({**row, **money[row["pk"]]}, seq, problems, natures)
        sheet.append(_cells(sheet, [values[kind] for kind in kinds], project_styles))
    buffer = BytesIO()
    workbook.save(buffer)
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
