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
    this_quarter = quarter_of(as_of)
    last_quarter = quarter_of(this_quarter.start - timedelta(days=1))
    spans = [("last_quarter", last_quarter), ("quarter", this_quarter), ("year", year(as_of.year))]
    # One set of queries for all three rows; each counted only up to the dashboard's date.
    counted = counting.figures_many(leads, [clipped(span, as_of) for _key, span in spans])

    def link(metric: str, span) -> str:
        return f"{url}?{urlencode({'metric': metric, 'period': span.key, 'until': as_of.isoformat()})}"

    rows = [{"key": key, "span": span, "figures": figures,
             "links": {name: link(name, span) for name in ("signed", "started", "funded")}}
            for (key, span), figures in zip(spans, counted, strict=True)]
    return DashboardBlock(template="promotion/_dashboard_block.html", title=_("招商引资"), context={
        "rows": rows, "stale": selectors.stale(leads, as_of=as_of).count(),
        "stale_link": f"{url}?{urlencode({'stale': 'on', 'as_of': as_of.isoformat()})}"})
