"""The demo zone reproduces the seed's 招商 sentence: "一季度签约引进40多个项目，总投资约42亿元", with leads at
every stage, stale ones, terminated ones, started ones with funds in place, and signed ones in the registry."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from tuijin.core.models import AuditEvent
from tuijin.core.money import wan_to_yi
from tuijin.org.models import Person, User
from tuijin.projects.models import ListMembership
from tuijin.projects.selectors import project_timeline
from tuijin.promotion import brief, dashboard, selectors
from tuijin.promotion.models import Lead
from tuijin.promotion.stages import LeadStage

AS_OF = date(2025, 6, 30)  # the demo's dashboard date: the end of the open June period


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tuijin.demo.zone import ZoneBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        ZoneBuilder("pw").build()
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo", "db")


def kpi(period: str) -> dict:
    out = StringIO()
    call_command("kpi", "promotion", "--period", period, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_first_quarter_signings_are_forty_odd_worth_about_42_yi():
    figures = kpi("2025Q1")
    assert figures == {"signed": 43, "signed_amount": 421600.0, "started": 6, "funds_in_place": 6840.0}
    assert 40 < figures["signed"] < 50
    assert round(wan_to_yi(Decimal(str(figures["signed_amount"])))) == 42


def test_the_year_and_a_month_count_by_the_same_rules():
    assert kpi("2025") == {"signed": 43, "signed_amount": 421600.0, "started": 10, "funds_in_place": 14340.0}
    assert kpi("2025-01")["signed"] + kpi("2025-02")["signed"] + kpi("2025-03")["signed"] == 43


def test_the_q1_amount_includes_only_the_increase_of_an_earlier_lead():
    earlier = Lead.objects.get(name="智能传感器二期项目")
    assert [s.kind for s in earlier.signings.all()] == ["new", "increase"]
    assert kpi("2024")["signed"] == 1 and kpi("2024")["signed_amount"] == 8000.0


def test_leads_at_every_stage_some_stale_some_terminated():
    stages = set(Lead.objects.values_list("stage", flat=True))
    assert stages == set(LeadStage.values)
    terminated = Lead.objects.filter(stage=LeadStage.TERMINATED)
    assert terminated.count() == 3 and not terminated.filter(stage_reason="").exists()
    assert selectors.stale(Lead.objects.all(), as_of=AS_OF).count() == 8
    for lead in Lead.objects.filter(stage=LeadStage.FUNDED):
        assert lead.funds.exists() and lead.started_on


def test_major_leads_carry_five_ones_and_their_lists():
    for lead in Lead.objects.filter(is_major=True):
        assert lead.leader_id and lead.team_people.exists() and lead.plan, lead.name
    for lead in Lead.objects.filter(is_major=True, stage=LeadStage.NEGOTIATION):
        assert set(lead.tasks.values_list("kind", flat=True)) == {"task", "duty"}


def test_three_signed_leads_are_in_the_registry_and_off_the_lists():
    converted = Lead.objects.exclude(project=None).select_related("project")
    assert converted.count() == 3
    for lead in converted:
        assert lead.project.stage == "pending" and lead.project.signed_on
        assert not ListMembership.objects.filter(project=lead.project).exists()
        assert "由招商线索" in project_timeline(lead.project)[-1].reason


def test_every_lead_has_a_trail_written_by_the_office():
    coordinator = User.objects.get(username="coordinator")
    created = AuditEvent.objects.filter(action="lead.create")
    assert created.count() == Lead.objects.count()
    assert set(created.values_list("actor", flat=True)) == {coordinator.pk}


def test_the_demo_department_sees_its_own_and_its_team_leads():
    department = User.objects.get(username="department")
    names = set(selectors.visible_leads(department).values_list("name", flat=True))
    assert names == {"城市更新综合体项目", "商业综合体项目", "整车配套产业园项目", "智能装备产业园"}


def test_the_dashboard_block_shows_the_first_quarter():
    leader = User.objects.get(username="leader")
    block = dashboard.block(leader, as_of=AS_OF)
    rows = {row["key"]: row["figures"] for row in block.context["rows"]}
    assert (rows["last_quarter"]["signed"], rows["last_quarter"]["signed_amount"]) == (43, Decimal(421600))
    assert rows["year"]["started"] == 10 and block.context["stale"] == 8
    assert dashboard.block(User.objects.get(username="owner"), as_of=AS_OF) is None


def test_the_director_brief_lists_their_leads_and_what_changed():
    director = Person.objects.get(name="管委会主任")
    section = brief.section(director, as_of=AS_OF, since=date(2025, 1, 1))
    assert len(section.rows) == 6  # three Q1 signings and three major leads in talks
    assert any("久未对接" in row for row in section.rows)
    assert any("签约" in change for change in section.changes)
    assert brief.section(Person.objects.get(name="副主任（城建）"), as_of=AS_OF, since=None) is None


def test_the_command_defaults_to_the_default_year_and_refuses_a_bad_period():
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("kpi", "promotion", "--json", stdout=out)
    assert json.loads(out.getvalue()) == kpi("2025")
    with pytest.raises(CommandError, match="期间“2025Q5”的格式不对"):
        kpi("2025Q5")
