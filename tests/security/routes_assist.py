"""助企服务 routes: region-wide roles see the region; a department what is handed to it or it recorded; an
enterprise its own; other enterprises' pages and demands answer 404."""

from django.urls import reverse

from tuijin.assist.models import Demand
from tuijin.org.models import Enterprise

from .matrix import BUSINESS, only

MATRIX = {
    "assist:index": (lambda s: reverse("assist:index"), BUSINESS),
    "assist:enterprise": (lambda s: reverse("assist:enterprise", args=[s.enterprise.pk]), BUSINESS),
    "assist:profile_edit": (lambda s: reverse("assist:profile_edit", args=[s.enterprise.pk]), only("coordinator")),
    "assist:award_new": (lambda s: reverse("assist:award_new"), only("coordinator")),
    "assist:financing_new": (lambda s: reverse("assist:financing_new"), only("coordinator")),
    "assist:help_new": (lambda s: reverse("assist:help_new"), only("department", "coordinator")),
    "assist:demands": (lambda s: reverse("assist:demands"), BUSINESS),
    "assist:demand_new": (lambda s: reverse("assist:demand_new"), only("owner", "coordinator")),
    "assist:demand": (lambda s: reverse("assist:demand", args=[s.demand.pk]), BUSINESS),
    "assist:export": (lambda s: reverse("assist:export") + "?quarter=2025Q1", only("coordinator", "leader")),
}

OUT_OF_SCOPE = {
    "assist:enterprise": lambda s: reverse("assist:enterprise", args=[s.other_enterprise.pk]),
    "assist:demand": lambda s: reverse("assist:demand", args=[s.other_demand.pk]),
}


def add_to_scene(s) -> None:
    s.enterprise = Enterprise.objects.get(name="焦作高新区城市建设投资有限公司")  # the owner's; 住建局 works its demands
    s.other_enterprise = Enterprise.objects.get(name="瑞庆汽车发动机（焦作）有限公司")
    s.demand = Demand.objects.get(description="安置房项目历史遗留不动产证分户办理")
    s.other_demand = Demand.objects.get(enterprise=s.other_enterprise)
