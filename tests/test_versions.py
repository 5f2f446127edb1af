"""No lost updates: every form that edits a project or its parts carries the version it was opened at; a save
over someone else's newer change is refused with a clear message and changes nothing."""

from decimal import Decimal

import pytest

from tuijin.projects import services
from tuijin.projects.models import Project

from .helpers import database_state, project_form_data

STALE = "已被他人修改"


def someone_else_saves(project, coordinator_user):
    """Another user's edit, made after the form was opened: the project's version moves on."""
    services.project_update(actor=coordinator_user, project=project, data={"address": "别人刚改的地址"})


def posts(project, programme, milestone):
    return {
        "edit": (f"/projects/{project.pk}/edit/", project_form_data(project, name="我的修改")),
        "stage": (f"/projects/{project.pk}/stage/", {"to_stage": "promotion"}),
        "team": (f"/projects/{project.pk}/team/", {"reason": "调整"}),
        "milestone_new": (f"/projects/{project.pk}/milestones/new/", {"name": "新节点", "status": "scheduled"}),
        "milestone_edit": (f"/projects/{project.pk}/milestones/{milestone.pk}/", {"name": "改名", "status": "scheduled"}),
        "milestone_delete": (f"/projects/{project.pk}/milestones/{milestone.pk}/", {"delete": "1"}),
        "preparation": (f"/projects/{project.pk}/preparation/site/", {"status": "doing"}),
        "membership": (f"/projects/{project.pk}/lists/{programme.pk}/", {"annual_plan": "123"}),
    }


@pytest.mark.parametrize("form", ["edit", "stage", "team", "milestone_new", "milestone_edit", "milestone_delete",
                                  "preparation", "membership"])
def test_a_stale_save_is_refused_and_changes_nothing(form, project, programme, coordinator_user, login):
    milestone = project.milestones.create(name="开工", order=1)
    opened_at = Project.objects.get(pk=project.pk).version
    someone_else_saves(project, coordinator_user)
    before = database_state()
    url, data = posts(project, programme, milestone)[form]
    client = login(coordinator_user)
    response = client.post(url, {**data, "version": opened_at}, follow=True)
    assert STALE in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize("form", ["stage", "preparation", "membership", "milestone_new"])
def test_a_current_save_goes_through_and_moves_the_version(form, project, programme, coordinator_user, login):
    milestone = project.milestones.create(name="开工", order=1)
    version = Project.objects.get(pk=project.pk).version
    url, data = posts(project, programme, milestone)[form]
    response = login(coordinator_user).post(url, {**data, "version": version})
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).version == version + 1


def test_the_forms_carry_the_version(project, programme, coordinator_user, login):
    client = login(coordinator_user)
    milestone = project.milestones.create(name="开工", order=1)
    version = Project.objects.get(pk=project.pk).version
    for url in [f"/projects/{project.pk}/", f"/projects/{project.pk}/team/", f"/projects/{project.pk}/milestones/new/",
                f"/projects/{project.pk}/milestones/{milestone.pk}/", f"/projects/{project.pk}/preparation/site/",
                f"/projects/{project.pk}/lists/{programme.pk}/"]:
        html = client.get(url).content.decode()
        assert f'name="version" value="{version}"' in html, url


def test_two_people_on_the_same_report(project, programme, owner_user, login):
    from datetime import date

    from tuijin.dispatch.models import Period, ProgressReport
    from tuijin.projects.models import ListMembership

    ListMembership.objects.create(project=project, programme=programme, annual_plan=Decimal(100))
    Project.objects.filter(pk=project.pk).update(stage="construction", actual_start=date(2025, 1, 5))
    period = Period.objects.create(region=project.region, year=programme.year, month=5,
                                   deadline=date(programme.year, 6, 5))
    client = login(owner_user)
    url = f"/dispatch/{period.pk}/projects/{project.pk}/"
    client.post(url, {"invest_month": "10", "save": "1"})
    opened = ProgressReport.objects.get(period=period, project=project).version
    client.post(url, {"invest_month": "20", "save": "1", "version": opened})  # the first person saves
    response = client.post(url, {"invest_month": "99", "save": "1", "version": opened})  # the second, stale
    assert STALE in response.content.decode()
    assert ProgressReport.objects.get(period=period, project=project).invest_month == Decimal(20)
