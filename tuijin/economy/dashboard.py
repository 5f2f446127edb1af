"""The economy card on the leaders' dashboard: the key indicators of the latest period against the city."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.dashboard.blocks import DashboardBlock

from . import permissions, selectors
from .models import Indicator, cumulative_label
from .periods import period_key


def block(user, *, as_of: date) -> DashboardBlock | None:
    if not permissions.can_read(user):
        return None
    region = selectors.indicator_region(user)
    periods = [p for p in selectors.periods_with_values(region) if p <= (as_of.year, as_of.month)]
    if not periods:
        return None
    year, month = periods[0]
    rows = [r for r in selectors.period_rows(region, year, month, with_empty=False)
            if r.indicator.group in {Indicator.Group.MAIN, Indicator.Group.INNOVATION} and r.growth is not None]
    compared = [r for r in rows if r.above_city is not None]
    return DashboardBlock(template="economy/_dashboard_block.html", title=_("经济运行"), context={
        "label": f"{year}年{cumulative_label(month)}", "rows": rows,
        "above_count": sum(1 for r in compared if r.above_city), "compared_count": len(compared),
        "url": f"{reverse('economy:monitor')}?period={period_key(year, month)}"})
