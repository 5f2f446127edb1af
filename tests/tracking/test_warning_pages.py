"""The 红黄榜 page and its Excel export: scope per role, filters, links, kept boards, export rows = page rows."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.helpers import AuditLog
from tuijin.projects.lifecycle import Stage
from tuijin.tracking.models import WarningSnapshot
from tuijin.tracking.views import export_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_world(build, other_zone, other_enterprise, other_department):
    """June 2025 in the zone. mine (enterprise A, 住建局): red, not started since March; ours_yellow (A, 住建局):
    a milestone 10 days late; theirs (enterprise B, 经发局 of the zone): red, 35 points behind; elsewhere: a
    red project of the sibling zone."""
    from tests.factories import DepartmentFactory, EnterpriseFactory

    build.period(5)
    build.period(6)
    economy = DepartmentFactory(name="经济发展局", short_name="经发局", region=build.zone)
    ent_b = EnterpriseFactory(name="乙智能科技有限公司", region=build.zone)
    mine = build.project("氢能装备产业园项目", stage=Stage.PENDING, planned_start=date(2025, 3, 1))
    ours_yellow = build.project("紫荆大道建设工程", start=date(2025, 1, 10))
    build.milestone(ours_yellow, "主体完工", date(2025, 6, 20))
    theirs = build.project("智能传感器产业园项目", start=date(2025, 1, 10), plan=1000, owner=ent_b, department=economy)
    build.report(theirs, 5, 150)
    build.report(mine, 5, 0)
    build.report(ours_yellow, 5, 0)
    elsewhere = build.project("示范区数据中心项目", stage=Stage.PENDING, planned_start=date(2025, 1, 1),
                              region=other_zone, owner=other_enterprise, department=other_department)
    return {"mine": mine, "ours_yellow": ours_yellow, "theirs": theirs, "elsewhere": elsewhere, "economy": economy,
            "june": build.period(6)}


def page(client, query=""):
    response = client.get(f"/tracking/warnings/{query}")
    assert response.status_code == 200
    return response


def listed(response):
    return {"red": [r.project_name for r in response.context["red_rows"]],
            "yellow": [r.project_name for r in response.context["yellow_rows"]]}


def test_the_coordinator_sees_the_zones_red_and_yellow_lists_with_reasons_and_links(login, coordinator_user,
                                                                                      board_world):
    response = page(login(coordinator_user), "?month=2025-06")
    assert listed(response) == {"red": ["氢能装备产业园项目", "智能传感器产业园项目"], "yellow": ["紫荆大道建设工程"]}
    text = response.content.decode()
    assert f'href="/projects/{board_world["mine"].pk}/"' in text
    assert "计划2025年3月开工，已过3个月仍未开工" in text
    assert "完成率15.0%，落后序时进度35.0个百分点" in text
    assert "节点“主体完工”计划2025-06-20，已逾期10天" in text
    assert "示范区数据中心项目" not in text
    assert response.context["as_of"] == date(2025, 6, 30)


def test_the_latest_period_is_shown_by_default(login, coordinator_user, board_world):
    assert page(login(coordinator_user)).context["as_of"] == date(2025, 6, 30)


@pytest.mark.parametrize(("role", "red", "yellow"), [
    ("owner", ["氢能装备产业园项目"], ["紫荆大道建设工程"]),
    ("department", ["氢能装备产业园项目"], ["紫荆大道建设工程"]),
    ("leader", ["氢能装备产业园项目", "智能传感器产业园项目"], ["紫荆大道建设工程"]),
])
def test_each_role_sees_only_the_warnings_of_its_projects(login, user_for, role, red, yellow, board_world):
    response = page(login(user_for(role)), "?month=2025-06")
    assert listed(response) == {"red": red, "yellow": yellow}
    export = login(user_for(role)).get("/tracking/warnings.xlsx?month=2025-06")
    names = [row[2] for row in sheet_rows(export)]
    assert names == red + yellow


@pytest.mark.parametrize("role", ["auditor", "admin"])
@pytest.mark.parametrize("url", ["/tracking/warnings/", "/tracking/warnings.xlsx", "/tracking/rankings/"])
def test_auditor_and_admin_get_403(login, user_for, role, url, board_world):
    assert login(user_for(role)).get(url).status_code == 403


def test_filters_by_level_rule_and_department(login, coordinator_user, board_world):
    client = login(coordinator_user)
    assert listed(page(client, "?month=2025-06&level=yellow")) == {"red": [], "yellow": ["紫荆大道建设工程"]}
    assert listed(page(client, "?month=2025-06&kind=progress")) == {"red": ["智能传感器产业园项目"], "yellow": []}
    by_economy = page(client, f"?month=2025-06&department={board_world['economy'].pk}")
    assert listed(by_economy) == {"red": ["智能传感器产业园项目"], "yellow": []}
    assert (board_world["economy"].pk, "经发局") in page(client, "?month=2025-06").context["departments"]


def test_any_as_of_date_can_be_asked(login, coordinator_user, board_world):
    """On 15 May the March start was one whole month late: yellow."""
    response = page(login(coordinator_user), "?as_of=2025-05-15")
    assert response.context["as_of"] == date(2025, 5, 15)
    reasons = {r.project_name: r.reasons for r in response.context["rows"]}
    assert reasons["氢能装备产业园项目"][0] == "计划2025年3月开工，已过1个月仍未开工"


def test_a_bad_month_falls_back_to_the_latest_and_says_why(login, coordinator_user, board_world):
    response = page(login(coordinator_user), "?month=2025-13")
    assert response.context["as_of"] == date(2025, 6, 30)
    assert "月份应为YYYY-MM。" in response.content.decode()


def test_the_excel_export_rows_equal_the_page_rows(login, coordinator_user, board_world):
    client = login(coordinator_user)
    log = AuditLog()
    for query in ["?month=2025-06", "?month=2025-06&level=red", "?month=2025-06&kind=milestone", "?as_of=2025-05-15"]:
        shown = page(client, query).context
        response = client.get(f"/tracking/warnings.xlsx{query}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert sheet_rows(response) == [list(r) for r in export_rows(shown["red_rows"] + shown["yellow_rows"])]
    first = sheet_rows(client.get("/tracking/warnings.xlsx?month=2025-06"))[0]
    assert first[:5] == [1, "红色预警", "氢能装备产业园项目", "住建局", "未按期开工"]
    assert "计划2025年3月开工，已过3个月仍未开工" in first[5]
    assert "export.warnings" in [e.action for e in log.new()]


def sheet_rows(response) -> list[list]:
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    return [row for row in rows if any(v is not None for v in row)]


def test_a_kept_board_is_shown_for_its_month_until_asked_to_recompute(login, coordinator_user, board_world):
    client = login(coordinator_user)
    june = board_world["june"]
    response = client.post(f"/tracking/warnings/keep/{june.pk}/")
    assert response.status_code == 302 and response["Location"] == "/tracking/warnings/?month=2025-06"
    assert WarningSnapshot.objects.filter(period=june).count() == 3
    mine = board_world["mine"]
    mine.stage, mine.actual_start = Stage.CONSTRUCTION, date(2025, 6, 2)
    mine.save()
    kept = page(client, "?month=2025-06")
    assert kept.context["kept"] is not None and "2025-06调度期存档" in kept.content.decode()
    assert "氢能装备产业园项目" in listed(kept)["red"]
    live = page(client, "?month=2025-06&live=on")
    assert live.context["kept"] is None
    assert "氢能装备产业园项目" not in listed(live)["red"]


@pytest.mark.parametrize("role", ["owner", "department", "leader"])
def test_only_the_office_keeps_a_board_from_the_page(login, user_for, role, board_world):
    client = login(user_for(role))
    assert "/tracking/warnings/keep/" not in page(client, "?month=2025-06").content.decode()
    assert client.post(f"/tracking/warnings/keep/{board_world['june'].pk}/").status_code in (403, 404)
    assert not WarningSnapshot.objects.exists()
