"""The funding card on the leaders' dashboard: the reserve and its split by channel, and the money so far."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.core.roles import BUSINESS_ROLES
from tuijin.dashboard.blocks import DashboardBlock

from .selectors import reserve_figures, visible_applications


def block(user, *, as_of) -> DashboardBlock | None:
    # The reserve is a standing figure (dynamic, 动态储备): it is shown as it is now, whatever the as-of date.
    if user.role not in BUSINESS_ROLES:
        return None
    applications = visible_applications(user)
    if not applications.exists():
        return None
    figures = reserve_figures(applications)
    listing = reverse("funding:list")
    return DashboardBlock(template="funding/_dashboard_block.html", title=_("争取资金"), context={
        "figures": figures, "list_url": listing, "overview_url": reverse("funding:overview")})
