"""`tuijin synth` adds funding applications in bulk that keep the services' rules."""

from datetime import date

import pytest
from django.db import transaction

from tuijin.funding.models import Application, Move
from tuijin.funding.readiness import readiness
from tuijin.synth.generator import Options, Synth

TODAY = date(2026, 6, 15)


def generate(seed: int = 7):
    return Synth(Options(projects=120, years=2, seed=seed, scale="city", today=TODAY)).run()


@pytest.fixture
def synth(db):
    return generate()


def test_a_share_of_the_projects_apply_and_every_application_keeps_the_rules(synth):
    applications = Application.objects.select_related("project__region", "channel")
    assert 20 < applications.count() < 80
    assert {"reserve", "applied", "paid"} <= set(applications.values_list("status", flat=True))
    for application in applications:
        application.full_clean()
        assert application.reserved_on <= TODAY
        if application.status != "reserve":
            assert readiness(application.project, application.channel).ok, application
        assert application.moves.last().to_status == application.status
    assert synth.rows["funding.Application"] == applications.count()
    assert synth.rows["funding.Move"] == Move.objects.count()


def snapshot() -> list[tuple]:
    return list(Application.objects.order_by("project__name", "project__total_investment", "reserved_on").values_list(
        "project__name", "channel__code", "status", "amount_requested", "amount_approved", "amount_paid",
        "reserved_on", "paid_on"))


def test_same_seed_same_applications(db):
    with transaction.atomic():
        generate()
        first = snapshot()
        transaction.set_rollback(True)
    generate()
    assert snapshot() == first and first
