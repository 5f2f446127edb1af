"""The audit trail (等保 安全审计): append-only in the application, on PostgreSQL below it too; it outlives what
it describes; the auditor exports it and the export is itself recorded."""

from io import BytesIO

import pytest
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from tuijin.core import audit
from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.org.models import User


@pytest.fixture
def event(db):
    return audit.record(actor=None, action="test.event", changes={"x": [1, 2]}, reason="为测试")


def test_an_event_cannot_be_changed_or_deleted_through_the_application(event):
    event.reason = "改掉"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="改掉")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "为测试"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_below_the_application(event):
    for sql in ["UPDATE core_auditevent SET reason = 'x' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == "为测试"


def test_the_trail_outlives_the_user_it_names(db):
    user = User.objects.create(username="temp", role=Role.COORDINATOR)
    recorded = audit.record(actor=user, action="test.user")
    User.objects.filter(pk=user.pk).delete()
    kept = AuditEvent.objects.get(pk=recorded.pk)
    assert kept.actor_name == "temp" and kept.actor_id == user.pk


def test_the_auditor_exports_the_trail_and_the_export_is_recorded(client, event):
    auditor = User.objects.create(username="auditor", role=Role.AUDITOR, is_staff=True)
    client.force_login(auditor)
    response = client.post("/admin/core/auditevent/", {"action": "export_xlsx", "_selected_action": [event.pk]})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][3] == "test.event" and rows[0][6] == "为测试"
    assert AuditEvent.objects.filter(action="export.audit", actor=auditor).exists()


def test_the_auditor_changes_nothing_in_the_admin(client, event):
    auditor = User.objects.create(username="auditor", role=Role.AUDITOR, is_staff=True)
    client.force_login(auditor)
    assert client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
