from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import BUSINESS_ROLES, Role

OFFICES = {Role.COORDINATOR, Role.DEPARTMENT, Role.LEADER}  # the administration's own staff
OVERSIGHT = {Role.COORDINATOR, Role.LEADER}


@dataclass
class NavLink:
    label: str
    url: str
    key: str  # the view name, or the namespace, whose pages mark this link active
    active: bool = False


@dataclass
class NavGroup:
    label: str
    links: list[NavLink] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


def _menu(user) -> list[NavLink | NavGroup]:
    role = user.role
    menu: list[NavLink | NavGroup] = []
    if role in BUSINESS_ROLES:
        menu.append(NavLink(_("驾驶舱"), reverse("dashboard:index"), "dashboard"))
        projects = NavGroup(_("项目"), [NavLink(_("项目储备库"), reverse("projects:registry"), "projects")])
        if role in OFFICES:
            projects.links.append(NavLink(_("项目单位"), reverse("org:enterprises"), "org"))
        menu.append(projects)
        menu.append(NavGroup(_("调度"), [
            NavLink(_("调度填报"), reverse("dispatch:periods"), "dispatch"),
            NavLink(_("存在问题"), reverse("dispatch:problems"), "dispatch:problems"),
            NavLink(_("调度通报"), reverse("bulletins:index"), "bulletins"),
        ]))
        menu.append(NavGroup(_("比一比"), [
            NavLink(_("红黄榜"), reverse("tracking:warnings"), "tracking:warnings"),
            NavLink(_("排名"), reverse("tracking:rankings"), "tracking:rankings"),
            NavLink(_("年末预测"), reverse("tracking:forecast"), "tracking:forecast"),
        ]))
        work = NavGroup(_("专项工作"))
        if role in OFFICES:
            work.links.append(NavLink(_("招商引资"), reverse("promotion:board"), "promotion"))
        if role in OVERSIGHT or role == Role.DEPARTMENT:
            work.links.append(NavLink(_("经济运行"), reverse("economy:monitor"), "economy"))
        work.links.append(NavLink(_("争取资金"), reverse("funding:overview"), "funding"))
        work.links.append(NavLink(_("助企服务"), reverse("assist:index"), "assist"))
        work.links.append(NavLink(_("安全隐患"), reverse("safety:hazards"), "safety"))
        if role in OFFICES:
            work.links.append(NavLink(_("重点工作"), reverse("tasks:list"), "tasks"))
        if role in OVERSIGHT or user.tours_observed.filter(status="open").exists():  # or named to score
            work.links.append(NavLink(_("观摩评比"), reverse("tours:index"), "tours"))
        if role in OVERSIGHT:
            work.links.append(NavLink(_("班子汇报"), reverse("briefs:index"), "briefs"))
        menu.append(work)
    if role == Role.ADMIN:
        menu.append(NavGroup(_("系统管理"), [
            NavLink(_("账号与设置"), reverse("admin:index"), "admin"),
            NavLink(_("登录锁定"), reverse("org:lockouts"), "org:lockouts"),
        ]))
    elif user.is_staff:
        menu.append(NavLink(_("系统管理"), reverse("admin:index"), "admin"))
    return menu


def _mark_active(menu, match) -> None:
    links = [link for item in menu for link in (item.links if isinstance(item, NavGroup) else [item])]
    exact = {link.key for link in links}
    for link in links:
        # a page belongs to the link named for it, else to the link of its namespace
        link.active = bool(match) and (match.view_name == link.key
                                       or (match.namespace == link.key and match.view_name not in exact))


def navigation(request):
    """The menu a role sees. Each page checks the role again on the server: the menu is only a guide."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": []}
    menu = _menu(user)
    _mark_active(menu, getattr(request, "resolver_match", None))
    # personal access tokens for the JSON API sit with the account, not in the work menu
    tokens_url = reverse("tokens:list") if user.role in BUSINESS_ROLES else ""
    return {"nav": menu, "tokens_url": tokens_url}
