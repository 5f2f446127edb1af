"""The demo zone reproduces the seed page's figures, and each demo login sees what its role may see.

The zone is built once for this module, by `tuijin demo --no-serve --force --reset` (which runs
ZoneBuilder(password).build() on the emptied database), inside a transaction that is rolled back at the
end; each test runs in a savepoint inside it.
"""

from datetime import date
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.test import override_settings

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.org.models import Enterprise, User
from tuijin.projects.lifecycle import STAGE_GROUPS
from tuijin.projects.models import ListMembership, Milestone, ProgrammeList, Project
from tuijin.projects.selectors import visible_projects

from .factories import UserFactory

DEMO_PASSWORD = "Demo-zone-test-2025"
ZONE_LIST = "2025年区定“三十工程”"
CITY_LIST = "2025年市定“三十工程”"
FIRST_HALF = ["瑞庆", "澳特盛", "明仁", "卓立"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        UserFactory(username="leftover")  # the database is not empty: --reset must clear it first
        if connection.vendor == "postgresql":
            # Inside a transaction PostgreSQL will not TRUNCATE (flush) a table with deferred constraint
            # checks pending; run them now. Outside tests there is no such transaction.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        output = StringIO()
        with override_settings(DEBUG=False):
            call_command("demo", "--no-serve", "--force", "--reset", "--password", DEMO_PASSWORD, stdout=output)
        yield SimpleNamespace(output=output.getvalue())
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo", "db")


def on_list(name):
    return Project.objects.filter(memberships__programme__name=name)


# --- the seed's figures ---------------------------------------------------------------------------------------------

def test_zone_list_has_thirty_projects_worth_907_yi_with_315_planned_this_year():
    programme = ProgrammeList.objects.get(name=ZONE_LIST)
    assert (programme.year, programme.level, programme.region.name) == (2025, "district", "焦作高新区")
    projects = on_list(ZONE_LIST)
    assert projects.count() == 30
    assert projects.aggregate(s=Sum("total_investment"))["s"] == Decimal(907000)
    assert ListMembership.objects.filter(programme=programme).aggregate(s=Sum("annual_plan"))["s"] == Decimal(315000)


def test_twenty_one_of_the_thirty_have_started():
    projects = on_list(ZONE_LIST)
    assert projects.filter(actual_start__isnull=False).count() == 21
    assert projects.filter(actual_start__isnull=False).exclude(stage="construction").count() == 0
    assert projects.filter(actual_start__gt=date(2025, 6, 30)).count() == 0


def test_thirteen_projects_on_the_city_list():
    programme = ProgrammeList.objects.get(name=CITY_LIST)
    assert (programme.level, programme.region.name) == ("city", "焦作市")
    assert on_list(CITY_LIST).count() == 13
    assert set(on_list(CITY_LIST).values_list("pk", flat=True)) <= set(on_list(ZONE_LIST).values_list("pk", flat=True))


@pytest.mark.parametrize("short", FIRST_HALF)
def test_four_industry_projects_are_due_to_start_production_in_the_first_half(short):
    project = Project.objects.get(name__startswith=short)
    production = project.milestones.get(name="投产")
    assert production.planned_date <= date(2025, 6, 30)
    assert production.status == Milestone.Status.SCHEDULED
    assert project.stage == "construction" and project.actual_start is not None


def test_the_four_bring_205_yi_of_new_annual_output():
    query = Q()
    for short in FIRST_HALF:
        query |= Q(name__startswith=short)
    projects = Project.objects.filter(query)
    assert projects.count() == 4
    assert projects.aggregate(s=Sum("designed_output"))["s"] == Decimal(205000)


def test_the_seed_names_its_projects():
    names = set(Project.objects.values_list("name", flat=True))
    for word in ["瑞庆混动发动机", "卓立膜", "澳特盛", "明仁", "紫荆大道", "山阳路桥", "神州路绿化", "南海路排水河",
                 "龙源路绿化", "玉溪路小学", "金沙社区", "污水处理厂", "养老综合体"]:
        assert any(word in name for name in names), word


def test_the_reserve_has_projects_at_every_stage():
    counts = {key: Project.objects.filter(stage__in=stages).count() for key, (_, stages) in STAGE_GROUPS.items()}
    # 谋划: the registry's 7 and the funding reserve's 174 (tuijin/funding/demo.py); 在库 16: the registry's 13
    # and 3 signed 招商 leads converted into it (tuijin/promotion/demo.py).
    assert counts == {"planning": 181, "reserve": 16, "construction": 21, "completed": 2, "effective": 2}
    assert Project.objects.filter(stage="suspended").exclude(stage_reason="").count() == 1
    assert Project.objects.filter(stage="withdrawn").exclude(stage_reason="").count() == 1
    assert Project.objects.count() == 47 + 3 + 174  # the registry, converted leads, the funding reserve's own


def test_every_project_has_its_five_ones_and_a_real_timeline():
    coordinator = User.objects.get(username="coordinator")
    for project in Project.objects.all():
        assert project.lead_department_id, project.name
        assert project.team.exists(), project.name
        assert project.milestones.exists() and project.preparations.count() == 11, project.name
        created = AuditEvent.objects.get(project=project, action="project.create")
        assert created.actor == coordinator
    for project in on_list(ZONE_LIST):
        assert project.leader_id, project.name
        assert AuditEvent.objects.filter(project=project, action="project.team").exists()


def test_leaders_are_known_by_title_only():
    from tuijin.org.models import Person

    titles = set(Person.objects.filter(is_leader=True).values_list("name", flat=True))
    assert {"党工委书记", "管委会主任"} <= titles


def test_enterprise_codes_are_valid():
    for enterprise in Enterprise.objects.exclude(credit_code=None):
        enterprise.full_clean()


# --- the demo logins -------------------------------------------------------------------------------------------------

def test_the_command_reset_the_database_and_printed_the_logins(demo):
    assert not User.objects.filter(username="leftover").exists()
    assert "演示园区已建立" in demo.output
    for role in Role.values:
        assert f"  {role:<12} {DEMO_PASSWORD}" in demo.output


def test_a_demo_user_for_every_role_named_by_its_role():
    users = {u.username: u.role for u in User.objects.filter(username__in=Role.values)}
    assert users == {role: role for role in Role.values}


@pytest.mark.parametrize("role", Role.values)
def test_each_demo_user_logs_in_with_the_given_password(role, client):
    assert client.login(username=role, password=DEMO_PASSWORD)
    assert not client.login(username=role, password="wrong-password")


def test_owner_owns_some_projects_but_not_all():
    owner = User.objects.get(username="owner")
    mine = visible_projects(owner)
    assert 0 < mine.count() < Project.objects.count()
    assert set(mine.values_list("owner_id", flat=True)) == {owner.enterprise_id}
    assert mine.count() == Project.objects.filter(owner=owner.enterprise).count()


def test_department_sees_what_it_leads_or_helps():
    department = User.objects.get(username="department")
    expected = Project.objects.filter(Q(lead_department=department.department)
                                      | Q(co_departments=department.department)).distinct()
    assert 0 < visible_projects(department).count() == expected.count() < Project.objects.count()


@pytest.mark.parametrize("role, sees_all", [("coordinator", True), ("leader", True), ("auditor", False),
                                            ("admin", False)])
def test_region_wide_and_non_business_roles(role, sees_all):
    user = User.objects.get(username=role)
    assert visible_projects(user).count() == (47 + 3 + 174 if sees_all else 0)


# --- the registry page reproduces the seed's sentence --------------------------------------------------------------

def test_registry_on_the_zone_list_shows_the_seed_figures(client):
    client.login(username="coordinator", password=DEMO_PASSWORD)
    programme = ProgrammeList.objects.get(name=ZONE_LIST)
    response = client.get("/projects/", {"programme": programme.pk})
    summary = response.context["summary"]
    assert (summary["total"], summary["started"]) == (30, 21)
    assert summary["total_investment_sum"] == Decimal(907000)
    assert summary["annual_plan_sum"] == Decimal(315000)
    html = response.content.decode()
    assert 'data-figure="total_investment">90.70<' in html
    assert 'data-figure="annual_plan">31.50<' in html


def test_registry_on_the_city_list_shows_thirteen(client):
    client.login(username="leader", password=DEMO_PASSWORD)
    programme = ProgrammeList.objects.get(name=CITY_LIST)
    response = client.get("/projects/", {"programme": programme.pk})
    assert response.context["summary"]["total"] == 13


@pytest.mark.parametrize("role, status", [("owner", 200), ("department", 200), ("coordinator", 200), ("leader", 200),
                                          ("auditor", 403), ("admin", 403)])
def test_each_demo_role_on_the_registry(role, status, client):
    client.login(username=role, password=DEMO_PASSWORD)
    response = client.get("/projects/")
    assert response.status_code == status
    if status == 200:
        user = User.objects.get(username=role)
        assert response.context["summary"]["total"] == visible_projects(user).count()
