"""Reading the statistics bureau's monthly table of indicators (主要经济指标完成情况表) as offices get it.

The file is opened, checked and walked by the exchange app's sheet machinery (`sheet_source`), notes and
column-number rows are recognised by `sheet_rows`, the unit and the period in the title by `sheet_headers`,
and cells are read by `sheet_values`; what is new here is only what an indicator table's columns mean:

    指标名称 | 单位 | 1-3月（绝对值 | 增速%） | 全市增速 | 全省增速 | 全年目标 | 全市位次

Headers are matched by meaning, over one or two header rows (merged parents over children): the rules are
in `column_field` and docs/economy.md. No database writes: the rows go to `services.values_import`."""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from tuijin.core.money import UNIT_TO_WAN, unit_name
from tuijin.core.text import normalise_name
from tuijin.exchange.sheet_headers import UnknownUnit, clean_text, note_period, note_unit
from tuijin.exchange.sheet_reader import CellError
from tuijin.exchange.sheet_rows import is_column_numbers, is_note
from tuijin.exchange.sheet_source import SheetError, iter_values, merged_ranges, open_workbook
from tuijin.exchange.sheet_values import compact, parse_decimal, parse_percent

from .models import Indicator

HEADER_SCAN_ROWS = 20
MAX_ROWS = 2_000  # an indicator table has dozens of rows; far more is not one
FIELD_LABELS = {"name": "指标名称", "unit": "单位", "value": "累计值", "growth": "同比增长", "city_growth": "全市增速",
                "province_growth": "全省增速", "target_growth": "年度目标增速", "target_value": "年度目标总量",
                "rank": "全市位次"}
RATE_COLUMNS = ("growth", "city_growth", "province_growth", "target_growth")
_YTD = re.compile(r"(?:1|一)月?[-~—–至到](1[0-2]|[1-9])月")
_LEAD = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]|其中[:：]?|[#＃*])+")
_RANK = re.compile(r"^第?(\d+)(?:位|名)?$")


def _has(text: str, *words: str) -> bool:
    return any(word in text for word in words)


def column_field(text: str) -> str | None:
    """The field a header names, from its text (parent and child run together); the order of the tests
    matters: 全市位次 is a rank, 全市增速 the city's growth, 全年目标增速 the target, 1-3月增速 our growth."""
    t = compact(unicodedata.normalize("NFKC", text))
    rate = _has(t, "增速", "增长", "增幅", "同比", "±", "%", "比上年")
    if not t:
        return None
    if _has(t, "位次", "排名", "名次", "排位", "排序"):
        return "rank"
    if _has(t, "单位") and not rate and len(t) <= 6:
        return "unit"
    if _has(t, "全省", "省平均", "省增速"):
        return "province_growth" if rate or "平均" in t else None
    if _has(t, "全市", "市平均", "市增速"):
        return "city_growth" if rate or "平均" in t else None
    if _has(t, "目标", "计划", "任务"):
        return "target_growth" if rate else "target_value"
    if rate:
        return "growth"
    if _has(t, "指标", "名称") or t == "项目":
        return "name"
    if _YTD.search(t) or _has(t, "绝对值", "总量", "累计", "本期", "本月", "数值", "完成", "金额", "值"):
        return "value"
    return None


@dataclass
class SheetFigures:
    row: int
    indicator: Indicator
    figures: dict


@dataclass
class IndicatorSheet:
    title: str | None
    period_hint: tuple[int, int] | None          # (year, month) the title or headers name
    columns: dict[str, str]                      # field → the header text it is read from
    rows: list[SheetFigures] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"row": R, "name": …, "reason": …}
    errors: list[CellError] = field(default_factory=list)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_grid(buffer: list, index: int, merges: list) -> tuple[list[str], int]:
    """The header text of each column (parent + child), and the number of header rows (1 or 2)."""
    width = max(len(r) for r in buffer[index: index + 2])
    rows = [index]
    below = buffer[index + 1] if index + 1 < len(buffer) else ()
    cells = [v for v in below if not _blank(v)]
    name_col = next((c for c, v in enumerate(buffer[index]) if isinstance(v, str) and column_field(v) == "name"), 0)
    if cells and all(isinstance(v, str) for v in cells) and not is_column_numbers(cells) and (
            name_col >= len(below) or _blank(below[name_col])):
        rows.append(index + 1)
    grid = [[buffer[i][c] if c < len(buffer[i]) else None for c in range(width)] for i in rows]
    for top, left, bottom, right in merges:  # a merged parent reaches every column and row it covers
        for k, i in enumerate(rows):
            if top <= i + 1 <= bottom and top - 1 in rows:
                value = buffer[top - 1][left - 1] if left - 1 < len(buffer[top - 1]) else None
                for c in range(left - 1, min(right, width)):
                    grid[k][c] = value
    if len(rows) == 2:  # a parent centred across without a merge spans the empty cells beside it
        last = None
        for c in range(width):
            if not _blank(grid[0][c]):
                last = grid[0][c]
            elif not _blank(grid[1][c]) and last is not None:
                grid[0][c] = last
            else:
                last = None
    texts = []
    for c in range(width):
        parts = []
        for g in grid:
            text = clean_text(g[c])
            if text and text not in parts:
                parts.append(text)
        texts.append("".join(parts))
    return texts, len(rows)


