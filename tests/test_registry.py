"""The registry page: filters, the counts the seed speaks in, sorting, pagination and the Excel export of
exactly what is shown."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from tuijin.core.models import AuditEvent
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Project
from tuijin.projects.selectors import annual_plan_subquery, annual_plans

from .factories import (
    CategoryFactory,
    DepartmentFactory,
    EnterpriseFactory,
    LeaderFactory,
    ListMembershipFactory,
    ProgrammeListFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(zone, other_zone, department, leader_person, category):
    """Eight projects in the zone at every stage, on three lists, and one in the sibling zone."""
    infra = CategoryFactory(name="基础设施项目")
    economy = DepartmentFactory(name="经济发展局", short_name="经发局", region=zone)
    deputy = LeaderFactory(name="副主任（工业）", region=zone)
    ruiqing = EnterpriseFactory(name="瑞庆汽车发动机（焦作）有限公司", region=zone)
    zone_list = ProgrammeListFactory(name="2025年区定“三十工程”", region=zone)
    city_list = ProgrammeListFactory(name="2025年市定“三十工程”", region=zone.parent, level="city")
    last_year = ProgrammeListFactory(name="2024年区定“三十工程”", year=2024, region=zone)

    def make(name, stage, total, **extra):
        extra.setdefault("category", category)
        extra.setdefault("lead_department", economy)
        return ProjectFactory(name=name, stage=stage, total_investment=Decimal(total), region=zone, **extra)

    p = SimpleNamespace(
        ruiqing=make("瑞庆混动发动机项目", Stage.CONSTRUCTION, 150000, actual_start=date(2024, 6, 18), leader=deputy,
                     owner=ruiqing, code="2024-410871-36-03-000101", planned_start=date(2024, 6, 1)),
        zijing=make("紫荆大道建设工程", Stage.CONSTRUCTION, 68000, actual_start=date(2024, 10, 8), category=infra,
                    lead_department=department, leader=leader_person, planned_start=date(2024, 10, 1)),
        hydrogen=make("氢能装备产业园项目", Stage.PENDING, 60000, leader=deputy, co_departments=[department],
                      planned_start=date(2025, 3, 1)),
        lowalt=make("低空经济产业园项目", Stage.PLANNING, 80000, planned_start=date(2026, 3, 1)),
        newmat=make("新锐新材料项目", Stage.PROMOTION, 35000, planned_start=date(2026, 3, 1)),
        factory=make("标准化厂房（一期）", Stage.COMPLETED, 26000, actual_start=date(2023, 3, 1),
                     planned_start=date(2023, 3, 1)),
        film=make("光学膜一期项目", Stage.EFFECTIVE, 18000, actual_start=date(2023, 3, 1),
                  planned_start=date(2023, 2, 1)),
        hotel=make("会展酒店项目", Stage.SUSPENDED, 30000, planned_start=date(2025, 9, 1)),
        foreign=ProjectFactory(name="示范区数据中心项目", stage=Stage.CONSTRUCTION, region=other_zone,
                               total_investment=Decimal(99999), actual_start=date(2024, 1, 1)),
    )
    for project, programme, plan in [
        (p.ruiqing, zone_list, 60000), (p.ruiqing, city_list, 60000), (p.zijing, zone_list, 25000),
        (p.hydrogen, zone_list, 15000), (p.hydrogen, city_list, 12000), (p.newmat, last_year, 9000),
        (p.foreign, city_list, 40000),
    ]:
        ListMembershipFactory(project=project, programme=programme, annual_plan=Decimal(plan))
    return SimpleNamespace(p=p, zone_list=zone_list, city_list=city_list, last_year=last_year, infra=infra,
                           economy=economy, deputy=deputy, department=department, leader=leader_person)


def shown(response) -> list[str]:
    assert response.status_code == 200
    return [project.name for project in response.context["page"].object_list]


def summary(response) -> dict:
    return response.context["summary"]


@pytest.fixture
def browse(coordinator_user, login):
    client = login(coordinator_user)

    def get(**params):
        return client.get("/projects/", params)

    return get


def test_unfiltered_registry_counts_in_the_seeds_words(data, browse):
    response = browse()
    assert shown(response) == ["瑞庆混动发动机项目", "紫荆大道建设工程", "氢能装备产业园项目", "低空经济产业园项目",
                               "新锐新材料项目", "标准化厂房（一期）", "光学膜一期项目", "会展酒店项目"]
    s = summary(response)
    assert (s["total"], s["started"]) == (8, 4)
    assert [(key, str(label), n) for key, label, n in s["groups"]] == [
        ("planning", "在谋", 1), ("reserve", "在库", 2), ("construction", "在建", 2), ("completed", "建成", 1),
        ("effective", "达效", 1)]
    assert s["total_investment_sum"] == Decimal(467000)
    # A project on two of this year's lists counts its plan once (the larger); last year's list is not this year's.
    assert s["annual_plan_sum"] == Decimal(100000)
    html = response.content.decode()
    # Shown in 亿元 with two places, as the seed speaks of 90.7亿元.
    assert 'data-figure="total_investment">46.70<' in html
    assert 'data-figure="annual_plan">10.00<' in html


@pytest.mark.parametrize("params, expected", [
    ({"group": "planning"}, ["低空经济产业园项目"]),
    ({"group": "reserve"}, ["氢能装备产业园项目", "新锐新材料项目"]),
    ({"group": "construction"}, ["瑞庆混动发动机项目", "紫荆大道建设工程"]),
    ({"group": "completed"}, ["标准化厂房（一期）"]),
    ({"group": "effective"}, ["光学膜一期项目"]),
    ({"stage": "suspended"}, ["会展酒店项目"]),
    ({"started": "1"}, ["瑞庆混动发动机项目", "紫荆大道建设工程", "标准化厂房（一期）", "光学膜一期项目"]),
    ({"started": "0"}, ["氢能装备产业园项目", "低空经济产业园项目", "新锐新材料项目", "会展酒店项目"]),
    ({"q": "产业园"}, ["氢能装备产业园项目", "低空经济产业园项目"]),
    ({"q": "紫荆 工程"}, ["紫荆大道建设工程"]),              # every word must match
    ({"q": "瑞庆汽车"}, ["瑞庆混动发动机项目"]),               # the owner's name
    ({"q": "2024-410871-36-03-000101"}, ["瑞庆混动发动机项目"]),  # the project code
    ({"q": "没有这个项目"}, []),
])
def test_filters(params, expected, data, browse):
    assert shown(browse(**params)) == expected


def test_filter_by_list_category_department_and_leader(data, browse):
    assert shown(browse(programme=data.zone_list.pk)) == ["瑞庆混动发动机项目", "紫荆大道建设工程", "氢能装备产业园项目"]
    # The city's list also holds a project of the sibling zone: the coordinator of this zone does not see it.
    assert shown(browse(programme=data.city_list.pk)) == ["瑞庆混动发动机项目", "氢能装备产业园项目"]
    assert shown(browse(category=data.infra.pk)) == ["紫荆大道建设工程"]
    assert shown(browse(department=data.department.pk)) == ["紫荆大道建设工程", "氢能装备产业园项目"]  # leads or helps
    assert shown(browse(leader=data.leader.pk)) == ["紫荆大道建设工程"]
    assert shown(browse(leader=data.deputy.pk)) == ["瑞庆混动发动机项目", "氢能装备产业园项目"]
    assert shown(browse(group="construction", department=data.department.pk)) == ["紫荆大道建设工程"]


def test_a_filter_that_does_not_validate_leaves_the_others_in_force(data, browse, other_department):
    assert shown(browse(group="construction", category=987654)) == ["瑞庆混动发动机项目", "紫荆大道建设工程"]
    # A department of another zone is not offered to this coordinator; the stage filter still applies.
    assert shown(browse(group="planning", department=other_department.pk)) == ["低空经济产业园项目"]


def _select(html: str, name: str) -> str:
    """The options of the filter bar's drop-down `name`."""
    start = html.index(f'<select class="form-select form-select-sm" name="{name}"')
    return html[start:html.index("</select>", start)]


