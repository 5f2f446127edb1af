"""The standard 调度表 of a period (and list), in the layout offices circulate: title, unit note, a two-row
header, category groups whose heading rows carry subtotals, a 合计 row, completion rates; streamed."""

from collections import defaultdict
from copy import copy

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tuijin.core.loop import OPEN_STATUSES
from tuijin.dispatch.figures import ZERO, with_period_figures
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

def columns(period):
    """(header, child header or None, width, kind); children sit under one merged parent (the year's investment)."""
    year_group = f"{period.year}年投资"
    return [
        ("序号", None, 6, "seq"), ("项目名称", None, 30, "name"), ("项目单位", None, 26, "owner"),
        ("建设性质", None, 8, "nature"), ("建设内容及规模", None, 36, "scale"), ("建设起止年限", None, 13, "years"),
        ("总投资", None, 12, "total_investment"),
        (year_group, "年度计划投资", 12, "annual_plan"),
        (year_group, f"{period.cumulative_label}完成投资", 12, "completed_ytd"),
        (year_group, "完成率", 9, "completion_rate"),
        ("开工以来累计完成投资", None, 13, "completed_since_start"), ("开工时间", None, 11, "actual_start"),
        ("计划竣工时间", None, 11, "planned_end"), ("形象进度", None, 30, "progress"),
        ("存在问题", None, 30, "problems"), ("责任领导", None, 12, "leader"), ("责任单位", None, 12, "department"),
        ("项目代码", None, 26, "code"),
    ]


MONEY_KINDS = {"total_investment", "annual_plan", "completed_ytd", "completed_since_start"}


def sheet_projects(period, programme=None):
    projects = expected_projects(period)
    if programme is not None:
        projects = projects.filter(memberships__programme=programme)
    # Filtering joined the lists; start again from the ids so sums and counts see each project once.
    projects = Project.objects.filter(pk__in=projects.values("pk"))
    report = ProgressReport.objects.filter(period=period, project=OuterRef("pk"))
    projects = with_period_figures(projects, period).annotate(
        annual_plan=Coalesce(annual_plan_subquery(year=period.year, programme=programme.pk if programme else None),
                             ZERO),
        progress=Subquery(report.values("progress_text")[:1]),
    )
    return projects.select_related("category", "owner", "leader", "lead_department").order_by(
        "category__order", "category_id", "id")


def _open_problems(period) -> dict[int, str]:
    texts = defaultdict(list)
    for project_id, description in Problem.objects.filter(
            status__in=OPEN_STATUSES, project__region__path__startswith=period.region.path).values_list(
            "project_id", "description"):
        texts[project_id].append(description)
    return {pk: "；".join(items) for pk, items in texts.items()}


