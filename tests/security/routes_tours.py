"""观摩 routes in the permission matrix. The demo tour (closed) has the leader, the project office and the
department among its observers, not the owner; `other_tour` is one the department is not named on."""

from django.urls import reverse

from .matrix import DENY, GO, HIDE, OK, POST, ROLES, only


def _row(**answers):
    row = dict.fromkeys(ROLES, DENY)
    row["anonymous"] = GO
    row.update(answers)
    return row


MATRIX = {
    "tours:index": (lambda s: reverse("tours:index"), only("owner", "department", "coordinator", "leader")),
    "tours:create": (lambda s: reverse("tours:create"), only("coordinator")),
    "tours:detail": (lambda s: reverse("tours:detail", args=[s.tour.pk]),
                     _row(owner=HIDE, department=DENY, coordinator=OK, leader=OK)),
    "tours:score_start": (lambda s: reverse("tours:score_start", args=[s.tour.pk]),
                          _row(owner=HIDE, department=GO, coordinator=GO, leader=GO)),
    "tours:score": (lambda s: reverse("tours:score", args=[s.tour.pk, s.tour_stop.pk]),
                    _row(owner=HIDE, department=OK, coordinator=OK, leader=OK)),
    "tours:export": (lambda s: reverse("tours:export", args=[s.tour.pk]),
                     _row(owner=HIDE, department=DENY, coordinator=OK, leader=OK)),
    "tours:close": (lambda s: reverse("tours:close", args=[s.tour.pk]), POST),
}

OUT_OF_SCOPE = {
    "tours:detail": lambda s: reverse("tours:detail", args=[s.other_tour.pk]),
    "tours:score_start": lambda s: reverse("tours:score_start", args=[s.other_tour.pk]),
    "tours:score": lambda s: reverse("tours:score", args=[s.other_tour.pk, s.other_tour.stops.first().pk]),
    "tours:export": lambda s: reverse("tours:export", args=[s.other_tour.pk]),
}


def add_to_scene(s) -> None:
    from tuijin.org.models import User
    from tuijin.tours import services
    from tuijin.tours.demo import TITLE
    from tuijin.tours.models import Tour

    s.tour = Tour.objects.get(title=TITLE)
    s.tour_stop = s.tour.stops.first()
    coordinator = User.objects.get(username="coordinator")
    s.other_tour = services.tour_create(actor=coordinator, region=s.tour.region, title="三季度观摩",
                                        held_on=s.tour.held_on)
    services.tour_set_stops(actor=coordinator, tour=s.other_tour, stops=[{"project": None, "site": "金沙社区"}])
    services.tour_set_observers(actor=coordinator, tour=s.other_tour, observers=[coordinator])
