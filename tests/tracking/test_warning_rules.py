"""Each default warning rule on hand-built data, at its boundaries (tuijin/tracking/warnings.py, rules.py).

序时进度 is reckoned by months: 30 June 2025 = 50%. Evaluations are for the zone of the shared cast."""

from datetime import date

import pytest

from tuijin.core.loop import Escalation, LoopStatus
from tuijin.dispatch.models import ProgressReport
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Milestone
from tuijin.tracking.models import WarningRule
from tuijin.tracking.warnings import board, evaluate, months_late, owed_periods, project_levels, start_cutoff

from .builders import JUNE_30, D, of, one

pytestmark = pytest.mark.django_db


def warnings_on(zone, as_of=JUNE_30):
    return evaluate(as_of=as_of, region=zone)


# --- the defaults ------------------------------------------------------------------------------------------

def test_the_defaults_are_stored_by_the_data_migration_each_with_a_sentence():
    rules = {r.kind: r for r in WarningRule.objects.all()}
    assert {k: (r.yellow, r.red, r.enabled) for k, r in rules.items()} == {
        "start": (D(0), D(3), True), "progress": (D(10), D(30), True), "milestone": (D(0), D(30), True),
        "report": (D(1), D(2), True), "problem": (D(0), D(Escalation.PRINCIPAL), True), "funds": (D(0), None, True)}
    assert "主要领导" in rules["problem"].explanation
    assert "10至30个百分点" in rules["progress"].explanation
    assert all(r.explanation.endswith("。") for r in rules.values())


# --- start -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("planned", "as_of", "level", "reason"), [
    (date(2025, 3, 1), date(2025, 6, 30), "red", "计划2025年3月开工，已过3个月仍未开工"),
    (date(2025, 3, 20), date(2025, 6, 29), "yellow", "计划2025年3月开工，已过2个月仍未开工"),
    (date(2025, 3, 31), date(2025, 4, 15), "yellow", "计划2025年3月开工，已过15天仍未开工"),
    (date(2025, 6, 1), date(2025, 6, 30), "yellow", "计划2025年6月开工，至月末仍未开工"),
    (date(2025, 6, 1), date(2025, 6, 29), None, None),
    (date(2025, 7, 1), date(2025, 6, 30), None, None),
    (date(2023, 3, 1), date(2025, 6, 30), "red", "计划2023年3月开工，已过27个月仍未开工"),
])
def test_start_the_planned_month_over_is_yellow_three_whole_months_red(build, zone, planned, as_of, level, reason):
    project = build.project("未开工项目", stage=Stage.PENDING, planned_start=planned, plan=1000)
    found = of(warnings_on(zone, as_of), project, "start")
    if level is None:
        assert found == []
    else:
        assert [(w.level, w.rule, w.reason) for w in found] == [(level, "未按期开工", reason)]


def test_start_counts_whole_months_from_the_day_after_the_month():
    assert months_late(date(2025, 3, 15), date(2025, 6, 30)) == (3, 91)
    assert months_late(date(2025, 3, 15), date(2025, 6, 29)) == (2, 90)
    assert months_late(date(2025, 3, 15), date(2025, 3, 31)) == (0, 0)
    assert start_cutoff(date(2025, 6, 30), D(3)) == date(2025, 4, 1)  # March is 3 months late, April is not
    assert start_cutoff(date(2025, 6, 29), D(3)) == date(2025, 3, 1)
    assert start_cutoff(date(2025, 2, 28), D(0)) == date(2025, 3, 1)  # leap-less February's last day


def test_start_is_read_as_of_the_date(build, zone):
    """Started on 10 May: as of 30 April it was still two whole months late (planned February)."""
    project = build.project("五月开工项目", start=date(2025, 5, 10), planned_start=date(2025, 2, 1), plan=1000)
    assert one(warnings_on(zone, date(2025, 4, 30)), project, "start").reason == "计划2025年2月开工，已过2个月仍未开工"
    assert of(warnings_on(zone, date(2025, 5, 10)), project, "start") == []


def test_start_no_warning_for_built_paused_withdrawn_or_unwatched_projects(build, zone):
    built_without_date = build.project("在建无开工日期", stage=Stage.CONSTRUCTION, start=None,
                                       planned_start=date(2025, 1, 1))
    paused = build.project("暂缓项目", stage=Stage.SUSPENDED, planned_start=date(2025, 1, 1), plan=1000)
    withdrawn = build.project("退库项目", stage=Stage.WITHDRAWN, planned_start=date(2025, 1, 1))
    reserve = build.project("谋划项目（未列清单）", stage=Stage.PLANNING, planned_start=date(2025, 1, 1))
    pending_reserve = build.project("待开工（未列清单）", stage=Stage.PENDING, planned_start=date(2025, 1, 1))
    warnings = warnings_on(zone)
    for project in (built_without_date, paused, withdrawn, reserve):
        assert of(warnings, project) == [], project.name
    assert one(warnings, pending_reserve, "start").level == "red"  # 待开工 is watched, listed or not