def _find_header(buffer: list) -> int | None:
    for index, row in enumerate(buffer[:HEADER_SCAN_ROWS]):
        fields = {column_field(v) for v in row if isinstance(v, str) and v.strip()}
        if "name" in fields and fields & {"value", "growth", "city_growth"}:
            return index
    return None


def _preamble(buffer: list, index: int) -> tuple[str | None, list[str]]:
    title, notes = None, []
    for row in buffer[:index]:
        cells = [" ".join(str(v).split()) for v in row if not _blank(v)]
        if not cells:
            continue
        if title is None and len(cells) == 1 and not is_note(cells[0]) and "单位" not in cells[0]:
            title = cells[0]
        else:
            notes.append(" ".join(cells))
    return title, notes


def _catalogue_index(indicators) -> dict[str, Indicator]:
    index = {}
    for indicator in indicators:
        names = [indicator.name] + [a for a in re.split(r"[、,，;；]", indicator.aliases) if a.strip()]
        for name in names:
            index.setdefault(_key(name), indicator)
    return index


def _key(name: str) -> str:
    key = normalise_name(name)
    key = _LEAD.sub("", key)
    key = re.sub(r"[(（][^)）]*[)）]$", "", key)  # "固定资产投资（不含农户）" is still 固定资产投资
    return key.replace("规上", "规模以上")


def parse_rate(value) -> Decimal | None:
    """A growth rate as per cent: "11.8%", "11.8", 11.8 → 11.80; "-2.3％" → -2.30."""
    fraction = parse_percent(value, per_cent=True)
    return None if fraction is None else (fraction * 100).quantize(Decimal("0.01"))


def parse_rank(value) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    match = _RANK.match(compact(str(value)))
    if not match:
        raise ValueError(f"“{str(value).strip()}”不是位次（应为 1、2、3…）")
    return int(match[1])


def _converter(sheet_unit: str | None, indicator: Indicator):
    """How a level in the sheet's unit becomes the catalogue's unit: 万元 ↔ 亿元 convert; others must agree."""
    have, want = unit_name(sheet_unit) if sheet_unit else None, unit_name(indicator.unit)
    if sheet_unit is None or compact(sheet_unit) == compact(indicator.unit or ""):
        return lambda v: v
    if have and want:
        ratio = UNIT_TO_WAN[have] / UNIT_TO_WAN[want]
        return lambda v: (v * ratio).quantize(Decimal("0.0001"))
    raise ValueError(f"单位为“{sheet_unit}”，与指标目录中“{indicator.name}”的单位“{indicator.unit or '（无）'}”不一致")


