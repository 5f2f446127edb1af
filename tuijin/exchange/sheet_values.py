"""Cell values of a dispatch sheet (调度表) as Python values: money in 万元, fractions, dates, year ranges.

Every parser takes the raw value openpyxl gives (None, str, int, float, bool, datetime) and either
returns the parsed value (None for an empty cell or 无 / — / -) or raises `ValueError` whose message,
in Chinese, says what is wrong with the cell ("“十二万”不是数字"). Nothing here knows about rows or headers.
"""

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from tuijin.core.money import EMPTY_MARKS, MAX_WAN, UNIT_TO_WAN, MoneyError, normalise_figure, parse_wan

MIN_YEAR, MAX_YEAR = 1990, 2100
INF = float("inf")
EXCEL_EPOCH = datetime(1899, 12, 30)
# Excel serial day numbers that can be dates of a project (1982 … 2119); outside this they are not dates.
MIN_SERIAL, MAX_SERIAL = 30000, 80000

# Text that means "nothing here" in any kind of cell (compared after NFKC, without spaces, lower-cased).
NONE_WORDS = EMPTY_MARKS | {"待定", "未定", "暂未确定", "不详", "#div/0!"}
# In a date column, "not started yet" means no date (the 调度表 export writes 未开工 under 开工时间).
NO_DATE_WORDS = NONE_WORDS | {"未开工", "尚未开工", "暂未开工", "未开", "待开工", "未竣工", "未完工", "在建"}
EXCEL_ERRORS = frozenset({"#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#n/a", "#getting_data",
                          "#spill!", "#calc!"})


def compact(text: str) -> str:
    """NFKC (full-width to half-width) and no whitespace: the form markers are compared in."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _quote(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _excel_error(text: str) -> None:
    low = text.lower()
    if low in EXCEL_ERRORS:
        raise ValueError(f"单元格是公式错误值“{text}”，请检查公式")


# --- money -------------------------------------------------------------------------------------------------

def parse_money(value, unit: str = "万元") -> Decimal | None:
    """An amount in `unit` as Decimal 万元 (four places). A unit written in the cell ("1.2亿") beats `unit`."""
    if value is None:
        return None
    kind = type(value)
    if kind is int or kind is float:
        try:
            return parse_wan(value, unit)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None
    if kind is str:
        try:
            return parse_wan(value, unit)
        except MoneyError as exc:
            _excel_error(value.strip())
            raise ValueError(str(exc)) from None
    if isinstance(value, datetime | date | time):
        raise ValueError(f"“{_quote(value)}”是日期，不是金额")
    if isinstance(value, bool):
        raise ValueError(f"“{'是' if value else '否'}”不是数字")
    if isinstance(value, Decimal):
        return parse_wan(value, unit)
    raise ValueError(f"“{value}”不是数字")


def money_parser(unit: str):
    """A one-argument parser for a money column whose amounts are in `unit`; integers and floats, the
    common case, take the shortest path."""
    if unit not in UNIT_TO_WAN:
        raise ValueError(f"不认识的金额单位“{unit}”")
    factor = UNIT_TO_WAN[unit]
    places = Decimal("0.0001")
    limit = MAX_WAN / factor  # beyond it the slow path refuses the amount as out of range

    def parse(value):
        kind = type(value)
        if kind is int and abs(value) < limit:
            return (factor * value).quantize(places)
        if kind is float and value == value and abs(value) < limit:
            return (factor * Decimal(repr(value))).quantize(places, rounding=ROUND_HALF_UP)
        return parse_money(value, unit)  # the slow path says what is wrong with anything else

    return parse


# --- plain numbers and percentages -------------------------------------------------------------------------

def parse_decimal(value) -> Decimal | None:
    """A plain number (no unit) as Decimal: 1,234.5 / "１２３" / " 12 " / 无 → None."""
    if value is None:
        return None
    if isinstance(value, bool | datetime | date | time):
        raise ValueError(f"“{_quote(value)}”不是数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        text = normalise_figure(str(value))
        if text.lower() in NONE_WORDS:
            return None
        _excel_error(str(value).strip())
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{_quote(value)}”不是数字") from None
    if not number.is_finite():
        raise ValueError(f"“{_quote(value)}”不是数字")
    return number


class RawPercent(Decimal):
    """A percentage cell given as a bare number (0.85 or 85): whether it is a fraction or a number of
    per cent is decided for the whole column once it has been read (see `sheet_reader`)."""

    __slots__ = ()


def parse_percent(value, *, per_cent: bool | None = None) -> Decimal | None:
    """A percentage as a Decimal fraction: "85%", "85.0％", "85 %" → 0.85.

    A bare number is a number of per cent when `per_cent` is True (the header says %), a fraction
    when it is False; when it is None the number comes back as `RawPercent` for the caller to decide.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = normalise_figure(value)
        low = text.lower()
        if low in NONE_WORDS:
            return None
        if low.endswith("%"):
            try:
                number = Decimal(text[:-1])
            except InvalidOperation:
                raise ValueError(f"“{value.strip()}”不是百分数") from None
            if not number.is_finite():
                raise ValueError(f"“{value.strip()}”不是百分数")
            return number / 100
        if low.endswith("‰"):
            raise ValueError(f"“{value.strip()}”请写成百分数，如 85%")
        _excel_error(value.strip())
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value.strip()}”不是百分数") from None
        if not number.is_finite():
            raise ValueError(f"“{value.strip()}”不是百分数")
    else:
        try:
            number = parse_decimal(value)
        except ValueError:
            raise ValueError(f"“{_quote(value)}”不是百分数") from None
    if per_cent is None:
        return RawPercent(number)
    return number / 100 if per_cent else number