# --- progress ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("completed", "level", "reason"), [
    (401, None, None),  # 9.9 points behind
    (400, "yellow", "完成率40.0%，落后序时进度10.0个百分点"),  # exactly 10 → yellow
    (200, "yellow", "完成率20.0%，落后序时进度30.0个百分点"),  # exactly 30 → still yellow
    (199, "red", "完成率19.9%，落后序时进度30.1个百分点"),  # 30.1 → red
    (0, "red", "完成率0.0%，落后序时进度50.0个百分点"),
    (700, None, None),  # ahead
])
def test_progress_ten_to_thirty_points_behind_is_yellow_more_is_red(build, zone, completed, level, reason):
    project = build.project("在建项目", start=date(2025, 1, 10), plan=1000)
    build.report(project, 3, completed - completed // 2)
    build.report(project, 6, completed // 2)
    found = of(warnings_on(zone), project, "progress")
    if level is None:
        assert found == []
    else:
        assert [(w.level, w.rule, w.reason) for w in found] == [(level, "进度滞后", reason)]


def test_progress_counts_only_counted_reports_of_the_year_and_needs_a_plan(build, zone):
    project = build.project("草稿不计", start=date(2024, 1, 10), plan=1000)
    build.report(project, 5, 300)
    build.report(project, 6, 300, status=ProgressReport.Status.DRAFT)
    build.report(project, 12, 900, year=2024)
    assert one(warnings_on(zone), project, "progress").reason == "完成率30.0%，落后序时进度20.0个百分点"
    no_plan = build.project("无年度计划", start=date(2025, 1, 10), plan=0)
    assert of(warnings_on(zone), no_plan, "progress") == []


def test_progress_is_measured_as_of_the_date(build, zone):
    """On 30 April (33.3%) 300 of 1000 is 3.3 points behind; by 30 June (50%) it is 20 behind."""
    project = build.project("四月项目", start=date(2025, 1, 10), plan=1000)
    build.report(project, 4, 300)
    build.period(6)
    assert of(warnings_on(zone, date(2025, 4, 30)), project, "progress") == []
    assert one(warnings_on(zone), project, "progress").level == "yellow"


# --- milestone ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("planned", "level", "days"), [
    (date(2025, 6, 30), None, None),
    (date(2025, 6, 29), "yellow", 1),
    (date(2025, 5, 31), "yellow", 30),  # 30 days → still yellow
    (date(2025, 5, 30), "red", 31),  # more than 30 days → red
])
def test_milestone_past_its_date_is_yellow_more_than_thirty_days_red(build, zone, planned, level, days):
    project = build.project("节点项目", start=date(2025, 1, 10))
    build.milestone(project, "主体完工", planned)
    found = of(warnings_on(zone), project, "milestone")
    if level is None:
        assert found == []
    else:
        assert [(w.level, w.reason) for w in found] == [
            (level, f"节点“主体完工”计划{planned.isoformat()}，已逾期{days}天")]


def test_milestone_one_warning_per_project_naming_the_most_overdue(build, zone):
    project = build.project("多节点项目", start=date(2025, 1, 10))
    build.milestone(project, "设备安装", date(2025, 6, 20))
    build.milestone(project, "主体完工", date(2025, 4, 30))
    build.milestone(project, "供地", date(2025, 1, 10), status=Milestone.Status.MET, actual=date(2025, 1, 9))
    build.milestone(project, "规划许可", date(2025, 2, 1), status=Milestone.Status.MET, actual=date(2025, 7, 5))
    warning = one(warnings_on(zone), project, "milestone")
    # 规划许可 was met only after 30 June: on that day it was 149 days overdue.
    assert (warning.level, warning.reason) == ("red", "节点“规划许可”计划2025-02-01，已逾期149天（另有2个节点逾期）")
    Milestone.objects.filter(name="规划许可").update(actual_date=date(2025, 6, 1))
    assert one(warnings_on(zone), project, "milestone").reason == "节点“主体完工”计划2025-04-30，已逾期61天（另有1个节点逾期）"


# --- report ------------------------------------------------------------------------------------------------

