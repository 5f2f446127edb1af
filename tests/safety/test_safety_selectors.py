"""Who sees which hazards, and the figures: counts by level and stage, overdue, by domain, department, month."""

from decimal import Decimal

import pytest

from tuijin.safety import selectors, services
from tuijin.safety.models import HazardLevel
from tuijin.safety.selectors import HazardFilters

from .conftest import days, plan


def names(queryset) -> set[str]:
    return {h.description for h in queryset}


@pytest.mark.parametrize("who,expected", [
    ("owner", {"脚手架连墙件缺失"}),
    ("department", {"脚手架连墙件缺失"}),
    ("coordinator", {"脚手架连墙件缺失"}),
    ("leader", {"脚手架连墙件缺失"}),
    ("other_coordinator", {"消防通道堵塞"}),
    ("auditor", set()),
    ("admin", set()),
])
def test_each_role_sees_its_scope(world, who, expected):
    assert names(selectors.visible_hazards(getattr(world, who))) == expected


def test_a_department_sees_only_hazards_handed_to_it(world, team_person):
    from ..factories import DepartmentFactory

    other = DepartmentFactory(name="应急管理局", short_name="应急局", region=world.zone)
    services.hazard_record(actor=world.coordinator, inspection=world.inspection, description="临边防护缺失",
                           level=HazardLevel.GENERAL, department=other, deadline=days(5))
    assert names(selectors.visible_hazards(world.department)) == {"脚手架连墙件缺失"}
    assert len(selectors.visible_hazards(world.coordinator)) == 2
    # and the inspection that found them, through the hazard handed to it
    assert list(selectors.visible_inspections(world.department)) == [world.inspection]


@pytest.fixture
def figures(world):
    """Three hazards in the zone: W (general, 整改中, due in 20 days), M (major, 待整改, due yesterday-ish),
    R (general, reported rectified, deadline passed)."""
    plan(world, funds=Decimal("3"))
    inspection = world.inspection
    services.hazard_record(actor=world.coordinator, inspection=inspection, description="M", level=HazardLevel.MAJOR,
                           department=world.dept, deadline=days(-2))
    r = services.hazard_record(actor=world.coordinator, inspection=inspection, description="R",
                               level=HazardLevel.GENERAL, department=world.dept, deadline=days(-3),
                               domain=world.domains["消防安全"])
    plan(world, hazard=r, funds=Decimal("1.25"))
    services.hazard_report_rectified(actor=world.department, hazard=r, note="完成")
    return world


def test_the_summary_counts_levels_stages_and_overdue(figures):
    summary = selectors.hazard_summary(figures.coordinator, as_of=days(0))
    assert (summary["total"], summary["open"], summary["major_open"], summary["general_open"]) == (3, 3, 1, 2)
    assert summary["overdue"] == 1  # M; R is past its deadline but awaits acceptance
    assert summary["funds"] == Decimal("4.25")
    assert [n for _stage, n in summary["stages"]] == [1, 1, 1, 0]
    assert selectors.hazard_summary(figures.coordinator, as_of=days(30))["overdue"] == 2


def test_the_list_filters_match_the_summary(figures):
    coordinator, as_of = figures.coordinator, days(0)
    assert names(selectors.hazard_list(coordinator, HazardFilters(overdue=True), as_of=as_of)) == {"M"}
    assert names(selectors.hazard_list(coordinator, HazardFilters(stage="awaiting"), as_of=as_of)) == {"R"}
    assert names(selectors.hazard_list(coordinator, HazardFilters(level="major"), as_of=as_of)) == {"M"}
    domain = figures.domains["消防安全"].pk
    assert names(selectors.hazard_list(coordinator, HazardFilters(domain=domain), as_of=as_of)) == {"R"}


def test_statistics_by_domain_department_and_month(figures):
    as_of = days(0)
    by_domain = {r["domain__name"]: (r["total"], r["overdue"]) for r in
                 selectors.stats_by_domain(figures.coordinator, as_of=as_of)}
    assert by_domain == {"建筑施工": (2, 1), "消防安全": (1, 0)}
    by_department = selectors.stats_by_department(figures.coordinator, as_of=as_of)
    assert [(r["department__short_name"], r["total"], r["funds"]) for r in by_department] == [
        ("住建局", 3, Decimal("4.25"))]
    by_month = selectors.stats_by_month(figures.coordinator, as_of=as_of)
    assert sum(r["total"] for r in by_month) == 3 and len(by_month) == 1
