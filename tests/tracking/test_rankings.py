"""比一比 (tuijin/tracking/rankings.py and its page): figures per group, competition ranks, the move since the
previous month, scope, and agreement with `tuijin progress`.

| project | dept   | leader | category | lists (plan)        | planned start | started    | May  | June |
|---------|--------|--------|----------|---------------------|---------------|------------|------|------|
| a1      | 住建局 | L1     | 产业项目 | 区定 1000           | 2025-01       | 2025-01-10 | 500  | 0    |
| a2      | 住建局 | L1     | 基础设施 | 区定 500            | 2025-04       | —          | —    | —    |
| b1      | 经发局 | L2     | 产业项目 | 区定 1000, 市定 1000 | 2025-01       | 2025-01-10 | 300  | 400  |

As of 31 May: 住建局 500/1500 = 33.3% (1st), 经发局 300/1000 = 30% (2nd). As of 30 June: 经发局 700/1000 = 70% (1st,
↑1), 住建局 33.3% (2nd, ↓1). a2 is red both months (0 done, not started); b1 is yellow in May (11.7 points behind)
and clear in June."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    CategoryFactory,
    DepartmentFactory,
    EnterpriseFactory,
    LeaderFactory,
    ProgrammeListFactory,
)
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import ListMembership
from tuijin.tracking.rankings import measure, rank, rankings
from tuijin.tracking.selectors import progress

from .builders import JUNE_30

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(build, zone):
    economy = DepartmentFactory(name="经济发展局", short_name="经发局", region=zone, order=1)
    l2 = LeaderFactory(name="副主任（工业）", region=zone)
    infra = CategoryFactory(name="基础设施", order=1)
    ent_b = EnterpriseFactory(name="乙智能科技有限公司", region=zone)
    city = ProgrammeListFactory(name="2025年市定“三十工程”", region=zone.parent, level="city")
    a1 = build.project("a1", start=date(2025, 1, 10), plan=1000)
    a2 = build.project("a2", stage=Stage.PENDING, planned_start=date(2025, 4, 1), plan=500, category=infra)
    b1 = build.project("b1", start=date(2025, 1, 10), plan=1000, department=economy, leader=l2, owner=ent_b)
    ListMembership.objects.create(programme=city, project=b1, annual_plan=D(1000))
    build.report(a1, 5, 500)
    build.report(a1, 6, 0)
    build.report(b1, 5, 300)
    build.report(b1, 6, 400)
    return {"a1": a1, "a2": a2, "b1": b1, "economy": economy}


def rows_by_name(rows):
    return {row["name"]: row for row in rows}


def test_departments_are_ranked_with_their_move_since_the_previous_month(contest, coordinator_user):
    result = rankings(coordinator_user, as_of=JUNE_30)
    assert result["previous"] == date(2025, 5, 31)
    departments = result["groups"]["department"]
    assert [r["name"] for r in departments] == ["经发局", "住建局"]
    b, a = departments
    assert (b["annual_plan"], b["completed_ytd"], b["task_progress"]) == (D(1000), D(700), D("0.7"))
    assert (a["annual_plan"], a["completed_ytd"], a["projects"]) == (D(1500), D(500), 2)
    assert a["gap_points"] == D("16.7")
    assert (b["rank"]["task"], b["move"]["task"]) == (1, 1)
    assert (a["rank"]["task"], a["move"]["task"]) == (2, -1)


def test_start_rate_is_started_over_planned_to_start_by_the_date(contest, coordinator_user):
    departments = rows_by_name(rankings(coordinator_user, as_of=JUNE_30)["groups"]["department"])
    a, b = departments["住建局"], departments["经发局"]
    assert (a["planned_starts"], a["started"], a["start_rate"]) == (2, 1, D("0.5"))
    assert (b["planned_starts"], b["started"], b["start_rate"]) == (1, 1, D(1))
    assert (b["rank"]["start"], a["rank"]["start"]) == (1, 2)
    assert (a["move"]["start"], b["move"]["start"]) == (0, 0)
    # Before a2's planned start nothing is missing: on 31 March 住建局's rate is 1 of 1.
    march = rows_by_name(measure(coordinator_user, as_of=date(2025, 3, 31))["department"])
    assert (march["住建局"]["planned_starts"], march["住建局"]["started"]) == (1, 1)


def test_warnings_count_red_and_yellow_projects_fewer_ranks_higher(contest, coordinator_user):
    departments = rows_by_name(rankings(coordinator_user, as_of=JUNE_30)["groups"]["department"])
    a, b = departments["住建局"], departments["经发局"]
    assert (a["red"], a["yellow"], b["red"], b["yellow"]) == (1, 0, 0, 0)
    assert (b["rank"]["warnings"], a["rank"]["warnings"]) == (1, 2)
    may = rows_by_name(measure(coordinator_user, as_of=date(2025, 5, 31))["department"])
    assert (may["住建局"]["red"], may["经发局"]["yellow"]) == (1, 1)
    assert (a["move"]["warnings"], b["move"]["warnings"]) == (0, 0)


def test_leaders_categories_and_lists(contest, coordinator_user):
    groups = rankings(coordinator_user, as_of=JUNE_30)["groups"]
    leaders = rows_by_name(groups["leader"])
    assert leaders["副主任（工业）"]["task_progress"] == D("0.7")
    assert [r["name"] for r in groups["leader"]] == ["副主任（工业）", "管委会主任"]
    categories = rows_by_name(groups["category"])
    assert (categories["产业项目"]["annual_plan"], categories["产业项目"]["completed_ytd"]) == (D(2000), D(1200))
    assert categories["基础设施"]["task_progress"] == D(0)
    lists = groups["list"]
    assert [(r["name"], r["projects"], r["annual_plan"], r["completed_ytd"]) for r in lists] == [
        ("2025年市定“三十工程”", 1, D(1000), D(700)), ("2025年区定“三十工程”", 3, D(2500), D(1200))]


def test_department_figures_agree_with_tuijin_progress(contest, coordinator_user):
    ranked = rows_by_name(rankings(coordinator_user, as_of=JUNE_30)["groups"]["department"])
    for group in progress(coordinator_user, as_of=JUNE_30)["by_department"]:
        row = ranked[group["name"]]
        assert (row["annual_plan"], row["completed_ytd"], row["task_progress"]) == (
            group["annual_plan"], group["completed_ytd"], group["task_progress"])


def test_rankings_are_scoped_to_the_users_projects(contest, owner_user):
    departments = rankings(owner_user, as_of=JUNE_30)["groups"]["department"]
    assert [(r["name"], r["projects"]) for r in departments] == [("住建局", 2)]


def test_competition_ranks_share_places_and_skip():
    rows = [{"key": k, "task_progress": v, "start_rate": None, "red": 0, "yellow": 0}
            for k, v in [(1, D("0.5")), (2, D("0.7")), (3, D("0.5")), (4, None), (5, D("0.1"))]]
    assert rank(rows, "task") == {2: 1, 1: 2, 3: 2, 5: 4, 4: None}
    assert rank(rows, "start") == {1: None, 2: None, 3: None, 4: None, 5: None}
    assert set(rank(rows, "warnings").values()) == {1}


def test_the_rankings_page_shows_moves(login, coordinator_user, contest):
    response = login(coordinator_user).get("/tracking/rankings/?month=2025-06")
    assert response.status_code == 200
    text = response.content.decode()
    assert "↑1" in text and "↓1" in text
    titles = [title for title, _rows in response.context["tables"]]
    assert titles == ["责任单位", "责任领导", "项目类别", "项目清单"]
    by_start = login(coordinator_user).get("/tracking/rankings/?month=2025-06&by=start").context["tables"][0][1]
    assert [r["name"] for r in by_start] == ["经发局", "住建局"]
    by_warnings = login(coordinator_user).get("/tracking/rankings/?month=2025-06&by=warnings")
    assert [r["name"] for r in by_warnings.context["tables"][0][1]] == ["经发局", "住建局"]


def test_the_rankings_page_for_the_owner_lists_only_its_projects(login, owner_user, contest):
    response = login(owner_user).get("/tracking/rankings/?month=2025-06")
    assert response.status_code == 200
    assert [r["name"] for r in response.context["tables"][0][1]] == ["住建局"]
    assert "经发局" not in response.content.decode()
