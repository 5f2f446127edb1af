"""Projects over the API: the registry's filters and scope, keyset pages, create, versioned update, stage moves
and milestones, each through the same forms and services as the pages."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import ListMembershipFactory, MilestoneFactory, ProjectFactory
from tests.helpers import AuditLog, database_state
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Project

from .conftest import assert_error


def walk(api, **params) -> list[int]:
    """Every page of the registry, following next_cursor: the ids in the order served."""
    ids, cursor = [], None
    while True:
        body = api.get("projects", **params, **({"cursor": cursor} if cursor else {})).json()
        ids += [row["id"] for row in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return ids


@pytest.fixture
def registry_rows(zone, category, enterprise, department, programme, project):
    """Seven projects in the zone: totals with ties and blanks, plans and planned starts with blanks."""
    rows = [project]
    for n, (total, start, plan) in enumerate([("500", date(2025, 5, 1), "100"), (None, None, None),
                                              ("500", date(2025, 1, 1), "300"), ("9000", None, "100"),
                                              (None, date(2025, 2, 1), None), ("20", date(2025, 5, 1), "50")]):
        p = ProjectFactory(name=f"分页项目{n}", region=zone, category=category, owner=enterprise,
                           lead_department=department, total_investment=Decimal(total) if total else None,
                           planned_start=start, stage=Stage.CONSTRUCTION if n % 2 else Stage.PENDING)
        if plan:
            ListMembershipFactory(programme=programme, project=p, annual_plan=Decimal(plan))
        rows.append(p)
    return rows


@pytest.mark.parametrize("sort", ["id", "name", "-total", "total", "-annual", "stage", "planned_start", "progress",
                                  "-progress"])
def test_keyset_pages_serve_every_project_once_in_the_registry_order(api_as, coordinator_user, registry_rows,
                                                                     sort):
    api = api_as(coordinator_user)
    ids = walk(api, sort=sort, limit=2)
    assert sorted(ids) == sorted(p.pk for p in registry_rows)
    whole = api.get("projects", sort=sort, limit=200).json()["items"]
    assert ids == [row["id"] for row in whole]


def test_the_order_puts_blank_values_last_and_breaks_ties_by_id(api_as, coordinator_user, registry_rows):
    rows = api_as(coordinator_user).get("projects", sort="-total", limit=200).json()["items"]
    totals = [row["total_investment"] for row in rows]
    assert totals[-2:] == [None, None]
    tied = [row["id"] for row in rows if row["total_investment"] == "500.0000"]
    assert tied == sorted(tied)


def test_a_page_holds_the_filtered_count_and_a_cursor_only_when_more_follow(api_as, coordinator_user,
                                                                           registry_rows):
    api = api_as(coordinator_user)
    body = api.get("projects", stage="construction", limit=2).json()
    assert body["count"] == 3 and len(body["items"]) == 2 and body["next_cursor"]
    last = api.get("projects", stage="construction", limit=2, cursor=body["next_cursor"]).json()
    assert len(last["items"]) == 1 and last["next_cursor"] is None


def test_the_registry_filters_are_the_pages(api_as, coordinator_user, registry_rows, programme):
    api = api_as(coordinator_user)
    assert {r["name"] for r in api.get("projects", q="分页项目3").json()["items"]} == {"分页项目3"}
    assert api.get("projects", group="reserve").json()["count"] == 3  # 在库: the three 待开工
    assert api.get("projects", programme=programme.pk).json()["count"] == 4
    assert api.get("projects", started="0").json()["count"] == 7


@pytest.mark.parametrize("params, field", [({"sort": "sideways"}, "sort"), ({"limit": 0}, "limit"),
                                           ({"limit": 201}, "limit"), ({"cursor": "not-a-cursor"}, "cursor"),
                                           ({"stage": "flying"}, "stage")])
def test_a_bad_filter_sort_or_cursor_is_a_400_naming_it(api_as, coordinator_user, registry_rows, params, field):
    body = assert_error(api_as(coordinator_user).get("projects", **params), 400, "invalid")
    assert field in body["fields"]


def test_a_cursor_made_for_one_sort_is_refused_for_another(api_as, coordinator_user, registry_rows):
    api = api_as(coordinator_user)
    cursor = api.get("projects", sort="name", limit=2).json()["next_cursor"]
    assert_error(api.get("projects", sort="-total", cursor=cursor), 400, "invalid")


def test_each_role_lists_what_its_registry_page_shows(api_as, user_for, project, other_project):
    for role in ["owner", "department", "coordinator", "leader"]:
        ids = [row["id"] for row in api_as(user_for(role)).get("projects").json()["items"]]
        assert ids == [project.pk], role


@pytest.mark.parametrize("role", ["owner", "department"])
@pytest.mark.parametrize("call", [
    lambda api, p: api.get(f"projects/{p.pk}"),
    lambda api, p: api.patch(f"projects/{p.pk}", {"version": p.version, "name": "改"}),
    lambda api, p: api.post(f"projects/{p.pk}/transition", {"version": p.version, "to_stage": "promotion"}),
    lambda api, p: api.get(f"projects/{p.pk}/milestones"),
    lambda api, p: api.post(f"projects/{p.pk}/milestones", {"version": p.version, "name": "新节点"}),
    lambda api, p: api.patch(f"projects/{p.pk}/milestones/{p.milestones.first().pk}", {"version": p.version,
                                                                                       "name": "改"}),
])
def test_another_units_project_is_not_found_and_nothing_changes(api_as, user_for, other_project, role, call):
    api = api_as(user_for(role))
    before = database_state()
    assert_error(call(api, other_project), 404, "not_found")
    assert database_state() == before


def test_the_coordinator_creates_a_project_as_the_page_does(api_as, coordinator_user, zone, category, enterprise,
                                                            department, leader_person):
    api = api_as(coordinator_user)
    log = AuditLog()
    response = api.post("projects", {"name": "新材料产业园", "category": category.pk, "region": zone.pk,
                                     "owner": enterprise.pk, "lead_department": department.pk,
                                     "leader": leader_person.pk, "total_investment": "35000.5",
                                     "planned_start": "2025-09-01", "nature": "new", "reason": "谋划入库"})
    assert response.status_code == 201, response.content
    body = response.json()
    project = Project.objects.get(pk=body["id"])
    assert project.total_investment == Decimal("35000.5") and project.lead_department == department
    assert body["total_investment"] == "35000.5000" and body["stage"] == "planning"
    assert project.milestones.count() == len(category.milestone_template)  # the category's plan, as on the page
    event = log.one()
    assert event.action == "project.create" and event.reason == "谋划入库"


@pytest.mark.parametrize("role", ["owner", "leader"])
def test_owner_and_leader_may_not_create(api_as, user_for, zone, category, role):
    api = api_as(user_for(role))
    before = database_state()
    assert_error(api.post("projects", {"name": "x", "category": category.pk, "region": zone.pk}), 403,
                 "forbidden")
    assert database_state() == before


def test_a_project_outside_the_callers_region_cannot_be_created(api_as, coordinator_user, other_zone, category):
    api = api_as(coordinator_user)
    before = database_state()
    body = assert_error(api.post("projects", {"name": "越界", "category": category.pk, "region": other_zone.pk}),
                        400, "invalid")
    assert "region" in body["fields"]
    assert database_state() == before


def test_an_owner_updates_its_project_but_not_who_owns_it(api_as, owner_user, project, other_enterprise):
    response = api_as(owner_user).patch(f"projects/{project.pk}", {
        "version": project.version, "scale": "道路全长3.2公里", "owner": other_enterprise.pk})
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.scale == "道路全长3.2公里" and project.owner.name == "甲建设投资有限公司"
    assert response.json()["version"] == project.version


def test_a_patch_changes_only_the_fields_given(api_as, coordinator_user, project):
    project.description = "原有简介"
    project.save()
    api_as(coordinator_user).patch(f"projects/{project.pk}", {"version": project.version, "industry": "交通"})
    project.refresh_from_db()
    assert (project.industry, project.description) == ("交通", "原有简介")


def test_a_leader_reads_but_does_not_update(api_as, leader_user, project):
    api = api_as(leader_user)
    before = database_state()
    assert_error(api.patch(f"projects/{project.pk}", {"version": project.version, "name": "改"}), 403, "forbidden")
    assert database_state() == before


def test_a_stage_move_keeps_the_lifecycle_rules(api_as, department_user, project):
    api = api_as(department_user)
    project.stage = Stage.PENDING
    project.save()
    before = database_state()
    body = assert_error(api.post(f"projects/{project.pk}/transition", {
        "version": project.version, "to_stage": "construction"}), 400, "invalid")
    assert "实际开工日期" in body["fields"]["actual_start"]
    assert database_state() == before
    moved = api.post(f"projects/{project.pk}/transition", {"version": project.version,
                                                          "to_stage": "construction",
                                                          "actual_start": "2025-03-15"})
    assert moved.status_code == 200 and moved.json()["stage"] == "construction"
    assert moved.json()["actual_start"] == "2025-03-15"


def test_a_stage_move_from_a_stale_version_is_a_409(api_as, coordinator_user, project):
    api = api_as(coordinator_user)
    api.patch(f"projects/{project.pk}", {"version": project.version, "industry": "交通"})
    assert_error(api.post(f"projects/{project.pk}/transition", {"version": project.version,
                                                                "to_stage": "promotion"}), 409, "version_conflict")
    assert Project.objects.get(pk=project.pk).stage == Stage.PLANNING


def test_milestones_are_listed_added_and_updated_with_the_pages_rules(api_as, owner_user, project):
    api = api_as(owner_user)
    assert [m["name"] for m in api.get(f"projects/{project.pk}/milestones").json()] == ["开工"]
    added = api.post(f"projects/{project.pk}/milestones", {"version": project.version, "name": "主体封顶",
                                                           "planned_date": "2025-10-01"})
    assert added.status_code == 201 and added.json()["status"] == "scheduled"
    version = Project.objects.get(pk=project.pk).version
    milestone = added.json()["id"]
    refused = api.patch(f"projects/{project.pk}/milestones/{milestone}", {"version": version, "status": "met"})
    assert "实际日期" in assert_error(refused, 400, "invalid")["fields"]["actual_date"]
    done = api.patch(f"projects/{project.pk}/milestones/{milestone}", {"version": version, "status": "met",
                                                                       "actual_date": "2025-09-20"})
    assert done.status_code == 200 and done.json()["status_label"] == "已完成"
    assert done.json()["name"] == "主体封顶" and done.json()["planned_date"] == "2025-10-01"


def test_a_milestone_of_another_project_is_not_found(api_as, coordinator_user, project, zone, category):
    sibling = ProjectFactory(region=zone, category=category)
    theirs = MilestoneFactory(project=sibling)
    response = api_as(coordinator_user).patch(f"projects/{project.pk}/milestones/{theirs.pk}",
                                              {"version": project.version, "name": "x"})
    assert_error(response, 404, "not_found")
