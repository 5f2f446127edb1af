"""A stale save (数据完整性) is refused with a message that says what changed: each field someone else changed
since the form was opened, its new value, who and when — read from the audit trail."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.test_versions import posts
from tuijin.core import stale
from tuijin.core.audit import record
from tuijin.core.models import AuditEvent
from tuijin.projects import services
from tuijin.projects.models import Project

FORMS = ["edit", "stage", "team", "milestone_new", "milestone_edit", "milestone_delete", "preparation", "membership"]


def opened_of(html: str) -> str:
    return re.search(r'name="opened" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("form", FORMS)
def test_a_stale_project_form_names_what_changed_and_its_new_value(form, project, programme, coordinator_user,
                                                                   department_user, login):
    milestone = project.milestones.create(name="开工", order=1)
    version = Project.objects.get(pk=project.pk).version
    opened = timezone.now().isoformat()
    services.project_update(actor=department_user, project=project,
                            data={"address": "别人刚改的地址", "total_investment": Decimal("52000")})
    url, data = posts(project, programme, milestone)[form]
    response = login(coordinator_user).post(url, {**data, "version": version, "opened": opened}, follow=True)
    text = response.content.decode()
    assert "已被他人修改" in text
    assert "建设地点改为“别人刚改的地址”" in text
    assert "总投资（万元）改为“52000”" in text
    assert "department" in text  # who


@pytest.mark.parametrize("url", ["/projects/{p}/edit/", "/projects/{p}/", "/projects/{p}/team/",
                                 "/projects/{p}/milestones/new/", "/projects/{p}/preparation/site/",
                                 "/projects/{p}/lists/{l}/"])
def test_every_versioned_form_carries_the_moment_it_was_opened(url, project, programme, coordinator_user, login):
    before = timezone.now()
    html = login(coordinator_user).get(url.format(p=project.pk, l=programme.pk)).content.decode()
    assert stale.parse_opened(opened_of(html)) >= before


def test_a_change_made_before_the_form_was_opened_is_not_listed(project, coordinator_user, department_user):
    services.project_update(actor=department_user, project=project, data={"address": "早先的地址"})
    opened = timezone.now().isoformat()
    services.project_update(actor=department_user, project=project, data={"address": "后来的地址"})
    lines = stale.changes_since(stale.project_events(project), stale.parse_opened(opened))
    assert lines == [lines[0]] and "后来的地址" in lines[0]


def test_reads_and_other_projects_are_not_listed(project, other_project, coordinator_user):
    opened = stale.parse_opened(timezone.now().isoformat())
    record(actor=coordinator_user, action="download.plan", target=project, project=project)
    record(actor=coordinator_user, action="project.update", target=other_project, project=other_project,
           changes={"address": ["", "别的项目"]})
    assert stale.changes_since(stale.project_events(project), opened) == []


def test_a_milestone_change_names_the_milestone_and_shows_the_status_label(project, coordinator_user):
    opened = stale.parse_opened(timezone.now().isoformat())
    milestone = project.milestones.get()
    services.milestone_save(actor=coordinator_user, project=project, milestone=milestone,
                            data={"status": "met", "actual_date": date(2025, 3, 1)})
    text = "；".join(stale.changes_since(stale.project_events(project), opened))
    assert "“开工”的状态改为“已完成”" in text, text


def test_a_preparation_change_names_the_item_and_its_status(project, coordinator_user):
    opened = stale.parse_opened(timezone.now().isoformat())
    services.preparation_save(actor=coordinator_user, project=project, item="site", status="doing", done_on=None)
    text = "；".join(stale.changes_since(stale.project_events(project), opened))
    assert "的状态改为“办理中”" in text, text


@pytest.mark.parametrize("opened", ["", "昨天", "2025-13-45T99:00", "\ufeff", "9" * 100])
def test_a_missing_or_forged_opening_time_keeps_the_plain_refusal(opened, project, coordinator_user):
    from django.core.exceptions import ValidationError

    error = ValidationError("已被他人修改。", code="stale")
    assert stale.explain(error, events=stale.project_events(project), opened=opened) is error


def test_a_refusal_that_is_not_stale_is_left_alone(project):
    from django.core.exceptions import ValidationError

    error = ValidationError({"name": "请填写名称。"})
    assert stale.explain(error, events=stale.project_events(project), opened=timezone.now().isoformat()) is error


def test_a_stale_report_names_the_figures_someone_else_saved(project, programme, owner_user, login):
    from tuijin.dispatch.models import Period, ProgressReport
    from tuijin.projects.models import ListMembership

    ListMembership.objects.create(project=project, programme=programme, annual_plan=Decimal(100))
    Project.objects.filter(pk=project.pk).update(stage="construction", actual_start=date(2025, 1, 5))
    period = Period.objects.create(region=project.region, year=programme.year, month=5,
                                   deadline=date(programme.year, 6, 5))
    url = f"/dispatch/{period.pk}/projects/{project.pk}/"
    client = login(owner_user)
    page = client.get(url).content.decode()
    opened, version = opened_of(page), 0  # opened before any report existed
    from tuijin.dispatch.services import report_save

    report_save(actor=owner_user, period=period, project=project, submit=False,
                data={"invest_month": Decimal("20"), "progress_text": "主体封顶"})
    client = login(owner_user)
    response = client.post(url, {"invest_month": "99", "save": "1", "version": version, "opened": opened})
    text = response.content.decode()
    assert "已被他人修改" in text
    assert "本期完成投资" in text and "改为“20”" in text and "主体封顶" in text
    assert ProgressReport.objects.get(period=period, project=project).invest_month == Decimal(20)
    assert AuditEvent.objects.filter(action="report.save").count() == 1
