"""The product driven in a real browser, one journey per test, as each role does its work on the demo zone."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

ROAD = "紫荆大道（东延）建设工程"  # the demo owner's project, led by 住建局 (the demo department)


@pytest.mark.parametrize(("username", "lands_on", "menu"), [
    ("owner", "/projects/", "调度填报"),
    ("department", "/projects/", "存在问题"),
    ("coordinator", "/projects/", "调度通报"),
    ("leader", "/dashboard/", "红黄榜"),
    ("auditor", "/admin/", None),
    ("admin", "/admin/", None),
])
def test_each_role_logs_in_to_its_own_start(open_session, username, lands_on, menu):
    page = open_session(username).page
    assert page.url.endswith(lands_on) or lands_on in page.url
    if menu:
        expect(page.locator("nav.navbar")).to_contain_text(menu)
    else:
        expect(page.locator("body")).not_to_contain_text("项目储备库")


def test_a_wrong_password_is_refused_in_chinese(open_session):
    session = open_session()
    page = session.login("owner", "not-the-password-1")
    assert "/accounts/login/" in page.url
    expect(page.locator("body")).to_contain_text("用户名或密码")


def test_the_registry_filters_without_reloading(open_session):
    page = open_session("coordinator").go("/projects/")
    total = page.locator("text=/共 \\d+ 个项目/").inner_text()
    page.select_option("#id_stage", "construction")
    expect(page.locator("#results")).not_to_contain_text(total)
    assert "stage=construction" in page.url  # the filter is in the address, so it can be shared
    rows = page.locator("#results tbody tr")
    assert rows.count() > 0
    for text in rows.all_inner_texts():
        assert "在建" in text


def test_a_project_is_created_after_fixing_a_mistake_and_moved_through_stages(open_session):
    page = open_session("coordinator").go("/projects/new/")
    page.fill("#id_name", "浏览器测试智能装备产业园项目")
    page.select_option("#id_category", index=1)
    page.fill("#id_total_investment", "50000")
    page.fill("#id_invest_self", "60000")  # more than the total: refused
    page.fill("#id_planned_start", "2025-03-01")
    page.fill("#id_planned_end", "2026-12-31")
    page.locator("form button.btn-primary").last.click()
    expect(page.locator("body")).to_contain_text("超过总投资")
    page.fill("#id_invest_self", "40000")
    page.locator("form button.btn-primary").last.click()
    expect(page.locator("h1")).to_contain_text("浏览器测试智能装备产业园项目")
    assert re.search(r"/projects/\d+/$", page.url)

    def move(stage: str, **fields):
        page.select_option("#id_to_stage", stage)
        for name, value in fields.items():
            page.fill(f"#id_{name}", value)
        page.get_by_role("button", name="确认变更").click()
        page.wait_for_load_state()

    move("promotion")
    move("pending")  # no signing date: the guard explains
    expect(page.locator("body")).to_contain_text("须填写签约日期")
    move("pending", signed_on="2025-04-01")
    move("construction", actual_start="2025-05-06")
    expect(page.locator("body")).to_contain_text("在建")
    page.click("text=历史状态") if page.locator("text=历史状态").count() else None


def test_a_report_is_returned_revised_and_approved(open_session):
    department = open_session("department")
    review = department.go("/dispatch/")
    review.click("tr:has-text('2025-06') >> text=去填报")
    review.click(f"tr:has-text('{ROAD}') >> text=查看/填报")
    report_url = review.url
    review.fill("input[name=return_reason]", "本期完成投资与监理月报不符，请核实后重报")
    review.get_by_role("button", name="退回").click()
    expect(review.locator("body")).to_contain_text("已退回")

    owner = open_session("owner")
    page = owner.go(report_url.replace(owner.base, ""))
    expect(page.locator("body")).to_contain_text("本期完成投资与监理月报不符")
    owner.shot("report-form")
    page.fill("#id_invest_month", "3100")
    page.fill("#id_progress_text", "路基施工完成80%，雨污管网同步推进。")
    page.click("button[name=submit]")
    expect(page.locator("body")).to_contain_text("已报送")

    review.goto(report_url)
    review.get_by_role("button", name="审核通过").click()
    expect(review.locator("body")).to_contain_text("已审核")


def test_the_office_opens_a_period(open_session):
    page = open_session("coordinator").go("/dispatch/")
    page.fill("#id_month", "2025-07")
    page.fill("#id_deadline", "2025-08-05")
    page.get_by_role("button", name="开启").click()
    expect(page.locator("h1, .h4, nav[aria-label=breadcrumb]").first).to_contain_text("2025-07")


def test_a_sheet_is_uploaded_previewed_and_confirmed(open_session, tmp_path):
    session = open_session("coordinator")
    page = session.go("/dispatch/")
    page.click("tr:has-text('2025-06') >> text=去填报")
    board = page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="导出调度表").click()
    sheet = tmp_path / "sheet.xlsx"
    download.value.save_as(sheet)

    page.goto(board.rstrip("/") + "/import/")
    page.set_input_files("input[type=file]", str(sheet))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("body")).to_contain_text("确认导入")
    session.shot("import-preview")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("body")).to_contain_text("导入")
    assert "/import/" not in page.url or page.locator(".alert-success").count()


def test_a_bulletin_is_issued_and_downloaded(open_session):
    page = open_session("coordinator").go("/bulletins/")
    page.click("tr:has-text('2025-05') >> text=查看")
    page.on("dialog", lambda dialog: dialog.accept())  # 印发后不能修改，确定印发？
    page.click("button[value=issue]")
    link = page.locator("a:has-text('下载')").first
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx")


def test_a_dashboard_number_leads_to_its_projects(open_session):
    session = open_session("leader")
    page = session.go("/dashboard/")
    session.shot("dashboard")
    link = page.locator("a[href*='/dashboard/projects/']").first
    link.click()
    expect(page.locator("table")).to_be_visible()
    assert page.locator("tbody tr").count() > 0


@pytest.mark.parametrize(("name", "username", "path"), [
    ("registry", "coordinator", "/projects/"),
    ("dashboard", "leader", "/dashboard/"),
    ("warnings", "coordinator", "/tracking/warnings/"),
    ("dispatch", "owner", "/dispatch/"),
    ("problems", "department", "/dispatch/problems/"),
])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_main_pages_fit_desktop_and_phone(open_session, name, username, path, width):
    session = open_session(username, DESKTOP if width == "desktop" else PHONE)
    page = session.go(path)
    expect(page.locator("h1").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than a {width} screen"
    session.shot(f"{name}-{width}")


def test_a_tour_is_planned_and_scored_on_a_phone(open_session):
    coordinator = open_session("coordinator")
    page = coordinator.go("/tours/new/")
    page.fill("#id_title", "浏览器测试：二季度项目观摩")
    page.fill("#id_held_on", "2025-06-20")
    page.get_by_role("button", name="保存").click()
    tour_url = page.url
    page.select_option("#id_s-0-project", label="山阳路桥建设工程")
    page.fill("#id_s-1-site", "金沙社区")
    page.get_by_role("button", name="保存观摩点").click()
    page.get_by_label("管委会主任（领导）").check()
    page.get_by_role("button", name="保存观摩人员").click()
    expect(page.locator(".alert").first).to_contain_text("已保存")

    phone = open_session("leader", PHONE)
    score = phone.go(tour_url.replace(phone.base, "") + "score/")
    marks = score.locator("form input[name^='c']:not([name=csrfmiddlewaretoken])")
    assert marks.count() == 4
    for i, value in enumerate(["40", "26", "22", "15"]):  # 40 is over 项目规模's 25 points: refused
        marks.nth(i).fill(value)
    score.get_by_role("button", name="保存本站评分").click()
    expect(score.locator("body")).to_contain_text("项目规模")
    assert score.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.shot("tour-score-phone")
    marks.nth(0).fill("23")
    score.get_by_role("button", name="保存本站评分").click()
    expect(score.locator("body")).to_contain_text("合计 86.0 分")
    score.get_by_role("link", name="下一站").click()
    expect(score.locator("body")).to_contain_text("金沙社区")
    for i, value in enumerate(["20", "25", "21", "16"]):
        marks.nth(i).fill(value)
    score.get_by_role("button", name="保存本站评分").click()
    expect(score.locator("body")).to_contain_text("合计 82.0 分")

    results = coordinator.go(tour_url.replace(coordinator.base, ""))
    expect(results.locator("body")).to_contain_text("86")  # 23 + 26 + 22 + 15 for 山阳路桥
    expect(results.locator("body")).to_contain_text("82")  # 20 + 25 + 21 + 16 for 金沙社区
