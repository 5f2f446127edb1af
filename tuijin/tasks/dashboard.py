"""The key-work card on the leaders' dashboard: by theme, done / on track / overdue; each number links to
the task list behind it."""

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tuijin.dashboard.blocks import DashboardBlock

from . import permissions, selectors


def block(user, *, as_of: date) -> DashboardBlock | None:
    if not permissions.can_read_tasks(user):
        return None
    rows = selectors.summary_by_theme(user, as_of=as_of)
    if not rows:
        return None
    base = reverse("tasks:list")
    for row in rows:
        def link(health: str, theme=row["theme_id"]) -> str:
            return f"{base}?{urlencode({'as_of': as_of.isoformat(), 'theme': theme, 'health': health})}"

        row["links"] = {"all": link(""), "done": link("done"), "on_track": link("on_track"),
                        "overdue": link("overdue")}
    totals = {key: sum(r[key] for r in rows) for key in ("total", "done", "on_track", "overdue")}
    return DashboardBlock(template="tasks/_dashboard_block.html", title=_("重点工作督办"),
                          context={"rows": rows, "totals": totals,
                                   "overdue_url": f"{base}?{urlencode({'as_of': as_of.isoformat(), 'health': 'overdue'})}"})