def read_indicator_sheet(file, *, indicators) -> IndicatorSheet:
    """Parse the table; `indicators` is the catalogue rows are matched against. SheetError when the file is
    not such a table at all; every bad cell is an error naming its row; unknown indicators are skipped."""
    with open_workbook(file) as workbook:
        sheets = [workbook.active] + [ws for ws in workbook.worksheets if ws is not workbook.active]
        for worksheet in sheets:
            if worksheet is None or not hasattr(worksheet, "iter_rows"):
                continue
            rows = iter_values(worksheet)
            buffer = []
            for row in rows:
                buffer.append(row)
                if len(buffer) > MAX_ROWS:
                    raise SheetError(f"工作表“{worksheet.title}”超过{MAX_ROWS}行，不像指标表。")
            index = _find_header(buffer)
            if index is not None:
                return _read(buffer, index, merged_ranges(workbook, worksheet), indicators)
    raise SheetError("找不到表头：前20行中没有“指标名称”列和“累计值”或“增速”列。请确认表头写有“指标名称”“1-N月”“增速（%）”等。")


def _read(buffer, index, merges, indicators) -> IndicatorSheet:
    headers, depth = _header_grid(buffer, index, merges)
    plan: dict[str, int] = {}
    for col, text in enumerate(headers):
        name = column_field(text) if text else None
        if name and name not in plan:
            plan[name] = col
    if "name" not in plan:
        raise SheetError("找不到“指标名称”列。")
    title, notes = _preamble(buffer, index)
    try:
        sheet_unit = next((u for u in (note_unit(t) for t in notes + ([title] if title else [])) if u), None)
        value_unit = note_unit(headers[plan["value"]]) if "value" in plan else None
    except UnknownUnit as exc:
        raise SheetError(f"不认识的单位“{exc.unit}”（见“{exc.where}”）。") from None
    hint, year = note_period(notes, title)
    month = next((int(m[1]) for t in headers if (m := _YTD.search(compact(t)))), None)
    period = (int(hint[:4]), int(hint[5:])) if hint else ((year, month) if year and month else None)
    sheet = IndicatorSheet(title=title, period_hint=period,
                           columns={f: headers[c] for f, c in plan.items()})
    catalogue = _catalogue_index(indicators)
    first = index + depth
    for offset, row in enumerate(buffer[first:]):
        number = first + offset + 1
        name_cell = row[plan["name"]] if plan["name"] < len(row) else None
        if all(_blank(v) for v in row) or _blank(name_cell):
            continue
        name = clean_text(name_cell)
        if is_note(name) or is_column_numbers(row):
            continue
        indicator = catalogue.get(_key(name))
        if indicator is None:
            sheet.skipped.append({"row": number, "name": name, "reason": "指标不在指标目录中，未导入"})
            continue
        sheet.rows.append(SheetFigures(number, indicator, _figures(sheet, row, number, plan, indicator,
                                                                   value_unit or sheet_unit)))
    return sheet


def _figures(sheet: IndicatorSheet, row, number: int, plan: dict, indicator: Indicator, unit: str | None) -> dict:
    figures = {}

    def cell(name):
        col = plan.get(name)
        return row[col] if col is not None and col < len(row) else None

    def fail(name, message):
        sheet.errors.append(CellError(number, sheet.columns[name], message))

    row_unit = clean_text(cell("unit")) or None if "unit" in plan else None
    for name in ("value", "target_value"):
        if name not in plan:
            continue
        try:
            level = parse_decimal(cell(name))
            figures[name] = None if level is None else _converter(row_unit or unit, indicator)(level)
        except ValueError as exc:
            fail(name, str(exc))
    for name in RATE_COLUMNS:
        if name in plan:
            try:
                figures[name] = parse_rate(cell(name))
            except ValueError as exc:
                fail(name, str(exc))
    if "rank" in plan:
        try:
            figures["rank"] = parse_rank(cell("rank"))
        except ValueError as exc:
            fail("rank", str(exc))
    return figures
