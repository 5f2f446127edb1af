"""Each busy page runs a number of queries that does not grow with the number of projects: the page is counted on
a small synthetic installation, then must run no more queries once four times as many projects are added."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tuijin.core.roles import Role
from tuijin.dispatch.models import Period
from tuijin.org.models import Region, User
from tuijin.synth.generator import Options, Synth, historic_timestamps

TODAY = date(2026, 6, 30)
SMALL, MORE = 15, 45


@pytest.fixture
def installation(db):
    """A tiny synthetic city (synth at 15 projects) and a way to add projects to it."""
    synth = Synth(Options(projects=SMALL, years=1, seed=3, scale="city", today=TODAY))
    synth.run()

    def grow(count: int) -> None:
        with historic_timestamps(), transaction.atomic():
            synth._projects(range(synth.o.projects, synth.o.projects + count))
        synth.o.projects += count

    return grow


@pytest.fixture
def leader_client(client, installation):
    user = User.objects.create_user(username="perf-leader", password="x", role=Role.LEADER,
                                    region=Region.objects.get(parent__isnull=True))
    client.force_login(user)
    return client


def _zone_period() -> Period:
    return Period.objects.filter(year=TODAY.year, month=TODAY.month).order_by("id").first()


PAGES = {
    "dashboard": lambda: f"/dashboard/?as_of={TODAY.isoformat()}",
    "registry": lambda: "/projects/?sort=-annual",
    "warnings": lambda: f"/tracking/warnings/?as_of={TODAY.isoformat()}",
    "rankings": lambda: f"/tracking/rankings/?as_of={TODAY.isoformat()}",
    "dispatch board": lambda: f"/dispatch/{_zone_period().pk}/",
    "problem list": lambda: "/dispatch/problems/",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_the_number_of_projects(page, leader_client, installation,
                                                               django_assert_max_num_queries):
    url = PAGES[page]()
    assert leader_client.get(url).status_code == 200  # first request: caches (content types, rules) filled
    with CaptureQueriesContext(connection) as small:
        assert leader_client.get(url).status_code == 200
    installation(MORE)
    with django_assert_max_num_queries(len(small)):
        response = leader_client.get(url)
    assert response.status_code == 200
