"""经济运行 routes: the project office writes and imports; leaders and departments read; owners get 403."""

from django.urls import reverse

from tuijin.economy.models import Indicator

from .matrix import only

READERS = only("department", "coordinator", "leader")

MATRIX = {
    "economy:monitor": (lambda s: reverse("economy:monitor"), READERS),
    "economy:catalogue": (lambda s: reverse("economy:catalogue"), READERS),
    "economy:indicator_edit": (lambda s: reverse("economy:indicator_edit", args=[s.indicator.pk]), only("coordinator")),
    "economy:value_edit": (lambda s: reverse("economy:value_edit", args=[s.indicator.pk]) + "?period=2025-03",
                           only("coordinator")),
    "economy:import": (lambda s: reverse("economy:import"), only("coordinator")),
    "economy:export": (lambda s: reverse("economy:export") + "?period=2025-03", READERS),
}


def add_to_scene(s) -> None:
    s.indicator = Indicator.objects.get(name="固定资产投资")
