"""`tuijin synth` adds 招商 leads that keep the rules the services enforce."""

from datetime import date

import pytest
from django.db.models import F, Min

from tuijin.core.models import AuditEvent
from tuijin.core.validators import validate_credit_code
from tuijin.promotion import counting
from tuijin.promotion.models import Lead
from tuijin.promotion.periods import year
from tuijin.promotion.stages import SIGNED_STAGES, LeadStage
from tuijin.synth.generator import Options, Synth

TODAY = date(2026, 6, 15)


@pytest.fixture
def leads(db):
    Synth(Options(projects=40, years=1, seed=5, scale="city", today=TODAY)).run()
    return Lead.objects.all()


def test_synth_writes_leads_at_every_stage_with_a_trail(leads):
    assert leads.count() >= 4 * 11
    assert set(leads.values_list("stage", flat=True)) == set(LeadStage.values)
    events = AuditEvent.objects.filter(action="synth.lead_create")
    assert events.count() == leads.count()


def test_synth_leads_keep_the_service_rules(leads):
    annotated = leads.annotate(first=Min("signings__signed_on"))
    assert not annotated.filter(stage__in=SIGNED_STAGES, first=None).exists()
    assert not annotated.exclude(stage__in=SIGNED_STAGES).exclude(first=None).exists()
    assert not annotated.filter(first__lt=F("received_on")).exists()
    assert not annotated.filter(started_on__lt=F("first")).exists()
    assert not leads.filter(stage__in=[LeadStage.STARTED, LeadStage.FUNDED], started_on=None).exists()
    assert not leads.filter(stage=LeadStage.FUNDED, funds=None).exists()
    assert not leads.filter(contacts__date__gt=TODAY).exists()
    assert not leads.filter(stage=LeadStage.TERMINATED, stage_reason="").exists()
    for code in leads.values_list("investor_credit_code", flat=True)[:50]:
        validate_credit_code(code)


def test_synth_leads_count_in_the_kpis(leads):
    figures = counting.figures(leads, year(TODAY.year))
    assert figures["signed"] == counting.signed_leads(leads, year(TODAY.year)).count()
    assert figures["signed"] > 0
