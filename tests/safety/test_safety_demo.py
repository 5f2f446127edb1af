"""The demo zone's campaign across the seed's ten domains and its key work under the seed's three themes,
as the dashboard reads them on the demo's date (the end of its latest dispatch period, 2025-06-30)."""

from datetime import date

import pytest
from django.db import transaction

from tuijin.org.models import User
from tuijin.safety import selectors as safety
from tuijin.safety.domains import SEED_DOMAINS
from tuijin.safety.models import Campaign, Hazard, HazardStage, Inspection
from tuijin.tasks import selectors as tasks
from tuijin.tracking.dashboard import default_as_of

AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tuijin.demo.zone import ZoneBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        ZoneBuilder("demo-pw").build()
        yield {role: User.objects.get(username=role) for role in ["owner", "department", "coordinator", "leader"]}
        transaction.set_rollback(True)


def test_the_dashboard_of_the_demo_reads_on_its_date(demo, db):
    assert default_as_of(demo["coordinator"]) == AS_OF


def test_one_campaign_inspects_every_domain_of_the_seed(demo, db):
    campaign = Campaign.objects.get()
    assert sorted(d.name for d in campaign.domains.all()) == sorted(SEED_DOMAINS)
    assert sorted(Inspection.objects.filter(campaign=campaign).values_list("domain__name", flat=True)) == \
        sorted(SEED_DOMAINS)


def test_hazards_are_in_every_stage_some_major_some_overdue(demo, db):
    summary = safety.hazard_summary(demo["coordinator"], as_of=AS_OF)
    assert {stage.value: n for stage, n in summary["stages"]} == {
        HazardStage.TO_RECTIFY: 2, HazardStage.RECTIFYING: 6, HazardStage.AWAITING: 2, HazardStage.ACCEPTED: 7}
    assert (summary["total"], summary["major_open"], summary["overdue"], summary["listed_open"]) == (17, 4, 4, 1)
    assert Hazard.objects.filter(level="major").count() == 5
    assert {r["domain__name"] for r in safety.stats_by_domain(demo["coordinator"], as_of=AS_OF)} == set(SEED_DOMAINS)


def test_the_demo_logins_see_their_part(demo, db):
    assert safety.visible_hazards(demo["department"]).count() == 6  # those handed to 住建局
    assert {h.inspection.project.name for h in safety.visible_hazards(demo["owner"])} == {
        "紫荆大道（东延）建设工程", "山阳路桥建设工程"}
    assert safety.visible_hazards(demo["leader"]).count() == 17


def test_the_key_work_of_the_three_themes(demo, db):
    rows = tasks.summary_by_theme(demo["leader"], as_of=AS_OF)
    assert [(r["theme__name"], r["total"]) for r in rows] == [("改革赋能", 3), ("创新引领", 3), ("产业支撑", 3)]
    totals = {key: sum(r[key] for r in rows) for key in ("done", "on_track", "overdue")}
    assert totals == {"done": 2, "on_track": 4, "overdue": 3}
    statuses = {t.status_label for t in tasks.task_list(demo["coordinator"], tasks.TaskFilters(), as_of=AS_OF)}
    assert statuses == {"未启动", "推进中", "已完成"}


def test_the_demo_leader_has_a_brief_of_tasks_and_hazards(demo, db):
    from tuijin.safety.brief import section as hazards_section
    from tuijin.tasks.brief import section as tasks_section

    person = demo["leader"].person
    assert {row[1] for row in tasks_section(person, as_of=AS_OF, since=None).rows} == {
        "推行项目审批“承诺制+标准地”改革", "城中村改造安置房建设"}
    assert {row[0] for row in hazards_section(person, as_of=AS_OF, since=None).rows} == {"城中村"}
