from datetime import date

from tests.factories import LeaderFactory
from tuijin.briefs.sections_projects import key_figures, problems_section, projects_section
from tuijin.core import audit
from tuijin.tracking.warnings import evaluate, project_levels

from .conftest import AS_OF, SINCE

LEVEL_WORDS = {"red": "红色预警", "yellow": "黄色预警", None: "正常"}


def test_the_projects_section_shows_the_figures_the_dashboard_uses(portfolio, leader_person):
    section = projects_section(leader_person, as_of=AS_OF, since=None)
    assert section.title == "分管项目推进情况"
    assert section.columns == ["项目名称", "阶段", "年度计划（万元）", "1-4月完成（万元）", "完成率", "预警"]
    (row,) = section.rows
    assert row[:5] == ["紫荆大道建设工程", "在建", "1,000.00", "400.00", "40.0%"]
    level = project_levels(evaluate(as_of=AS_OF, region=leader_person.region)).get(portfolio.pk)
    assert row[5].startswith(LEVEL_WORDS[level])
    assert section.changes == []  # a first brief has nothing to compare with


def test_a_leader_without_projects_has_no_projects_section(zone):
    assert projects_section(LeaderFactory(region=zone), as_of=AS_OF, since=None) is None


def test_changes_since_the_last_brief_list_milestones_and_warnings_that_turned(portfolio, leader_person):
    lines = projects_section(leader_person, as_of=AS_OF, since=SINCE).changes
    assert "“紫荆大道建设工程”完成节点“主体完工”（2025年4月20日）" in lines
    then = project_levels(evaluate(as_of=SINCE, region=leader_person.region)).get(portfolio.pk)
    now = project_levels(evaluate(as_of=AS_OF, region=leader_person.region)).get(portfolio.pk)
    assert then != now, "the portfolio is meant to turn between the two dates"
    turned = [line for line in lines if "预警" in line]
    assert len(turned) == 1 and LEVEL_WORDS[now] in turned[0]


def test_stage_moves_recorded_since_the_last_brief_are_listed(portfolio, leader_person, coordinator_user):
    audit.record(actor=coordinator_user, action="project.stage", target=portfolio, project=portfolio,
                 changes={"stage": ["construction", "completed"]})
    today = date.today()
    lines = projects_section(leader_person, as_of=today, since=date(today.year, 1, 1) if today.month > 1 else
                             date(today.year - 1, 12, 1)).changes
    assert any(line.startswith("“紫荆大道建设工程”由在建转入建成投产") for line in lines)


def test_the_problems_section_lists_open_problems_overdue_first(portfolio, leader_person):
    section = problems_section(leader_person, as_of=AS_OF, since=None)
    assert section.rows == [["紫荆大道建设工程", "用地", "施工用电增容未落实", "住建局", "2025年4月15日", "逾期15天"]]
    assert section.changes == []


def test_problems_closed_since_the_last_brief_are_changes(portfolio, leader_person):
    section = problems_section(leader_person, as_of=AS_OF, since=SINCE)
    assert section.changes == ["已解决：“紫荆大道建设工程”临时占道审批（2025年4月10日）"]


def test_a_problem_closed_after_the_date_still_counts_as_open_then(portfolio, leader_person):
    section = problems_section(leader_person, as_of=date(2025, 4, 8), since=None)
    assert [(row[2], row[5]) for row in section.rows] == [("临时占道审批", "逾期3天"), ("施工用电增容未落实", "办理中")]


def test_no_problems_no_section(zone):
    assert problems_section(LeaderFactory(region=zone), as_of=AS_OF, since=SINCE) is None


def test_key_figures(portfolio, leader_person):
    figures = key_figures(leader_person, as_of=AS_OF)
    levels = project_levels(evaluate(as_of=AS_OF, region=leader_person.region))
    assert figures == {"projects": 1, "annual_plan": "1,000.00", "completed_ytd": "400.00", "task_progress": "40.0%",
                       "red": int(levels.get(portfolio.pk) == "red"), "yellow": int(levels.get(portfolio.pk) == "yellow"),
                       "open_problems": 1, "overdue_problems": 1}
