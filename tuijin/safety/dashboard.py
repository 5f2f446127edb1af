"""The safety card on the leaders' dashboard: open hazards by level, overdue, 挂牌督办; each number links to
the hazard list behind it (same scope, same date, same rule)."""

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tuijin.core.roles import BUSINESS_ROLES
from tuijin.dashboard.blocks import DashboardBlock

from . import selectors


def _link(as_of: date, **query) -> str:
    return f"{reverse('safety:hazards')}?{urlencode({'as_of': as_of.isoformat(), **query})}"


def block(user, *, as_of: date) -> DashboardBlock | None:
    if user.role not in BUSINESS_ROLES:
        return None
    summary = selectors.hazard_summary(user, as_of=as_of)
    if not summary["total"]:
        return None
    figures = [
        (_("未销号隐患"), summary["open"], _link(as_of, stage="open"), ""),
        (_("其中重大隐患"), summary["major_open"], _link(as_of, stage="open", level="major"), "text-danger"),
        (_("一般隐患"), summary["general_open"], _link(as_of, stage="open", level="general"), ""),
        (_("逾期未整改"), summary["overdue"], _link(as_of, overdue="1"), "text-danger"),
        (_("挂牌督办"), summary["listed_open"], _link(as_of, stage="open", listed="1"), ""),
        (_("已验收销号"), summary["accepted"], _link(as_of, stage="accepted"), "text-success"),
    ]
    return DashboardBlock(template="safety/_dashboard_block.html", title=_("安全隐患排查整治"),
                          context={"figures": figures, "total": summary["total"],
                                   "stats_url": f"{reverse('safety:stats')}?{urlencode({'as_of': as_of.isoformat()})}"})
