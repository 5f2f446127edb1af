"""The synthetic dataset keeps every rule the services enforce, covers every stage, is the same for the same
seed, and the registry and dashboard answer on it."""

import hashlib
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tests.factories import UserFactory
from tuijin.core.loop import Escalation, LoopStatus
from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.core.validators import PROJECT_CODE_RE, validate_credit_code
from tuijin.dispatch.figures import COUNTED
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.org.models import Enterprise, Person, Region
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import INVESTMENT_SPLIT, ListMembership, Milestone, Preparation, Project
from tuijin.synth.generator import Options, Synth

TODAY = date(2026, 6, 15)
MONEY = DecimalField(max_digits=18, decimal_places=4)
ZERO = Value(Decimal(0), output_field=MONEY)


def generate(seed: int = 7, projects: int = 60, years: int = 2):
    return Synth(Options(projects=projects, years=years, seed=seed, scale="city", today=TODAY)).run()


@pytest.fixture
def synth(db):
    return generate()


def counted_sum(**filters):
    reports = ProgressReport.objects.filter(project=OuterRef("pk"), status__in=COUNTED, **filters)
    return Coalesce(Subquery(reports.order_by().values("project").annotate(s=Sum("invest_month")).values("s")[:1],
                             output_field=MONEY), ZERO)


def digest() -> str:
    """Key columns of the data through natural keys only (primary keys differ between runs on PostgreSQL)."""
    rows = {
        "regions": list(Region.objects.order_by("code").values_list("name", "code", "level")),
        "enterprises": list(Enterprise.objects.order_by("credit_code").values_list("credit_code", "name", "kind")),
        "projects": list(Project.objects.order_by("name", "total_investment", "planned_start").values_list(
            "code", "name", "stage", "region__code", "owner__credit_code", "lead_department__name", "leader__name",
            "total_investment", "invest_self", "invest_fiscal", "planned_start", "planned_end", "actual_start",
            "actual_end", "completed_before_tracking")),
        "reports": list(ProgressReport.objects.order_by(
            "project__name", "project__total_investment", "project__planned_start", "period__year",
            "period__month").values_list("project__name", "period__year", "period__month", "status", "invest_month")),
        "memberships": list(ListMembership.objects.order_by("programme__name", "project__name", "annual_plan")
                            .values_list("programme__name", "project__name", "annual_plan")),
        "problems": list(Problem.objects.order_by("project__name", "deadline", "kind").values_list(
            "project__name", "kind", "deadline", "status", "escalation", "department__name")),
        "milestones": Milestone.objects.count(),
    }
    return hashlib.sha256(json.dumps(rows, default=str, sort_keys=True).encode()).hexdigest()


def test_codes_are_valid(synth):
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    codes = list(Project.objects.exclude(code=None).values_list("code", flat=True))
    assert codes and all(PROJECT_CODE_RE.match(code) for code in codes)
    assert all(int(code[:4]) <= TODAY.year for code in codes)


def test_amounts_and_dates_are_consistent(synth):
    split = sum((Coalesce(field, ZERO) for field in INVESTMENT_SPLIT), ZERO)
    projects = Project.objects.all()
    assert not projects.annotate(split=split).filter(split__gt=F("total_investment")).exists()
    assert not projects.filter(total_investment__lt=1000).exists()
    assert not projects.filter(total_investment__gt=500000).exists()
    assert not projects.filter(planned_end__lt=F("planned_start")).exists()
    assert not projects.filter(actual_end__lt=F("actual_start")).exists()
    assert not projects.filter(Q(actual_start__gt=TODAY) | Q(actual_end__gt=TODAY)).exists()
    started = [Stage.CONSTRUCTION, Stage.COMPLETED, Stage.EFFECTIVE]
    assert not projects.filter(stage__in=started, actual_start=None).exists()
    assert not projects.filter(stage__in=[Stage.COMPLETED, Stage.EFFECTIVE], actual_end=None).exists()
    assert not projects.exclude(stage__in=started).filter(Q(actual_start__isnull=False) | Q(actual_end__isnull=False)
                                                          ).exists()
    assert not projects.filter(stage=Stage.CONSTRUCTION, actual_end__isnull=False).exists()
    assert not Milestone.objects.filter(actual_date__gt=TODAY).exists()


def test_every_stage_is_present(synth):
    counts = dict(Project.objects.order_by().values_list("stage").annotate(n=Sum(Value(1))))
    assert all(counts.get(stage, 0) > 0 for stage in Stage.values), counts


