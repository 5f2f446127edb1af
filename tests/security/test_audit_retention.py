"""Audit retention (等保 安全审计): events are kept at least 180 days, longer if configured; `tuijin audit-prune`
deletes only what is older and is itself recorded; below the application, PostgreSQL's trigger refuses
any UPDATE and any DELETE of a younger event."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tuijin.core import audit
from tuijin.core.models import AuditEvent
from tuijin.core.retention import RetentionError, prune

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")


def event_aged(days: int, action="test.event") -> AuditEvent:
    """An event recorded `days` ago (the clock turned back while it is written: `at` is set on insert)."""
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days)):
        return audit.record(actor=None, action=action)


@pytest.fixture
def ages(db):
    return {days: event_aged(days, f"test.aged{days}") for days in (10, 179, 200, 400)}


def kept(ages) -> list[int]:
    return sorted(days for days, event in ages.items() if AuditEvent.objects.filter(pk=event.pk).exists())


def test_prune_deletes_only_what_is_older_than_180_days_and_says_so(ages):
    count, _cutoff = prune()
    assert count == 2 and kept(ages) == [10, 179]
    event = AuditEvent.objects.get(action="audit.prune")
    assert event.changes == {"deleted": [None, 2]} and "180天" in event.reason


def test_a_longer_configured_retention_keeps_more(ages, settings):
    settings.TUIJIN_AUDIT_RETENTION_DAYS = 365
    assert prune()[0] == 1 and kept(ages) == [10, 179, 200]


@pytest.mark.parametrize("days", [0, 30, 179])
def test_a_retention_under_180_days_is_refused_and_nothing_is_deleted(ages, settings, days):
    with pytest.raises(RetentionError, match="至少保存180天"):
        prune(days=days)
    settings.TUIJIN_AUDIT_RETENTION_DAYS = days
    with pytest.raises(CommandError, match="至少保存180天"):
        call_command("audit-prune")
    assert kept(ages) == [10, 179, 200, 400]


def test_the_command_deletes_and_its_dry_run_only_counts(ages, capsys):
    call_command("audit-prune", "--dry-run")
    assert "将删除" in capsys.readouterr().out and kept(ages) == [10, 179, 200, 400]
    call_command("audit-prune", "--days", "300")
    assert "已删除" in capsys.readouterr().out and kept(ages) == [10, 179, 200]


def test_the_application_still_cannot_delete_an_old_event(ages):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=ages[400].pk).delete()
    with pytest.raises(PermissionError):
        ages[400].delete()


def _raw_delete(pk, retention: str | None = None):
    with transaction.atomic(), connection.cursor() as cursor:
        if retention is not None:
            cursor.execute("SELECT set_config('tuijin.audit_retention_days', %s, true)", [retention])
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [pk])


@postgresql_only
@pytest.mark.parametrize("asked", [None, "0", "30", "-5", "abc", "99999999"])
def test_postgresql_never_deletes_an_event_younger_than_180_days_whatever_the_session_asks(ages, asked):
    with pytest.raises(DatabaseError, match="不能删除"):
        _raw_delete(ages[179].pk, asked)
    assert AuditEvent.objects.filter(pk=ages[179].pk).exists()


@postgresql_only
def test_postgresql_holds_a_longer_retention_the_session_states(ages):
    with pytest.raises(DatabaseError, match="365天"):
        _raw_delete(ages[200].pk, "365")
    _raw_delete(ages[400].pk, "365")
    assert kept(ages) == [10, 179, 200]


@postgresql_only
def test_postgresql_refuses_every_update_even_of_an_old_event(ages):
    with pytest.raises(DatabaseError, match="不能修改"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [ages[400].pk])