def test_report_one_period_missing_after_its_deadline_is_yellow_two_red(build, zone):
    one_missing = build.project("漏报一期", start=date(2025, 1, 10), plan=1000)
    two_missing = build.project("漏报两期", start=date(2025, 1, 10), plan=1000)
    for month in (1, 2, 3):
        build.report(one_missing, month, 100)
        build.report(two_missing, month, 100)
    build.report(one_missing, 4, 100)
    build.report(two_missing, 4, 100, status=ProgressReport.Status.DRAFT)  # a draft is not in
    build.period(5)  # deadline 2025-06-05
    build.period(6)  # deadline 2025-07-05: not due on 30 June
    warnings = warnings_on(zone)
    assert (one(warnings, one_missing, "report").level, one(warnings, one_missing, "report").reason) == (
        "yellow", "2025年5月进度未报送（截止2025-06-05）")
    assert (one(warnings, two_missing, "report").level, one(warnings, two_missing, "report").reason) == (
        "red", "2025年5月等2期进度未报送（最近一期截止2025-06-05）")
    # On the deadline day May is not yet late.
    on_deadline = warnings_on(zone, date(2025, 6, 5))
    assert of(on_deadline, one_missing, "report") == []
    assert one(on_deadline, two_missing, "report").reason == "2025年4月进度未报送（截止2025-05-05）"


def test_report_owed_only_by_projects_due_to_report(build, zone):
    build.period(4)
    build.period(5)
    started_in_may = build.project("五月开工（未列清单）", start=date(2025, 5, 12))
    planning = build.project("谋划项目（列入清单）", stage=Stage.PLANNING, planned_start=date(2026, 1, 1), plan=100)
    pending = build.project("待开工（列入清单）", stage=Stage.PENDING, planned_start=date(2025, 9, 1), plan=100)
    submitted = build.project("已报送", start=date(2025, 1, 1))
    build.report(submitted, 4, 10, status=ProgressReport.Status.SUBMITTED)
    build.report(submitted, 5, 10, status=ProgressReport.Status.SUBMITTED)
    warnings = warnings_on(zone)
    assert one(warnings, started_in_may, "report").reason == "2025年5月进度未报送（截止2025-06-05）"
    assert of(warnings, planning, "report") == []
    assert one(warnings, pending, "report").level == "red"
    assert of(warnings, submitted, "report") == []


PERIODS = [{"pk": month, "year": 2025, "month": month, "deadline": date(2025, month + 1, 5)} for month in (5, 4, 3)]


@pytest.mark.parametrize("stage, start, listed, reported, owed", [
    (Stage.CONSTRUCTION, date(2025, 4, 20), set(), set(), [5, 4]),  # from its start month
    (Stage.CONSTRUCTION, date(2025, 4, 20), {2025}, set(), [5, 4, 3]),  # listed: every period of the year
    (Stage.CONSTRUCTION, None, set(), {4}, [5, 3]),  # no start date: from the first period
    (Stage.CONSTRUCTION, date(2025, 6, 1), set(), set(), []),
    (Stage.PENDING, None, set(), set(), []),  # not listed: nothing owed
    (Stage.PENDING, None, {2025}, {3, 4, 5}, []),
    (Stage.COMPLETED, date(2024, 1, 1), {2025}, {5}, [4, 3]),
    (Stage.PLANNING, None, {2025}, set(), []),  # 谋划 reports nothing, listed or not
    (Stage.EFFECTIVE, date(2023, 1, 1), {2025}, set(), []),
])
def test_report_periods_owed_follow_the_expected_projects_rule(stage, start, listed, reported, owed):
    row = {"stage": stage, "actual_start": start}
    assert [p["month"] for p in owed_periods(PERIODS, row, listed, reported)] == owed


# --- problem -----------------------------------------------------------------------------------------------

def test_problem_past_its_deadline_is_yellow_escalated_to_the_principal_red(build, zone):
    project = build.project("问题项目", start=date(2025, 1, 10))
    build.problem(project, "施工用电增容未批复", deadline=date(2025, 6, 18))
    build.problem(project, "今天到期的问题", deadline=date(2025, 6, 30))
    build.problem(project, "已升级到联系领导", deadline=date(2025, 6, 1), escalation=Escalation.CONTACT_LEADER)
    build.problem(project, "红线内三户征迁未完成影响道路施工进度", deadline=date(2025, 8, 1),
                  escalation=Escalation.PRINCIPAL, status=LoopStatus.WORKING)
    build.problem(project, "按期解决的问题", deadline=date(2025, 6, 1), status=LoopStatus.RESOLVED,
                  closed_on=date(2025, 5, 20))
    build.problem(project, "七月才解决的问题", deadline=date(2025, 6, 10), status=LoopStatus.RESOLVED,
                  closed_on=date(2025, 7, 3))
    found = sorted((w.level, w.reason) for w in of(warnings_on(zone), project, "problem"))
    assert found == [
        ("red", "问题“红线内三户征迁未完成影响道路施工进度”已升级至主要领导协调"),
        ("yellow", "问题“七月才解决的问题”已逾期20天"),
        ("yellow", "问题“已升级到联系领导”已逾期29天"),
        ("yellow", "问题“施工用电增容未批复”已逾期12天"),
    ]