def test_reports_follow_the_rules(synth):
    reports = ProgressReport.objects.all()
    assert reports.exists()
    assert not reports.filter(project__actual_start=None).exists()
    for start, year, month, end in reports.values_list("project__actual_start", "period__year", "period__month",
                                                       "project__actual_end"):
        assert (year, month) >= (start.year, start.month)
        assert end is None or (year, month) <= (end.year, end.month)
    assert not reports.exclude(period__region=F("project__region")).exists()
    # since start (纳入调度前 + every counted report) never above the total investment
    since = Project.objects.annotate(since=Coalesce("completed_before_tracking", ZERO) + counted_sum())
    assert not since.filter(since__gt=F("total_investment")).exists()
    # the year to date stays within the total and within 1.5 × the year's plan where there is one
    for year in (TODAY.year - 1, TODAY.year):
        ytd = Project.objects.annotate(ytd=counted_sum(period__year=year)).filter(ytd__gt=0)
        assert ytd.exists()
        assert not ytd.filter(ytd__gt=F("total_investment")).exists()
        plans = dict(ListMembership.objects.filter(programme__year=year).values_list("project_id", "annual_plan"))
        for pk, value in ytd.values_list("pk", "ytd"):
            assert pk in plans and value <= plans[pk] * Decimal("1.5"), (pk, value, plans.get(pk))


def test_periods_and_statuses(synth):
    periods = Period.objects.all()
    latest = (TODAY.year, TODAY.month)
    assert periods.filter(status=Period.Status.OPEN).count() == Region.objects.filter(
        level__in=[Region.Level.COUNTY, Region.Level.ZONE]).count()
    assert not periods.filter(status=Period.Status.OPEN).exclude(year=latest[0], month=latest[1]).exists()
    assert not periods.filter(status=Period.Status.CLOSED, closed_at=None).exists()
    assert periods.count() == 24 * Region.objects.filter(level__in=[Region.Level.COUNTY, Region.Level.ZONE]).count()
    earlier = ProgressReport.objects.exclude(period__year=latest[0], period__month=latest[1])
    assert set(earlier.values_list("status", flat=True)) <= set(COUNTED)
    current = set(ProgressReport.objects.filter(period__status=Period.Status.OPEN).values_list("status", flat=True))
    assert {ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED} <= current
    assert current - set(COUNTED), "the open month has drafts or returned reports"


def test_organisation_problems_and_timeline(synth):
    assert Person.objects.filter(is_leader=True).exists()
    assert not Project.objects.filter(stage=Stage.CONSTRUCTION, leader=None).exists()
    assert Preparation.objects.count() == 11 * Project.objects.count()
    assert Milestone.objects.exists() and ListMembership.objects.exists()
    problems = Problem.objects.all()
    assert problems.exists()
    assert not problems.filter(Q(department=None) | Q(deadline=None)).exists()
    assert problems.filter(escalation__gt=Escalation.NONE).exists()
    assert problems.filter(status__in=[LoopStatus.RESOLVED, LoopStatus.UNRESOLVABLE]).exists()
    assert not problems.filter(status__in=[LoopStatus.RESOLVED, LoopStatus.UNRESOLVABLE], closed_on=None).exists()
    assert not problems.exclude(report=None).exclude(report__project=F("project")).exists()
    events = AuditEvent.objects.filter(action="synth.create")
    assert events.count() == Project.objects.count()
    assert not Project.objects.exclude(pk__in=events.values("project_id")).exists()


def test_same_seed_same_data(db):
    with transaction.atomic():
        generate()
        first = digest()
        transaction.set_rollback(True)
    assert not Project.objects.exists()
    generate()
    assert digest() == first
    with pytest.raises(RuntimeError, match="已有模拟数据"):
        generate(seed=8)  # a second run into the same database is refused, not merged


def test_pages_answer_for_a_coordinator(synth, client):
    for region in [Region.objects.get(level=Region.Level.CITY), Region.objects.filter(
            level=Region.Level.ZONE).first()]:
        client.force_login(UserFactory(username=f"coordinator{region.pk}", role=Role.COORDINATOR, region=region))
        assert client.get("/projects/").status_code == 200
        assert client.get("/dashboard/").status_code == 200
        assert client.get(f"/dashboard/?as_of={TODAY.isoformat()}").status_code == 200


def test_command_reports_rows_per_second(db, capsys):
    call_command("synth", projects=12, years=1, seed=3, today=TODAY)
    out = capsys.readouterr().out
    assert "dispatch.ProgressReport" in out and "行/秒" in out
    assert Project.objects.count() == 12
