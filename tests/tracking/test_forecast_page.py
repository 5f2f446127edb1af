"""The forecast page: business roles only, each scoped as the registry is; the misses link to their projects.

The page is served by tests/tracking/forecast_urls.py (config.urls plus the page) until it is wired into
tuijin/tracking/urls.py."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    ListMembershipFactory,
    ProgrammeListFactory,
    ProjectFactory,
)
from tuijin.dispatch.models import Period, ProgressReport
from tuijin.projects.lifecycle import Stage

URL = "/tracking/forecast/"
AS_OF = "2025-06-30"


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "tests.tracking.forecast_urls"


@pytest.fixture
def listed(zone, project, other_project, programme, category, other_zone):
    """In the zone: `project` (owner A, 住建局; in every business role's scope) and `elsewhere` (another unit
    and bureau: only the coordinator's and the leader's). `other_project` is in the sibling zone: no one's."""
    elsewhere = ProjectFactory(name="丁物流园项目", region=zone, category=category,
                               owner=EnterpriseFactory(name="丁物流有限公司", region=zone),
                               lead_department=DepartmentFactory(name="招商服务中心", region=zone),
                               stage=Stage.CONSTRUCTION, actual_start=date(2024, 5, 1))
    project.stage, project.actual_start = Stage.CONSTRUCTION, date(2024, 5, 1)
    project.save()
    ListMembershipFactory(programme=programme, project=project, annual_plan=Decimal(3000))
    ListMembershipFactory(programme=programme, project=elsewhere, annual_plan=Decimal(500))
    ListMembershipFactory(programme=ProgrammeListFactory(name="示范区清单", region=other_zone), project=other_project,
                          annual_plan=Decimal(100))
    for region, p, amount in [(zone, project, 100), (zone, elsewhere, 100), (other_zone, other_project, 10)]:
        for month in range(1, 7):
            period, _ = Period.objects.get_or_create(region=region, year=2025, month=month,
                                                     defaults={"deadline": date(2025, month, 28)})
            ProgressReport.objects.create(period=period, project=p, invest_month=Decimal(amount),
                                          status=ProgressReport.Status.APPROVED)
    return {"project": project, "elsewhere": elsewhere, "other": other_project}


@pytest.mark.parametrize(("role", "names"), [
    ("coordinator", {"紫荆大道建设工程", "丁物流园项目"}),
    ("leader", {"紫荆大道建设工程", "丁物流园项目"}),
    ("department", {"紫荆大道建设工程"}),
    ("owner", {"紫荆大道建设工程"}),
])
def test_each_business_role_sees_its_own_scope(listed, role, names, user_for, login):
    response = login(user_for(role)).get(URL, {"as_of": AS_OF})
    assert response.status_code == 200
    result = response.context["result"]
    assert {row.name for row in result.rows} == names
    assert "示范区数据中心项目" not in response.content.decode()
    assert response.context["totals"]["projects"] == len(names)


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_are_refused(listed, role, user_for, login):
    assert login(user_for(role)).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_totals_method_and_misses_with_links(listed, coordinator_user, login):
    response = login(coordinator_user).get(URL, {"as_of": AS_OF})
    page = response.content.decode()
    project = listed["project"]
    # 600 by June, no prior year: the default ramp says months 1–6 carry 81/198 → 1466.67 against a plan of 3000.
    miss = response.context["result"].misses
    assert [row.id for row in miss] == [project.pk] and miss[0].projected == Decimal("1466.6667")
    assert f'href="/projects/{project.pk}/"' in page
    for text in ("全年预计完成", "推算方法", "本区上年没有调度数据", "预计完不成年度计划的项目", "1,466.67", "1,533.33"):
        assert text in page


def test_a_bad_date_is_named_and_the_page_still_answers(listed, coordinator_user, login):
    response = login(coordinator_user).get(URL, {"as_of": "2025-13-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]
    assert "有效的日期" in response.content.decode() or "valid date" in response.content.decode()