def test_problem_long_descriptions_are_shortened(build, zone):
    project = build.project("问题项目", start=date(2025, 1, 10))
    build.problem(project, "项目用地尚有12亩未完成土地征收，影响开工建设和后续施工", deadline=date(2025, 6, 1))
    assert one(warnings_on(zone), project, "problem").reason == "问题“项目用地尚有12亩未完成土地征收，影响开…”已逾期29天"


# --- funds -------------------------------------------------------------------------------------------------

def test_funds_a_started_project_whose_split_falls_short_of_its_total_is_yellow(build, zone):
    short = build.project("资金缺口", start=date(2025, 1, 10), total_investment=D(10000), invest_fiscal=D(3000),
                          invest_self=D(5000))
    covered = build.project("资金落实", start=date(2025, 1, 10), total_investment=D(10000), invest_bond=D(6000),
                            invest_loan=D(4000))
    unknown = build.project("未填资金构成", start=date(2025, 1, 10), total_investment=D(10000))
    not_started = build.project("未开工", stage=Stage.PENDING, planned_start=date(2025, 9, 1),
                                total_investment=D(10000), invest_self=D(1000))
    warnings = warnings_on(zone)
    warning = one(warnings, short, "funds")
    assert (warning.level, warning.rule, warning.reason) == (
        "yellow", "资金未落实", "资金构成合计8,000.00万元，低于总投资10,000.00万元，缺口2,000.00万元（占20.0%）")
    for project in (covered, unknown, not_started):
        assert of(warnings, project, "funds") == []


# --- a project's level -------------------------------------------------------------------------------------

def test_a_projects_level_is_the_worst_of_its_warnings(build, zone):
    project = build.project("红黄兼有", stage=Stage.PENDING, planned_start=date(2025, 2, 1), plan=1000)
    build.milestone(project, "施工许可", date(2025, 6, 20))
    yellow_only = build.project("只有黄", start=date(2025, 1, 10))
    build.milestone(yellow_only, "主体完工", date(2025, 6, 20))
    warnings = warnings_on(zone)
    assert sorted(w.level for w in of(warnings, project)) == ["red", "red", "yellow"]  # start, progress, milestone
    assert project_levels(warnings) == {project.pk: "red", yellow_only.pk: "yellow"}
    rows = board(warnings)
    assert [(r.project_name, r.level, len(r.warnings)) for r in rows] == [("红黄兼有", "red", 3), ("只有黄", "yellow", 1)]
    assert rows[0].rules == "未按期开工、进度滞后、节点逾期"
    assert warnings[0].level == "red" and warnings[-1].level == "yellow"  # red first


def test_disabled_rules_raise_nothing(build, zone):
    project = build.project("未开工", stage=Stage.PENDING, planned_start=date(2025, 2, 1), plan=1000)
    WarningRule.objects.filter(kind__in=["start", "progress"]).update(enabled=False)
    assert of(warnings_on(zone), project) == []


def test_an_empty_red_threshold_never_turns_red(build, zone):
    project = build.project("未开工", stage=Stage.PENDING, planned_start=date(2025, 2, 1))
    WarningRule.objects.filter(kind="start").update(red=None)
    assert one(warnings_on(zone), project, "start").level == "yellow"


def test_scope_a_user_sees_only_warnings_of_projects_they_may_see(build, zone, other_zone, other_enterprise,
                                                                   other_department, owner_user, department_user,
                                                                   coordinator_user):
    mine = build.project("甲的项目", stage=Stage.PENDING, planned_start=date(2025, 2, 1))
    other_unit = build.project("乙的项目", stage=Stage.PENDING, planned_start=date(2025, 2, 1),
                               owner=other_enterprise, department=other_department)
    elsewhere = build.project("示范区项目", stage=Stage.PENDING, planned_start=date(2025, 2, 1), region=other_zone,
                              owner=other_enterprise, department=other_department)

    def names(user):
        return {w.project_name for w in evaluate(as_of=JUNE_30, user=user)}

    assert names(owner_user) == {mine.name}
    assert names(department_user) == {mine.name}
    assert names(coordinator_user) == {mine.name, other_unit.name}
    assert elsewhere.name in {w.project_name for w in evaluate(as_of=JUNE_30, region=other_zone)}
