"""Reserve figures: distinct projects by channel and status, amounts in SQL, the seed's sentence, and scope."""

from decimal import Decimal

import pytest

from tuijin.funding.models import Application
from tuijin.funding.selectors import (
    ApplicationFilters,
    application_list,
    list_summary,
    reserve_figures,
    visible_applications,
)

from ..factories import ProjectFactory
from .conftest import file_application


@pytest.fixture
def reserve(project, other_project, channels, zone, category, department):
    """紫荆大道 in 专项债 (paid) and 两重 (reserve); a second project in 专项债 (rejected) and 中央预算内 (approved);
    the sibling zone's project in 两新."""
    second = ProjectFactory(name="文昌路管网工程", region=zone, category=category, lead_department=department)
    file_application(project, channels["bond"], status="paid", requested="5000", approved="4000", issued="4000",
                     paid="1500")
    file_application(project, channels["two_major"], requested="3000")
    file_application(second, channels["bond"], status="rejected", requested="800")
    file_application(second, channels["central_budget"], status="approved", requested="900", approved="900")
    file_application(other_project, channels["two_new"], status="applied", requested="200")
    return second


def by_short(figures):
    return figures.channel_counts()


def test_a_project_in_two_channels_counts_once_in_the_total_and_once_in_each(reserve, coordinator_user):
    figures = reserve_figures(visible_applications(coordinator_user))
    assert figures.total == 2
    assert by_short(figures) == {"专项债": 1, "两重": 1, "两新": 0, "中央预算内": 1, "省级专项": 0, "其他": 0}


def test_rejected_applications_leave_the_reserve_but_are_counted_under_their_status(reserve, coordinator_user):
    figures = reserve_figures(visible_applications(coordinator_user))
    status = {row["status"]: row for row in figures.by_status}
    assert status["rejected"]["projects"] == 1 and status["rejected"]["requested"] == 800
    assert status["paid"]["projects"] == 1 and status["reserve"]["projects"] == 1
    assert figures.amounts == {"requested": Decimal(8900), "approved": Decimal(4900), "issued": Decimal(4000),
                               "paid": Decimal(1500)}


def test_the_sentence_speaks_as_the_seed(reserve, coordinator_user):
    figures = reserve_figures(visible_applications(coordinator_user))
    assert figures.sentence() == "动态储备政策性资金项目2个，其中包括专项债项目1个、“两重”项目1个、中央预算内资金项目1个。"
    assert "核定0.49亿元，已下达0.40亿元，已拨付0.15亿元；未通过1个" in figures.amounts_sentence()


def test_an_empty_reserve_reads_plainly(channels, coordinator_user):
    figures = reserve_figures(visible_applications(coordinator_user))
    assert figures.total == 0 and figures.sentence() == "动态储备政策性资金项目0个。"


def test_year_limits_the_figures(reserve, project, channels, coordinator_user):
    file_application(project, channels["provincial"], year=2024, requested="100")
    assert reserve_figures(visible_applications(coordinator_user), year=2024).total == 1
    assert reserve_figures(visible_applications(coordinator_user), year=2025).total == 2


def test_figures_take_four_queries_whatever_the_size(reserve, coordinator_user, django_assert_num_queries):
    with django_assert_num_queries(4):
        reserve_figures(visible_applications(coordinator_user))


@pytest.mark.parametrize("role, expected", [
    ("coordinator", {"紫荆大道建设工程", "文昌路管网工程"}),
    ("leader", {"紫荆大道建设工程", "文昌路管网工程"}),
    ("department", {"紫荆大道建设工程", "文昌路管网工程"}),
    ("owner", {"紫荆大道建设工程"}),
    ("auditor", set()),
    ("admin", set()),
])
def test_each_role_sees_its_scope(reserve, user_for, role, expected):
    names = set(visible_applications(user_for(role)).values_list("project__name", flat=True))
    assert names == expected


def test_a_department_does_not_see_projects_it_only_helps_with(reserve, department_user, other_department,
                                                               project):
    project.lead_department = other_department
    project.save()
    project.co_departments.set([department_user.department])
    assert set(visible_applications(department_user).values_list("project__name", flat=True)) == {"文昌路管网工程"}


def test_the_list_filters_and_its_summary_match_the_figures(reserve, coordinator_user, channels):
    live = application_list(coordinator_user, ApplicationFilters(status="live"))
    assert list_summary(live)["projects"] == reserve_figures(visible_applications(coordinator_user)).total
    bond = application_list(coordinator_user, ApplicationFilters(channel=channels["bond"].pk, status="live"))
    assert [a.project.name for a in bond] == ["紫荆大道建设工程"]
    passed = application_list(coordinator_user, ApplicationFilters(status="passed"))
    assert list_summary(passed)["approved"] == Decimal(4900)
    assert application_list(coordinator_user, ApplicationFilters(text="文昌")).count() == 2
    assert application_list(coordinator_user, ApplicationFilters(batch="第二批")).count() == 0
    assert Application.objects.count() == 5
