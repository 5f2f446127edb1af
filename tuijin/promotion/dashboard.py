"""The 招商 card on the leaders' dashboard: the last and the current quarter's and the year's signings, amount, starts and funds in
place up to the dashboard's date, and the stale leads; every number links to the leads behind it."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tuijin.dashboard.blocks import DashboardBlock

from . import counting, permissions, selectors
from .periods import clipped, quarter_of, year


def block(user, *, as_of: date) -> DashboardBlock | None:
    if not permissions.uses_promotion(user):
        return None
    leads = selectors.visible_leads(user)
    url = reverse("promotion:leads")
    rows = []
    this_quarter = quarter_of(as_of)
    last_quarter = quarter_of(this_quarter.start - timedelta(days=1))
    for key, span in (("last_quarter", last_quarter), ("quarter", this_quarter), ("year", year(as_of.year))):
        counted = clipped(span, as_of)

        def link(metric: str, span=span) -> str:
            return f"{url}?{urlencode({'metric': metric, 'period': span.key, 'until': as_of.isoformat()})}"

        rows.append({"key": key, "span": span, "figures": counting.figures(leads, counted),
                     "links": {name: link(name) for name in ("signed", "started", "funded")}})
    return DashboardBlock(template="promotion/_dashboard_block.html", title=_("招商引资"), context={
        "rows": rows, "stale": selectors.stale(leads, as_of=as_of).count(),
        "stale_link": f"{url}?{urlencode({'stale': 'on', 'as_of': as_of.isoformat()})}"})
