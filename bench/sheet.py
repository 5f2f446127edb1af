"""The dispatch sheet the import cases read: the 调度表 layout (two-row header, category rows with subtotals, a
合计 row), 10,000 rows. Rows are the projects due to report in the whole installation with July's figures
(1-7月 = 1-6月 + July, 开工以来 likewise, whole 万元), topped up with new projects (no figures) when the scale has
fewer than 10,000; a started project gets July's figure, one not started gets none."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tuijin.exchange.dispatch_sheet import CHINESE_NUMERALS, columns, sheet_projects
from tuijin.org.models import Department, Enterprise, Person

from .settings import VAR

MONEY = ["total_investment", "annual_plan", "completed_ytd", "completed_since_start"]


def _project_rows(period, limit: int) -> list[dict]:
    rows = []
    for project in sheet_projects(period)[:limit]:
        started = project.actual_start is not None and project.actual_start <= period.deadline
        july = None
        if started:
            room = project.total_investment - project.completed_since_start
            july = max(Decimal(0), min((project.annual_plan / 11).quantize(Decimal(1)), room))
        rows.append({
            "category": project.category.name, "name": project.name, "owner": project.owner.name if project.owner else "",
            "nature": project.get_nature_display(), "scale": project.scale,
            "years": f"{project.planned_start:%Y.%m}-{project.planned_end:%Y.%m}"
            if project.planned_start and project.planned_end else "",
            "total_investment": project.total_investment, "annual_plan": project.annual_plan,
            "completed_ytd": project.completed_ytd + july if july is not None else None,
            "completed_since_start": project.completed_since_start + july if july is not None else None,
            "actual_start": project.actual_start.strftime("%Y.%m.%d") if project.actual_start else "未开工",
            "planned_end": project.planned_end.strftime("%Y.%m") if project.planned_end else "",
            "progress": "7月：按计划推进" if started else "", "problems": "无",
            "leader": project.leader.name if project.leader else "",
            "department": str(project.lead_department) if project.lead_department else "", "code": project.code or "",
        })
    return rows


def _new_rows(count: int, category: str) -> list[dict]:
    owners = list(Enterprise.objects.order_by("id").values_list("name", flat=True)[:200])
    leaders = list(Person.objects.filter(is_leader=True).order_by("id").values_list("name", flat=True)[:20])
    departments = [str(d) for d in Department.objects.order_by("id")[:12]]
    return [{
        "category": category, "name": f"基准导入新建项目{i + 1:05d}", "owner": owners[i % len(owners)], "nature": "新建",
        "scale": "新建厂房及配套设施", "years": "2026.09-2028.12", "total_investment": Decimal(5000 + (i % 50) * 100),
        "annual_plan": None, "completed_ytd": None, "completed_since_start": None, "actual_start": "未开工",
        "planned_end": "2028.12", "progress": "", "problems": "无", "leader": leaders[i % len(leaders)],
        "department": departments[i % len(departments)], "code": "",
    } for i in range(count)]


def build(period, path: Path, rows: int) -> Path:
    """Write the sheet for `period` (cached by file name)."""
    if path.exists():
        return path
    data = _project_rows(period, rows)
    if len(data) < rows:
        data += _new_rows(rows - len(data), data[0]["category"] if data else "产业项目")
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in data:
        groups[row["category"]].append(row)
    cols = columns(period)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("调度表")
    width = len(cols)
    sheet.append([f"{period.year}年重点项目推进情况表（{period.cumulative_label}）"])
    sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
    sheet.append([f"填报单位：{period.region.name}　　截至时间：{period.year}年{period.month}月底　　单位：万元"])
    sheet.append([parent for parent, _, _, _ in cols])
    sheet.append([child or parent for parent, child, _, _ in cols])
    first = next(i for i, c in enumerate(cols, 1) if c[1])
    last = max(i for i, c in enumerate(cols, 1) if c[1])
    sheet.merged_cells.add(f"{get_column_letter(first)}3:{get_column_letter(last)}3")
    for i, (_, child, _, _) in enumerate(cols, 1):
        if not child:
            sheet.merged_cells.add(f"{get_column_letter(i)}3:{get_column_letter(i)}4")

    def sums(items):
        return {k: sum((r[k] for r in items if r[k] is not None), Decimal(0)) for k in MONEY}

    def figures(label, total):
        return ["" if kind != "name" else label for _, _, _, kind in cols[:1]] + [
            label if kind == "name" else float(total[kind]) if kind in MONEY else None for _, _, _, kind in cols[1:]]

    sheet.append(figures("合计", sums(data)))
    seq = 0
    for index, (category, items) in enumerate(groups.items()):
        sheet.append(figures(f"{CHINESE_NUMERALS[index]}、{category}（{len(items)}个）", sums(items)))
        for row in items:
            seq += 1
            values = []
            for _, _, _, kind in cols:
                if kind == "seq":
                    values.append(seq)
                elif kind == "completion_rate":
                    values.append(None)
                elif kind in MONEY:
                    values.append(float(row[kind]) if row[kind] is not None else None)
                else:
                    values.append(row[kind])
            sheet.append(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def sheet_path(scale: str, db: str, rows: int) -> Path:
    return VAR / f"import-{scale}-{db}-{rows}.xlsx"
