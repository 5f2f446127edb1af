"""The funding tests' cast: the shared zone, project and users (tests/conftest.py), the default channels, and
helpers that put a project's 前期 in order and file applications straight into the tables."""

from datetime import date
from decimal import Decimal

import pytest

from tuijin.funding.channels import ensure_default_channels
from tuijin.funding.models import Application, Channel
from tuijin.projects.models import Preparation
from tuijin.projects.preparation import PrepStatus


@pytest.fixture
def channels(db) -> dict[str, Channel]:
    ensure_default_channels(Channel)  # the data migration made them; a flushed test database may not have them
    return {channel.code: channel for channel in Channel.objects.all()}


@pytest.fixture
def bond(channels) -> Channel:
    return channels["bond"]


def prepare(project, items, status=PrepStatus.DONE) -> None:
    """Mark `items` of the project's 前期 checklist (straight into the table: no audit event)."""
    for item in items:
        Preparation.objects.update_or_create(project=project, item=item, defaults={
            "status": status, "done_on": date(2025, 1, 1) if status == PrepStatus.DONE else None})


def file_application(project, channel, *, status="reserve", year=2025, batch="第一批", requested="1000",
                     approved=None, issued=None, paid=None, **extra) -> Application:
    """An application as it stands at `status`, with the dates each step needs (no audit event)."""
    dates = {"reserved_on": date(2024, 12, 1)}
    steps = ["applied", "approved", "issued", "paid"]
    reached = steps[: steps.index(status) + 1] if status in steps else (["applied"] if status == "rejected" else [])
    for step, month in zip(steps, [1, 3, 4, 5], strict=True):
        if step in reached:
            dates[f"{step}_on"] = date(2025, month, 10)
    if status == "rejected":
        dates["rejected_on"] = date(2025, 3, 1)
        extra.setdefault("rejection_reason", "不符合支持方向")
    amounts = {"amount_requested": Decimal(requested) if requested else None,
               "amount_approved": Decimal(approved) if approved else None,
               "amount_issued": Decimal(issued) if issued else None,
               "amount_paid": Decimal(paid) if paid else None}
    application = Application(project=project, channel=channel, status=status, year=year, batch=batch,
                              **dates, **amounts, **extra)
    application.full_clean()
    application.save()
    return application