def test_the_filter_bar_offers_the_users_scope_and_marks_the_choice(data, browse, other_department):
    html = browse(department=data.economy.pk).content.decode()
    departments = _select(html, "department")
    assert '<option value="">全部单位</option>' in departments
    # Known by its short name, as everywhere; the chosen one marked.
    assert f'<option value="{data.economy.pk}" selected>经发局</option>' in departments
    assert f'<option value="{data.department.pk}">' in departments
    assert f'value="{other_department.pk}"' not in departments  # another zone's
    assert f'<option value="{data.deputy.pk}">副主任（工业）</option>' in _select(html, "leader")
    # The zone's lists and the city's list its projects are counted on.
    programmes = _select(html, "programme")
    assert all(f'value="{p.pk}"' in programmes for p in (data.zone_list, data.city_list, data.last_year))
    assert '<option value="construction">在建</option>' in _select(html, "stage")


@pytest.mark.parametrize("value", ["other zone", "987654", "abc", "1.5"])
def test_a_department_not_offered_is_left_out_and_named(value, data, browse, other_department):
    response = browse(group="construction", department=other_department.pk if value == "other zone" else value)
    assert shown(response) == ["瑞庆混动发动机项目", "紫荆大道建设工程"]
    assert [str(m) for m in response.context["messages"]] == [
        "已忽略筛选条件 责任单位：选择一个有效的选项： 该选择不在可用的选项中。"]


