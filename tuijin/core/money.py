"""Money is Decimal in 万元, stored with four places (one 元 is 0.0001 万元)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WAN_PLACES = Decimal("0.0001")
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
    return (amount * UNIT_TO_WAN[unit]).quantize(WAN_PLACES, rounding=ROUND_HALF_UP)


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
