"""services.py: every write of the dispatch cycle. Each refusal leaves the database exactly as it was."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuijin.dispatch import services
from tuijin.dispatch.figures import project_figures
from tuijin.dispatch.models import Period, ProgressReport
from tuijin.projects.models import Milestone

from .builders import D, last_event, milestone, nothing_saved, open_period, report

S = ProgressReport.Status


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---------------------------------------------------------------- periods


def test_coordinator_opens_a_period_with_an_audit_event(world):
    period = services.period_open(actor=world.coordinator, region=world.zone, year=2025, month=5,
                                  deadline=date(2025, 6, 5))
    assert (period.label, period.status, period.deadline) == ("2025-05", Period.Status.OPEN, date(2025, 6, 5))
    event = last_event("period.open")
    assert (event.actor, event.target_id) == (world.coordinator, str(period.pk))
    assert event.changes == {"period": [None, "2025-05"], "deadline": [None, "2025-06-05"]}


@pytest.mark.parametrize("who", ["owner", "department", "leader", "auditor", "admin"])
def test_only_the_coordinator_opens_periods(world, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.period_open(actor=getattr(world, who), region=world.zone, year=2025, month=5,
                             deadline=date(2025, 6, 5))


def test_a_month_is_opened_once(world):
    open_period(world.zone, 2025, 5)
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.period_open(actor=world.coordinator, region=world.zone, year=2025, month=5,
                             deadline=date(2025, 6, 5))
    assert "2025年5月的调度期已存在" in messages_of(error.value)


def test_the_same_month_may_be_opened_in_another_zone(world):
    open_period(world.zone, 2025, 5)
    period = services.period_open(actor=world.outsider, region=world.zone_b, year=2025, month=5,
                                  deadline=date(2025, 6, 5))
    assert period.region == world.zone_b


def test_a_future_month_is_refused(world):
    today = timezone.localdate()
    next_month = (today.replace(day=28) + timedelta(days=5)).replace(day=1)
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.period_open(actor=world.coordinator, region=world.zone, year=next_month.year,
                             month=next_month.month, deadline=next_month + timedelta(days=40))
    assert "不能开启未来月份" in messages_of(error.value)
    # This month may be opened.
    services.period_open(actor=world.coordinator, region=world.zone, year=today.year, month=today.month,
                         deadline=today + timedelta(days=10))


def test_a_deadline_before_the_month_is_refused(world):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.period_open(actor=world.coordinator, region=world.zone, year=2025, month=5,
                             deadline=date(2025, 4, 30))
    assert "deadline" in error.value.error_dict
    assert "填报截止日期不能早于该月第一天" in messages_of(error.value)


def test_a_month_out_of_range_is_refused(world):
    with nothing_saved(), pytest.raises(ValidationError):
        services.period_open(actor=world.coordinator, region=world.zone, year=2025, month=13,
                             deadline=date(2025, 12, 31))


def test_a_coordinator_opens_periods_only_in_its_own_region(world):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.period_open(actor=world.coordinator, region=world.zone_b, year=2025, month=5,
                             deadline=date(2025, 6, 5))
    assert "管辖范围" in messages_of(error.value)


def test_closing_a_period_stops_filing_with_a_chinese_message(world):
    period = open_period(world.zone, 2025, 3)
    services.period_close(actor=world.coordinator, period=period, reason="按期关闭")
    period.refresh_from_db()
    assert period.status == Period.Status.CLOSED and period.closed_at is not None
    event = last_event("period.close")
    assert (event.changes, event.reason) == ({"status": ["open", "closed"]}, "按期关闭")
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_save(actor=world.owner, period=period, project=world.p1, data={"invest_month": D(10)},
                             submit=True)
    assert "调度期 2025-03 已关闭，不能再填报" in messages_of(error.value)
    with nothing_saved(), pytest.raises(ValidationError, match="已经关闭"):
        services.period_close(actor=world.coordinator, period=period)


@pytest.mark.parametrize("who", ["owner", "department", "leader", "auditor", "admin", "outsider"])
def test_only_the_coordinator_of_the_region_closes_its_period(world, who):
    period = open_period(world.zone, 2025, 3)
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.period_close(actor=getattr(world, who), period=period)


def test_reviews_stop_when_the_period_closes(world):
    period = open_period(world.zone, 2025, 3)
    submitted = report(period, world.p1, 100, S.SUBMITTED)
    services.period_close(actor=world.coordinator, period=period)
    with nothing_saved(), pytest.raises(ValidationError, match="调度期已关闭"):
        services.report_approve(actor=world.department, report=submitted)
    with nothing_saved(), pytest.raises(ValidationError, match="调度期已关闭"):
        services.report_return(actor=world.department, report=submitted, reason="补充")


# ---------------------------------------------------------------- corrections


@pytest.fixture
def closed_march(world):
    jan = open_period(world.zone, 2025, 1, closed=True)
    report(jan, world.p1, 300)
    march = open_period(world.zone, 2025, 3, closed=True)
    world.jan, world.march = jan, march
    world.march_report = report(march, world.p1, 100)
    return world


def test_a_correction_changes_the_figures_and_records_old_new_who_why(closed_march):
    w = closed_march
    assert project_figures(w.p1, w.march)["completed_ytd"] == D(400)
    services.report_correct(actor=w.coordinator, report=w.march_report, invest_month=D("150.5"),
                            reason="企业统计口径更正")
    w.march_report.refresh_from_db()
    assert w.march_report.invest_month == D("150.5") and w.march_report.version == 2
    assert project_figures(w.p1, w.march) == {"invest_month": D("150.5"), "completed_ytd": D("450.5"),
                                             "completed_since_start": D("1450.5")}
    event = last_event("report.correct")
    assert event.actor == w.coordinator and event.project == w.p1
    assert event.changes == {"invest_month": ["100", "150.5"]}
    assert event.reason == "企业统计口径更正"


def test_a_correction_over_a_newer_version_is_refused_and_changes_nothing(closed_march):
    w = closed_march
    opened = w.march_report.version
    services.report_correct(actor=w.coordinator, report=w.march_report, invest_month=D(120), reason="第一次更正",
                            expected_version=opened)
    with nothing_saved(), pytest.raises(ValidationError, match="已被他人修改") as error:
        services.report_correct(actor=w.coordinator, report=w.march_report, invest_month=D(130), reason="第二次",
                                expected_version=opened)
    assert error.value.error_list[0].code == "stale"
    w.march_report.refresh_from_db()
    assert w.march_report.invest_month == D(120) and w.march_report.version == opened + 1


def test_a_stale_correction_in_the_browser_says_what_changed(closed_march, client):
    from django.utils import timezone

    w = closed_march
    opened, version = timezone.now().isoformat(), w.march_report.version
    services.report_correct(actor=w.coordinator, report=w.march_report, invest_month=D(120), reason="第一次更正")
    client.force_login(w.coordinator)
    response = client.post(f"/dispatch/reports/{w.march_report.pk}/correct/",
                           {"invest_month": "130", "reason": "第二次", "version": version, "opened": opened},
                           follow=True)
    text = response.content.decode()
    assert "已被他人修改" in text and "本期完成投资（万元）改为“120”" in text
    w.march_report.refresh_from_db()
    assert w.march_report.invest_month == D(120)


def test_a_correction_needs_a_reason(closed_march):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_correct(actor=closed_march.coordinator, report=closed_march.march_report,
                                invest_month=D(150), reason="  ")
    assert "更正须写明原因" in messages_of(error.value)


def test_a_correction_is_only_for_closed_periods(world):
    period = open_period(world.zone, 2025, 3)
    submitted = report(period, world.p1, 100, S.SUBMITTED)
    with nothing_saved(), pytest.raises(ValidationError, match="调度期尚未关闭"):
        services.report_correct(actor=world.coordinator, report=submitted, invest_month=D(150), reason="更正")


@pytest.mark.parametrize("who", ["owner", "department", "leader", "outsider"])
def test_only_the_coordinator_of_the_region_corrects(closed_march, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.report_correct(actor=getattr(closed_march, who), report=closed_march.march_report,
                                invest_month=D(150), reason="更正")


def test_a_correction_obeys_the_since_start_rule(closed_march):
    w = closed_march
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_correct(actor=w.coordinator, report=w.march_report, invest_month=D(9000), reason="更正")
    assert "将超过总投资" in messages_of(error.value)
    with nothing_saved(), pytest.raises(ValidationError):
        services.report_correct(actor=w.coordinator, report=w.march_report, invest_month=D(-1), reason="更正")


def test_a_correction_may_not_push_a_later_month_over_the_total(world):
    """p1: total 10000, 1000 before tracking; January 100 and February 8800 give 9900 by February."""
    jan = open_period(world.zone, 2025, 1, closed=True)
    feb = open_period(world.zone, 2025, 2, closed=True)
    january = report(jan, world.p1, 100)
    february = report(feb, world.p1, 8800)
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_correct(actor=world.coordinator, report=january, invest_month=D(300), reason="更正")
    assert "10,100.00" in messages_of(error.value) and "10,000.00" in messages_of(error.value)
    february.since_start_override = "投资调增，已备案"
    february.save()
    services.report_correct(actor=world.coordinator, report=january, invest_month=D(300), reason="更正")


def test_resubmitting_an_earlier_month_may_not_push_a_later_one_over_the_total(world):
    march = open_period(world.zone, 2025, 3)
    april = open_period(world.zone, 2025, 4)
    report(march, world.p1, 100, S.RETURNED)
    report(april, world.p1, 8800, S.SUBMITTED)
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_save(actor=world.owner, period=march, project=world.p1, submit=True,
                             data={"invest_month": D(300)})
    assert "since_start_override" in error.value.error_dict
    services.report_save(actor=world.owner, period=march, project=world.p1, submit=True,
                         data={"invest_month": D(200)})  # 1000 + 200 + 8800 = the total: allowed


# ---------------------------------------------------------------- filing a report


@pytest.fixture
def march(world):
    world.march = open_period(world.zone, 2025, 3)
    return world


def test_the_owner_saves_a_draft_that_does_not_count(march):
    w = march
    saved = services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=False, data={
        "invest_month": D(120), "progress_text": "主体施工", "progress_pct": 40, "workers": 85})
    assert (saved.status, saved.invest_month, saved.progress_pct, saved.workers) == (S.DRAFT, D(120), 40, 85)
    assert saved.submitted_by is None
    assert project_figures(w.p1, w.march)["completed_ytd"] == 0
    event = last_event("report.save")
    assert [D(value) for value in event.changes["invest_month"]] == [0, D(120)] and event.project == w.p1


@pytest.mark.parametrize("who", ["owner", "department"])
def test_owner_and_lead_department_submit(march, who):
    w = march
    filer = getattr(w, who)
    saved = services.report_save(actor=filer, period=w.march, project=w.p1, submit=True,
                                 data={"invest_month": D(120)})
    assert (saved.status, saved.submitted_by) == (S.SUBMITTED, filer)
    assert saved.submitted_at is not None
    assert project_figures(w.p1, w.march)["completed_ytd"] == D(120)
    assert last_event("report.submit").changes["status"] == ["draft", "submitted"]


@pytest.mark.parametrize(("who", "project"), [
    ("owner_b", "p1"),        # another enterprise's owner
    ("owner", "p2"),          # the owner, on a project that is not its own
    ("dept_b_user", "p1"),    # a department that does not lead p1
    ("department", "p2"),     # a co-department sees p2 but does not fill it
    ("coordinator", "p1"), ("leader", "p1"), ("auditor", "p1"), ("admin", "p1"),
])
def test_others_may_not_fill(march, who, project):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.report_save(actor=getattr(march, who), period=march.march, project=getattr(march, project),
                             submit=True, data={"invest_month": D(1)})


def test_a_submitted_report_is_locked_until_returned(march):
    w = march
    saved = services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                                 data={"invest_month": D(120)})
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                             data={"invest_month": D(999)})
    assert "此报告已报送（已报送），不能再修改" in messages_of(error.value)
    with nothing_saved(), pytest.raises(ValidationError):
        services.report_save(actor=w.department, period=w.march, project=w.p1, submit=False,
                             data={"invest_month": D(999)})

    services.report_return(actor=w.department, report=saved, reason="请补充工程量")
    saved.refresh_from_db()
    assert (saved.status, saved.return_reason) == (S.RETURNED, "请补充工程量")
    assert project_figures(w.p1, w.march)["completed_ytd"] == 0

    again = services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                                 data={"invest_month": D(130)})
    assert (again.status, again.invest_month, again.return_reason) == (S.SUBMITTED, D(130), "")
    assert project_figures(w.p1, w.march)["completed_ytd"] == D(130)
    services.report_approve(actor=w.department, report=again)
    with nothing_saved(), pytest.raises(ValidationError, match="已审核"):
        services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=False,
                             data={"invest_month": D(1)})


def test_typed_ytd_is_checked_against_the_periods(march):
    w = march
    jan = open_period(w.zone, 2025, 1, closed=True)
    report(jan, w.p1, 300)
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                             data={"invest_month": D(120)}, typed_ytd=D(500))
    assert list(error.value.error_dict) == ["typed_ytd"]
    message = messages_of(error.value)
    assert "1-3月完成投资 500.00 万元" in message and "各期相加 420.00 万元" in message
    saved = services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                                 data={"invest_month": D(120)}, typed_ytd=D("420.00"))
    assert saved.status == S.SUBMITTED


def test_typed_since_start_is_checked_against_the_periods(march):
    w = march
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                             data={"invest_month": D(120)}, typed_since_start=D(2000))
    assert list(error.value.error_dict) == ["typed_since_start"]
    message = messages_of(error.value)
    assert "2,000.00" in message and "1,120.00" in message
    services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                         data={"invest_month": D(120)}, typed_since_start=D(1120))


def test_since_start_above_total_needs_a_written_override(march):
    w = march  # p1: total 10000, 1000 before tracking
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                             data={"invest_month": D(9500)})
    assert list(error.value.error_dict) == ["since_start_override"]
    message = messages_of(error.value)
    assert "10,500.00" in message and "10,000.00" in message
    with nothing_saved(), pytest.raises(ValidationError):
        services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                             data={"invest_month": D(9500), "since_start_override": "   "})
    saved = services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                                 data={"invest_month": D(9500), "since_start_override": "投资调增至1.2亿元"})
    assert saved.status == S.SUBMITTED
    assert last_event("report.submit").changes["since_start_override"] == ["", "投资调增至1.2亿元"]


def test_exactly_the_total_needs_no_override(march):
    services.report_save(actor=march.owner, period=march.march, project=march.p1, submit=True,
                         data={"invest_month": D(9000)})


def test_a_draft_may_be_saved_before_the_figures_agree(march):
    saved = services.report_save(actor=march.owner, period=march.march, project=march.p1, submit=False,
                                 data={"invest_month": D(9500)})
    assert saved.status == S.DRAFT


def test_milestones_met_on_submit_become_met_with_a_date(march):
    w = march
    topping = milestone(w.p1, "主体封顶", planned_date=date(2025, 3, 15))
    fitting = milestone(w.p1, "设备安装", order=2)
    foreign = milestone(w.p2, "其他项目节点")
    services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=False,
                         data={"invest_month": D(10)}, milestones_met=[topping])
    topping.refresh_from_db()
    assert topping.status == Milestone.Status.SCHEDULED  # a draft does not mark anything
    saved = services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                                 data={"invest_month": D(10)}, milestones_met=[topping, foreign])
    topping.refresh_from_db()
    fitting.refresh_from_db()
    foreign.refresh_from_db()
    assert (topping.status, topping.actual_date) == (Milestone.Status.MET, date(2025, 3, 31))
    assert fitting.status == foreign.status == Milestone.Status.SCHEDULED
    assert list(saved.milestones_met.all()) == [topping]
    assert last_event("milestone.save").reason == "2025-03调度报告"


def test_a_milestone_already_met_keeps_its_date(march):
    w = march
    done = milestone(w.p1, status=Milestone.Status.MET, actual_date=date(2025, 3, 2))
    services.report_save(actor=w.department, period=w.march, project=w.p1, submit=True,
                         data={"invest_month": D(10)}, milestones_met=[done])
    done.refresh_from_db()
    assert done.actual_date == date(2025, 3, 2)


def test_a_stale_form_is_refused(march):
    w = march
    saved = services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=False,
                                 data={"invest_month": D(10)})
    opened_at = saved.version
    services.report_save(actor=w.department, period=w.march, project=w.p1, submit=False,
                         data={"invest_month": D(20)}, expected_version=opened_at)
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_save(actor=w.owner, period=w.march, project=w.p1, submit=True,
                             data={"invest_month": D(30)}, expected_version=opened_at)
    assert error.value.code == "stale" and "已被他人修改" in messages_of(error.value)


def test_a_refused_first_report_leaves_no_row(march):
    with nothing_saved(), pytest.raises(ValidationError):
        services.report_save(actor=march.owner, period=march.march, project=march.p1, submit=True,
                             data={"invest_month": D(-5)})
    with nothing_saved(), pytest.raises(ValidationError):
        services.report_save(actor=march.owner, period=march.march, project=march.p1, submit=False,
                             data={"invest_month": D(5), "progress_pct": 120})
    assert not ProgressReport.objects.exists()


def test_empty_optional_values_are_none_or_zero(march):
    saved = services.report_save(actor=march.owner, period=march.march, project=march.p1, submit=False,
                                 data={"invest_month": None, "progress_pct": None, "workers": None,
                                       "progress_text": None})
    assert (saved.invest_month, saved.progress_pct, saved.workers, saved.progress_text) == (0, None, None, "")


# ---------------------------------------------------------------- review


@pytest.fixture
def submitted(march):
    march.submitted = report(march.march, march.p1, 100, S.SUBMITTED, submitted_by=march.owner)
    return march


def test_return_needs_a_reason(submitted):
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_return(actor=submitted.department, report=submitted.submitted, reason=" ")
    assert "退回须写明原因" in messages_of(error.value)


def test_return_and_approve_are_audited(submitted):
    w = submitted
    services.report_return(actor=w.coordinator, report=w.submitted, reason="数字有误")
    event = last_event("report.return")
    assert (event.actor, event.reason, event.changes) == (w.coordinator, "数字有误",
                                                          {"status": ["submitted", "returned"]})
    w.submitted.refresh_from_db()
    assert (w.submitted.reviewed_by, w.submitted.version) == (w.coordinator, 2)


@pytest.mark.parametrize("who", ["owner", "leader", "dept_b_user", "outsider", "auditor"])
def test_only_the_lead_department_or_coordinator_reviews(submitted, who):
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.report_approve(actor=getattr(submitted, who), report=submitted.submitted)
    with nothing_saved(), pytest.raises(PermissionDenied):
        services.report_return(actor=getattr(submitted, who), report=submitted.submitted, reason="退回")


def test_only_a_submitted_report_is_reviewed(march):
    draft = report(march.march, march.p1, 10, S.DRAFT)
    with nothing_saved(), pytest.raises(ValidationError, match="只有“已报送”的报告可以审核"):
        services.report_approve(actor=march.department, report=draft)
    with nothing_saved(), pytest.raises(ValidationError):
        services.report_return(actor=march.department, report=draft, reason="退回")


def test_approve(submitted):
    services.report_approve(actor=submitted.department, report=submitted.submitted, note="同意")
    submitted.submitted.refresh_from_db()
    assert (submitted.submitted.status, submitted.submitted.reviewed_by) == (S.APPROVED, submitted.department)
    assert last_event("report.approve").reason == "同意"


def test_a_project_not_started_is_approved_only_with_a_reason(march):
    w = march  # p3 is pending (待开工), led by 经发局
    silent = services.report_save(actor=w.owner, period=w.march, project=w.p3, submit=True,
                                  data={"invest_month": D(0)})
    with nothing_saved(), pytest.raises(ValidationError) as error:
        services.report_approve(actor=w.dept_b_user, report=silent)
    assert "not_started_reason" in error.value.error_dict
    assert "尚未开工" in messages_of(error.value)
    services.report_return(actor=w.dept_b_user, report=silent, reason="请说明未开工原因")
    explained = services.report_save(actor=w.owner, period=w.march, project=w.p3, submit=True,
                                     data={"invest_month": D(0), "not_started_reason": "施工许可待批"})
    services.report_approve(actor=w.dept_b_user, report=explained)
    explained.refresh_from_db()
    assert explained.status == S.APPROVED