def dispatch_workbook(period, programme=None, *, unit_name: str = "") -> bytes:
    from io import BytesIO

    cols = columns(period)
    projects = sheet_projects(period, programme)
    money = ["total_investment", "annual_plan", "completed_ytd", "completed_since_start"]
    # Aggregates are named sum_<field>: an aggregate may not reuse the name of the annotation it sums.
    sums = {f"sum_{k}": Coalesce(Sum(k), ZERO) for k in money}
    totals = {k.removeprefix("sum_"): v for k, v in projects.aggregate(**sums).items()}
    by_category = {
        row["category_id"]: {k.removeprefix("sum_"): v for k, v in row.items()}
        for row in projects.order_by().values("category_id").annotate(count=Count("pk"), **sums)
    }
    problems = _open_problems(period)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("调度表")
    width = len(cols)
    for i, (_, _, w, _) in enumerate(cols, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    sheet.freeze_panes = "C5"

    styles = {}  # one style per combination, copied onto each cell: setting font, border … per cell is slow

    def cell(value, *, font=None, number_format=None, align=None, border=True):
        c = WriteOnlyCell(sheet, value=value)
        key = (id(font), number_format, id(align), border)
        style = styles.get(key)
        if style is None:
            if font:
                c.font = font
            if number_format:
                c.number_format = number_format
            if align:
                c.alignment = align
            if border:
                c.border = BORDER
            styles[key] = copy(c._style)
        else:
            c._style = copy(style)
        return c

    title = f"{programme.name if programme else f'{period.year}年重点项目'}推进情况表（{period.cumulative_label}）"
    sheet.append([cell(title, font=Font(bold=True, size=16), align=CENTER, border=False)])
    sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
    note = f"填报单位：{unit_name or period.region.name}　　截至时间：{period.year}年{period.month}月底　　单位：万元"
    sheet.append([cell(note, border=False)])
    sheet.merged_cells.add(f"A2:{get_column_letter(width)}2")
    bold = Font(bold=True)
    sheet.append([cell(parent, font=bold, align=CENTER) for parent, _, _, _ in cols])
    sheet.append([cell(child or parent, font=bold, align=CENTER) for parent, child, _, _ in cols])
    first_child = next(i for i, c in enumerate(cols, 1) if c[1])
    last_child = max(i for i, c in enumerate(cols, 1) if c[1])
    sheet.merged_cells.add(f"{get_column_letter(first_child)}3:{get_column_letter(last_child)}3")
    for i, (_, child, _, _) in enumerate(cols, 1):
        if not child:
            sheet.merged_cells.add(f"{get_column_letter(i)}3:{get_column_letter(i)}4")

    def figures_row(label_seq, label_name, sums):
        values = []
        for _, _, _, kind in cols:
            if kind == "seq":
                values.append(cell(label_seq, font=bold, align=CENTER))
            elif kind == "name":
                values.append(cell(label_name, font=bold))
            elif kind in MONEY_KINDS:
                values.append(cell(float(sums[kind]), font=bold, number_format=MONEY_FORMAT))
            elif kind == "completion_rate":
                rate = float(sums["completed_ytd"] / sums["annual_plan"]) if sums["annual_plan"] else None
                values.append(cell(rate, font=bold, number_format="0.0%"))
            else:
                values.append(cell(None))
        sheet.append(values)

    figures_row("", "合计", totals)
    category_index, current = -1, None
    for seq, project in enumerate(projects.iterator(chunk_size=2000), 1):
        if project.category_id != current:
            current, category_index = project.category_id, category_index + 1
            count = by_category[current]["count"]
            numeral = CHINESE_NUMERALS[category_index] if category_index < 10 else str(category_index + 1)
            figures_row("", f"{numeral}、{project.category.name}（{count}个）", by_category[current])
        values = _project_values(project, seq, problems)
        sheet.append([cell(values[kind], number_format=MONEY_FORMAT) if kind in MONEY_KINDS
                      else cell(values[kind], number_format="0.0%") if kind == "completion_rate"
                      else cell(values[kind], align=WRAP if kind in WRAPPED else None) for _, _, _, kind in cols])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WRAPPED = {"name", "scale", "progress", "problems"}


def _project_values(project, seq, problems) -> dict:
    """A project's row, every column's value once (the cells then only take their style)."""
    values = {kind: float(getattr(project, kind)) if getattr(project, kind) is not None else None
              for kind in MONEY_KINDS}
    values.update({
        "completion_rate": float(project.completed_ytd / project.annual_plan) if project.annual_plan else None,
        "seq": seq, "name": project.name, "owner": project.owner.name if project.owner else "",
        "nature": project.get_nature_display(), "scale": project.scale,
        "years": f"{project.planned_start:%Y.%m}-{project.planned_end:%Y.%m}"
        if project.planned_start and project.planned_end else "",
        "actual_start": project.actual_start.strftime("%Y.%m.%d") if project.actual_start else "未开工",
        "planned_end": project.planned_end.strftime("%Y.%m") if project.planned_end else "",
        "progress": project.progress or "", "problems": problems.get(project.pk, "无"),
        "leader": str(project.leader) if project.leader else "",
        "department": str(project.lead_department) if project.lead_department else "", "code": project.code or "",
    })
    return values