def percent_parser(per_cent: bool | None):
    def parse(value):
        if type(value) is float and per_cent is None and value == value and abs(value) != INF:
            return RawPercent(repr(value))
        return parse_percent(value, per_cent=per_cent)

    return parse


# --- dates ----------------------------------------------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DATE_WORDS = re.compile(r"(底|末|初|份|上旬|中旬|下旬|前|以前|之前|左右|开工|竣工|完工|建成|投产)$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_QUARTER = re.compile(r"^(\d{4})年?(?:第)?([一二三四1-4])季度?$|^(\d{4})年?Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})年?(上|下)半年$")
_YEAR_END = re.compile(r"^(\d{4})年?(?:年底|年末|底)$")
_YEAR_START = re.compile(r"^(\d{4})年?(?:年初|初)$")
_TEXT_DATETIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


class SheetDate(date):
    """A date as a sheet gave it: `precision` is "day", "month" (2025.03, 一季度: the day was filled in) or "year"
    (2025: the month and day were), so an import can tell a coarser date from a different one."""

    precision = "day"


def _checked_date(year: int, month: int, day: int, original, precision: str = "day") -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"“{_quote(original)}”的年份不合理")
    try:
        value = SheetDate(year, month, day)
    except ValueError:
        raise ValueError(f"“{_quote(original)}”不是有效的日期") from None
    value.precision = precision
    return value


def _year_only(year: int, end: bool, original) -> date:
    return _checked_date(year, 12, 31, original, "year") if end else _checked_date(year, 1, 1, original, "year")


def _number_date(value, end: bool) -> date:
    """A date typed as a number: 2025 (a year), 2025.03 (a month), 202503, 20250315, or an Excel serial."""
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
        year_text, _, month_text = text.partition(".")
        if 1900 <= value < 2200 and len(month_text) <= 2:
            return _checked_date(int(year_text), int(month_text), 1, value, "month")
        if MIN_SERIAL <= value <= MAX_SERIAL:
            return (EXCEL_EPOCH + timedelta(days=value)).date()
        raise ValueError(f"“{value}”不是日期")
    number = int(value)
    if 1900 <= number < 2200:
        return _year_only(number, end, value)
    if MIN_SERIAL <= number <= MAX_SERIAL:
        return (EXCEL_EPOCH + timedelta(days=number)).date()
    text = str(number)
    if len(text) == 6:
        return _checked_date(int(text[:4]), int(text[4:]), 1, value, "month")
    if len(text) == 8:
        return _checked_date(int(text[:4]), int(text[4:6]), int(text[6:]), value)
    raise ValueError(f"“{value}”不是日期")


