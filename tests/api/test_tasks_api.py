"""Key tasks over the API, with the task pages' rules and scope (the task tests' world: `task` of the zone, led
by the leader and handed to 住建局, with a late first sub-step; `other_task` of the sibling zone)."""

import contextlib

import pytest

from tests.tasks.conftest import days, db_state, fresh, world  # noqa: F401  (world: that app's tests' fixture, shared)
from tuijin.core.models import AuditEvent
from tuijin.tasks import selectors
from tuijin.tracking.dashboard import default_as_of

from .conftest import assert_error


@contextlib.contextmanager
def nothing_saved():
    """The app's own check that a refused write saved nothing, less the API's token events (each test's token
    is made and used on the way in)."""
    def state():
        current = db_state()
        current["events"] -= AuditEvent.objects.filter(action__startswith="api.").count()
        return current

    before = state()
    yield
    assert state() == before


def _new(world, **changes):  # noqa: F811
    return {"year": world.year, "theme": world.themes["产业支撑"].pk, "title": "新建标准厂房",
            "lead_leader": world.leader_person.pk, "department": world.dept.pk, "deadline": str(days(100)),
            **changes}


# --- reading ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["department", "coordinator", "leader"])
def test_readers_list_the_tasks_and_the_theme_figures_of_the_selectors(api_as, world, who):  # noqa: F811
    user = getattr(world, who)
    body = api_as(user).get("tasks").json()
    as_of = default_as_of(user)
    assert [t["id"] for t in body["items"]] == [world.task.pk]
    assert body["items"][0]["health"] == "overdue"  # its first sub-step is late
    assert (body["items"][0]["steps_total"], body["items"][0]["steps_done"]) == (2, 0)
    expected = selectors.summary_by_theme(user, as_of=as_of)
    assert [(r["theme"]["id"], r["total"], r["overdue"]) for r in body["by_theme"]] == [
        (r["theme_id"], r["total"], r["overdue"]) for r in expected]


@pytest.mark.parametrize("who", ["owner", "auditor", "admin"])
def test_owners_auditor_and_admin_get_403_as_on_the_pages(login, world, who):  # noqa: F811
    api = login(getattr(world, who))
    assert_error(api.get("/api/v1/tasks"), 403, "forbidden")
    assert_error(api.get(f"/api/v1/tasks/{world.task.pk}"), 403, "forbidden")


def test_the_overdue_and_theme_filters(api_as, world):  # noqa: F811
    api = api_as(world.coordinator)
    assert api.get("tasks", health="overdue").json()["count"] == 1
    assert api.get("tasks", health="on_track").json()["count"] == 0
    assert api.get("tasks", theme=world.themes["创新引领"].pk).json()["count"] == 0
    assert "health" in assert_error(api.get("tasks", health="late"), 400, "invalid")["fields"]


def test_the_detail_has_the_sub_steps_progress_and_reasons(api_as, world):  # noqa: F811
    api_as(world.department).post(f"tasks/{world.task.pk}/progress", {"note": "方案起草中"})
    body = api_as(world.leader).get(f"tasks/{world.task.pk}").json()
    assert [(s["title"], s["late"]) for s in body["sub_steps"]] == [("制定方案", True), ("首批出让", False)]
    assert body["progress"] == "方案起草中" and body["status"] == "working"
    assert any("制定方案" in reason for reason in body["overdue_reasons"])
    assert body["can_direct"] is False and body["can_work"] is False


def test_a_department_does_not_find_another_departments_task(api_as, world):  # noqa: F811
    assert_error(api_as(world.department).get(f"tasks/{world.other_task.pk}"), 404, "not_found")
    with nothing_saved():
        assert_error(api_as(world.department).post(f"tasks/{world.other_task.pk}/progress", {"note": "x"}),
                     404, "not_found")


# --- writing ------------------------------------------------------------------------------------------------


def test_the_coordinator_creates_a_task(api_as, world):  # noqa: F811
    response = api_as(world.coordinator).post("tasks", _new(world, co_departments=[world.dept.pk]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["status"], body["co_departments"][0]["id"]) == (1, "pending", world.dept.pk)
    assert AuditEvent.objects.filter(action="keytask.create", target_id=str(body["id"])).exists()


@pytest.mark.parametrize("who", ["department", "leader"])
def test_only_the_coordinator_creates(api_as, world, who):  # noqa: F811
    with nothing_saved():
        assert_error(api_as(getattr(world, who)).post("tasks", _new(world)), 403, "forbidden")


def test_a_bad_task_is_refused_field_by_field(api_as, world):  # noqa: F811
    with nothing_saved():
        body = assert_error(api_as(world.coordinator).post("tasks", _new(
            world, title="", department=world.dept_b.pk, deadline=f"{world.year - 1}-12-31")), 400, "invalid")
    assert {"title", "department"} <= set(body["fields"])


def test_update_checks_the_version(api_as, world):  # noqa: F811
    api = api_as(world.coordinator)
    body = {"version": fresh(world.task).version, "theme": world.task.theme_id, "title": "推行“标准地”改革（扩面）",
            "lead_leader": world.leader_person.pk, "deadline": str(days(60))}
    saved = api.put(f"tasks/{world.task.pk}", body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["title"] == "推行“标准地”改革（扩面）"
    with nothing_saved():
        assert_error(api.put(f"tasks/{world.task.pk}", {**body, "title": "旧版覆盖"}), 409, "version_conflict")
    with nothing_saved():
        assert_error(api_as(world.department).put(f"tasks/{world.task.pk}", body), 403, "forbidden")


def test_the_department_completes_a_sub_step_with_the_version_it_read(api_as, world):  # noqa: F811
    api = api_as(world.department)
    version = api.get(f"tasks/{world.task.pk}").json()["version"]
    done = api.post(f"tasks/{world.task.pk}/steps/{world.first.pk}/done", {"version": version, "note": "已印发"})
    assert done.status_code == 200, done.content
    assert done.json()["steps_done"] == 1 and done.json()["status"] == "working"
    with nothing_saved():
        assert_error(api.post(f"tasks/{world.task.pk}/steps/{world.second.pk}/done", {"version": version}),
                     409, "version_conflict")


def test_a_sub_step_of_another_task_is_not_found(api_as, world):  # noqa: F811
    other_step = world.other_task.steps.create(order=1, title="x", due_on=days(3))
    with nothing_saved():
        assert_error(api_as(world.coordinator).post(f"tasks/{world.task.pk}/steps/{other_step.pk}/done",
                                                    {"version": fresh(world.task).version}), 404, "not_found")


def test_close_needs_every_sub_step_done_to_count_as_completed(api_as, world):  # noqa: F811
    api = api_as(world.coordinator)
    with nothing_saved():
        body = assert_error(api.post(f"tasks/{world.task.pk}/close", {"outcome": "completed", "resolution": "好"}),
                            400, "invalid")
    assert "节点" in body["fields"]["resolution"]
    with nothing_saved():
        assert_error(api_as(world.department).post(f"tasks/{world.task.pk}/close", {
            "outcome": "not_completed", "resolution": "x"}), 403, "forbidden")
    closed = api.post(f"tasks/{world.task.pk}/close", {"outcome": "not_completed", "resolution": "政策调整，停止"})
    assert closed.status_code == 200 and closed.json()["health"] == "closed"
