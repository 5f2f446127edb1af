"""Bad input through the pages: a clear Chinese message naming the field, and nothing saved."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tuijin.core.models import AuditEvent
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Project

from .factories import DepartmentFactory
from .helpers import database_state, project_form_data

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "选择一个有效的选项"
NOT_SAVED = "未保存，请改正以下问题："


@pytest.fixture
def new_project_data(zone, category):
    return {"name": "新入库项目", "category": category.pk, "region": zone.pk, "nature": "new"}


# (what is wrong, the fields posted, the field's label, the message shown for it)
PROJECT_FORM_CASES = [
    ("wrong project code", {"code": "2025-41087-36-03-012345"}, "项目代码",
     "项目代码“2025-41087-36-03-012345”格式不对"),
    ("negative amount", {"total_investment": "-100"}, "总投资（万元）", "金额不能为负数。"),
    ("negative split", {"invest_bond": "-1"}, "专项债（万元）", "金额不能为负数。"),
    ("non-numeric amount", {"total_investment": "一百万"}, "总投资（万元）", "请输入数字金额（万元）。"),
    ("non-numeric split", {"invest_self": "12,3a"}, "企业自筹（万元）", "请输入数字金额（万元）。"),
    ("too many decimals", {"total_investment": "1.23456"}, "总投资（万元）", "金额最多保留4位小数。"),
    ("end before start", {"planned_start": "2025-06-01", "planned_end": "2025-05-31"}, "计划竣工",
     "计划竣工日期不能早于计划开工日期。"),
    ("impossible date", {"planned_start": "2025-02-30"}, "计划开工", "请输入有效日期，如 2025-03-01。"),
    ("split exceeds total", {"total_investment": "1000", "invest_fiscal": "600", "invest_loan": "500"},
     "总投资（万元）", "资金构成合计（1,100.00万元）超过总投资（1,000.00万元）。"),
    ("unknown owner id", {"owner": "987654"}, "项目单位", INVALID_CHOICE),
    ("unknown category id", {"category": "987654"}, "项目类别", INVALID_CHOICE),
    ("missing name", {"name": ""}, "项目名称", "请填写项目名称。"),
    ("latitude without longitude", {"latitude": "35.2"}, "纬度", "经纬度须同时填写或同时留空。"),
    ("latitude out of range", {"latitude": "95", "longitude": "113.2"}, "纬度", "小于或等于90"),
]


def assert_refused_with(response, label, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_SAVED in html
    assert f"{label}：" in html and message in html, (label, message)


@pytest.mark.parametrize("what, fields, label, message", PROJECT_FORM_CASES, ids=[c[0] for c in PROJECT_FORM_CASES])
def test_new_project_bad_input(what, fields, label, message, new_project_data, coordinator_user, login):
    before = database_state()
    response = login(coordinator_user).post("/projects/new/", new_project_data | fields)
    assert_refused_with(response, label, message)
    assert Project.objects.count() == 0
    assert not AuditEvent.objects.exclude(action__in=["login", "logout"]).exists()
    assert database_state() == before


@pytest.mark.parametrize("what, fields, label, message", PROJECT_FORM_CASES, ids=[c[0] for c in PROJECT_FORM_CASES])
def test_edit_project_bad_input(what, fields, label, message, project, coordinator_user, login):
    before = database_state()
    response = login(coordinator_user).post(f"/projects/{project.pk}/edit/", project_form_data(project, **fields))
    assert_refused_with(response, label, message)
    assert database_state() == before


def test_the_good_data_of_the_bad_input_tests_is_accepted(new_project_data, project, coordinator_user, login):
    """The cases above fail only for what they change: the same posts without it succeed."""
    client = login(coordinator_user)
    assert client.post("/projects/new/", new_project_data).status_code == 302
    assert client.post(f"/projects/{project.pk}/edit/", project_form_data(project)).status_code == 302


@pytest.mark.parametrize("field, other", [("region", "other_zone"), ("owner", "other_enterprise")])
def test_out_of_scope_region_or_owner_is_refused(field, other, request, new_project_data, coordinator_user, login):
    before = database_state()
    response = login(coordinator_user).post("/projects/new/",
                                            new_project_data | {field: request.getfixturevalue(other).pk})
    assert_refused_with(response, {"region": "所属区域", "owner": "项目单位"}[field], INVALID_CHOICE)
    assert database_state() == before


@pytest.mark.parametrize("value", ["987654", "other"])
def test_new_project_with_an_unknown_or_foreign_lead_department(value, new_project_data, other_department,
                                                                 coordinator_user, login):
    before = database_state()
    department = other_department.pk if value == "other" else value
    response = login(coordinator_user).post("/projects/new/", new_project_data | {"lead_department": department})
    assert_refused_with(response, "牵头单位", INVALID_CHOICE)
    assert database_state() == before


def test_new_project_names_its_leader_and_lead_department(new_project_data, department, leader_person,
                                                          coordinator_user, login):
    response = login(coordinator_user).post("/projects/new/", new_project_data | {
        "lead_department": department.pk, "leader": leader_person.pk})
    project = Project.objects.get(name="新入库项目")
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.lead_department, project.leader) == (department, leader_person)


def test_duplicate_project_code(project, new_project_data, coordinator_user, login):
    Project.objects.filter(pk=project.pk).update(code="2025-410871-36-03-012345")
    before = database_state()
    response = login(coordinator_user).post("/projects/new/", new_project_data | {"code": "2025-410871-36-03-012345"})
    assert_refused_with(response, "项目代码", "具有 项目代码 的 项目 已存在。")
    assert database_state() == before


def test_stale_edit_is_refused_with_a_clear_message(project, coordinator_user, department_user, login):
    stale = project_form_data(project, name="我的修改")
    assert login(department_user).post(f"/projects/{project.pk}/edit/",
                                       project_form_data(project, name="他人的修改")).status_code == 302
    before = database_state()
    response = login(coordinator_user).post(f"/projects/{project.pk}/edit/", stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_SAVED in html and "此项目在您打开之后已被他人修改（当前版本 2）" in html
    assert database_state() == before
    project.refresh_from_db()
    assert project.name == "他人的修改"


def test_owner_page_ignores_posted_locked_fields(project, owner_user, other_zone, other_enterprise, login):
    response = login(owner_user).post(f"/projects/{project.pk}/edit/", project_form_data(
        project, name="单位改的名字", owner=other_enterprise.pk, region=other_zone.pk, code="2025-410871-36-03-000001"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "单位改的名字"
    assert (project.owner.name, project.region.name, project.code) == ("甲建设投资有限公司", "高新区", None)


# --- the stage action ---------------------------------------------------------------------------------------------

def stage_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()

# (what is wrong, stage the project is in, the post, the message shown)
STAGE_CASES = [
    ("jump planning to construction", Stage.PLANNING, {"to_stage": "construction", "actual_start": "2025-03-01"},
     "不能从“谋划”直接转到“在建”。"),
    ("construction without a start", Stage.PENDING, {"to_stage": "construction"},
     "实际开工日期：转为在建须填写实际开工日期。"),
    ("start in the future", Stage.PENDING, {"to_stage": "construction", "actual_start": TOMORROW},
     "实际开工日期：实际开工日期不能晚于今天。"),
    ("impossible start date", Stage.PENDING, {"to_stage": "construction", "actual_start": "2025-02-30"},
     "实际开工日期：输入一个有效的日期。"),
    ("suspension without a reason", Stage.PENDING, {"to_stage": "suspended"}, "原因或说明：转为“暂缓”须写明原因。"),
    ("unknown stage", Stage.PLANNING, {"to_stage": "flying"}, "转为：选择一个有效的选项。"),
    ("negative output", Stage.COMPLETED, {"to_stage": "effective", "actual_output": "-5"},
     "实际产值（万元/年）：确保该值大于或等于0。"),
    ("non-numeric output", Stage.COMPLETED, {"to_stage": "effective", "actual_output": "很多"},
     "实际产值（万元/年）：输入一个数字。"),
    ("output below design", Stage.COMPLETED, {"to_stage": "effective", "actual_output": "10"},
     "实际产值（万元/年）：转为达效须实际产值不低于设计产值"),
]


@pytest.mark.parametrize("what, stage, post, message", STAGE_CASES, ids=[c[0] for c in STAGE_CASES])
def test_stage_action_bad_input(what, stage, post, message, project, coordinator_user, login):
    Project.objects.filter(pk=project.pk).update(stage=stage, designed_output=100)
    before = database_state()
    response = login(coordinator_user).post(f"/projects/{project.pk}/stage/", post)
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    shown = stage_messages(response)
    assert any(m.startswith(message) or m == message for m in shown), shown
    assert database_state() == before


def test_refused_stage_message_is_shown_on_the_project_page(project, coordinator_user, login):
    client = login(coordinator_user)
    response = client.post(f"/projects/{project.pk}/stage/", {"to_stage": "construction",
                                                               "actual_start": "2025-03-01"}, follow=True)
    assert response.status_code == 200
    assert "不能从“谋划”直接转到“在建”。" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.PLANNING


# --- the other forms ---------------------------------------------------------------------------------------------

def test_team_unknown_or_foreign_department(project, coordinator_user, other_department, login):
    client = login(coordinator_user)
    before = database_state()
    for value in ("987654", other_department.pk):
        response = client.post(f"/projects/{project.pk}/team/", {"lead_department": value})
        assert_refused_with(response, "牵头单位", INVALID_CHOICE)
    response = client.post(f"/projects/{project.pk}/team/", {"lead_department": project.lead_department_id,
                                                             "co_departments": ["987654"]})
    assert_refused_with(response, "配合单位", INVALID_CHOICE)
    assert database_state() == before


def test_team_department_cannot_hand_the_lead_to_another(project, department_user, zone, login):
    elsewhere = DepartmentFactory(region=zone)
    before = database_state()
    response = login(department_user).post(f"/projects/{project.pk}/team/", {"lead_department": elsewhere.pk})
    assert_refused_with(response, "牵头单位", "牵头单位的调整须由项目办办理。")
    assert database_state() == before


@pytest.mark.parametrize("post, label, message", [
    ({"name": "开工", "status": "met"}, "实际日期", "节点标为“已完成”须填写实际日期。"),
    ({"name": "开工", "status": "scheduled", "planned_date": "2025-13-01"}, "计划日期", "有效的日期"),
    ({"name": "", "status": "scheduled"}, "节点", "这个字段是必填项。"),
    ({"name": "开工", "status": "done-ish"}, "状态", INVALID_CHOICE),
])
def test_milestone_bad_input(post, label, message, project, owner_user, login):
    milestone = project.milestones.get()
    before = database_state()
    response = login(owner_user).post(f"/projects/{project.pk}/milestones/{milestone.pk}/", post)
    assert_refused_with(response, label, message)
    assert database_state() == before


def test_preparation_done_without_a_date(project, owner_user, login):
    before = database_state()
    response = login(owner_user).post(f"/projects/{project.pk}/preparation/site/", {"status": "done"})
    assert_refused_with(response, "办结日期", "“项目选址”标为已完成须填写办结日期。")
    assert database_state() == before


@pytest.mark.parametrize("value, message", [("-1", "大于或等于"), ("五百", "请输入数字金额（万元）。")])
def test_membership_bad_annual_plan(value, message, project, programme, coordinator_user, login):
    before = database_state()
    response = login(coordinator_user).post(f"/projects/{project.pk}/lists/{programme.pk}/", {"annual_plan": value})
    assert_refused_with(response, "年度计划投资（万元）", message)
    assert database_state() == before