def test_summary_follows_the_filters_and_the_chosen_list(data, browse):
    zone_list = summary(browse(programme=data.zone_list.pk))
    assert (zone_list["total"], zone_list["started"]) == (3, 2)
    assert zone_list["total_investment_sum"] == Decimal(278000)
    assert zone_list["annual_plan_sum"] == Decimal(100000)
    # On a chosen list, a project's annual plan is that list's.
    city_list = summary(browse(programme=data.city_list.pk))
    assert city_list["annual_plan_sum"] == Decimal(72000)
    # A list of another year brings its own year.
    last_year = browse(programme=data.last_year.pk)
    assert shown(last_year) == ["新锐新材料项目"] and summary(last_year)["annual_plan_sum"] == Decimal(9000)
    construction = summary(browse(group="construction"))
    assert construction["total_investment_sum"] == Decimal(218000)
    assert construction["construction"] == 2 and construction["planning"] == 0
    empty = summary(browse(q="没有这个项目"))
    assert (empty["total"], empty["total_investment_sum"], empty["annual_plan_sum"]) == (0, 0, 0)


def test_department_registry_is_its_own_projects(data, department_user, login):
    response = login(department_user).get("/projects/")
    assert shown(response) == ["紫荆大道建设工程", "氢能装备产业园项目"]
    assert summary(response)["total_investment_sum"] == Decimal(128000)


@pytest.mark.parametrize("sort, expected", [
    ("-total", ["瑞庆混动发动机项目", "低空经济产业园项目", "紫荆大道建设工程", "氢能装备产业园项目", "新锐新材料项目",
                "会展酒店项目", "标准化厂房（一期）", "光学膜一期项目"]),
    ("total", ["光学膜一期项目", "标准化厂房（一期）", "会展酒店项目", "新锐新材料项目", "氢能装备产业园项目",
               "紫荆大道建设工程", "低空经济产业园项目", "瑞庆混动发动机项目"]),
    ("-annual", ["瑞庆混动发动机项目", "紫荆大道建设工程", "氢能装备产业园项目", "低空经济产业园项目", "新锐新材料项目",
                 "标准化厂房（一期）", "光学膜一期项目", "会展酒店项目"]),
    ("planned_start", ["光学膜一期项目", "标准化厂房（一期）", "瑞庆混动发动机项目", "紫荆大道建设工程", "氢能装备产业园项目",
                       "会展酒店项目", "低空经济产业园项目", "新锐新材料项目"]),
    ("stage", ["标准化厂房（一期）", "瑞庆混动发动机项目", "紫荆大道建设工程", "光学膜一期项目", "氢能装备产业园项目",
               "低空经济产业园项目", "新锐新材料项目", "会展酒店项目"]),
    ("nonsense", ["瑞庆混动发动机项目", "紫荆大道建设工程", "氢能装备产业园项目", "低空经济产业园项目", "新锐新材料项目",
                  "标准化厂房（一期）", "光学膜一期项目", "会展酒店项目"]),
])
def test_sorting(sort, expected, data, browse):
    assert shown(browse(sort=sort)) == expected


