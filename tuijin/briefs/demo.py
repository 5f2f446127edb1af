"""One issued brief per demo leader, as of the 班子会议 of 6 May 2025 (the seed: 听取班子成员近期工作情况
汇报), so each leader's next brief lists what changed since."""

from datetime import date

from tuijin.org.models import Person

from .sections_projects import shared_evaluations
from .services import brief_issue

MEETING = date(2025, 5, 6)


def build(zone) -> None:
    with shared_evaluations():  # every leader's brief reads the same zone's warnings on the same day
        for person in Person.objects.filter(is_leader=True, region=zone.zone).order_by("order", "id"):
            brief_issue(actor=zone.coordinator, person=person, as_of=MEETING, issued_on=MEETING)
