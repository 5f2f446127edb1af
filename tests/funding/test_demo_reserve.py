"""The demo zone reproduces the seed's reserve: "动态储备政策性资金项目198个，其中包括专项债项目65个、“两重”项目56个、
“两新”项目21个、中央预算内资金项目56个". Built once for the module (ZoneBuilder), rolled back at the end."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from tuijin.core.models import AuditEvent
from tuijin.funding.models import Application
from tuijin.funding.readiness import readiness
from tuijin.funding.selectors import reserve_figures, visible_applications
from tuijin.org.models import User
from tuijin.projects.models import ListMembership, Project

SEED = "动态储备政策性资金项目198个，其中包括专项债项目65个、“两重”项目56个、“两新”项目21个、中央预算内资金项目56个。"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tuijin.demo.zone import ZoneBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        ZoneBuilder("pw").build()
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo", "db")


def test_the_reserve_is_the_seeds_198_split_65_56_21_56():
    figures = reserve_figures(Application.objects.all())
    assert figures.total == 198
    assert figures.channel_counts() == {"专项债": 65, "两重": 56, "两新": 21, "中央预算内": 56, "省级专项": 0, "其他": 0}
    assert figures.sentence() == SEED


def test_kpi_funding_gives_the_seeds_figures():
    out = StringIO()
    call_command("kpi", "funding", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"total": 198, "by_channel": {
        "专项债": 65, "两重": 56, "两新": 21, "中央预算内": 56, "省级专项": 0, "其他": 0}}


def test_the_reserve_has_every_status_including_some_rejected():
    figures = reserve_figures(Application.objects.all())
    projects = {row["status"]: row["projects"] for row in figures.by_status}
    assert projects == {"reserve": 132, "applied": 33, "approved": 13, "issued": 10, "paid": 10, "rejected": 11}
    rejected = Application.objects.filter(status="rejected")
    assert all(a.rejection_reason and a.year == 2024 for a in rejected)
    # each rejected project was put back into the 2025 reserve of the same channel
    for application in rejected:
        assert Application.objects.filter(project=application.project, channel=application.channel, year=2025,
                                          status="reserve").exists()


def test_the_amounts_keep_their_rules():
    assert not Application.objects.filter(amount_approved__gt=F("amount_requested")).exists()
    assert not Application.objects.filter(amount_issued__gt=F("amount_approved")).exists()
    assert not Application.objects.filter(amount_paid__gt=F("amount_issued")).exists()
    for application in Application.objects.select_related("project", "channel"):
        application.full_clean()
    figures = reserve_figures(Application.objects.all())
    assert 0 < figures.amounts["paid"] < figures.amounts["issued"] < figures.amounts["approved"] \
        < figures.amounts["requested"]


def test_every_application_past_the_reserve_was_ready_when_it_applied():
    for application in Application.objects.exclude(status="reserve").select_related("project", "channel"):
        assert readiness(application.project, application.channel).ok, application


def test_the_reserve_projects_are_off_the_lists_and_were_created_through_the_services():
    coordinator = User.objects.get(username="coordinator")
    events = AuditEvent.objects.filter(action="project.create", reason="纳入政策性资金项目储备")
    assert events.count() == 174 and set(events.values_list("actor", flat=True)) == {coordinator.pk}
    created = Project.objects.filter(pk__in=events.values("project"))
    assert set(created.values_list("stage", flat=True)) == {"planning"}
    assert not ListMembership.objects.filter(project__in=created).exists()
    assert all(project.team.exists() and project.lead_department_id for project in created)
    # every project of the reserve: the 174 and 24 of the registry's 47
    assert Project.objects.filter(funding_applications__isnull=False).distinct().count() == 198


def test_every_move_of_an_application_is_in_the_trail():
    moves = Application.objects.aggregate(n=Count("moves"))["n"]
    assert AuditEvent.objects.filter(action="funding.create").count() == Application.objects.count()
    assert AuditEvent.objects.filter(action="funding.move").count() == moves - Application.objects.count()


@pytest.mark.parametrize("role, expected", [("coordinator", 198), ("leader", 198), ("auditor", 0)])
def test_region_wide_roles_see_the_whole_reserve(role, expected):
    user = User.objects.get(username=role)
    assert reserve_figures(visible_applications(user)).total == expected


def test_the_demo_owner_and_department_see_their_part():
    owner, department = User.objects.get(username="owner"), User.objects.get(username="department")
    mine = visible_applications(owner)
    assert mine.exists() and set(mine.values_list("project__owner", flat=True)) == {owner.enterprise_id}
    led = visible_applications(department)
    assert led.exists() and set(led.values_list("project__lead_department", flat=True)) == {
        department.department_id}
