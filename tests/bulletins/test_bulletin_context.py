"""The bulletin's figures and words, against the hand-computed values of the fixture (see conftest)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuijin.bulletins.context import amount_text, bulletin_context, paragraphs
from tuijin.dispatch.models import Problem, ProgressReport
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import ListMembership, Project

from .conftest import ISSUED_ON

pytestmark = pytest.mark.django_db

SUMMARY = ("1-4月，2025年区定“三十工程”5个项目完成投资8500万元，占年度计划的18.9%，慢于序时进度（33.3%）14.4个百分点；"
           "已开工4个，开工率80.0%。红色预警项目（落后序时进度30个百分点以上）1个，黄色预警项目（落后序时进度10至30个百分点）1个；"
           "尚有未解决问题2个，其中逾期1个。")


def context(world, programme="list", **kwargs):
    return bulletin_context(period=kwargs.pop("period", world.apr),
                            programme=world.programme if programme == "list" else programme,
                            requirements=kwargs.pop("requirements", "一、抓进度。\n\n二、抓问题。"),
                            number=kwargs.pop("number", 3), issued_on=kwargs.pop("issued_on", ISSUED_ON))


def test_totals_of_the_list(world):
    totals = context(world)["totals"]
    assert totals["count"] == 5
    assert totals["total_investment"] == Decimal(116000)
    assert totals["annual_plan"] == Decimal(45000)
    assert totals["completed"] == Decimal(8500)
    assert totals["rate_text"] == "18.9%"
    assert totals["gap"] == Decimal("14.4")
    assert (totals["started"], totals["not_started"], totals["started_rate_text"]) == (4, 1, "80.0%")
    assert totals["total_investment_words"] == "11.60亿元"


def test_summary_paragraph_in_the_seed_style(world):
    assert context(world)["summary"] == SUMMARY


def test_header_fields(world):
    ctx = context(world, number=3)
    assert ctx["title"] == "关于2025年1-4月区定“三十工程”推进情况的通报"
    assert ctx["number_text"] == "第3期"
    assert ctx["date_text"] == "2025年5月8日"
    assert ctx["office"] == "高新区重点项目建设指挥部办公室"
    assert ctx["time_text"] == "33.3%"
    assert ctx["cumulative"] == "1-4月"


def test_office_name_from_settings(world, settings):
    settings.TUIJIN_OFFICE_NAME = "示范区项目办"
    assert context(world)["office"] == "示范区项目办"


def test_table_by_category(world):
    rows = [(r["name"], r["count"], r["annual_plan"], r["completed"], r["rate_text"])
            for r in context(world)["by_category"]]
    assert rows == [("产业项目", 3, Decimal(35000), Decimal(7900), "22.6%"),
                    ("基础设施", 2, Decimal(10000), Decimal(600), "6.0%")]


def test_table_by_department_sorted_by_completion_rate(world):
    rows = [(r["no"], r["name"], r["count"], r["annual_plan"], r["completed"], r["rate_text"])
            for r in context(world)["by_department"]]
    assert rows == [(1, "经发局", 2, Decimal(15000), Decimal(5500), "36.7%"),
                    (2, "城管局", 1, Decimal(2000), Decimal(600), "30.0%"),
                    (3, "住建局", 2, Decimal(28000), Decimal(2400), "8.6%")]


def test_projects_not_started(world):
    assert context(world)["not_started"] == [{"no": 1, "name": "玉溪路小学建设项目", "planned_start": date(2025, 6, 1),
                                              "planned_start_text": "2025年6月", "department": "城管局",
                                              "leader": "副主任（城建）"}]


def test_started_is_reckoned_at_the_end_of_the_period(world):
    Project.objects.filter(pk=world.d.pk).update(stage=Stage.CONSTRUCTION, actual_start=date(2025, 5, 3))
    ctx = context(world)
    assert [r["name"] for r in ctx["not_started"]] == ["玉溪路小学建设项目"]
    assert ctx["totals"]["started"] == 4


def test_red_and_yellow_lists_with_reasons(world):
    ctx = context(world)
    assert [(r["name"], r["department"], r["leader"], r["reason"]) for r in ctx["red"]] == [
        ("紫荆大道改造工程", "住建局", "副主任（城建）", "完成率0.0%，落后序时进度33.3个百分点")]
    assert [(r["name"], r["reason"]) for r in ctx["yellow"]] == [
        ("澳特盛新材料项目", "完成率12.0%，落后序时进度21.3个百分点")]


def test_open_problems_overdue_first(world):
    rows = [(r["project"], r["kind"], r["department"], r["deadline_text"], r["overdue"], r["overdue_text"])
            for r in context(world)["problems"]]
    assert rows == [("紫荆大道改造工程", "用地", "住建局", "2025年4月20日", True, "是"),
                    ("澳特盛新材料项目", "水电气暖", "经发局", "2025年6月30日", False, "否")]
    assert context(world)["problems"][0]["description"] == "道路红线内征地手续未办结，影响路基施工"


def test_the_project_table_lists_every_project_by_category(world):
    ctx = context(world)
    assert [r["name"] for r in ctx["projects"]] == ["瑞庆混动发动机项目", "澳特盛新材料项目", "卓立膜材料扩产项目",
                                                    "紫荆大道改造工程", "玉溪路小学建设项目"]
    assert [(g["name"], g["count"]) for g in ctx["groups"]] == [("产业项目", 3), ("基础设施", 2)]
    first = ctx["projects"][0]
    assert (first["annual_plan_text"], first["completed_text"], first["rate_text"], first["progress_text"]) == (
        "10,000.00", "4,000.00", "40.0%", "主体厂房封顶，设备进场")
    assert ctx["projects"][3]["level_text"] == "红"


def test_requirements_split_on_blank_lines(world):
    ctx = context(world, requirements="一、抓进度，\n倒排工期。\n\n\n二、抓问题。\n  \n三、抓报送。")
    assert ctx["requirements"] == ["一、抓进度，倒排工期。", "二、抓问题。", "三、抓报送。"]
    assert paragraphs("") == []


def test_without_a_list_every_project_due_to_report_with_its_largest_plan(world):
    ctx = context(world, programme=None)
    totals = ctx["totals"]
    # A carries 12000 (its city-list plan, the larger); F joins from the city list; H (planning) and G (another
    # zone) stay out.
    assert totals["count"] == 6
    assert totals["annual_plan"] == Decimal(50000)
    assert totals["completed"] == Decimal(9500)
    assert ctx["summary"].startswith("1-4月，全区纳入调度的6个项目完成投资9500万元，占年度计划的19.0%，"
                                     "慢于序时进度（33.3%）14.3个百分点；已开工5个，开工率83.3%。")
    assert ctx["title"] == "关于2025年1-4月重点项目推进情况的通报"


def test_restricted_to_the_city_list_uses_its_plans(world):
    ctx = context(world, programme=world.city_list)
    assert ctx["totals"]["count"] == 2
    assert ctx["totals"]["annual_plan"] == Decimal(15000)
    assert ctx["totals"]["completed"] == Decimal(5000)


def test_ahead_and_level_with_time_progress(world):
    # Ahead: with E's April report counted and C's at 8900, 1-4月 = 8500 + 700 + 8900 = 18100 of 45000 = 40.2%.
    ProgressReport.objects.filter(project=world.e, period=world.apr).update(status=ProgressReport.Status.APPROVED)
    ProgressReport.objects.filter(project=world.c, period=world.apr).update(
        status=ProgressReport.Status.APPROVED, invest_month=Decimal(8900))
    summary = context(world)["summary"]
    assert "完成投资1.81亿元，占年度计划的40.2%，快于序时进度（33.3%）6.9个百分点；" in summary
    assert "。黄色预警项目（落后序时进度10至30个百分点）1个；" in summary  # no red project: not named
    # Level: exactly a third of the plan (8500 + 700 + 5800 = 15000).
    ProgressReport.objects.filter(project=world.c, period=world.apr).update(invest_month=Decimal(5800))
    assert "占年度计划的33.3%，与序时进度（33.3%）持平；" in context(world)["summary"]


def test_summary_without_warnings_or_problems(world):
    ListMembership.objects.filter(programme=world.programme).exclude(project__in=[world.a, world.e]).delete()
    Problem.objects.all().delete()
    summary = context(world)["summary"]
    assert summary == ("1-4月，2025年区定“三十工程”2个项目完成投资5500万元，占年度计划的36.7%，快于序时进度（33.3%）"
                       "3.3个百分点；已开工2个，开工率100.0%。无落后序时进度10个百分点以上的项目；无未解决问题。")


@pytest.mark.parametrize(("wan", "text"), [
    (Decimal("123456.7"), "12.35亿元"), (Decimal(10000), "1.00亿元"), (Decimal(8500), "8500万元"),
    (Decimal("3456.5"), "3456.5万元"), (Decimal("9999.996"), "10000万元"), (Decimal(0), "0万元"),
])
def test_amounts_in_prose(wan, text):
    assert amount_text(wan) == text


def test_a_fixed_number_of_queries_whatever_the_number_of_projects(world):
    with CaptureQueriesContext(connection) as small:
        context(world)
    for i in range(6):
        project = Project.objects.create(name=f"新增项目{i}", category=world.infra if i % 2 else world.industry,
                                         region=world.zone, lead_department=world.urban, leader=world.leader_urban,
                                         stage=Stage.CONSTRUCTION, total_investment=Decimal(1000))
        ListMembership.objects.create(programme=world.programme, project=project, annual_plan=Decimal(500))
        ProgressReport.objects.create(period=world.apr, project=project, invest_month=Decimal(100),
                                      status=ProgressReport.Status.APPROVED)
        Problem.objects.create(project=project, description="问题", department=world.urban)
    with CaptureQueriesContext(connection) as large:
        ctx = context(world)
    assert ctx["totals"]["count"] == 11
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_period_without_projects(world):
    from tuijin.dispatch.models import Period
    from tuijin.org.models import Region

    empty = Region.objects.create(name="空白园区", level=Region.Level.ZONE, parent=world.city)
    period = Period.objects.create(region=empty, year=2025, month=4, deadline=date(2025, 4, 28))
    ctx = context(world, programme=None, period=period)
    assert ctx["totals"]["count"] == 0
    assert ctx["projects"] == ctx["by_category"] == ctx["problems"] == []
    assert ctx["summary"].startswith("1-4月，全区纳入调度的0个项目完成投资0万元（年度计划投资未填报）")


def test_problems_without_a_deadline_come_last(world):
    Problem.objects.create(project=world.a, description="无时限的问题", department=world.economy)
    assert [r["description"] for r in context(world)["problems"]][-1] == "无时限的问题"
