"""The safety pages: each role's answer, actions posted through the hazard page, the ledger export, the
dashboard block and a leader's brief section."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.models import AuditEvent
from tuijin.safety import brief, dashboard, services
from tuijin.safety.models import Hazard, HazardLevel, HazardStage

from .conftest import days, plan


@pytest.mark.parametrize("who,status", [("owner", 200), ("department", 200), ("coordinator", 200), ("leader", 200),
                                        ("auditor", 403), ("admin", 403)])
def test_the_hazard_page_answers_each_role(world, client, who, status):
    client.force_login(getattr(world, who))
    assert client.get(reverse("safety:hazard", args=[world.hazard.pk])).status_code == status
    assert client.get(reverse("safety:hazards")).status_code == status


@pytest.mark.parametrize("who", ["owner", "department", "coordinator", "leader"])
def test_another_zones_hazard_is_not_found(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("safety:hazard", args=[world.other_hazard.pk])).status_code == 404
    assert client.get(reverse("safety:inspection", args=[world.other_inspection.pk])).status_code == 404


def test_the_list_shows_only_the_scope(world, client):
    client.force_login(world.department)
    page = client.get(reverse("safety:hazards")).content.decode()
    assert "脚手架连墙件缺失" in page and "消防通道堵塞" not in page


def test_the_department_files_the_plan_from_the_page(world, client):
    client.force_login(world.department)
    response = client.post(reverse("safety:hazard", args=[world.hazard.pk]), {
        "action": "plan", "version": 1, "responsible": "王某", "measures": "补设", "funds": "1.5",
        "deadline": world.hazard.deadline.isoformat(), "contingency": ""})
    assert response.status_code == 302
    assert Hazard.objects.get(pk=world.hazard.pk).stage == HazardStage.RECTIFYING


def test_a_stale_plan_form_says_so_and_saves_nothing(world, client):
    plan(world)
    client.force_login(world.department)
    response = client.post(reverse("safety:hazard", args=[world.hazard.pk]), {
        "action": "plan", "version": 1, "responsible": "李某", "measures": "另一种", "funds": "",
        "deadline": world.hazard.deadline.isoformat()})
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    assert Hazard.objects.get(pk=world.hazard.pk).responsible == "项目经理 王某"


def test_bad_input_is_named_on_the_form(world, client):
    client.force_login(world.department)
    response = client.post(reverse("safety:hazard", args=[world.hazard.pk]), {
        "action": "plan", "version": 1, "responsible": "王某", "measures": "补设", "funds": "很多",
        "deadline": world.hazard.deadline.isoformat()})
    assert response.status_code == 200 and "请输入数字金额（万元）" in response.content.decode()
    assert Hazard.objects.get(pk=world.hazard.pk).stage == HazardStage.TO_RECTIFY


@pytest.mark.parametrize("who", ["department", "owner", "leader"])
def test_acceptance_from_the_page_is_the_offices(world, client, who):
    client.force_login(getattr(world, who))
    response = client.post(reverse("safety:hazard", args=[world.hazard.pk]), {"action": "accept", "note": "合格"})
    assert response.status_code == 403


def test_the_coordinator_records_an_inspection_and_a_hazard(world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("safety:inspection_new"), {
        "domain": world.domains["自建房"].pk, "inspected_on": days(-1).isoformat(), "inspectors": "住建局 杨某",
        "site": "山阳村自建房"})
    assert response.status_code == 302
    inspection_url = response["Location"]
    response = client.post(inspection_url, {"description": "擅自加层", "level": HazardLevel.MAJOR,
                                            "department": world.dept.pk, "deadline": days(30).isoformat()})
    assert response.status_code == 302 and Hazard.objects.filter(description="擅自加层").exists()


def test_the_ledger_exports_what_the_list_shows_and_is_audited(world, client):
    plan(world)
    client.force_login(world.coordinator)
    response = client.get(reverse("safety:ledger"), {"stage": ""})
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "安全隐患排查整治台账" and rows[2][:3] == ("序号", "专项整治", "领域")
    assert len(rows) == 4 and rows[3][5] == "脚手架连墙件缺失" and rows[3][13] == "整改中"
    assert rows[3][8] == "项目经理 王某"
    assert AuditEvent.objects.filter(action="export.hazard_ledger", actor=world.coordinator).exists()


def test_a_photo_is_served_to_those_who_see_the_hazard_and_audited(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = services.hazard_add_photos(actor=world.department, hazard=world.hazard,
                                       files=[SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0data")])[0]
    client.force_login(world.owner)
    assert client.get(reverse("safety:photo", args=[photo.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="download.hazard_photo", actor=world.owner).exists()
    client.force_login(world.other_coordinator)
    assert client.get(reverse("safety:photo", args=[photo.pk])).status_code == 404


def test_the_dashboard_block_counts_and_links_to_the_list(world):
    services.hazard_record(actor=world.coordinator, inspection=world.inspection, description="M",
                           level=HazardLevel.MAJOR, department=world.dept, deadline=days(-1))
    block = dashboard.block(world.leader, as_of=days(0))
    figures = {label: (n, url) for label, n, url, _css in block.context["figures"]}
    assert figures["未销号隐患"][0] == 2 and figures["其中重大隐患"][0] == 1 and figures["逾期未整改"][0] == 1
    assert "overdue=1" in figures["逾期未整改"][1] and figures["逾期未整改"][1].startswith(reverse("safety:hazards"))
    assert dashboard.block(world.auditor, as_of=days(0)) is None


def test_the_dashboard_number_matches_its_list(world, client):
    services.hazard_record(actor=world.coordinator, inspection=world.inspection, description="M",
                           level=HazardLevel.MAJOR, department=world.dept, deadline=days(-1))
    block = dashboard.block(world.coordinator, as_of=days(0))
    _label, count, url, _css = block.context["figures"][3]
    client.force_login(world.coordinator)
    page = client.get(url)
    assert page.context["count"] == count == 1


def test_a_leaders_brief_lists_hazards_at_their_projects_and_what_changed(world):
    since = days(0)
    assert brief.section(world.leader_person, as_of=days(0), since=None).rows[0][2] == "脚手架连墙件缺失"
    plan(world)
    section = brief.section(world.leader_person, as_of=days(0), since=since)
    assert any("新发现" in line for line in section.changes)
    assert any("办理进展" in line for line in section.changes)
    from ..factories import LeaderFactory

    assert brief.section(LeaderFactory(name="无关领导", region=world.zone), as_of=days(0), since=None) is None


def test_a_campaign_is_deployed_by_the_office_only(world, client):
    data = {"name": "燃气安全专项整治", "starts_on": days(-1).isoformat(), "ends_on": days(30).isoformat(),
            "domains": [world.domains["城乡燃气"].pk]}
    client.force_login(world.department)
    assert client.post(reverse("safety:campaigns"), data).status_code == 403
    client.force_login(world.coordinator)
    assert client.post(reverse("safety:campaigns"), data).status_code == 302
    response = client.post(reverse("safety:campaigns"), {**data, "ends_on": days(-5).isoformat(), "name": "另一个"})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_the_plan_shows_funds_in_wan_without_trailing_zeros(world, client):
    from decimal import Decimal

    plan(world, funds=Decimal("10"))
    client.force_login(world.department)
    page = client.get(reverse("safety:hazard", args=[world.hazard.pk])).content.decode()
    assert "10 万元" in page and 'value="10"' in page and "1E+1" not in page
