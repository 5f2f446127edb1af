"""Who sees which tasks; health by theme (done / on track / overdue); the 清单 export; the pages per role;
the dashboard block and a leader's brief section."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.models import AuditEvent
from tuijin.tasks import brief, dashboard, selectors, services
from tuijin.tasks.selectors import Health, TaskFilters

from ..factories import DepartmentFactory, UserFactory
from .conftest import days, fresh


@pytest.mark.parametrize("who,expected", [
    ("department", {"推行“标准地”改革"}), ("coordinator", {"推行“标准地”改革"}), ("leader", {"推行“标准地”改革"}),
    ("other_coordinator", {"高企倍增"}), ("owner", set()), ("auditor", set()), ("admin", set()),
])
def test_each_role_sees_its_scope(world, who, expected):
    assert {t.title for t in selectors.visible_tasks(getattr(world, who))} == expected


def test_a_co_department_reads_the_task(world):
    helper = DepartmentFactory(name="财政金融局", short_name="财政局", region=world.zone)
    world.task.co_departments.add(helper)
    user = UserFactory(username="finance", role="department", department=helper)
    assert list(selectors.visible_tasks(user)) == [world.task]
    from tuijin.tasks import permissions

    assert not permissions.can_work(user, world.task)


def test_health_follows_the_deadline_and_the_steps(world):
    as_of = days(0)
    health = {t.title: t.health for t in selectors.task_list(world.coordinator, TaskFilters(), as_of=as_of)}
    assert health == {"推行“标准地”改革": Health.OVERDUE}  # the first step was due five days ago
    services.step_done(actor=world.department, step=world.first)
    assert selectors.task_list(world.coordinator, TaskFilters(), as_of=as_of).get().health == Health.ON_TRACK
    assert selectors.task_list(world.coordinator, TaskFilters(), as_of=days(61)).get().health == Health.OVERDUE
    assert selectors.overdue_reasons(fresh(world.task), as_of=days(61))[0].startswith("已超过时限")


def test_the_summary_by_theme_counts_each_health_once(world):
    services.task_create(actor=world.coordinator, region=world.zone, year=world.year, theme=world.themes["改革赋能"],
                         title="另一项", lead_leader=world.leader_person, department=world.dept, deadline=days(30))
    rows = selectors.summary_by_theme(world.coordinator, as_of=days(0))
    assert [(r["theme__name"], r["total"], r["done"], r["on_track"], r["overdue"]) for r in rows] == [
        ("改革赋能", 2, 0, 1, 1)]


def test_the_list_export_is_the_offices_sheet_and_is_audited(world, client):
    services.task_progress(actor=world.department, task=world.task, note="方案已起草")
    client.force_login(world.leader)
    response = client.get(reverse("tasks:export"))
    rows = list(load_workbook(BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "重点工作任务清单"
    assert rows[2][:7] == ("序号", "任务", "目标要求", "牵头领导", "责任单位", "配合单位", "时限")
    assert rows[3][0] == "一、改革赋能"
    assert rows[4][0] == 1 and rows[4][1] == "推行“标准地”改革" and rows[4][4] == "住建局"
    assert rows[4][7] == "0/2" and rows[4][8] == "方案已起草" and rows[4][9] == "推进中" and rows[4][10] == "逾期"
    assert AuditEvent.objects.filter(action="export.key_tasks", actor=world.leader).exists()


@pytest.mark.parametrize("who,status", [("owner", 403), ("department", 200), ("coordinator", 200), ("leader", 200),
                                        ("auditor", 403), ("admin", 403)])
def test_the_pages_answer_each_role(world, client, who, status):
    client.force_login(getattr(world, who))
    assert client.get(reverse("tasks:list")).status_code == status
    assert client.get(reverse("tasks:detail", args=[world.task.pk])).status_code == status


@pytest.mark.parametrize("who", ["department", "coordinator", "leader"])
def test_another_zones_task_is_not_found(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("tasks:detail", args=[world.other_task.pk])).status_code == 404


def test_the_department_marks_a_step_done_from_the_page(world, client):
    client.force_login(world.department)
    response = client.post(reverse("tasks:detail", args=[world.task.pk]), {
        "action": "done", "step": world.first.pk, "version": fresh(world.task).version, "done_on": "", "note": ""})
    assert response.status_code == 302 and fresh(world.task).steps.get(pk=world.first.pk).done_on == days(0)


def test_a_step_of_another_task_is_refused(world, client):
    client.force_login(world.coordinator)
    other_step = services.step_add(actor=world.other_coordinator, task=world.other_task, title="x", due_on=days(1))
    response = client.post(reverse("tasks:detail", args=[world.task.pk]), {
        "action": "done", "step": other_step.pk, "version": fresh(world.task).version})
    assert response.status_code == 200 and "没有这个节点" in response.content.decode()


def test_a_leader_may_not_post_actions(world, client):
    client.force_login(world.leader)
    response = client.post(reverse("tasks:detail", args=[world.task.pk]), {"action": "progress", "note": "x"})
    assert response.status_code == 403


def test_the_coordinator_lists_a_task_from_the_page(world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("tasks:new"), {
        "theme": world.themes["产业支撑"].pk, "title": "4个项目投产", "lead_leader": world.leader_person.pk,
        "department": world.dept.pk, "deadline": days(20).isoformat(), "year": world.year})
    assert response.status_code == 302
    response = client.post(reverse("tasks:new"), {"theme": world.themes["产业支撑"].pk, "title": "",
                                                  "year": world.year})
    assert response.status_code == 200 and "未保存" in response.content.decode()


def test_the_dashboard_block_links_each_count_to_its_list(world, client):
    block = dashboard.block(world.leader, as_of=days(0))
    row = block.context["rows"][0]
    assert (row["theme__name"], row["total"], row["overdue"]) == ("改革赋能", 1, 1)
    client.force_login(world.leader)
    assert len(client.get(row["links"]["overdue"]).context["tasks"]) == 1
    assert dashboard.block(world.owner, as_of=days(0)) is None


def test_a_leaders_brief_lists_their_tasks_and_what_changed(world):
    services.step_done(actor=world.department, step=world.first, note="方案已印发")
    section = brief.section(world.leader_person, as_of=days(0), since=days(0))
    assert section.rows[0][1] == "推行“标准地”改革" and section.rows[0][4] == "1/2"
    assert any("完成节点：制定方案" in line for line in section.changes)
    assert brief.section(world.other_task.lead_leader, as_of=days(0), since=None).changes == []


def test_a_brief_as_of_an_earlier_day_leaves_out_what_happened_after_it(world):
    services.step_done(actor=world.department, step=world.first, note="方案已印发")
    section = brief.section(world.leader_person, as_of=days(-1), since=days(-30))
    assert not any("完成节点" in line for line in section.changes)
