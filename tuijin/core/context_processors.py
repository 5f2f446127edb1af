from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import BUSINESS_ROLES


def navigation(request):
    """The menu a role sees. Each page checks the role again on the server: the menu is only a guide."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": []}
    items = []
    if user.role in BUSINESS_ROLES:
        items.append((_("驾驶舱"), reverse("dashboard:index"), "dashboard"))
        items.append((_("项目储备库"), reverse("projects:registry"), "projects"))
        items.append((_("调度填报"), reverse("dispatch:periods"), "dispatch"))
        items.append((_("存在问题"), reverse("dispatch:problems"), "dispatch:problems"))
        items.append((_("调度通报"), reverse("bulletins:index"), "bulletins"))
        items.append((_("红黄榜"), reverse("tracking:warnings"), "tracking:warnings"))
        items.append((_("比一比"), reverse("tracking:rankings"), "tracking:rankings"))
        items.append((_("年末预测"), reverse("tracking:forecast"), "tracking:forecast"))
        items.append((_("接口令牌"), reverse("tokens:list"), "tokens"))
    if user.role in {"coordinator", "department", "leader"}:
        items.append((_("项目单位"), reverse("org:enterprises"), "org"))
    if user.is_staff:
        items.append((_("系统管理"), reverse("admin:index"), "admin"))
    return {"nav": items}
