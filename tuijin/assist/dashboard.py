"""The services card on the leaders' dashboard: the quarter's awards, loans and whitelist, and open demands."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.dashboard.blocks import DashboardBlock

from . import selectors
from .summary import quarter_summary


def block(user, *, as_of: date) -> DashboardBlock | None:
    if not selectors.is_region_wide(user):
        return None
    quarter = (as_of.month - 1) // 3 + 1
    summary = quarter_summary(user, year=as_of.year, quarter=quarter)
    if not summary.sentences and quarter > 1:  # early in a quarter, show the one just ended
        summary = quarter_summary(user, year=as_of.year, quarter=quarter - 1)
    counts = selectors.demand_counts(user)
    if not summary.sentences and not counts["received"]:
        return None
    return DashboardBlock(template="assist/_dashboard_block.html", title=_("助企服务"), context={
        "summary": summary, "counts": counts,
        "url": f"{reverse('assist:index')}?quarter={summary.year}Q{summary.quarter}",
        "demands_url": reverse("assist:demands"), "overdue_url": f"{reverse('assist:demands')}?status=overdue"})
