"""班子汇报 routes in the permission matrix: the demo leader reads their own brief; the project office
reads and issues every leader's; owner and department are refused (403), as are auditor and admin."""

from django.urls import reverse

from .matrix import GO, POST, only

MATRIX = {
    "briefs:index": (lambda s: reverse("briefs:index"), {**only("coordinator"), "leader": GO}),
    "briefs:brief": (lambda s: reverse("briefs:brief", args=[s.leader_person.pk]), only("coordinator", "leader")),
    "briefs:word": (lambda s: reverse("briefs:word", args=[s.leader_person.pk]), only("coordinator", "leader")),
    "briefs:issue": (lambda s: reverse("briefs:issue", args=[s.leader_person.pk]), POST),
    "briefs:issued_file": (lambda s: reverse("briefs:issued_file", args=[s.leader_brief.pk]),
                           only("coordinator", "leader")),
}


def add_to_scene(s) -> None:
    from tuijin.briefs.models import Brief
    from tuijin.org.models import User

    s.leader_person = User.objects.get(username="leader").person
    s.leader_brief = Brief.objects.filter(person=s.leader_person).first()