def test_sort_by_name_matches_the_database_order(data, browse):
    names = shown(browse(sort="name"))
    assert sorted(names) == sorted(shown(browse()))
    assert names == list(Project.objects.filter(name__in=names).order_by("name", "id").values_list("name", flat=True))


def test_each_row_prints_the_project(data, browse):
    html = browse().content.decode()
    rows = html[html.index("<tbody>"):html.index("</tbody>")].split("<tr>")[1:]
    ruiqing, lowalt = rows[0], rows[3]
    p = data.p.ruiqing
    assert "<td>1</td>" in ruiqing
    assert (f'<a href="/projects/{p.pk}/">瑞庆混动发动机项目</a>'
            '<div class="small text-muted">2024-410871-36-03-000101</div>') in ruiqing
    assert '<span class="badge stage-badge stage-construction">在建</span>' in ruiqing
    cells = [cell.split("</td>")[0] for cell in ruiqing.split("<td")[1:]]
    assert cells[3:] == [">产业项目", ' class="money">150,000.00', ' class="money">60,000.00', ' class="money">0%',
                         ">2024-06", ">2024-06-18", ">副主任（工业）", ">经发局", ">瑞庆汽车发动机（焦作）有限公司"]
    # No list this year: no plan, so no task progress; no start, leader or owner: blank.
    assert "<td>4</td>" in lowalt and "低空经济产业园项目" in lowalt and '<div class="small' not in lowalt
    cells = [cell.split("</td>")[0] for cell in lowalt.split("<td")[1:]]
    assert cells[5:] == [' class="money">0.00', ' class="money">—', ">2026-03", ">", ">", ">经发局", ">"]


@pytest.fixture
def many(zone, category, department):
    """120 projects: 75 of them under construction."""
    Project.objects.bulk_create(
        Project(name=f"批量项目{i:03d}", category=category, region=zone, lead_department=department,
                stage=Stage.CONSTRUCTION if i % 8 < 5 else Stage.PLANNING, total_investment=Decimal(100))
        for i in range(120))


def test_pagination(many, browse):
    first = browse()
    assert len(shown(first)) == 50 and shown(first)[0] == "批量项目000"
    page = first.context["page"]
    assert (page.paginator.count, page.paginator.num_pages, page.number) == (120, 3, 1)
    assert summary(first)["total"] == 120 and summary(first)["total_investment_sum"] == Decimal(12000)
    third = browse(page=3)
    assert shown(third) == [f"批量项目{i:03d}" for i in range(100, 120)]
    assert "3 / 3" in third.content.decode()
    assert shown(browse(page=99)) == shown(third)      # past the end: the last page
    assert shown(browse(page="x")) == shown(first)     # nonsense: the first page


def test_pagination_keeps_the_filters(many, browse):
    first = browse(group="construction")
    assert first.context["page"].paginator.count == 75
    html = first.content.decode()
    assert "?group=construction&amp;page=2" in html
    second = browse(group="construction", page=2)
    construction = [f"批量项目{i:03d}" for i in range(120) if i % 8 < 5]
    assert shown(first) + shown(second) == construction
    assert len(shown(second)) == 25


