"""The dispatch pages through the Django test client: who may open and do what, as a permission matrix.

Every URL of tuijin/dispatch/urls.py except the import page. The state (see the `pages` fixture):
March 2025 open (p1 a draft by A, p4 and p2 submitted), February 2025 closed (p1 approved), a problem on p1
handed to 住建局 and a resolved one on p4. `outsider` is the coordinator of the sibling zone.

A write that answers 302 must have happened; one that answers 403 or 404 must not have.
"""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tuijin.core.loop import LoopStatus, LoopStep
from tuijin.core.models import AuditEvent
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.projects.models import Milestone, Project

from .builders import D, open_period, problem, report

S = ProgressReport.Status
ROLES = ["owner", "department", "coordinator", "leader", "auditor", "admin", "outsider"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# page                 method   owner dept coord leader auditor admin outsider
MATRIX = [
    ("periods",          "GET",  200, 200, 200, 200, 403, 403, 200),
    ("period_open",      "POST", 403, 403, 302, 403, 403, 403, 302),
    ("board",            "GET",  200, 200, 200, 200, 403, 403, 404),
    ("board_missing",    "GET",  200, 200, 200, 200, 403, 403, 404),
    ("close",            "POST", 403, 403, 302, 403, 403, 403, 404),
    ("report",           "GET",  200, 200, 200, 200, 403, 403, 404),
    ("report_others",    "GET",  404, 200, 200, 200, 403, 403, 404),
    ("report_submit",    "POST", 302, 302, 403, 403, 403, 403, 404),
    ("approve",          "POST", 403, 302, 302, 403, 403, 403, 404),
    ("return",           "POST", 403, 302, 302, 403, 403, 403, 404),
    ("correct",          "POST", 403, 403, 302, 403, 403, 403, 404),
    ("problems",         "GET",  200, 200, 200, 200, 403, 403, 200),
    ("problem",          "GET",  200, 200, 200, 200, 403, 403, 404),
    ("problem_handover", "POST", 403, 403, 302, 403, 403, 403, 404),
    ("problem_progress", "POST", 403, 302, 302, 403, 403, 403, 404),
    ("problem_escalate", "POST", 403, 403, 302, 403, 403, 403, 404),
    ("problem_close",    "POST", 403, 302, 302, 403, 403, 403, 404),
    ("problem_reopen",   "POST", 403, 403, 302, 403, 403, 403, 404),
    ("problem_raise",    "POST", 302, 302, 302, 403, 403, 403, 404),
    ("export",           "GET",  403, 403, 200, 200, 403, 403, 404),
    ("photos_add",       "POST", 302, 302, 403, 403, 403, 403, 404),
    ("photo",            "GET",  200, 200, 200, 200, 403, 403, 404),
]
CASES = [(page, method, role, expected) for page, method, *codes in MATRIX for role, expected in zip(ROLES, codes,
                                                                                                     strict=True)]


@pytest.fixture
def pages(world):
    w = world
    w.march = open_period(w.zone, 2025, 3)
    w.feb = open_period(w.zone, 2025, 2, closed=True)
    w.draft = report(w.march, w.p1, 100, S.DRAFT, submitted_by=None)
    w.submitted = report(w.march, w.p4, 50, S.SUBMITTED, submitted_by=w.owner)
    w.submitted_b = report(w.march, w.p2, 60, S.SUBMITTED, submitted_by=w.owner_b)
    w.approved = report(w.feb, w.p1, 300)
    today = timezone.localdate()
    w.problem = problem(w.p1, department=w.dept, deadline=today + timedelta(days=10), status="working",
                        description="施工用电未接入")
    w.resolved = problem(w.p4, department=w.dept, deadline=today, status=LoopStatus.RESOLVED,
                         resolution="已解决", closed_on=today, description="临时道路未打通")
    w.photo = w.draft.photos.create(image=SimpleUploadedFile("site.png", PNG), caption="现场", uploaded_by=w.owner)
    w.due = (today + timedelta(days=20)).isoformat()
    return w


def request_for(w, page):
    """(url, POST data, effect): effect() tells whether the write happened."""
    march, p1 = w.march, w.p1
    fresh = lambda obj: type(obj).objects.get(pk=obj.pk)  # noqa: E731
    steps = lambda kind: LoopStep.objects.filter(object_id=w.problem.pk, kind=kind).exists()  # noqa: E731
    return {
        "periods": (reverse("dispatch:periods"), None, None),
        "period_open": (reverse("dispatch:periods"), {"month": "2025-04", "deadline": "2025-05-05"},
                        lambda: Period.objects.filter(year=2025, month=4).exists()),
        "board": (reverse("dispatch:board", args=[march.pk]), None, None),
        "board_missing": (reverse("dispatch:board", args=[march.pk]) + "?status=missing", None, None),
        "close": (reverse("dispatch:close", args=[march.pk]), {"reason": "按期关闭"},
                  lambda: fresh(march).status == Period.Status.CLOSED),
        "report": (reverse("dispatch:report", args=[march.pk, p1.pk]), None, None),
        "report_others": (reverse("dispatch:report", args=[march.pk, w.p2.pk]), None, None),
        "report_submit": (reverse("dispatch:report", args=[march.pk, p1.pk]),
                          {"invest_month": "150", "progress_text": "主体施工", "version": w.draft.version,
                           "submit": "1"},
                          lambda: fresh(w.draft).status == S.SUBMITTED and fresh(w.draft).invest_month == 150),
        "approve": (reverse("dispatch:review", args=[w.submitted.pk, "approve"]), {},
                    lambda: fresh(w.submitted).status == S.APPROVED),
        "return": (reverse("dispatch:review", args=[w.submitted.pk, "return"]), {"return_reason": "请补充"},
                   lambda: fresh(w.submitted).status == S.RETURNED),
        "correct": (reverse("dispatch:review", args=[w.approved.pk, "correct"]),
                    {"invest_month": "77", "reason": "统计口径更正"}, lambda: fresh(w.approved).invest_month == 77),
        "problems": (reverse("dispatch:problems"), None, None),
        "problem": (reverse("dispatch:problem", args=[w.problem.pk]), None, None),
        "problem_handover": (reverse("dispatch:problem", args=[w.problem.pk]),
                             {"action": "handover", "department": w.dept_b.pk, "deadline": w.due, "note": "改交"},
                             lambda: fresh(w.problem).department == w.dept_b),
        "problem_progress": (reverse("dispatch:problem", args=[w.problem.pk]),
                             {"action": "progress", "note": "已对接供电公司"}, lambda: steps(LoopStep.Kind.PROGRESS)),
        "problem_escalate": (reverse("dispatch:problem", args=[w.problem.pk]),
                             {"action": "escalate", "note": "逾期"}, lambda: fresh(w.problem).escalation == 1),
        "problem_close": (reverse("dispatch:problem", args=[w.problem.pk]),
                          {"action": "close", "outcome": "resolved", "resolution": "已通电"},
                          lambda: fresh(w.problem).status == LoopStatus.RESOLVED),
        "problem_reopen": (reverse("dispatch:problem", args=[w.resolved.pk]), {"action": "reopen", "note": "复发"},
                           lambda: fresh(w.resolved).status == LoopStatus.WORKING),
        "problem_raise": (reverse("dispatch:problem_raise", args=[p1.pk]),
                          {"kind": "funds", "description": "配套资金未到位", "report": w.draft.pk},
                          lambda: Problem.objects.filter(description="配套资金未到位").exists()),
        "export": (reverse("dispatch:export", args=[march.pk]), None, None),
        "photos_add": (reverse("dispatch:photos_add", args=[w.draft.pk]),
                       {"photos": SimpleUploadedFile("new.png", PNG, content_type="image/png"), "caption": "基础"},
                       lambda: w.draft.photos.filter(caption="基础").exists()),
        "photo": (reverse("dispatch:photo", args=[w.photo.pk]), None, None),
    }[page]


@pytest.mark.parametrize(("page", "method", "role", "expected"), CASES,
                         ids=[f"{page}-{role}" for page, _, role, _ in CASES])
def test_permission_matrix(client, pages, page, method, role, expected):
    client.force_login(getattr(pages, role))
    url, data, effect = request_for(pages, page)
    response = client.post(url, data) if method == "POST" else client.get(url)
    assert response.status_code == expected
    if effect is not None:
        happened = effect()
        assert happened is (expected == 302), f"answered {expected} but the write {'did' if happened else 'did not'} happen"
    if hasattr(response, "streaming_content"):
        response.close()


@pytest.mark.parametrize("page", [page for page, *_ in MATRIX])
def test_anonymous_users_are_sent_to_log_in(client, pages, page):
    url, data, effect = request_for(pages, page)
    response = client.post(url, data or {}) if data is not None else client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    if effect is not None:
        assert not effect()


# ---------------------------------------------------------------- what each role sees


@pytest.mark.parametrize(("role", "visible"), [
    ("owner", {"p1", "p3", "p4"}),
    ("department", {"p1", "p2", "p4"}),
    ("coordinator", {"p1", "p2", "p3", "p4"}),
    ("leader", {"p1", "p2", "p3", "p4"}),
    ("owner_b", {"p2"}),
    ("dept_b_user", {"p2", "p3"}),
])
def test_board_shows_only_projects_in_scope(client, pages, role, visible):
    client.force_login(getattr(pages, role))
    response = client.get(reverse("dispatch:board", args=[pages.march.pk]))
    assert board_rows(response) == {getattr(pages, key).name for key in visible}
    assert pages.other.name not in response.content.decode()


def board_rows(response) -> set[str]:
    return set(re.findall(r'<td class="name"><a href="[^"]*">([^<]*)</a>', response.content.decode()))


def test_board_filters_by_status(client, pages):
    client.force_login(pages.coordinator)
    url = reverse("dispatch:board", args=[pages.march.pk])
    assert board_rows(client.get(url + "?status=submitted")) == {pages.p4.name, pages.p2.name}
    response = client.get(url + "?status=missing")
    assert board_rows(response) == {pages.p1.name, pages.p3.name}
    assert "催报名单" in response.content.decode()  # the coordinator gets the list to remind


def test_only_the_coordinator_gets_the_remind_list_and_the_close_button(client, pages):
    url = reverse("dispatch:board", args=[pages.march.pk])
    for role in ["owner", "department", "leader"]:
        client.force_login(getattr(pages, role))
        html = client.get(url).content.decode()
        assert "催报名单" not in html and "关闭调度期" not in html, role


def test_the_period_form_is_the_coordinators(client, pages):
    client.force_login(pages.leader)
    assert "开启调度期" not in client.get(reverse("dispatch:periods")).content.decode()
    client.force_login(pages.coordinator)
    assert "开启调度期" in client.get(reverse("dispatch:periods")).content.decode()


def test_opening_a_period_twice_shows_the_reason(client, pages):
    client.force_login(pages.coordinator)
    response = client.post(reverse("dispatch:periods"), {"month": "2025-03", "deadline": "2025-04-05"})
    assert response.status_code == 200
    assert "2025年3月的调度期已存在" in response.content.decode()
    response = client.post(reverse("dispatch:periods"), {"month": "2025/3", "deadline": "2025-04-05"})
    assert "月份格式应为 YYYY-MM" in response.content.decode()


def test_a_leader_reads_a_report_without_a_form(client, pages):
    client.force_login(pages.leader)
    html = client.get(reverse("dispatch:report", args=[pages.march.pk, pages.p4.pk])).content.decode()
    assert "报送" in html and 'name="invest_month"' not in html and "审核通过" not in html


def test_the_reviewer_sees_the_review_buttons(client, pages):
    client.force_login(pages.department)
    html = client.get(reverse("dispatch:report", args=[pages.march.pk, pages.p4.pk])).content.decode()
    assert "审核通过" in html and "退回" in html


def test_a_project_not_due_in_the_period_is_404(client, pages):
    pages.p3.stage = "planning"
    pages.p3.save()
    client.force_login(pages.coordinator)
    assert client.get(reverse("dispatch:report", args=[pages.march.pk, pages.p3.pk])).status_code == 404


def test_a_figure_that_disagrees_is_shown_with_both_numbers(client, pages):
    client.force_login(pages.owner)
    url = reverse("dispatch:report", args=[pages.march.pk, pages.p1.pk])
    response = client.post(url, {"invest_month": "150", "typed_ytd": "999", "version": pages.draft.version,
                                 "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "填写的1-3月完成投资 999.00 万元与各期相加 450.00 万元不一致" in html  # February's 300 + 150
    assert ProgressReport.objects.get(pk=pages.draft.pk).status == S.DRAFT


def test_a_refused_save_on_a_closed_period_says_why(client, pages):
    """The period closed while the owner had the form open: the page must say why nothing was saved."""
    client.force_login(pages.owner)
    url = reverse("dispatch:report", args=[pages.march.pk, pages.p1.pk])
    Period.objects.filter(pk=pages.march.pk).update(status=Period.Status.CLOSED)
    response = client.post(url, {"invest_month": "150", "version": pages.draft.version, "submit": "1"},
                           follow=True)
    assert "已关闭，不能再填报" in response.content.decode()
    assert ProgressReport.objects.get(pk=pages.draft.pk).status == S.DRAFT


def test_a_stale_form_says_why(client, pages):
    client.force_login(pages.owner)
    url = reverse("dispatch:report", args=[pages.march.pk, pages.p1.pk])
    response = client.post(url, {"invest_month": "150", "version": pages.draft.version - 1, "save": "1"},
                           follow=True)
    assert "已被他人修改" in response.content.decode()


def test_review_refusals_come_back_as_messages(client, pages):
    client.force_login(pages.department)
    response = client.post(reverse("dispatch:review", args=[pages.submitted.pk, "return"]), {"return_reason": ""},
                           follow=True)
    assert "退回须写明原因" in response.content.decode()
    assert ProgressReport.objects.get(pk=pages.submitted.pk).status == S.SUBMITTED
    assert client.post(reverse("dispatch:review", args=[pages.submitted.pk, "publish"])).status_code == 404


def test_a_department_lists_the_problems_handed_to_it(client, pages):
    handed = problem(pages.p3, department=pages.dept, status="working", description="管网迁改需住建局协调")
    client.force_login(pages.department)  # 住建局 does not lead p3
    html = client.get(reverse("dispatch:problems")).content.decode()
    assert "管网迁改需住建局协调" in html and "施工用电未接入" in html
    assert client.get(reverse("dispatch:problem", args=[handed.pk])).status_code == 200
    client.force_login(pages.owner_b)
    assert "管网迁改需住建局协调" not in client.get(reverse("dispatch:problems")).content.decode()


def test_a_problem_form_error_is_shown_on_the_problem_page(client, pages):
    client.force_login(pages.coordinator)
    response = client.post(reverse("dispatch:problem", args=[pages.problem.pk]), {"action": "escalate", "note": ""})
    assert response.status_code == 200
    assert not LoopStep.objects.filter(kind=LoopStep.Kind.ESCALATE).exists()


def test_export_is_a_workbook_of_the_period(client, pages):
    client.force_login(pages.leader)
    response = client.get(reverse("dispatch:export", args=[pages.march.pk]),
                          {"programme": pages.programme.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "dispatch-2025-03.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "2025年区定“三十工程”推进情况表（1-3月）"
    assert sum(1 for row in sheet.iter_rows(min_row=5, values_only=True) if isinstance(row[0], int)) == 4


def test_export_ignores_a_list_id_that_is_not_a_number(client, pages):
    client.force_login(pages.coordinator)
    response = client.get(reverse("dispatch:export", args=[pages.march.pk]), {"programme": "abc"})
    assert response.status_code == 200


def test_a_coordinator_of_a_zone_may_not_close_the_citys_period(client, pages):
    city_period = open_period(pages.city, 2025, 3)
    client.force_login(pages.coordinator)
    assert client.get(reverse("dispatch:board", args=[city_period.pk])).status_code == 200
    assert client.post(reverse("dispatch:close", args=[city_period.pk])).status_code == 403
    assert Period.objects.get(pk=city_period.pk).is_open


def test_no_money_is_lost_on_the_way_through_the_page(client, pages):
    client.force_login(pages.department)
    url = reverse("dispatch:report", args=[pages.march.pk, pages.p1.pk])
    client.post(url, {"invest_month": "1234.5678", "version": pages.draft.version, "submit": "1"})
    assert ProgressReport.objects.get(pk=pages.draft.pk).invest_month == D("1234.5678")


def test_a_problem_raised_from_a_report_page_goes_back_to_it(client, pages):
    client.force_login(pages.owner)
    response = client.post(reverse("dispatch:problem_raise", args=[pages.p1.pk]),
                           {"kind": "land", "description": "红线外用地", "report": pages.draft.pk})
    assert response["Location"] == reverse("dispatch:report", args=[pages.march.pk, pages.p1.pk])
    assert Problem.objects.get(description="红线外用地").report == pages.draft
    response = client.post(reverse("dispatch:problem_raise", args=[pages.p1.pk]),
                           {"kind": "land", "description": "另一个问题", "report": "x"})
    assert response.status_code == 302
    assert Problem.objects.get(description="另一个问题").report is None
    response = client.post(reverse("dispatch:problem_raise", args=[pages.p1.pk]), {"kind": "land",
                                                                                   "description": ""}, follow=True)
    assert Problem.objects.count() == 4


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_board_and_problem_list_queries_do_not_grow_with_the_rows(client, pages):
    client.force_login(pages.coordinator)
    board = reverse("dispatch:board", args=[pages.march.pk])
    listing = reverse("dispatch:problems")
    before = (_queries(client, board), _queries(client, listing))
    for i in range(6):
        extra = Project.objects.create(name=f"加测在建项目{i}", category=pages.infra, region=pages.zone,
                                       owner=pages.ent_b, lead_department=pages.dept_b, stage="construction",
                                       total_investment=D(100))
        report(pages.march, extra, 5, S.SUBMITTED if i % 2 else S.RETURNED)
        problem(extra, department=pages.dept_b, status="working", description=f"加测问题{i}")
    assert (_queries(client, board), _queries(client, listing)) == before


def test_a_submitted_report_posted_again_says_why(client, pages):
    client.force_login(pages.owner)
    response = client.post(reverse("dispatch:report", args=[pages.march.pk, pages.p4.pk]),
                           {"invest_month": "999", "version": pages.submitted.version, "submit": "1"})
    assert response.status_code == 200
    assert "此报告已报送（已报送），不能再修改" in response.content.decode()
    assert ProgressReport.objects.get(pk=pages.submitted.pk).invest_month == 50


def test_milestones_are_ticked_on_the_report_page(client, pages):
    topping = Milestone.objects.create(project=pages.p1, name="主体封顶", order=1)
    client.force_login(pages.owner)
    url = reverse("dispatch:report", args=[pages.march.pk, pages.p1.pk])
    assert "主体封顶" in client.get(url).content.decode()
    client.post(url, {"invest_month": "10", "version": pages.draft.version, "milestones_met": [topping.pk],
                      "submit": "1"})
    topping.refresh_from_db()
    assert topping.status == Milestone.Status.MET and topping.actual_date.isoformat() == "2025-03-31"


def test_the_export_is_audited(client, pages):
    client.force_login(pages.coordinator)
    client.get(reverse("dispatch:export", args=[pages.march.pk]), {"programme": pages.programme.pk})
    event = AuditEvent.objects.get(action="export.dispatch_sheet")
    assert event.actor == pages.coordinator and event.changes == {"programme": [None, pages.programme.name]}
