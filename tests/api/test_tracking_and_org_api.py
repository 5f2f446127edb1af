"""Progress, 双过半, warnings and the dashboard over the API are the selectors' own figures; the organisation
lists are scoped as the pages scope them."""

from datetime import date
from decimal import Decimal

import pytest

from tests.dispatch.builders import open_period, report
from tests.dispatch.conftest import world  # noqa: F401  (the dispatch tests' fixture, shared)
from tuijin.tracking import dashboard, selectors, warnings

from .conftest import assert_error

AS_OF = date(2025, 6, 30)


@pytest.fixture
def june(world):  # noqa: F811
    for month, p1, p4 in [(3, 900, 400), (4, 300, 600), (5, 300, 100)]:
        period = open_period(world.zone, month=month)
        report(period, world.p1, p1)
        report(period, world.p4, p4)
    open_period(world.zone, month=6)
    return world


def money(text: str) -> Decimal:
    return Decimal(text)


@pytest.mark.parametrize("who", ["coordinator", "leader", "owner", "department"])
def test_progress_is_the_selectors_progress(api_as, june, who):
    user = getattr(june, who)
    body = api_as(user).get("progress", as_of=AS_OF.isoformat()).json()
    expected = selectors.progress(user, as_of=AS_OF)
    assert money(body["annual_plan"]) == expected["annual_plan"]
    assert money(body["completed_ytd"]) == expected["completed_ytd"]
    assert body["double_half"] == expected["double_half"] and body["projects"] == expected["projects"]
    assert [(g["name"], money(g["completed_ytd"])) for g in body["by_department"]] == [
        (g["name"], g["completed_ytd"]) for g in expected["by_department"]]


def test_the_coordinators_figures_add_up_the_reports(api_as, june):
    body = api_as(june.coordinator).get("progress", as_of=AS_OF.isoformat()).json()
    assert money(body["completed_ytd"]) == Decimal(2600)  # p1 1500 + p4 1100
    assert money(body["annual_plan"]) == Decimal(8500)
    assert money(body["time_progress"]) == Decimal("0.5")


def test_the_dashboard_is_the_dashboards_figures(api_as, june):
    body = api_as(june.coordinator).get("dashboard", as_of=AS_OF.isoformat()).json()
    expected = dashboard.dashboard(june.coordinator, as_of=AS_OF)
    assert body["double_half"] == expected["double_half"]
    assert body["warnings"] == expected["warnings"] and body["problems"] == expected["problems"]
    assert body["projects"] == expected["stages"]["total"]
    assert [(s["key"], s["count"]) for s in body["stages"]] == [(k, n) for k, _l, n in expected["stages"]["groups"]]
    assert [money(m["completed"]) if m["completed"] else None for m in body["monthly"]][:6] == [
        m["completed"] for m in expected["monthly"]][:6]


def test_warnings_are_the_evaluated_warnings(api_as, june):
    body = api_as(june.coordinator).get("warnings", as_of=AS_OF.isoformat()).json()
    expected = warnings.evaluate(as_of=AS_OF, user=june.coordinator)
    assert [(w["project_id"], w["kind"], w["level"]) for w in body["items"]] == [
        (w.project_id, w.kind, w.level) for w in expected]
    red = api_as(june.coordinator).get("warnings", as_of=AS_OF.isoformat(), level="red").json()
    red_projects = {w.project_id for w in expected if w.level == "red"}
    assert {w["project_id"] for w in red["items"]} == red_projects
    assert red["red_projects"] == len(red_projects) and red["yellow_projects"] == 0


def test_an_owner_sees_only_its_projects_warnings(api_as, june):
    ids = {w["project_id"] for w in api_as(june.owner).get("warnings", as_of=AS_OF.isoformat()).json()["items"]}
    assert ids <= {june.p1.pk, june.p4.pk, june.p3.pk}


@pytest.mark.parametrize("params, field", [({"level": "purple"}, "level"), ({"kind": "weather"}, "kind")])
def test_an_unknown_warning_filter_is_a_400(api_as, june, params, field):
    assert field in assert_error(api_as(june.coordinator).get("warnings", **params), 400, "invalid")["fields"]


def test_a_list_outside_the_callers_region_is_refused(api_as, june):
    from tests.factories import ProgrammeListFactory

    theirs = ProgrammeListFactory(region=june.zone_b)
    body = assert_error(api_as(june.coordinator).get("progress", programme=theirs.pk), 400, "invalid")
    assert "programme" in body["fields"]


def test_regions_and_departments_are_the_callers(api_as, june):
    api = api_as(june.coordinator)
    assert [r["id"] for r in api.get("regions").json()] == [june.zone.pk]
    assert {d["id"] for d in api.get("departments").json()} == {june.dept.pk, june.dept_b.pk}
    outsider = api_as(june.outsider)
    assert {d["id"] for d in outsider.get("departments").json()} == {june.dept_other.pk}


def test_enterprises_are_for_office_departments_and_leaders(api_as, june):
    names = [e["name"] for e in api_as(june.coordinator).get("enterprises").json()]
    assert june.ent_a.name in names and june.ent_c.name not in names
    found = api_as(june.leader).get("enterprises", q=june.ent_b.name[:3]).json()
    assert [e["name"] for e in found] == [june.ent_b.name]
    assert_error(api_as(june.owner).get("enterprises"), 403, "forbidden")
