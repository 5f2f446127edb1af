"""The derived figures of an indicator, one function per rule (docs/economy.md says each in words).
Every function takes plain values so that pages, commands and the paragraph use the same rule."""

from decimal import Decimal

from django.utils.translation import gettext as _


def above_city(growth: Decimal | None, city_growth: Decimal | None) -> bool | None:
    """Above the city average: the zone's growth strictly greater than the city's. Unknown if either is missing."""
    if growth is None or city_growth is None:
        return None
    return growth > city_growth


def city_gap(growth: Decimal | None, city_growth: Decimal | None) -> Decimal | None:
    """Percentage points above (+) or below (−) the city's growth."""
    if growth is None or city_growth is None:
        return None
    return growth - city_growth


def target_gap(growth: Decimal | None, target_growth: Decimal | None) -> Decimal | None:
    """Percentage points the growth is above (+) or short of (−) the annual target growth."""
    if growth is None or target_growth is None:
        return None
    return growth - target_growth


def target_share(value: Decimal | None, target_value: Decimal | None) -> Decimal | None:
    """The cumulative level as a fraction of the annual target level (compare with month ÷ 12)."""
    if value is None or not target_value:
        return None
    return value / target_value


def trend(growths: list[Decimal | None]) -> str:
    """Direction of the growth rate over the periods given in order: 加快 (faster), 回落 (slower), 持平 (same);
    the last two known rates are compared. Empty when fewer than two are known."""
    known = [g for g in growths if g is not None]
    if len(known) < 2:
        return ""
    last, before = known[-1], known[-2]
    if last > before:
        return _("加快")
    if last < before:
        return _("回落")
    return _("持平")
