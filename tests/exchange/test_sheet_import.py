"""Importing dispatch sheets: matching, creating, the period's figure from 1-N月, totals cross-checked,
all or nothing, scope, and the export → import round trip."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import Workbook

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.dispatch.figures import with_period_figures
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.exchange.dispatch_sheet import dispatch_workbook
from tuijin.exchange.sheet_import import import_sheet
from tuijin.org.models import Department, Enterprise, Region, User
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Category, ListMembership, ProgrammeList, Project

YEAR = 2025
LIST_NAME = "2025年区定“三十工程”"


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["序号", "县区", "项目名称", "项目单位", "建设性质", "建设起止年限", "总投资", "2025年计划投资",
          "1-4月完成投资", "开工时间", "形象进度", "存在问题", "责任领导", "责任单位"]


def zone_sheet(*, ytd_b="0.12", total_row=("1.9", "0.75", "0.27"), bad_total=None, month=4) -> bytes:
    """A city-style sheet in 亿元 with a title, a note, two categories and a 合计 row."""
    header = [f"1-{month}月完成投资" if h == "1-4月完成投资" else h for h in HEADER]
    return workbook_bytes([
        ["2025年区定“三十工程”推进情况表"],
        [f"填报单位：高新区项目办　　截至2025年{month}月底　　单位：亿元"],
        header,
        [None, None, "合计", None, None, None, *total_row, None, None, None, None, None],
        ["一、产业项目（2个）"],
        [1, "高新区", "甲新材料项目", "甲材料有限公司", "新建", "2024-2026", bad_total or "1.2", "0.5", "0.15",
         "2024.06", "主体施工", "用电增容待批", "副主任（工业）", "经发局"],
        [2, "修武县", "乙装备项目", "乙装备有限公司", "扩建", "2025-2026", "0.4", "0.15", ytd_b, "未开工",
         "办理施工许可", "无", "副主任（工业）", "经发局"],
        ["二、基础设施项目（1个）"],
        [3, "高新区", "丙路桥工程", "城投公司", "新建", "2025-2025", "0.3", "0.1", "0", None, "设计招标", "—",
         "副主任（城建）", "住建局"],
    ])


@pytest.fixture
def zone(db, settings):
    settings.MEDIA_ROOT = "/tmp/tuijin-test-media"
    city = Region.objects.create(name="焦作市", level=Region.Level.CITY)
    home = Region.objects.create(name="高新区", level=Region.Level.ZONE, parent=city)
    sibling = Region.objects.create(name="示范区", level=Region.Level.ZONE, parent=city)
    Category.objects.create(name="产业项目", order=0)
    Category.objects.create(name="基础设施项目", order=1)
    Department.objects.create(name="经济发展局", short_name="经发局", region=home)
    coordinator = User.objects.create(username="coordinator", role=Role.COORDINATOR, region=home)
    programme = ProgrammeList.objects.create(name=LIST_NAME, year=YEAR, level="district", region=home)
    march = Period.objects.create(region=home, year=YEAR, month=3, deadline=date(YEAR, 4, 5))
    april = Period.objects.create(region=home, year=YEAR, month=4, deadline=date(YEAR, 5, 5))
    return {"home": home, "sibling": sibling, "coordinator": coordinator, "programme": programme, "march": march,
            "april": april, "city": city}


def run(zone, content, **kwargs):
    kwargs.setdefault("period", zone["april"])
    kwargs.setdefault("programme", zone["programme"])
    return import_sheet(actor=zone["coordinator"], file=BytesIO(content), **kwargs)


def test_a_new_sheet_creates_projects_in_wan_with_their_reports(zone):
    result = run(zone, zone_sheet())
    assert result.errors == []
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    project = Project.objects.get(name="甲新材料项目")
    assert project.total_investment == Decimal("12000")  # 1.2亿元
    assert project.owner.name == "甲材料有限公司"
    assert project.lead_department.short_name == "经发局"
    assert project.leader.name == "副主任（工业）"
    assert project.stage == Stage.CONSTRUCTION and project.actual_start == date(2024, 6, 1)
    assert ListMembership.objects.get(project=project, programme=zone["programme"]).annual_plan == Decimal("5000")
    report = ProgressReport.objects.get(project=project, period=zone["april"])
    assert report.invest_month == Decimal("1500") and report.status == ProgressReport.Status.APPROVED
    assert report.progress_text == "主体施工"
    assert Problem.objects.filter(project=project, description="用电增容待批").exists()
    assert not Problem.objects.filter(project__name="乙装备项目").exists()  # 无 is no problem
    # 修武县 was not known: created under the importer's region and named in the summary.
    assert result.new_regions == ["修武县"]
    assert Region.objects.get(name="修武县").parent == zone["home"]
    assert Project.objects.get(name="乙装备项目").region.name == "修武县"
    assert "住建局" in result.new_departments
    assert all(check["ok"] for check in result.checks) and len(result.checks) >= 3
    assert AuditEvent.objects.filter(action="report.import").count() == 3


def test_the_month_is_the_year_to_date_less_earlier_periods(zone):
    assert run(zone, zone_sheet(month=3), period=zone["march"]).errors == []
    zone["march"].status = Period.Status.CLOSED
    zone["march"].save()
    # 1-4月 for 乙 says 0.24亿 where 1-3月 said 0.12亿: April's own figure is 0.12亿 = 1200万; 甲 did nothing.
    result = run(zone, zone_sheet(ytd_b="0.24", total_row=("1.9", "0.75", "0.39")))
    assert result.errors == []
    assert ProgressReport.objects.get(project__name="乙装备项目", period=zone["april"]).invest_month == Decimal(1200)
    assert ProgressReport.objects.get(project__name="甲新材料项目", period=zone["april"]).invest_month == Decimal(0)


def test_a_header_for_another_month_is_refused(zone):
    result = run(zone, zone_sheet(month=3))
    assert any("1-3月" in e["message"] and "2025-04" in e["message"] for e in result.errors)
    assert Project.objects.count() == 0


def test_a_year_to_date_below_earlier_periods_is_refused(zone):
    assert run(zone, zone_sheet(month=3), period=zone["march"]).errors == []
    zone["march"].status = Period.Status.CLOSED
    zone["march"].save()
    result = run(zone, zone_sheet(ytd_b="0.01", total_row=("1.9", "0.75", "0.16")))
    assert any(e["column"] == "1-4月完成投资" and "小于以前各期" in e["message"] for e in result.errors)


def test_one_bad_row_saves_nothing_and_names_row_and_column(zone):
    projects, reports, events = Project.objects.count(), ProgressReport.objects.count(), AuditEvent.objects.count()
    result = run(zone, zone_sheet(bad_total="十二万"))
    assert result.errors
    error = result.errors[0]
    assert error["row"] == 6 and error["column"] == "总投资" and "十二万" in error["message"]
    assert (Project.objects.count(), ProgressReport.objects.count()) == (projects, reports)
    assert AuditEvent.objects.count() == events
    assert not Region.objects.filter(name="修武县").exists()


def test_a_dry_run_counts_exactly_and_writes_nothing(zone):
    result = run(zone, zone_sheet(), dry_run=True)
    assert (result.created, result.updated, result.errors) == (3, 0, [])
    assert Project.objects.count() == 0 and ProgressReport.objects.count() == 0


def test_totals_that_disagree_are_reported_with_both_figures(zone):
    result = run(zone, zone_sheet(total_row=("2.0", "0.75", "0.27")), dry_run=True)
    wrong = [c for c in result.checks if not c["ok"]]
    assert len(wrong) == 1
    assert wrong[0]["sheet"] == Decimal("20000") and wrong[0]["rows"] == Decimal("19000")


def test_rows_are_matched_by_code_then_by_name(zone):
    existing = Project.objects.create(name="甲 新材料项目", category=Category.objects.first(), region=zone["home"],
                                      total_investment=Decimal(1))
    result = run(zone, zone_sheet())
    assert result.errors == [] and (result.created, result.updated) == (2, 1)
    existing.refresh_from_db()
    assert existing.total_investment == Decimal("12000")


def test_a_row_naming_a_project_outside_the_scope_changes_nothing(zone):
    outside = Project.objects.create(name="示范区项目", code="2025-410871-36-03-000001", region=zone["sibling"],
                                     category=Category.objects.first(), total_investment=Decimal(5))
    content = workbook_bytes([HEADER[:7] + ["项目代码"],
                              [1, "高新区", "示范区项目", "某公司", "新建", "2025-2026", "9", "2025-410871-36-03-000001"]])
    result = run(zone, content, programme=None, period=None)
    assert result.errors and "管辖范围" in result.errors[0]["message"]
    outside.refresh_from_db()
    assert outside.total_investment == Decimal(5)


def test_only_the_project_office_imports(zone):
    department_user = User.objects.create(username="dept", role=Role.DEPARTMENT,
                                          department=Department.objects.first())
    with pytest.raises(PermissionDenied):
        import_sheet(actor=department_user, file=BytesIO(zone_sheet()), period=zone["april"])


def test_a_closed_period_is_refused(zone):
    zone["april"].status = Period.Status.CLOSED
    zone["april"].save()
    result = run(zone, zone_sheet())
    assert any("已关闭" in e["message"] for e in result.errors)
    assert Project.objects.count() == 0


def test_not_excel_is_a_clear_error(zone):
    result = run(zone, b"name,total\nA,1\n")
    assert result.errors and result.errors[0]["row"] == 0 and "xlsx" in result.errors[0]["message"].lower()


def test_export_then_import_gives_back_the_same_figures(zone):
    run(zone, zone_sheet())
    before = {p.name: (p.completed_ytd, p.invest_month, p.completed_since_start)
              for p in with_period_figures(Project.objects.all(), zone["april"])}
    exported = dispatch_workbook(zone["april"], zone["programme"])
    result = run(zone, exported)
    assert result.errors == [] and (result.created, result.updated) == (0, 3)
    assert all(check["ok"] for check in result.checks)
    after = {p.name: (p.completed_ytd, p.invest_month, p.completed_since_start)
             for p in with_period_figures(Project.objects.all(), zone["april"])}
    assert after == before
    assert sum(v[0] for v in after.values()) == Decimal("2700")


def test_the_command_prints_one_json_object_and_fails_on_errors(zone, tmp_path, capsys):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(zone_sheet())
    bad.write_bytes(zone_sheet(bad_total="abc"))
    call_command("import-sheet", str(good), "--period", "2025-04", "--list", LIST_NAME, "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["rows"] == 3 and data["created"] == 3 and data["errors"] == [] and data["unit"] == "万元"
    assert data["totals"]["total_investment"] == 19000.0
    assert {"what", "sheet", "rows", "ok"} <= set(data["checks"][0])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import-sheet", str(bad), "--period", "2025-04", "--json")
    assert exit_info.value.code == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["row"] == 6


def test_upload_preview_confirm_in_the_browser(zone, client):
    client.force_login(zone["coordinator"])
    url = f"/dispatch/{zone['april'].pk}/import/"
    upload = BytesIO(zone_sheet())
    upload.name = "sheet.xlsx"
    page = client.post(url, {"file": upload, "programme": zone["programme"].pk})
    assert page.status_code == 200 and Project.objects.count() == 0
    token = page.context["token"]
    assert page.context["result"].created == 3
    assert "确认导入" in page.content.decode()
    done = client.post(url, {"token": token})
    assert done.status_code == 302 and Project.objects.count() == 3
    # The token is spent: posting it again changes nothing.
    again = client.post(url, {"token": token})
    assert again.status_code == 302 and Project.objects.count() == 3


def test_the_import_page_is_for_the_project_office(zone, client):
    leader = User.objects.create(username="leader", role=Role.LEADER, region=zone["home"])
    client.force_login(leader)
    assert client.get(f"/dispatch/{zone['april'].pk}/import/").status_code == 403


def test_a_sheet_that_gives_dates_to_the_month_or_year_keeps_finer_stored_dates(zone):
    assert run(zone, zone_sheet()).errors == []
    project = Project.objects.get(name="甲新材料项目")  # the sheet says 2024-2026
    Project.objects.filter(pk=project.pk).update(planned_start=date(2024, 3, 18), planned_end=date(2026, 9, 30))
    again = run(zone, zone_sheet())
    assert again.errors == []
    project.refresh_from_db()
    assert (project.planned_start, project.planned_end) == (date(2024, 3, 18), date(2026, 9, 30))
    assert not AuditEvent.objects.filter(action="project.update", project=project,
                                         changes__has_key="planned_end").exists()


@pytest.mark.parametrize(("years", "start", "end"), [
    ("2024.03-2026.09", date(2024, 3, 18), date(2026, 9, 30)),   # the same months: finer dates kept
    ("2024.04-2026.10", date(2024, 4, 1), date(2026, 10, 1)),    # other months: the sheet wins
    ("2024.3.1-2026.9.1", date(2024, 3, 1), date(2026, 9, 1)),   # days given: the sheet wins
    ("2023-2027", date(2023, 1, 1), date(2027, 12, 31)),          # other years
])
def test_a_coarser_date_is_no_change_but_a_different_one_is(zone, years, start, end):
    assert run(zone, zone_sheet()).errors == []
    project = Project.objects.get(name="甲新材料项目")
    Project.objects.filter(pk=project.pk).update(planned_start=date(2024, 3, 18), planned_end=date(2026, 9, 30))
    sheet = workbook_bytes([["序号", "项目名称", "建设起止年限"], [1, "甲新材料项目", years]])
    assert run(zone, sheet, period=None, programme=None).errors == []
    project.refresh_from_db()
    assert (project.planned_start, project.planned_end) == (start, end)


# The import records every row's figures together, after the rows' projects (one read of the other reports, one
# write of the reports and their trail): the outcome must be what recording them row by row gave — opening
# balances fixed by the first row that states them, a project named twice, errors in the sheet's order.

SINCE_HEADER = ["序号", "项目名称", "项目单位", "建设性质", "总投资", "1-4月完成投资", "开工以来累计完成投资", "开工时间"]


def since_sheet(*rows) -> bytes:
    return workbook_bytes([["单位：万元"], SINCE_HEADER, *[[i, *row] for i, row in enumerate(rows, 1)]])


@pytest.mark.parametrize("batch", [1, 2000])  # rows of one project in one batch of figures, or in two
def test_the_first_row_stating_since_start_fixes_the_opening_balance_and_a_repeat_is_checked_against_it(
        zone, batch, monkeypatch):
    monkeypatch.setattr("tuijin.exchange.sheet_import.FIGURE_BATCH", batch)
    result = run(zone, since_sheet(["甲新材料项目", "甲材料有限公司", "新建", 9000, 100, 500, "2024.06"],
                                   ["甲新材料项目", "甲材料有限公司", "新建", 9000, 120, 520, "2024.06"]),
                 programme=None)
    assert result.errors == []
    project = Project.objects.get(name="甲新材料项目")
    assert project.completed_before_tracking == Decimal(400)  # 500 − April's 100, fixed by the first row
    assert ProgressReport.objects.get(project=project, period=zone["april"]).invest_month == Decimal(120)

    result = run(zone, since_sheet(["甲新材料项目", "甲材料有限公司", "新建", 9000, 100, 500, "2024.06"],
                                   ["甲新材料项目", "甲材料有限公司", "新建", 9000, 120, 600, "2024.06"]),
                 programme=None)
    # the first row agrees with the stored opening balance (400 + 100); the second does not (400 + 120 ≠ 600)
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "开工以来累计完成投资")]
    assert "与系统推算的 520.00 万元不一致" in result.errors[0]["message"]


def test_errors_come_in_the_sheet_order_whichever_step_found_them(zone):
    assert run(zone, zone_sheet(month=3), period=zone["march"]).errors == []
    Period.objects.filter(pk=zone["march"].pk).update(status=Period.Status.CLOSED)
    sheet = since_sheet(["甲新材料项目", "甲材料有限公司", "新建", 12000, 1, None, "2024.06"],   # below 1-3月
                        ["乙装备项目", "乙装备有限公司", "胡乱写", 4000, 1200, None, None],         # unknown 建设性质
                        ["丙路桥工程", "城投公司", "新建", 3000, -5, None, None])              # below 1-3月 (0)
    result = run(zone, sheet, dry_run=True, programme=None)
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (3, "1-4月完成投资"), (4, "建设性质"), (5, "1-4月完成投资")]
    assert result.preview == []  # every row failed: none is shown as imported


@pytest.mark.parametrize("owned_by", ["first", "namesake"])
def test_a_reimport_keeps_the_owner_among_enterprises_of_the_same_name(zone, owned_by):
    assert run(zone, zone_sheet(month=3), period=zone["march"]).errors == []
    project = Project.objects.get(name="甲新材料项目")
    park = Region.objects.create(name="产业园", level=Region.Level.ZONE, parent=zone["home"])
    namesake = Enterprise.objects.create(name="甲材料有限公司", region=park)  # a namesake in a region below
    owner = namesake if owned_by == "namesake" else project.owner
    # Whichever the office chose stays. (The trail compares enterprises by name, so even a move between
    # namesakes would leave no event; the importer does not try one: it prefers the project's own.)
    Project.objects.filter(pk=project.pk).update(owner=owner)
    updates = AuditEvent.objects.filter(action="project.update").count()
    assert run(zone, zone_sheet(month=3), period=zone["march"]).errors == []
    project.refresh_from_db()
    assert project.owner == owner
    assert AuditEvent.objects.filter(action="project.update").count() == updates


NEW_ROWS_HEADER = ["序号", "项目名称", "项目代码", "项目单位", "建设起止年限", "总投资", "1-4月完成投资", "存在问题",
                   "责任领导", "责任单位"]


def new_rows_sheet(*rows) -> bytes:
    return workbook_bytes([["单位：万元"], NEW_ROWS_HEADER, *[[i, *row] for i, row in enumerate(rows, 1)]])


def _outcome_of(zone, content, **kwargs):
    """What an import leaves: its result and every project, plan and event it wrote, then rolled back."""
    from django.db import transaction

    from tuijin.projects.models import Milestone, Preparation

    skip = {"id", "created_at", "updated_at"}
    with transaction.atomic():
        result = run(zone, content, programme=None, **kwargs)
        # related records by name: ids differ between runs on PostgreSQL, whose sequences do not roll back
        projects = [(p.name, {f.name: str(getattr(p, f.name)) if f.is_relation else getattr(p, f.name)
                              for f in Project._meta.concrete_fields if f.name not in skip},
                     list(Milestone.objects.filter(project=p).values_list("order", "name", "status")),
                     sorted(Preparation.objects.filter(project=p).values_list("item", "status")),
                     sorted((e.action, json.dumps(e.changes, sort_keys=True), e.reason, e.target_label)
                            for e in AuditEvent.objects.filter(project=p)))
                    for p in Project.objects.order_by("name")]
        transaction.set_rollback(True)
    summary = (result.rows, result.created, result.updated, result.errors, result.preview, result.notes,
               result.new_departments, result.new_regions)
    return summary, projects


@pytest.mark.parametrize("batch", [1, 2, 500])
def test_new_projects_created_in_batches_are_what_one_at_a_time_creates(zone, batch, monkeypatch):
    """Rows that only create a project (with its team, to 待开工) are created together; the result, the projects,
    their plans and their trail are what the one-project services leave, whatever the batch size — rows that
    name a project an earlier row creates, rows that must start or raise a problem, and refused rows included."""
    sheet = new_rows_sheet(
        ["新建一号项目", "", "甲材料有限公司", "2026-2027", 5000, None, "无", "副主任（工业）", "经发局"],
        ["新建二号项目", "2025-410871-36-03-012345", "新企业有限公司", "2026-2028", 3000, 0, "", "", "新设局"],
        ["新建一号项目", "", "甲材料有限公司", "2026-2027", 5200, None, "无", "", ""],  # names row 1's project
        ["新建三号项目", "", "", "2026-2027", 800, None, "用地未落实", "副主任（城建）", "经发局"],
        ["新建四号项目", "2025-410871-36-03-012345", "", "", 900, None, "", "", ""],  # row 2's code
        ["新建五号项目", "", "", "2026-2027", 700, None, "", "", "经发局"])
    monkeypatch.setattr("tuijin.exchange.sheet_import.NEW_BATCH", batch)
    batched = _outcome_of(zone, sheet)
    monkeypatch.setattr("tuijin.exchange.sheet_import._Importer._only_creates", lambda self, values: False)
    one_at_a_time = _outcome_of(zone, sheet)
    assert batched == one_at_a_time
    summary, projects = batched
    assert summary[:4] == (6, 4, 2, [])
    assert [name for name, *_rest in projects] == ["新建一号项目", "新建三号项目", "新建二号项目", "新建五号项目"]
    one = projects[0][1]
    assert one["stage"] == Stage.PENDING and one["total_investment"] == Decimal(5200)
    assert [action for action, *_rest in projects[0][4]] == [
        "project.create", "project.stage", "project.team", "project.update"]


@pytest.mark.parametrize("batched", [True, False])
def test_a_refused_new_row_leaves_nothing_it_would_have_created(zone, batched, monkeypatch):
    if not batched:
        monkeypatch.setattr("tuijin.exchange.sheet_import._Importer._only_creates", lambda self, values: False)
    sheet = new_rows_sheet(
        ["好项目", "", "", "2026-2027", 5000, None, "", "", ""],
        ["坏项目" * 120, "", "", "2026-2027", 5000, None, "", "", "从没见过的局"])  # name too long
    result = run(zone, sheet, dry_run=True, programme=None)
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "项目名称")]
    assert (result.created, result.new_departments) == (1, [])  # the refused row's department: not made
    assert [entry["row"] for entry in result.preview] == [3]


def test_a_new_project_its_batch_refuses_is_reported_on_its_row_and_the_others_are_created(zone, monkeypatch):
    """Rows are checked as they come, so a batch refuses one only if something changed in between: simulated
    here by skipping the row-time check. The refused row is reported, the rest of its batch created, and its
    figures are not recorded."""
    monkeypatch.setattr("tuijin.exchange.sheet_import.project_services.check_new_project", lambda **kwargs: None)
    sheet = new_rows_sheet(
        ["先建项目", "", "", "2026-2027", 500, 0, "", "", ""],
        ["坏项目" * 120, "", "", "2026-2027", 500, 0, "", "", ""],
        ["后建项目", "", "", "2026-2027", 600, 0, "", "", ""])
    result = run(zone, sheet, dry_run=True, programme=None)  # (a figure left for the refused row would fail)
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "项目名称")]
    assert result.created == 2 and [entry["row"] for entry in result.preview] == [3, 5]

    monkeypatch.setattr("tuijin.exchange.sheet_import.project_services.projects_create",
                        lambda **kwargs: (_ for _ in ()).throw(PermissionDenied("不能新建项目。")))
    result = run(zone, sheet, dry_run=True, programme=None)
    assert [(e["row"], e["message"]) for e in result.errors] == [(3, "不能新建项目。"), (4, "不能新建项目。"),
                                                                 (5, "不能新建项目。")]
    assert result.created == 0 and result.preview == []


def test_what_a_refused_row_created_is_forgotten_with_its_savepoint(zone):
    """A row refused after it created a department (here: its start date is in the future) takes the department
    back with its savepoint; the summary does not list it, and a later row naming it creates it afresh."""
    def row(seq, name, start, department):
        return [seq, "高新区", name, "", "新建", "2025-2026", "0.2", None, None, start, "", "", "", department]

    refused_alone = workbook_bytes([["单位：亿元"], HEADER, row(1, "将来开工项目", "2099.01.01", "新设的局"),
                                    row(2, "普通项目", None, "")])
    result = run(zone, refused_alone, dry_run=True, programme=None, period=None)
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "开工时间")]
    assert result.new_departments == []

    named_again = workbook_bytes([["单位：亿元"], HEADER, row(1, "将来开工项目", "2099.01.01", "新设的局"),
                                  row(2, "普通项目", None, "新设的局")])
    result = run(zone, named_again, dry_run=True, programme=None, period=None)
    assert [e["row"] for e in result.errors] == [3]
    assert (result.created, result.new_departments) == (1, ["新设的局"])
