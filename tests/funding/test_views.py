"""The funding pages per role: what each sees, what each may post, messages on bad input, and the export."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.funding.models import Application
from tuijin.projects.preparation import PrepItem

from ..helpers import AuditLog
from .conftest import file_application, prepare


@pytest.fixture
def paid(project, bond):
    return file_application(project, bond, status="paid", requested="5000", approved="4000", issued="4000",
                            paid="1500")


@pytest.fixture
def outside(other_project, channels):
    return file_application(other_project, channels["central_budget"], status="applied", requested="900")


@pytest.mark.parametrize("role", ["owner", "department", "coordinator", "leader"])
def test_the_overview_shows_the_reserve_in_the_users_scope(role, user_for, login, paid, outside):
    response = login(user_for(role)).get("/funding/")
    assert response.status_code == 200
    assert response.context["figures"].total == 1
    html = response.content.decode()
    assert "动态储备政策性资金项目1个，其中包括专项债项目1个。" in html
    assert f'href="/funding/applications/?channel={paid.channel_id}&status=live"' in html


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_non_business_roles_get_403(role, user_for, login, paid):
    client = login(user_for(role))
    for url in ["/funding/", "/funding/applications/", f"/funding/applications/{paid.pk}/"]:
        assert client.get(url).status_code == 403


def test_the_list_filters_by_channel_and_status(coordinator_user, login, paid, project, channels):
    file_application(project, channels["two_major"])
    client = login(coordinator_user)
    response = client.get("/funding/applications/", {"channel": channels["two_major"].pk})
    assert [a.channel.code for a in response.context["page"]] == ["two_major"]
    response = client.get("/funding/applications/", {"status": "paid"})
    assert [a.pk for a in response.context["page"]] == [paid.pk]
    assert response.context["summary"]["projects"] == 1


def test_out_of_scope_applications_are_not_found(owner_user, department_user, login, outside):
    for user in (owner_user, department_user):
        assert login(user).get(f"/funding/applications/{outside.pk}/").status_code == 404


def test_the_owner_reads_but_has_no_buttons(owner_user, login, paid):
    response = login(owner_user).get(f"/funding/applications/{paid.pk}/")
    assert response.status_code == 200 and not response.context["can_write"]
    assert login(owner_user).get(f"/funding/applications/{paid.pk}/edit/").status_code == 403


def test_department_creates_an_application_from_the_form(department_user, login, project, bond):
    log = AuditLog()
    response = login(department_user).post("/funding/applications/new/", {
        "project": project.pk, "channel": bond.pk, "year": 2025, "batch": "第一批", "reserved_on": "2025-01-05",
        "amount_requested": "1.2亿", "note": ""})
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/funding/applications/{application.pk}/"
    assert application.amount_requested == 12000
    assert [e.action for e in log.new()] == ["funding.create"]


def test_bad_input_on_create_names_the_field_and_saves_nothing(coordinator_user, login, project, bond):
    response = login(coordinator_user).post("/funding/applications/new/", {
        "project": project.pk, "channel": bond.pk, "year": "二〇二五", "batch": "", "reserved_on": "2025-13-01",
        "amount_requested": "一千"})
    assert response.status_code == 200 and not Application.objects.exists()
    errors = response.context["form"].errors
    assert errors["year"] == ["请输入年份，如 2025。"]
    assert errors["batch"] == ["请填写批次。"]
    assert errors["reserved_on"] == ["请输入有效日期，如 2025-03-01。"]
    assert errors["amount_requested"] == ["“一千”不是数字"]


def test_the_create_form_offers_only_the_departments_own_projects(department_user, login, project, other_project):
    form = login(department_user).get("/funding/applications/new/").context["form"]
    assert list(form.fields["project"].queryset) == [project]


def test_applying_when_not_ready_shows_the_missing_items_and_saves_nothing(coordinator_user, login, project, bond):
    application = file_application(project, bond)
    client = login(coordinator_user)
    page = client.get(f"/funding/applications/{application.pk}/move/applied/")
    assert "申报专项债须先完成前期事项：立项/备案、建设方案、投资估算、融资筹措、用地、环评（尚未完成）" in page.content.decode()
    response = client.post(f"/funding/applications/{application.pk}/move/applied/", {
        "on": "2025-01-20", "amount": "5000", "version": application.version})
    assert response.status_code == 200
    assert "尚未完成" in str(response.context["form"].non_field_errors())
    application.refresh_from_db()
    assert application.status == "reserve"


def test_applying_when_ready_moves_and_redirects(coordinator_user, login, project, bond):
    application = file_application(project, bond)
    prepare(project, bond.required_items)
    detail = login(coordinator_user).get(f"/funding/applications/{application.pk}/").content.decode()
    assert 'data-readiness="ok"' in detail
    response = login(coordinator_user).post(f"/funding/applications/{application.pk}/move/applied/", {
        "on": "2025-01-20", "amount": "5,000", "version": application.version})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.applied_on) == ("applied", date(2025, 1, 20))


def test_a_stale_edit_is_refused_with_a_message(coordinator_user, login, project, bond):
    application = file_application(project, bond)
    Application.objects.filter(pk=application.pk).update(version=2)
    response = login(coordinator_user).post(f"/funding/applications/{application.pk}/edit/", {
        "channel": bond.pk, "year": 2025, "batch": "第一批", "amount_requested": "5000", "reserved_on": "2024-12-01",
        "note": "改", "version": 1})
    assert response.status_code == 200
    assert "已被他人修改" in str(response.context["form"].non_field_errors())
    application.refresh_from_db()
    assert application.note == ""


def test_the_move_form_for_an_unknown_status_is_not_found(coordinator_user, login, paid):
    assert login(coordinator_user).get(f"/funding/applications/{paid.pk}/move/funded/").status_code == 404


def test_the_readiness_page_lists_each_channel(coordinator_user, login, project, channels):
    prepare(project, [PrepItem.FILING, PrepItem.SCHEME, PrepItem.ESTIMATE])
    html = login(coordinator_user).get(f"/funding/projects/{project.pk}/").content.decode()
    assert "尚缺：融资筹措、用地、环评" in html
    assert html.count("可以申报") == 3  # 两新, 省级专项, 其他


def test_the_export_is_the_ledger_shown_and_is_audited(leader_user, login, paid, project, channels):
    file_application(project, channels["two_major"], requested="3000")
    log = AuditLog()
    response = login(leader_user).get("/funding/applications/export/", {"channel": paid.channel_id})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "政策性资金申报台账" and rows[1][0] == "金额单位：万元"
    assert rows[2][:3] == ("序号", "项目名称", "项目代码")
    assert rows[3][1] == "紫荆大道建设工程" and rows[3][8] == "拨付"
    assert rows[3][9:13] == (5000, 4000, 4000, 1500)
    assert rows[-1][0] == "合计" and rows[-1][9] == 5000
    assert len(rows) == 5
    event = log.one()
    assert event.action == "export.funding" and "channel" in event.changes["query"]


def test_the_dashboard_shows_the_funding_card(coordinator_user, login, paid):
    html = login(coordinator_user).get(reverse("dashboard:index")).content.decode()
    assert 'data-figure="funding-total"' in html
    assert "/funding/applications/?status=paid" in html


def test_nav_has_the_funding_entry(owner_user, login):
    assert '<a class="dropdown-item active" href="/funding/">争取资金</a>' in login(owner_user).get("/funding/").content.decode()


def test_the_admin_role_keeps_the_channels_and_their_needs(admin_user, login, channels):
    client = login(admin_user)
    other = channels["other"]
    response = client.post(f"/admin/funding/channel/{other.pk}/change/", {
        "code": "other", "name": "其他", "short_name": "其他", "phrase": "其他资金项目", "order": 9,
        "required_items": ["filing", "land"], "active": "on"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.required_items == ["filing", "land"]
    assert client.get("/admin/funding/application/").status_code == 200
    assert client.get("/admin/funding/application/add/").status_code == 403
