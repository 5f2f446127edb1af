"""Sheets: the 调度表 export against openpyxl write-only of the same values; the import of a dispatch sheet (dry
run) against openpyxl read-only iteration over the same file; the same import committed against the dry run.

The committed import runs inside an outer transaction the bench rolls back afterwards, so every run imports
into the same data (its own transaction becomes a savepoint; only the final COMMIT is not timed)."""

import io
import os

from django.db import transaction
from openpyxl import Workbook, load_workbook

from tuijin.exchange.dispatch_sheet import columns, dispatch_workbook, sheet_projects
from tuijin.exchange.sheet_import import import_sheet

from .. import sheet
from . import Case

MONEY = {"total_investment", "annual_plan", "completed_ytd", "completed_since_start"}


def _plain_rows(period) -> list[list]:
    """The export's values, computed once before timing (the anchor only writes them)."""
    cols = columns(period)
    rows = []
    for seq, p in enumerate(sheet_projects(period).iterator(chunk_size=2000), 1):
        values = {
            "seq": seq, "name": p.name, "owner": p.owner.name if p.owner else "", "nature": p.get_nature_display(),
            "scale": p.scale, "years": f"{p.planned_start:%Y.%m}-{p.planned_end:%Y.%m}"
            if p.planned_start and p.planned_end else "",
            "completion_rate": float(p.completed_ytd / p.annual_plan) if p.annual_plan else None,
            "actual_start": p.actual_start.strftime("%Y.%m.%d") if p.actual_start else "未开工",
            "planned_end": p.planned_end.strftime("%Y.%m") if p.planned_end else "", "progress": p.progress or "",
            "problems": "", "leader": str(p.leader) if p.leader else "",
            "department": str(p.lead_department) if p.lead_department else "", "code": p.code or "",
        }
        rows.append([float(getattr(p, kind)) if kind in MONEY else values[kind] for _, _, _, kind in cols])
    return rows


def _write_plain(period, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet_ = workbook.create_sheet("调度表")
    cols = columns(period)
    sheet_.append([f"{period.year}年重点项目推进情况表"])
    sheet_.append(["单位：万元"])
    sheet_.append([parent for parent, _, _, _ in cols])
    sheet_.append([child or parent for parent, child, _, _ in cols])
    for row in rows:
        sheet_.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_plain_xlsxwriter(period, rows) -> bytes:
    """The same plain values through XlsxWriter's constant-memory mode (the library the export uses)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False})
    sheet_ = workbook.add_worksheet("调度表")
    cols = columns(period)
    head = [[f"{period.year}年重点项目推进情况表"], ["单位：万元"], [parent for parent, _, _, _ in cols],
            [child or parent for parent, child, _, _ in cols]]
    for number, row in enumerate([*head, *rows]):
        sheet_.write_row(number, 0, row)
    workbook.close()
    return buffer.getvalue()


def _project_rows(content: bytes, ytd_column: int) -> tuple[int, float]:
    """(rows with a 序号, sum of their 1-N月 column) of a written workbook."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    count, total = 0, 0.0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        if row and isinstance(row[0], int):
            count += 1
            total += row[ytd_column] or 0
    workbook.close()
    return count, round(total, 2)


def _read_only(path) -> int:
    """openpyxl read-only iteration over every cell value; returns the rows that carry a 序号."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for row in workbook.worksheets[0].iter_rows(values_only=True) if row and isinstance(row[0], int))
    workbook.close()
    return rows


def _calamine(path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return sum(1 for row in workbook.get_sheet_by_index(0).to_python() if row and isinstance(row[0], (int, float))
               and row[0] != "" and float(row[0]).is_integer())


def cases(scene) -> list[Case]:
    period = scene.period
    ytd_column = [kind for _, _, _, kind in columns(period)].index("completed_ytd")
    rows = _plain_rows(period)

    def export():
        return dispatch_workbook(period)

    def anchor_export():
        return _write_plain(period, rows)

    def export_agrees(ours, theirs) -> str:
        mine, them = _project_rows(ours, ytd_column), _project_rows(theirs, ytd_column)
        assert mine == them, (mine, them)
        return f"{mine[0]} project rows (every project due to report), 1-N月 total {mine[1]:,.0f} 万元"

    import_rows = int(os.environ.get("BENCH_IMPORT_ROWS", 10000))
    scale, db = os.environ["BENCH_SCALE"], os.environ["BENCH_DB"]
    path = sheet.build(scene.import_period, sheet.sheet_path(scale, db, import_rows), import_rows)

    def run_import(file, *, dry_run):
        def run():
            result = import_sheet(actor=scene.coordinator, file=str(file), period=scene.import_period,
                                  dry_run=dry_run, filename=file.name)
            assert not result.errors, result.errors[:3]
            return result
        return run

    def committed(file):
        def run():
            with transaction.atomic():
                result = run_import(file, dry_run=False)()
                transaction.set_rollback(True)  # the next run imports into the same data
            return result
        return run

    def import_agrees(result, rows_read) -> str:
        assert result.rows == rows_read, (result.rows, rows_read)
        return f"{result.rows} rows ({result.updated} matched, {result.created} new), 合计 checks ok"

    def same_counts(mine, theirs) -> str:
        assert (mine.rows, mine.created, mine.updated) == (theirs.rows, theirs.created, theirs.updated)
        return f"{mine.rows} rows written and kept (then rolled back by the bench)"

    label = f"{import_rows:,}"
    dry_run = run_import(path, dry_run=True)  # one callable for both cases: timed once (bench.run.timed)
    return [
        Case(f"import of a {label}-row dispatch sheet, dry run", "openpyxl read-only iteration, same file", 2.0,
             dry_run, lambda: _read_only(path), import_agrees, order=5,
             extra={"rows": import_rows},
             more_anchors=[("python-calamine iteration, same file", lambda: _calamine(path))]),
        Case(f"import of the {label}-row sheet, committed", "the dry run", 2.0, committed(path),
             dry_run, same_counts, order=6, extra={"rows": import_rows}),
        Case(f"export of the 调度表, {len(rows):,} projects", "openpyxl write-only, same values", 1.3, export,
             anchor_export, export_agrees, order=7, extra={"rows": len(rows)},
             more_anchors=[("XlsxWriter constant memory, same values", lambda: _write_plain_xlsxwriter(period, rows))]),
    ]