def test_htmx_request_gets_only_the_results(data, coordinator_user, login):
    response = login(coordinator_user).get("/projects/", {"group": "construction"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "瑞庆混动发动机项目" in html and "低空经济产业园项目" not in html


# --- the Excel export -----------------------------------------------------------------------------------------------

def read_sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[0][0], rows[2], rows[3:]


def test_export_contains_exactly_the_filtered_rows(data, coordinator_user, login):
    client = login(coordinator_user)
    response = client.get("/projects/export.xlsx", {"programme": data.zone_list.pk, "sort": "-total"})
    title, header, rows = read_sheet(response)
    assert title == "项目储备库"
    assert header[:9] == ["序号", "项目代码", "项目名称", "项目单位", "类别", "建设性质", "阶段", "总投资", "年度计划投资"]
    assert [r[2] for r in rows] == ["瑞庆混动发动机项目", "紫荆大道建设工程", "氢能装备产业园项目"]
    assert [r[0] for r in rows] == [1, 2, 3]
    first = rows[0]
    assert first[1] == "2024-410871-36-03-000101" and first[3] == "瑞庆汽车发动机（焦作）有限公司"
    assert first[6] == "在建" and first[7] == 150000 and first[8] == 60000
    assert first[12] == "副主任（工业）" and first[13] == "经发局"
    page = client.get("/projects/", {"programme": data.zone_list.pk, "sort": "-total"})
    assert [r[2] for r in rows] == shown(page)


def test_export_of_everything_and_of_nothing(data, coordinator_user, login):
    client = login(coordinator_user)
    _, _, rows = read_sheet(client.get("/projects/export.xlsx"))
    assert len(rows) == 8 and "示范区数据中心项目" not in [r[2] for r in rows]
    assert sum(r[7] for r in rows) == 467000
    _, _, none = read_sheet(client.get("/projects/export.xlsx", {"q": "没有这个项目"}))
    assert none == []


def test_export_respects_scope_and_is_audited(data, department_user, login):
    response = login(department_user).get("/projects/export.xlsx", {"group": "construction"})
    _, _, rows = read_sheet(response)
    assert [r[2] for r in rows] == ["紫荆大道建设工程"]
    event = AuditEvent.objects.get(action="export.registry")
    assert event.actor == department_user and event.changes == {"query": "group=construction"}


def test_sorting_by_task_progress_puts_laggards_or_leaders_first(data, browse):
    """任务进度 = this year's counted reports ÷ the annual plan; projects without a plan come last either way."""
    from tuijin.dispatch.models import Period, ProgressReport

    periods = [Period.objects.create(region=data.p.ruiqing.region, year=2025, month=m, deadline=date(2025, m + 1, 5))
               for m in (1, 2)]
    last_year = Period.objects.create(region=data.p.ruiqing.region, year=2024, month=12, deadline=date(2025, 1, 5))
    approved, draft = ProgressReport.Status.APPROVED, ProgressReport.Status.DRAFT
    for project, period, amount, status in [
        (data.p.ruiqing, periods[0], 6000, approved), (data.p.ruiqing, periods[1], 6000, approved),  # 12000/60000
        (data.p.zijing, periods[0], 10000, approved),                                                 # 10000/25000
        (data.p.zijing, last_year, 20000, approved),   # last year's work is not this year's progress
        (data.p.hydrogen, periods[0], 9000, draft),    # a draft does not count: 0/15000
    ]:
        ProgressReport.objects.create(project=project, period=period, invest_month=Decimal(amount), status=status)
    laggards = shown(browse(sort="progress"))
    assert laggards[:3] == ["氢能装备产业园项目", "瑞庆混动发动机项目", "紫荆大道建设工程"]
    assert shown(browse(sort="-progress"))[:3] == ["紫荆大道建设工程", "瑞庆混动发动机项目", "氢能装备产业园项目"]
    page = browse(sort="-progress").content.decode()
    assert "40%" in page and "20%" in page and "0%" in page


def test_annual_plans_read_at_once_agree_with_the_per_project_subquery(zone, category):
    """projects.selectors.annual_plans (the 调度表's grouped read) and annual_plan_subquery give the same plan: the
    chosen list's, else the largest of the year's lists; a project on no list that year has none."""
    city_list, zone_list = ProgrammeListFactory(region=zone), ProgrammeListFactory(region=zone)
    last_year = ProgrammeListFactory(region=zone, year=2024)
    both, one, old, none = (ProjectFactory(region=zone, category=category) for _ in range(4))
    ListMembershipFactory(programme=city_list, project=both, annual_plan=Decimal(800))
    ListMembershipFactory(programme=zone_list, project=both, annual_plan=Decimal(900))
    ListMembershipFactory(programme=zone_list, project=one, annual_plan=Decimal(50))
    ListMembershipFactory(programme=last_year, project=old, annual_plan=Decimal(70))
    projects = Project.objects.filter(pk__in=[both.pk, one.pk, old.pk, none.pk])
    for programme in (None, city_list.pk, zone_list.pk):
        grouped = annual_plans(projects, year=2025, programme=programme)
        each = dict(projects.annotate(plan=annual_plan_subquery(year=2025, programme=programme)).values_list(
            "pk", "plan"))
        assert grouped == {pk: plan for pk, plan in each.items() if plan is not None}, programme
    assert annual_plans(projects, year=2025, programme=None) == {both.pk: 900, one.pk: 50}
