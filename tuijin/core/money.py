"""Money is Decimal in 万元, stored with four places (one 元 is 0.0001 万元)."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WAN_PLACES = Decimal("0.0001")
# The largest amount a field holds (DecimalField(max_digits=18, decimal_places=4)): 10^14 万元.
MAX_WAN = Decimal(10) ** 14
UNIT_TO_WAN = {"万元": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001")}


class MoneyError(ValueError):
    """A figure that is not an amount of money; the message is for the user."""


def to_wan(value, unit: str = "万元") -> Decimal | None:
    """Parse a user- or sheet-given amount in `unit` into 万元. Empty means none."""
    if value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    if text in {"", "-", "—", "无", "/"}:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise MoneyError(f"“{value}”不是数字") from exc
    if not amount.is_finite():
        raise MoneyError(f"“{value}”不是数字")
    if unit not in UNIT_TO_WAN:
        raise MoneyError(f"不认识的金额单位“{unit}”")
    wan = amount * UNIT_TO_WAN[unit]
    if abs(wan) >= MAX_WAN:
        raise MoneyError(f"“{value}”{unit}超出合理范围")
    return wan.quantize(WAN_PLACES, rounding=ROUND_HALF_UP)


def wan_to_yi(amount: Decimal | None) -> Decimal | None:
    """万元 → 亿元, as the seed page speaks of large totals (90.7亿元)."""
    if amount is None:
        return None
    return amount / UNIT_TO_WAN["亿元"]


def fraction(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole as a Decimal fraction, or None when the whole is empty or zero."""
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


# ---------------------------------------------------------------------------------------------------------------
# Figures as they come in from sheets: full-width digits and commas, stray spaces, a currency sign, a unit suffix.

EMPTY_MARKS = frozenset({
    "", "-", "--", "---", "—", "——", "–", "―", "－", "/", "／", "\\", "无", "暂无", "空", "null", "none", "n/a", "na",
    "#n/a",
})
UNIT_ALIASES = {"万元": "万元", "万": "万元", "亿元": "亿元", "亿": "亿元", "元": "元",
                "万元人民币": "万元", "亿元人民币": "亿元", "人民币万元": "万元", "人民币亿元": "亿元", "人民币元": "元"}
_FIGURE_DROP = str.maketrans({",": None, "，": None, "'": None, " ": None, "\t": None,
                              "\n": None, "\r": None, "\u3000": None, "\xa0": None, "\u2009": None, "\u202f": None,
                              "¥": None, "￥": None, "$": None, "\u2212": "-", "\u2014": "-", "\u2013": "-",
                              "\uff0d": "-", "\uff0e": ".", "\u3002": "."})
_UNIT_SUFFIXES = ("万元人民币", "亿元人民币", "万元", "亿元", "万", "亿", "元")


def unit_name(text: str | None) -> str | None:
    """The unit of money a short text names (万元, 亿元, 元; 万 and 亿 for short), or None."""
    if text is None:
        return None
    return UNIT_ALIASES.get(unicodedata.normalize("NFKC", str(text)).strip().replace(" ", ""))


def normalise_figure(text: str) -> str:
    """A figure as typed in a sheet, reduced to what Decimal reads: NFKC (full-width digits, commas and
    points become ASCII), thousands separators, spaces and currency signs dropped, dashes as minus."""
    return unicodedata.normalize("NFKC", text).translate(_FIGURE_DROP)


def parse_wan(value, unit: str = "万元") -> Decimal | None:
    """Like `to_wan`, for the wider range of forms a spreadsheet cell takes: "１，２３４．５", " 1,234 ",
    "￥1,200", "1200万元" or "1.2亿" (a unit written in the cell beats `unit`), 无 / — / 暂无 for none.
    The message of a MoneyError quotes the cell as the user typed it."""
    if value is None or isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return to_wan(value, unit)
    if not isinstance(value, str):
        raise MoneyError(f"“{value}”不是数字")
    text = normalise_figure(value)
    if text.lower() in EMPTY_MARKS:
        return None
    for suffix in _UNIT_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            unit, text = UNIT_ALIASES[suffix], text[: -len(suffix)]
            break
    try:
        return to_wan(text, unit)
    except MoneyError as exc:
        if unit not in UNIT_TO_WAN:
            raise
        raise MoneyError(f"“{value.strip()}”不是数字") from exc
