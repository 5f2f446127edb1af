"""The demo's tour of the seed page (and, built with it, each leader's first brief)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import transaction

from tuijin.briefs.context import brief_context
from tuijin.briefs.models import Brief
from tuijin.org.models import Person
from tuijin.tours.demo import TITLE
from tuijin.tours.models import Tour
from tuijin.tours.selectors import tour_results

SEED_STOPS = ["神州路绿化", "南海路排水河", "卓立膜公司", "玉溪路小学", "金沙社区", "山阳路桥", "紫荆大道",
              "瑞庆发动机", "龙源路绿化"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    from tuijin.demo.zone import ZoneBuilder

    old_media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), transaction.atomic():
        yield ZoneBuilder("pw").build()
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = old_media


@pytest.fixture
def built(demo, db):
    return demo


def test_the_seed_tour_visits_the_nine_sites_in_order_each_a_registry_project(built):
    tour = Tour.objects.get(title=TITLE)
    stops = list(tour.stops.select_related("project"))
    assert [s.label for s in stops] == SEED_STOPS
    assert all(s.project_id for s in stops)
    assert stops[7].project.name == "瑞庆混动发动机项目" and stops[4].project.name == "金沙社区城中村改造项目"
    assert tour.held_on == date(2025, 5, 7)


def test_the_seed_tour_is_scored_by_seven_observers_and_closed_with_its_results(built):
    tour = Tour.objects.get(title=TITLE)
    assert not tour.is_open and tour.results_file and tour.observers.count() == 7
    results = tour_results(tour)
    assert all(r.average.scorers == 7 and r.average.counted == 5 and r.average.dropped for r in results)
    assert [(r.rank, r.stop.label, r.average.score) for r in results[:3]] == [
        (1, "瑞庆发动机", D("93.30")), (2, "卓立膜公司", D("89.40")), (3, "紫荆大道", D("89.30"))]
    assert results[-1].stop.label == "龙源路绿化"


def test_every_demo_leader_has_a_brief_from_the_meeting_of_6_may(built):
    leaders = Person.objects.filter(is_leader=True)
    assert leaders.count() == 8
    assert sorted(Brief.objects.values_list("person_id", flat=True)) == sorted(leaders.values_list("pk", flat=True))
    assert set(Brief.objects.values_list("as_of", flat=True)) == {date(2025, 5, 6)}


def test_the_next_brief_says_what_changed_since_the_meeting(built):
    urban = Person.objects.get(name="副主任（城建）")
    context = brief_context(urban, as_of=date(2025, 6, 30))
    assert context["since"] == date(2025, 5, 6)
    assert context["changes"], "the demo's spring brings milestones met and warnings that turn"
    figures = {row["label"]: (row["then"], row["now"]) for row in context["figures"]}
    then, now = figures["本年累计完成投资（万元）"]
    assert D(then.replace(",", "")) < D(now.replace(",", ""))
