"""The economy part of a leader's one-page brief: the latest period's 主要指标 and 创新引领 indicators of the
leader's region against the city, and the paragraph; `changes` names a period published since the last brief."""

from datetime import date

from django.utils.translation import gettext as _

from tuijin.briefs.sections import BriefSection

from . import selectors
from .models import Indicator, IndicatorValue, cumulative_label
from .paragraph import economy_paragraph


def section(person, *, as_of: date, since: date | None) -> BriefSection | None:
    region = person.region
    periods = [p for p in selectors.periods_with_values(region) if p <= (as_of.year, as_of.month)]
    if not periods:
        return None
    year, month = periods[0]
    rows = [r for r in selectors.period_rows(region, year, month, with_empty=False)
            if r.indicator.group in {Indicator.Group.MAIN, Indicator.Group.INNOVATION} and r.growth is not None]
    label = f"{year}年{cumulative_label(month)}"
    above = {True: _("高于全市"), False: _("未高于全市"), None: ""}
    changes = []
    if since is not None and IndicatorValue.objects.filter(region=region, year=year, month=month,
                                                           updated_at__date__gt=since).exists():
        changes.append(_("%(p)s指标数据已更新：%(t)s") % {"p": label, "t": economy_paragraph(region, year, month)})
    return BriefSection(
        title=_("经济运行（%(p)s）") % {"p": label},
        columns=[_("指标"), _("同比增长%"), _("全市增速%"), _("与全市比")],
        rows=[[r.name, f"{r.growth}", f"{r.city_growth}" if r.city_growth is not None else "—",
               above[r.above_city]] for r in rows],
        changes=changes)
