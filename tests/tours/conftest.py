"""A tour of the shared cast's zone: two stops (the zone's project, then a free-text site), the default
sheet (项目规模 25, 建设进度 30, 质量形象 25, 达效情况 20) and three observers (leader, department,
coordinator). The owner is not an observer."""

from datetime import date

import pytest

from tuijin.tours import services


@pytest.fixture
def tour(project, coordinator_user, leader_user, department_user, owner_user, zone):
    tour = services.tour_create(actor=coordinator_user, region=zone, title="二季度观摩", held_on=date(2025, 5, 7))
    services.tour_set_stops(actor=coordinator_user, tour=tour, stops=[
        {"project": project, "site": "紫荆大道"}, {"project": None, "site": "金沙社区"}])
    services.tour_set_observers(actor=coordinator_user, tour=tour,
                                observers=[leader_user, department_user, coordinator_user])
    tour.refresh_from_db()
    return tour


def marks_for(tour, *values):
    """{criterion id: mark} in the sheet's order."""
    return {c.pk: v for c, v in zip(tour.criteria.all(), values, strict=True)}
