"""Reading a dispatch sheet (调度表) as offices send it: the pure parsing layer of the sheet import.

    parsed = read_sheet(file)   # a path, bytes, or a binary file-like object (an upload)

It finds the header (one to three rows, merged parents over children), maps columns to canonical fields
under their common names and synonyms (`sheet_headers`), reads the unit from the notes or the headers,
and reads every row in one pass: data rows into `SheetRow` (values parsed by `sheet_values`, money in
万元), 合计 / 小计 rows and category headings that carry sums into `CheckRow`, blank, note and heading
rows into `skipped_rows`, and every bad cell into `errors`. Only a file that cannot be read as a dispatch
sheet at all raises `SheetError`. No database, no Django: matching rows to projects is the caller's job.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from openpyxl.utils import get_column_letter

from .sheet_headers import (
    DATE_FIELDS,
    END_DATE_FIELDS,
    MONEY_FIELDS,
    HeaderMatch,
    UnknownUnit,
    clean_text,
    match_column,
    match_header,
    note_period,
    note_unit,
)
from .sheet_rows import (
    heading_marker,
    is_column_numbers,
    is_note,
    plain_heading,
    suspect,
    total_marker,
)
from .sheet_source import (
    SheetError,
    iter_values,
    merged_ranges,
    open_workbook,
)
from .sheet_values import (
    RawPercent,
    compact,
    money_parser,
    parse_bool,
    parse_code,
    parse_date,
    parse_seq,
    parse_text,
    parse_year_range,
    percent_parser,
)

__all__ = ["CellError", "CheckRow", "ParsedSheet", "SheetError", "SheetRow", "read_sheet"]

# An .xlsx whose parts declare more than this many bytes uncompressed is refused before openpyxl opens it
# (a zip bomb, or far more than any dispatch sheet: a 10,000-row sheet is about 10 MB uncompressed).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
HEADER_SCAN_ROWS = 30        # the header must start within the first rows of the sheet
MAX_HEADER_ROWS = 3
MAX_ROWS = 100_000           # non-blank rows below the header; more is not a dispatch sheet
BLANK_RUN_LIMIT = 5_000      # this many blank rows in a row end the sheet (formatting dragged to row 1048576)
DEFAULT_UNIT = "万元"

# Columns whose cells are commonly merged down over several projects (one leader, one department for a
# group): the value of the merged range is given to every row it covers. Figures are never filled.
# Fields only a project row fills in: a row with any of them is a project even if its name looks like a heading.
DETAIL_FIELDS = frozenset({"code", "owner", "nature", "scale", "years", "planned_start", "planned_end",
                           "actual_start", "progress", "problems", "leader", "department", "started"})
FILL_DOWN_FIELDS = frozenset({"owner", "leader", "department", "region", "category", "nature", "years",
                              "planned_start", "planned_end", "actual_start", "started"})


@dataclass
class CellError:
    row: int                 # 1-based Excel row
    column: str              # the header text as it appears in the sheet
    message: str             # what is wrong, in Chinese
    cell: str | None = None  # the cell reference, e.g. "E7"

    def __str__(self) -> str:
        return f"第{self.row}行“{self.column}”：{self.message}"


def parse_cells(plan, row, r: int, errors: list) -> dict:
    """One data row's values, each parsed by its column's parser; a bad cell is left out and reported."""
    values = {}
    for col, field_name, parse, shown, letter in plan:
        value = row[col]
        if value is None:
            values[field_name] = None
            continue
        try:
            values[field_name] = parse(value)
        except ValueError as exc:
            errors.append(CellError(r, shown, str(exc), f"{letter}{r}"))
    return values


@dataclass(slots=True)
class SheetRow:
    row: int                                  # 1-based Excel row
    values: dict[str, object]                 # canonical field → parsed value (None for an empty cell)
    category: str | None = None               # the innermost category heading above the row
    category_path: tuple[str, ...] = ()       # all headings above the row, outermost first


@dataclass
class CheckRow:
    row: int
    label: str                                # "合计", "小计", or the heading text of a heading with sums
    category: str | None                      # None for the grand total
    values: dict[str, Decimal]                # money fields in 万元


@dataclass
class ParsedSheet:
    sheet_name: str
    title: str | None
    unit: str                                 # the unit the sheet declares: 万元 / 亿元 / 元
    header_rows: list[int]
    columns: dict[str, str]                   # canonical field → header text it is read from
    unmapped_headers: list[str]
    ytd_month: int | None                     # N of a "1-N月完成投资" header
    period_hint: str | None                   # "YYYY-MM" when the title or notes say so
    rows: list[SheetRow]
    check_rows: list[CheckRow]
    skipped_rows: list[dict]                  # {"row": R, "reason": "…"}
    errors: list[CellError]
    notes: list[str] = field(default_factory=list)             # note rows above the header, as text
    column_units: dict[str, str] = field(default_factory=dict)  # money field → unit its header declares


# --- the header --------------------------------------------------------------------------------------------

def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _texts(row) -> list[str]:
    return [clean_text(v) for v in row if not _is_blank(v)]


def _find_header(buffer: list) -> int | None:
    """Index in `buffer` of the first row with a 项目名称 column and at least one other known column."""
    fallback = None
    for index, row in enumerate(buffer):
        matches = [match_header(v) for v in row if isinstance(v, str) and v.strip()]
        fields = {m.field for m in matches if m and m.field}
        if "name" in fields and len(fields) >= 2:
            return index
        if fallback is None and any(m and m.field == "name" and m.exact for m in matches):
            fallback = index
    return fallback


_NOTE_LINE = ("单位:", "截至", "截止", "时间:", "日期:", "填报", "制表")


def _header_like(row) -> bool:
    cells = [v for v in row if not _is_blank(v)]
    if not cells or not all(isinstance(v, str) for v in cells):
        return False
    if is_column_numbers(cells):
        return False
    for value in cells:
        text = compact(value)
        if any(mark in text for mark in _NOTE_LINE) or is_note(text) or total_marker(text):
            return False
        if heading_marker(text, None, text):
            return False
    return True


class _Header:
    """The header rows of a sheet and the field of each column."""

    def __init__(self, buffer: list, index: int, merges: list, base: int):
        self.buffer, self.base, self.merges = buffer, base, merges
        self.width = max(len(buffer[i]) for i in range(max(0, index - 1), min(len(buffer), index + MAX_HEADER_ROWS)))
        rows = [index]
        if index > 0 and self._parent_ok(index - 1, index):
            rows = [index - 1, index]
        while len(rows) < MAX_HEADER_ROWS and rows[-1] + 1 < len(buffer):
            below = rows[-1] + 1
            if self._merged_down(rows[-1], below) or (
                    _header_like(buffer[below]) and self._name_empty(below)
                    and self._count(rows + [below]) >= self._count(rows)):
                rows.append(below)
            else:
                break
        self.rows = rows
        self.columns = self._columns(rows)

    def _cell(self, index: int, col: int):
        row = self.buffer[index]
        return row[col] if col < len(row) else None

    def _merged_down(self, upper: int, lower: int) -> bool:
        r1, r2 = upper + self.base, lower + self.base
        return any(top <= r1 and bottom >= r2 and top >= r1 - MAX_HEADER_ROWS and right - left < self.width - 1
                   for top, left, bottom, right in self.merges)

    def _name_empty(self, index: int) -> bool:
        """Whether the row under a header row leaves the name column empty (or repeats its header text),
        as a child header row does and a data row does not."""
        for col in range(self.width):
            above = self._cell(index - 1, col)
            match = match_header(above) if isinstance(above, str) else None
            if match and match.field == "name":
                below = self._cell(index, col)
                return _is_blank(below) or clean_text(below) == clean_text(above)
        return True

    def _parent_ok(self, parent: int, index: int) -> bool:
        row = self.buffer[parent]
        if len(_texts(row)) < 2 or not _header_like(row):
            return False
        return self._merged_down(parent, index) or self._count([parent, index]) > self._count([index])

    def _grid(self, rows: list[int]) -> list[list]:
        grid = [[self._cell(i, c) for c in range(self.width)] for i in rows]
        first, last = rows[0] + self.base, rows[-1] + self.base
        for top, left, bottom, right in self.merges:
            if bottom < first or top > last or top < first - MAX_HEADER_ROWS:
                continue
            source = top - self.base
            value = self._cell(source, left - 1) if 0 <= source < len(self.buffer) else None
            if value is None:
                continue
            for k, i in enumerate(rows):
                if top <= i + self.base <= bottom:
                    for c in range(left - 1, min(right, self.width)):
                        grid[k][c] = value
        # Without merge information (or where the parent was centred across instead of merged), a parent
        # cell spans the empty cells to its right for as long as each column below it has a child.
        for k in range(len(rows) - 1):
            last_text, spanning = None, False
            for c in range(self.width):
                has_child = any(not _is_blank(grid[j][c]) for j in range(k + 1, len(rows)))
                if not _is_blank(grid[k][c]):
                    last_text, spanning = grid[k][c], has_child
                elif has_child and spanning and last_text is not None:
                    grid[k][c] = last_text
                else:
                    spanning = False
        return grid

    def _columns(self, rows: list[int]) -> list[tuple[int, list[str], HeaderMatch | None]]:
        grid = self._grid(rows)
        columns = []
        for c in range(self.width):
            texts = [g[c] for g in grid if not _is_blank(g[c])]
            if not texts:
                continue
            texts = [t if isinstance(t, str) else str(t) for t in texts]
            columns.append((c, texts, match_column(texts)))
        return columns

    def _count(self, rows: list[int]) -> int:
        return len({m.field for _, _, m in self._columns(rows) if m and m.field})


def _display(texts: list[str]) -> str:
    parts: list[str] = []
    for text in texts:
        text = clean_text(text)
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return "/".join(parts)


# --- reading ----------------------------------------------------------------------------------------------

def _sheets(workbook, sheet_name: str | None):
    if sheet_name is not None:
        if sheet_name not in workbook.sheetnames:
            names = "、".join(workbook.sheetnames)
            raise SheetError(f"工作簿中没有名为“{sheet_name}”的工作表（现有：{names}）。")
        sheet = workbook[sheet_name]
        if not hasattr(sheet, "iter_rows"):
            raise SheetError(f"“{sheet_name}”是图表，不是数据工作表。")
        return [sheet]
    sheets = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    active = workbook.active
    if active in sheets:
        sheets.remove(active)
        sheets.insert(0, active)
    return sheets or list(workbook.worksheets)


def read_sheet(file, *, sheet_name: str | None = None) -> ParsedSheet:
    """Parse a dispatch sheet. `file` is a path, bytes or a binary file-like object. The sheet read is
    `sheet_name`, or else the active sheet, or else the first visible sheet with a recognisable header.
    Raises SheetError only when the file cannot be read as a dispatch sheet at all."""
    with open_workbook(file, MAX_UNCOMPRESSED_BYTES) as workbook:
        seen_content = False
        tried = []
        for worksheet in _sheets(workbook, sheet_name):
            rows = iter_values(worksheet)
            buffer = []
            for row in rows:
                buffer.append(row)
                if len(buffer) >= HEADER_SCAN_ROWS + MAX_HEADER_ROWS:
                    break
            seen_content = seen_content or any(not _is_blank(v) for row in buffer for v in row)
            index = _find_header(buffer[:HEADER_SCAN_ROWS])
            tried.append(worksheet.title)
            if index is not None:
                return _Reader(workbook, worksheet, buffer, index, rows).read()
            rows.close()
        names = "、".join(f"“{t}”" for t in tried) or "（无）"
        if not seen_content:
            raise SheetError(f"表格是空的：工作表{names}中没有任何内容。")
        raise SheetError(
            f"找不到表头：工作表{names}的前{HEADER_SCAN_ROWS}行中没有“项目名称”列。"
            "请确认表头中有“项目名称”（或“名称”“工程名称”）以及“总投资”“建设单位”等列。")


class _Reader:
    def __init__(self, workbook, worksheet, buffer, index, rest):
        self.worksheet, self.buffer, self.rest = worksheet, buffer, rest
        self.merges = merged_ranges(workbook, worksheet)
        self.header = _Header(buffer, index, self.merges, base=1)
        self.errors: list[CellError] = []
        self.skipped: list[dict] = []
        self.check_rows: list[CheckRow] = []
        self.rows: list[SheetRow] = []

    # -- above the header: title, notes, unit, period
    def _preamble(self):
        """The title (the first lone text above the header that is not a note) and the note lines."""
        title, notes = None, []
        for row in self.buffer[: self.header.rows[0]]:
            cells = list(dict.fromkeys(" ".join(str(v).split()) for v in row if not _is_blank(v)))
            if not cells:
                continue
            plain = [compact(c) for c in cells]
            if all(p.startswith(("附件", "附表")) and len(p) <= 6 for p in plain):
                continue
            others = [c for c, p in zip(cells, plain, strict=True)
                      if not any(m in p for m in _NOTE_LINE) and ":" not in p]
            if title is None and len(others) == 1 and not notes:
                title = others[0].replace(" ", "") if len(others[0]) <= 60 else others[0]
                cells = [c for c in cells if c != others[0]]
            if cells:
                notes.append(" ".join(cells))
        return title, notes

    def read(self) -> ParsedSheet:
        header = self.header
        title, notes = self._preamble()
        columns: dict[str, str] = {}
        column_units: dict[str, str] = {}
        unmapped: list[str] = []
        header_cells = []
        for col, texts, match in header.columns:
            shown = _display(texts)
            if match and match.field and match.field not in columns:
                columns[match.field] = shown
                header_cells.append((col, match, shown))
            else:
                unmapped.append(shown)
        if "name" not in columns:
            raise SheetError(f"找不到表头：工作表“{self.worksheet.title}”中没有能识别的“项目名称”列。")
        # the unit: a note says it, else a money header does; a header's own unit beats the note
        sheet_unit = None
        for text in ([title] if title else []) + notes + [u for u in unmapped if "单位" in u]:
            try:
                sheet_unit = sheet_unit or note_unit(text)
            except UnknownUnit as exc:
                raise SheetError(f"不认识的金额单位“{exc.unit}”（见“{exc.where}”）。"
                                 "请把金额换算成万元、亿元或元，并写明“单位：万元”后再导入。") from None
        plan = []
        money_plan = []
        ytd_month = None
        percent_columns = []
        for col, match, shown in header_cells:
            name = match.field
            if name in MONEY_FIELDS:
                if match.bad_unit and not match.unit:
                    raise SheetError(f"表头“{shown}”的金额单位“{match.bad_unit}”无法识别。"
                                     "请把金额换算成万元、亿元或元后再导入。")
                unit = match.unit or sheet_unit or DEFAULT_UNIT
                column_units[name] = unit
                parse = money_parser(unit)
                money_plan.append((col, name, parse, shown))
            elif name == "completion_rate":
                parse = percent_parser(None)
                percent_columns.append((name, match.per_cent))
            elif name in DATE_FIELDS:
                parse = _date_parser(name in END_DATE_FIELDS)
            elif name == "years":
                parse = parse_year_range
            elif name == "started":
                parse = parse_bool
            elif name == "seq":
                parse = parse_seq
            elif name == "code":
                parse = parse_code
            else:
                parse = parse_text
            plan.append((col, name, parse, shown))
            if match.ytd_month and (ytd_month is None or name == "completed_ytd"):
                ytd_month = match.ytd_month
        unit = sheet_unit or next(
            (m.unit for _, m, _ in header_cells if m.field in MONEY_FIELDS and m.unit), DEFAULT_UNIT)
        period, year = note_period(notes, title)
        if period is None:
            years = [m.year for _, m, _ in header_cells if m.year]
            year = year or (years[0] if years else None)
            if ytd_month and year:
                period = f"{year}-{ytd_month:02d}"

        first_data = header.rows[-1] + 1
        if first_data < len(self.buffer) and is_column_numbers(self.buffer[first_data]):
            self.skipped.append({"row": first_data + 1, "reason": "栏目序号行"})
            first_data += 1
        self._read_rows(plan, money_plan, first_data)
        self.skipped.sort(key=lambda entry: entry["row"])
        self._settle_percentages(percent_columns)
        if "years" in columns:
            self._fill_from_years(columns)
        return ParsedSheet(
            sheet_name=self.worksheet.title, title=title, unit=unit,
            header_rows=[r + 1 for r in header.rows], columns=columns, unmapped_headers=unmapped,
            ytd_month=ytd_month, period_hint=period, rows=self.rows, check_rows=self.check_rows,
            skipped_rows=self.skipped, errors=self.errors, notes=notes, column_units=column_units)

    # -- the rows, in one pass
    def _read_rows(self, plan, money_plan, first_data):
        columns = {name: col for col, name, _, _ in plan}
        name_idx = columns["name"]
        seq_idx = columns.get("seq")
        width = max(col for col, _, _, _ in plan) + 1
        pad = (None,) * width
        plan = [(col, name, parse, shown, get_column_letter(col + 1)) for col, name, parse, shown in plan]
        money_plan = [(col, name, parse, shown, get_column_letter(col + 1)) for col, name, parse, shown in money_plan]
        fill, tops = self._fill_down(plan, first_data + 1)
        memo: dict = {}
        rows_out, errors = self.rows, self.errors
        pending_blank: list[dict] = []
        state = {"path": (), "in_notes": False}
        blank_run = 0
        counted = 0
        source = self.buffer[first_data:]

        def all_rows():
            yield from source
            yield from self.rest

        for r, row in enumerate(all_rows(), first_data + 1):
            if len(row) < width:
                row = (*row, *pad[len(row):])
            if fill:
                if r in tops:
                    for col in tops[r]:
                        memo[col, r] = row[col]
                if r in fill:
                    row = list(row)
                    for col, top in fill[r]:
                        if _is_blank(row[col]):
                            row[col] = memo.get((col, top))
            name = row[name_idx]
            kind = type(name)
            if (kind is str and name and not suspect(name)) or kind is int or kind is float:
                seq = row[seq_idx] if seq_idx is not None else None
                if type(seq) is not str or not _seq_suspect(seq):
                    values = parse_cells(plan, row, r, errors)
                    path = state["path"]
                    rows_out.append(SheetRow(r, values, path[-1] if path else None, path))
                    if pending_blank:
                        self.skipped.extend(pending_blank)
                        pending_blank.clear()
                    blank_run = 0
                    counted += 1
                    if counted > MAX_ROWS:
                        raise SheetError(f"表格超过 {MAX_ROWS} 行，不像一张调度表。请只保留需要导入的项目后再导入。")
                    continue
            outcome = self._classify(row, r, name_idx, seq_idx, plan, money_plan, state)
            if outcome is None:  # blank
                pending_blank.append({"row": r, "reason": "空行"})
                blank_run += 1
                if blank_run >= BLANK_RUN_LIMIT:
                    break
                continue
            if outcome == "seq-only":
                pending_blank.append({"row": r, "reason": "空行（只有序号）"})
                continue
            if pending_blank:
                self.skipped.extend(pending_blank)
                pending_blank.clear()
            blank_run = 0
            counted += 1
            if counted > MAX_ROWS:
                raise SheetError(f"表格超过 {MAX_ROWS} 行，不像一张调度表。请只保留需要导入的项目后再导入。")

    def _fill_down(self, plan, first_row):
        fill_cols = {col for col, name, *_ in plan if name in FILL_DOWN_FIELDS}
        fill: dict[int, list] = {}
        tops: dict[int, list] = {}
        for top, left, bottom, right in self.merges:
            if top < first_row or bottom == top:
                continue
            cols = [c - 1 for c in range(left, right + 1) if c - 1 in fill_cols]
            if not cols:
                continue
            tops.setdefault(top, []).extend(cols)
            for r in range(top + 1, bottom + 1):
                fill.setdefault(r, []).extend((c, top) for c in cols)
        return fill, tops

    def _money(self, row, r, money_plan) -> dict[str, Decimal]:
        values = {}
        for col, name, parse, shown, letter in money_plan:
            value = row[col]
            if _is_blank(value):
                continue
            try:
                amount = parse(value)
            except ValueError as exc:
                self.errors.append(CellError(r, shown, str(exc), f"{letter}{r}"))
                continue
            if amount is not None:
                values[name] = amount
        return values

    def _classify(self, row, r, name_idx, seq_idx, plan, money_plan, state):
        """The slow path for a row the quick look found unusual. Returns None for a blank row."""
        detail_cols = [col for col, name, *_ in plan if name in DETAIL_FIELDS]
        present = [(i, v) for i, v in enumerate(row) if not _is_blank(v)]
        if not present:
            return None
        name = row[name_idx]
        seq = row[seq_idx] if seq_idx is not None else None
        first = present[0][1]
        candidates = [v for v in (name, seq, first) if isinstance(v, str) and v.strip()]
        for text in candidates:
            marker = total_marker(text)
            if marker:
                label, prefix = marker
                path = state["path"]
                category = None if label == "合计" else (prefix or (path[-1] if path else None))
                self.check_rows.append(CheckRow(r, label, category, self._money(row, r, money_plan)))
                return "check"
        first_text = compact(first) if isinstance(first, str) else ""
        if first_text and is_note(first_text):
            state["in_notes"] = True
            self.skipped.append({"row": r, "reason": "说明行"})
            return "note"
        if first_text.startswith("其中") and _is_blank(name) or (isinstance(name, str) and compact(name).startswith("其中")):
            self.skipped.append({"row": r, "reason": "“其中”分项行，不作校验"})
            return "skip"
        heading = heading_marker(name, seq, first)
        if heading and (parse_seq(seq) is not None or any(
                not _is_blank(row[col]) for col in detail_cols)):
            heading = None  # a numbered project whose name merely starts like a heading
        if heading is None and _is_blank(name) and len(present) == 1 and isinstance(first, str) \
                and not state["in_notes"]:
            label = plain_heading(first)
            heading = (label, 1) if label else None
        if heading:
            label, level = heading
            path = state["path"]
            state["path"] = (label,) if level == 1 or not path else (path[0], label)
            sums = self._money(row, r, money_plan)
            if sums:
                self.check_rows.append(CheckRow(r, label, label, sums))
            else:
                self.skipped.append({"row": r, "reason": f"分类标题“{label}”"})
            return "heading"
        if isinstance(name, str) and name.strip():
            header_hits = sum(1 for _, v in present if isinstance(v, str) and (m := match_header(v)) and m.exact)
            if header_hits >= 2 and (m := match_header(name)) and m.field == "name":
                self.skipped.append({"row": r, "reason": "重复的表头行"})
                return "skip"
        if _is_blank(name) and state["in_notes"]:
            self.skipped.append({"row": r, "reason": "说明行"})
            return "note"
        if all(i == seq_idx for i, _ in present) and parse_seq(seq) is not None:
            return "seq-only"
        if _is_blank(name):
            if len(present) == 1 and isinstance(first, str):
                self.skipped.append({"row": r, "reason": "说明行"})
                return "note"
            shown = next(s for _, n, _, s, _ in plan if n == "name")
            self.errors.append(CellError(r, shown, "项目名称为空", f"{get_column_letter(name_idx + 1)}{r}"))
        values = parse_cells(plan, row, r, self.errors)
        path = state["path"]
        self.rows.append(SheetRow(r, values, path[-1] if path else None, path))
        return "data"

    # -- after the pass
    def _settle_percentages(self, names):
        """A completion-rate column of bare numbers holds fractions (0.85) or numbers of per cent (85):
        decided once per column, by agreement with 1-N月完成 ÷ 年度计划 where the row has both, else by
        whether the typical value is above 1.5 (above 1 when the header says %)."""
        for name, header_per_cent in names:
            raw = [row for row in self.rows if type(row.values.get(name)) is RawPercent]
            if not raw:
                continue
            votes = 0
            for row in raw:
                done, plan = row.values.get("completed_ytd"), row.values.get("annual_plan")
                if done is None or not plan:
                    continue
                expected = done / plan
                value = Decimal(row.values[name])
                votes += 1 if abs(value / 100 - expected) < abs(value - expected) else -1
            if votes == 0:
                ordered = sorted(Decimal(row.values[name]) for row in raw)
                median = ordered[len(ordered) // 2]
                per_cent = median > Decimal("1.5") or (header_per_cent and median > 1)
            else:
                per_cent = votes > 0
            for row in raw:
                value = Decimal(row.values[name])
                row.values[name] = value / 100 if per_cent else value

    def _fill_from_years(self, columns):
        """建设起止年限 gives the planned start and end when the sheet has no columns of its own for them."""
        start_missing = "planned_start" not in columns
        end_missing = "planned_end" not in columns
        if not (start_missing or end_missing):
            return
        if start_missing:
            columns["planned_start"] = columns["years"]
        if end_missing:
            columns["planned_end"] = columns["years"]
        for row in self.rows:
            if "years" not in row.values:
                continue
            span = row.values["years"]
            if start_missing:
                row.values["planned_start"] = span[0] if span else None
            if end_missing:
                row.values["planned_end"] = span[1] if span else None


def _seq_suspect(seq: str) -> bool:
    text = compact(seq)
    return bool(text) and not text.isdigit() and (
        text[0] in "一二三四五六七八九十(合总小其" or total_marker(text) is not None)


def _date_parser(end: bool):
    def parse(value) -> date | None:
        return parse_date(value, end=end)

    return parse