def parse_date(value, *, end: bool = False) -> date | None:
    """A date: Excel dates and datetimes, 2025.03, 2025.3.15, 2025年3月, 2025年3月15日, 2025-03,
    2025/03/15, 20250315. Without a day it is the first of the month; a year alone is 1 January,
    or 31 December when `end` (a completion date); quarters and halves (2025年二季度, 2025年下半年) are
    their first month, or their last month when `end`; 2025年底 is December."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | time):
        raise ValueError(f"“{_quote(value)}”不是日期")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"“{value}”不是日期")
        return _number_date(value, end)
    if isinstance(value, Decimal):
        return _number_date(float(value), end)
    return _text_date(str(value), end)


@lru_cache(maxsize=2048)
def _text_date(original: str, end: bool) -> date | None:
    match = _TEXT_DATETIME.match(unicodedata.normalize("NFKC", original).strip())
    text = match[1] if match else compact(original)
    if text.lower() in NO_DATE_WORDS:
        return None
    _excel_error(original.strip())
    if text.isdigit() and len(text) in (4, 6, 8):
        return _number_date(int(text), end)
    if match := _QUARTER.match(text):
        year = int(match[1] or match[3])
        quarter = _CN_DIGITS[match[2] or match[4]]
        return _checked_date(year, quarter * 3 if end else quarter * 3 - 2, 1, original, "month")
    if match := _HALF.match(text):
        first = match[2] == "上"
        month = (6 if first else 12) if end else (1 if first else 7)
        return _checked_date(int(match[1]), month, 1, original, "month")
    if match := _YEAR_END.match(text):
        return _checked_date(int(match[1]), 12, 1, original, "month")
    if match := _YEAR_START.match(text):
        return _checked_date(int(match[1]), 1, 1, original, "month")
    text = _DATE_WORDS.sub("", text)
    text = text.replace("日", "").replace("号", "")
    text = re.sub(r"[年月./\\]", "-", text).strip("-")
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"“{original.strip()}”不是日期，请写成 2025-03-15、2025年3月 或 2025.03")
    year = int(match[1])
    if match[2] is None:
        return _year_only(year, end, original)
    month = int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f"“{original.strip()}”的月份不对")
    return _checked_date(year, month, int(match[3]) if match[3] else 1, original,
                         "day" if match[3] else "month")


# --- year ranges (建设起止年限) ---------------------------------------------------------------------------

_RANGE_TOKEN = re.compile(
    r"(\d{4})(?:\s*[年./\-]\s*(0?[1-9]|1[0-2])(?!\d)(?:\s*[月./\-]\s*(0?[1-9]|[12]\d|3[01])(?!\d))?)?")
_RANGE_SHORT = re.compile(r"^(\d{4})年?[-~至到]+(\d{2})年?$")
_RANGE_FILLER = re.compile(r"^[\s年月日号\-~至到,，、开工竣建成完投产起止底末初份]*$")


def _token_date(match: re.Match, end: bool, original) -> date:
    year = int(match[1])
    if match[2] is None:
        return _year_only(year, end, original)
    return _checked_date(year, int(match[2]), int(match[3]) if match[3] else 1, original,
                         "day" if match[3] else "month")


def parse_year_range(value) -> tuple[date, date] | None:
    """建设起止年限 as (start, end): 2024-2026 → (2024-01-01, 2026-12-31); 2024.03-2026.12 →
    (2024-03-01, 2026-12-01); 2024年3月-2026年12月, 2024—2026年, 2024～2026, 2024-26; 2025 alone is that year."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return _year_only(value, False, value), _year_only(value, True, value)
    if isinstance(value, float) and value.is_integer():
        return parse_year_range(int(value))
    if not isinstance(value, str):
        raise ValueError(f"“{_quote(value)}”不是起止年限，请写成 2024-2026 或 2024.03-2026.12")
    return _text_range(value)


@lru_cache(maxsize=2048)
def _text_range(value: str) -> tuple[date, date] | None:
    original = value.strip()
    text = compact(value).replace("—", "-").replace("–", "-").replace("―", "-").replace("−", "-")
    if text.lower() in NONE_WORDS:
        return None
    match = _RANGE_SHORT.match(text)
    if match and int(match[2]) > int(match[1]) % 100:
        start_year = int(match[1])
        end_year = start_year // 100 * 100 + int(match[2])
        return _year_only(start_year, False, original), _year_only(end_year, True, original)
    tokens = list(_RANGE_TOKEN.finditer(text))
    filler = _RANGE_TOKEN.sub("", text)
    if not tokens or len(tokens) > 2 or not _RANGE_FILLER.match(filler):
        raise ValueError(f"“{original}”不是起止年限，请写成 2024-2026 或 2024.03-2026.12")
    start = _token_date(tokens[0], False, original)
    end = _token_date(tokens[-1], True, original)
    if end < start:
        raise ValueError(f"“{original}”的结束时间早于开始时间")
    return start, end


# --- yes / no, sequence numbers, text ---------------------------------------------------------------------

YES_WORDS = frozenset({"是", "已开工", "开工", "已", "√", "✓", "✔", "☑", "y", "yes", "true", "1", "在建", "续建",
                       "已开建", "已动工", "动工", "已建成", "建成", "已竣工", "竣工", "已完工", "完工", "已投产", "投产",
                       "是(已开工)", "已经开工"})
NO_WORDS = frozenset({"否", "未开工", "未", "×", "✗", "✘", "☐", "n", "no", "false", "0", "不是", "待开工", "拟开工",
                      "计划开工", "未动工", "前期", "前期阶段", "谋划", "未开建", "尚未开工", "否(未开工)", "没有"})


def parse_bool(value) -> bool | None:
    """是否开工: 是 / 否 / 已开工 / 未开工 / √ / × (and a few more) → True / False."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = compact(str(value)).lower()
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    if text in NONE_WORDS:
        return None
    raise ValueError(f"“{_quote(value)}”应填“是”或“否”")


_SEQ = re.compile(r"^[(\[]?(\d+)[)\]]?[、.,]?$")


def parse_seq(value) -> int | None:
    """序号 as an int; anything that is not a plain number (1.1, ①, 一) is None rather than an error."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        match = _SEQ.match(compact(value))
        return int(match[1]) if match else None
    return None


def parse_text(value) -> str | None:
    """Text stripped of surrounding space; 无 / — / - / / alone is None; numbers and dates as they read."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= 4 and (text in NONE_WORDS or (not text.isalnum() or text.isascii())
                               and compact(text).lower() in NONE_WORDS):
            return None
        return text or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}" if value.time() == time() else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def parse_code(value) -> str | None:
    """项目代码: text, NFKC (full-width digits and dashes), no spaces, upper case."""
    text = parse_text(value)
    if text is None:
        return None
    return compact(text).replace("—", "-").replace("–", "-").upper() or None
