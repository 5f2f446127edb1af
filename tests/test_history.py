"""“What did this project look like at the end of March?”: the as-of view rebuilt from the audit trail,
including changes made by a sheet import."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook

from tuijin.exchange.sheet_import import import_sheet
from tuijin.projects import selectors, services
from tuijin.projects.lifecycle import Stage, TransitionFacts


def test_before_creation_there_is_nothing(coordinator_user, zone, category):
    before = timezone.now()
    project = services.project_create(actor=coordinator_user, data={"name": "新项目", "category": category,
                                                                    "region": zone})
    assert selectors.project_as_of(project, before) is None
    assert selectors.project_as_of(project, timezone.now())["name"] == "新项目"


def test_later_changes_are_undone_field_by_field(coordinator_user, zone, category, department, leader_person,
                                                 programme):
    project = services.project_create(actor=coordinator_user, data={
        "name": "回溯项目", "category": category, "region": zone, "total_investment": Decimal(1000)})
    services.membership_set(actor=coordinator_user, project=project, programme=programme, annual_plan=Decimal(300))
    end_of_march = timezone.now()
    services.project_update(actor=coordinator_user, project=project, data={"total_investment": Decimal(1500),
                                                                          "name": "回溯项目（调整）"})
    services.project_assign_team(actor=coordinator_user, project=project, leader=leader_person,
                                 lead_department=department, co_departments=[], team=[])
    services.project_transition(actor=coordinator_user, project=project, to_stage=Stage.PENDING,
                                facts=TransitionFacts())
    services.membership_set(actor=coordinator_user, project=project, programme=programme, annual_plan=Decimal(450))

    then = selectors.project_as_of(project, end_of_march)
    assert then["total_investment"] == "1000" and then["name"] == "回溯项目"
    assert then["stage"] == Stage.PLANNING and then["leader"] is None and then["lead_department"] is None
    assert then[str(programme)] == "300"
    now = selectors.project_as_of(project, timezone.now())
    assert now["total_investment"] == "1500" and now["stage"] == Stage.PENDING and now[str(programme)] == "450"


def test_changes_made_by_an_import_are_in_the_history(coordinator_user, zone, category):
    from tuijin.dispatch.models import Period

    Period.objects.create(region=zone, year=2025, month=4, deadline=date(2025, 5, 5))
    project = services.project_create(actor=coordinator_user, data={
        "name": "导入回溯项目", "category": category, "region": zone, "total_investment": Decimal(800)})
    before_import = timezone.now()
    workbook = Workbook()
    workbook.active.append(["项目名称", "总投资（万元）"])
    workbook.active.append(["导入回溯项目", 950])
    buffer = BytesIO()
    workbook.save(buffer)
    result = import_sheet(actor=coordinator_user, file=BytesIO(buffer.getvalue()))
    assert result.errors == [] and result.updated == 1
    project.refresh_from_db()
    assert project.total_investment == Decimal(950)
    assert selectors.project_as_of(project, before_import)["total_investment"] == "800"


def test_the_page_shows_then_beside_now(coordinator_user, project, login):
    # The page asks for a day and shows its end (local time): yesterday is before today's change whatever the
    # hour (the UTC date of "now" was the day before only from 16:00 to 24:00 UTC).
    then = timezone.localdate() - timedelta(days=1)
    services.project_update(actor=coordinator_user, project=project, data={"total_investment": Decimal(12345)})
    page = login(coordinator_user).get(f"/projects/{project.pk}/history/?at={then.isoformat()}")
    assert page.status_code == 200
    changed = [row for row in page.context["rows"] if row["changed"]]
    assert [row["field"] for row in changed] == ["总投资（万元）"]
    assert changed[0]["now"] == "12345"
