"""A quarter of enterprise services in the seed's sentences, from the records:

    帮助15家企业获得一季度满负荷生产奖励资金250万元。推动小微企业融资协调机制高效运转，帮助扶持1930余家市场主体
    获得信贷资金17.3亿元。…8个项目进入房地产融资白名单，实现贷款投放3.86亿元。

The rules (which records count, how counts and amounts are written) are in docs/assist.md."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tuijin.economy.periods import spoken

from . import selectors
from .models import Financing, ServiceRecord


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise ValueError(_("季度应为1到4。"))
    last = quarter * 3
    return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])


def about(count: int) -> str:
    """1936 → 1930余; 15 → 15: large counts are written to the ten below with 余, as the seed does."""
    return f"{count // 10 * 10}余" if count >= 100 and count % 10 else str(count)


def amount_text(wan: Decimal) -> str:
    """250 → 250万元; 173000 → 17.3亿元; 38600 → 3.86亿元 (亿元 from 1亿 up, at most two decimals)."""
    if wan >= 10000:
        return f"{format((wan / 10000).quantize(Decimal('0.01')).normalize(), 'f')}亿元"
    return f"{format(Decimal(wan).quantize(Decimal('0.01')).normalize(), 'f')}万元"


@dataclass
class QuarterSummary:
    year: int
    quarter: int
    totals: dict
    batches: list[dict]
    help: list[dict]
    demands: dict
    sentences: list[str]

    @property
    def paragraph(self) -> str:
        if not self.sentences:
            return ""
        return _("%(p)s，") % {"p": spoken(self.quarter * 3).replace("上半年", "二季度").replace(
            "前三季度", "三季度").replace("全年", "四季度")} + "".join(self.sentences)


def in_quarter(awards: QuerySet, financing: QuerySet, services: QuerySet, start: date, end: date):
    return (awards.filter(paid_on__range=(start, end)), financing.filter(on__range=(start, end)),
            services.filter(on__range=(start, end)))


def sentences(totals: dict, batches: list[dict], help_rows: list[dict], demands: dict | None) -> list[str]:
    result = [_("帮助%(n)s家企业获得%(batch)s%(policy)s资金%(amount)s。") % {
        "n": b["enterprises"], "batch": b["batch"], "policy": b["policy"], "amount": amount_text(b["amount"])}
        for b in batches]
    loans = totals["loans"]
    if loans["entities"]:
        result.append(_("推动小微企业融资协调机制高效运转，帮助扶持%(n)s家市场主体获得信贷资金%(amount)s。") % {
            "n": about(loans["entities"]), "amount": amount_text(loans["amount"])})
    if help_rows:
        labels = dict(ServiceRecord.Kind.choices)
        result.append(_("帮助企业解决%(items)s。") % {"items": "、".join(
            _("%(kind)s问题%(n)s件") % {"kind": labels[row["kind"]], "n": row["n"]} for row in help_rows)})
    whitelist = totals["whitelist"]
    if whitelist["projects"]:
        result.append(_("%(n)s个项目进入房地产融资白名单，实现贷款投放%(amount)s。") % {
            "n": whitelist["projects"], "amount": amount_text(whitelist["amount"])})
    if demands and demands["received"]:
        text = _("受理企业诉求%(r)s件，已办结%(c)s件") % {"r": demands["received"], "c": demands["closed"]}
        if demands["rated"]:
            rate = Decimal(demands["satisfied"] * 100) / demands["rated"]
            text += _("，满意率%(p)s%%") % {"p": format(rate.quantize(Decimal("0.1")), "f")}
        result.append(text + "。")
    return result


def quarter_summary(user, *, year: int, quarter: int) -> QuarterSummary:
    """The quarter's services in `user`'s scope: figures, the award batches, the help given, the demands."""
    start, end = quarter_range(year, quarter)
    awards, financing, services = in_quarter(selectors.visible_awards(user), selectors.visible_financing(user),
                                             selectors.visible_services(user), start, end)
    totals = selectors.services_totals(awards, financing)
    batches = selectors.award_batches(awards)
    help_rows = selectors.help_counts(services)
    demands = selectors.demand_counts(user, start=start, end=end)
    return QuarterSummary(year, quarter, totals, batches, help_rows, demands,
                          sentences(totals, batches, help_rows, demands))


def services_paragraph(user, *, year: int, quarter: int) -> str:
    """For bulletins and leaders' reports: the quarter's services in the seed's words, in `user`'s scope."""
    return quarter_summary(user, year=year, quarter=quarter).paragraph


def all_records_totals(start: date, end: date) -> dict:
    """The headline figures over every region's records (the `tuijin kpi services` command has no user)."""
    from .models import PolicyAward

    awards, financing, _services = in_quarter(PolicyAward.objects.all(), Financing.objects.all(),
                                              ServiceRecord.objects.none(), start, end)
    return selectors.services_totals(awards, financing)
