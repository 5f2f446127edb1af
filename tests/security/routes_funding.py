"""The funding reserve's rows of the route × role matrix (see test_route_matrix.py).

The owner's and 住建局's object is the application of 紫荆大道 (专项债, paid); outside their scope is 玉溪路小学's
(中央预算内, led by 社会事业局). The owner reads, the department and the coordinator write, the leader reads."""

from django.urls import reverse

from .matrix import BUSINESS, only

WRITERS = only("department", "coordinator")

MATRIX = {
    "funding:overview": (lambda s: reverse("funding:overview"), BUSINESS),
    "funding:list": (lambda s: reverse("funding:list"), BUSINESS),
    "funding:export": (lambda s: reverse("funding:export"), BUSINESS),
    "funding:create": (lambda s: reverse("funding:create"), WRITERS),
    "funding:detail": (lambda s: reverse("funding:detail", args=[s.application.pk]), BUSINESS),
    "funding:edit": (lambda s: reverse("funding:edit", args=[s.application.pk]), WRITERS),
    "funding:move": (lambda s: reverse("funding:move", args=[s.reserve_application.pk, "applied"]), WRITERS),
    "funding:project": (lambda s: reverse("funding:project", args=[s.project.pk]), BUSINESS),
}

OUT_OF_SCOPE = {
    "funding:detail": lambda s: reverse("funding:detail", args=[s.other_application.pk]),
    "funding:edit": lambda s: reverse("funding:edit", args=[s.other_application.pk]),
    "funding:move": lambda s: reverse("funding:move", args=[s.other_application.pk, "issued"]),
    "funding:project": lambda s: reverse("funding:project", args=[s.other.pk]),
}


def add_to_scene(s) -> None:
    from tuijin.funding.models import Application

    s.application = Application.objects.get(project=s.project, year=2025)
    s.reserve_application = Application.objects.filter(
        project__owner=s.project.owner, project__lead_department=s.project.lead_department, status="reserve",
        year=2025).order_by("pk").first()
    assert s.reserve_application is not None, "the demo has a 储备 application of the owner's and the department's"
    s.other_application = Application.objects.get(project__name="玉溪路小学建设项目", year=2025)
