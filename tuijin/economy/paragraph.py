"""The paragraph a bulletin or a leader's report says about the indicators, in the seed's words:

    一季度，全区地区生产总值、规模以上工业增加值、固定资产投资、社会消费品零售总额、一般公共预算收入等主要指标
    稳步增长。其中，固定资产投资、一般公共预算收入指标增速高于全市平均水平。高技术制造业、战略性新兴产业增加值
    同比分别增长11.8%、13.9%。商品房销售面积同比增长9.9%。

Built from the records only; the rules are in docs/economy.md."""

from decimal import Decimal

from django.utils.translation import gettext as _

from tuijin.org.models import Region

from .models import Indicator
from .periods import spoken
from .selectors import IndicatorRow, period_rows


def percent(value: Decimal) -> str:
    """11.80 → 11.8; 10.00 → 10.0; 9.95 → 9.95 (statistics write at least one decimal)."""
    value = abs(value)
    one = value.quantize(Decimal("0.1"))
    return f"{one}" if one == value else f"{value.quantize(Decimal('0.01'))}"


def area_word(region: Region) -> str:
    return {Region.Level.CITY: _("全市"), Region.Level.PROVINCE: _("全省")}.get(region.level, _("全区"))


def _change(growth: Decimal) -> str:
    if growth > 0:
        return _("增长%(p)s%%") % {"p": percent(growth)}
    if growth < 0:
        return _("下降%(p)s%%") % {"p": percent(growth)}
    return _("与上年持平")


# The heads statistics names end in; names sharing one are joined as "高技术制造业、战略性新兴产业增加值".
HEADS = ("增加值", "零售总额", "总额", "收入", "投资", "面积", "产值", "税收")


def _shared_suffix(names: list[str]) -> str:
    """The head word all names end in, when each keeps something before it; else nothing."""
    for head in HEADS:
        if all(n.endswith(head) and len(n) > len(head) for n in names):
            return head
    return ""


def _joined_names(names: list[str]) -> str:
    suffix = _shared_suffix(names) if len(names) > 1 else ""
    if not suffix:
        return "、".join(names)
    return "、".join(n[: -len(suffix)] for n in names) + suffix


def main_sentence(rows: list[IndicatorRow], opening: str) -> str:
    rising = [r.name for r in rows if r.growth > 0]
    falling = [r for r in rows if r.growth <= 0]
    parts = []
    if rising:
        parts.append(_("%(names)s等主要指标稳步增长") % {"names": "、".join(rising)} if len(rising) > 1
                     else _("%(name)s稳步增长") % {"name": rising[0]})
    parts += [_("%(name)s同比%(change)s") % {"name": r.name, "change": _change(r.growth)} for r in falling]
    return opening + "，".join(parts) + "。"


def above_city_sentence(rows: list[IndicatorRow]) -> str:
    above = [r.name for r in rows if r.above_city]
    if not above:
        return ""
    return _("其中，%(names)s指标增速高于全市平均水平。") % {"names": "、".join(above)}


def growth_sentence(rows: list[IndicatorRow]) -> str:
    """高技术制造业、战略性新兴产业增加值同比分别增长11.8%、13.9%。 (one sign) or one clause each."""
    if not rows:
        return ""
    signs = {(r.growth > 0) - (r.growth < 0) for r in rows}
    if len(rows) > 1 and len(signs) == 1 and 0 not in signs:
        verb = _("增长") if signs == {1} else _("下降")
        figures = "、".join(f"{percent(r.growth)}%" for r in rows)
        return _("%(names)s同比分别%(verb)s%(figures)s。") % {
            "names": _joined_names([r.name for r in rows]), "verb": verb, "figures": figures}
    return "，".join(_("%(name)s同比%(change)s") % {"name": r.name, "change": _change(r.growth)} for r in rows) + "。"


def economy_paragraph(region: Region, year: int, month: int) -> str:
    """The paragraph for `region` in the period ending with `month`; empty when the period has no growth figures."""
    rows = [r for r in period_rows(region, year, month, with_empty=False) if r.growth is not None]
    if not rows:
        return ""
    opening = _("%(period)s，%(area)s") % {"period": spoken(month), "area": area_word(region)}
    main = [r for r in rows if r.indicator.group == Indicator.Group.MAIN]
    innovation = [r for r in rows if r.indicator.group == Indicator.Group.INNOVATION]
    other = [r for r in rows if r.indicator.group == Indicator.Group.OTHER]
    text = main_sentence(main, opening) + above_city_sentence(main) if main else opening
    return text + growth_sentence(innovation) + growth_sentence(other)
