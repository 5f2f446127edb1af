"""On PostgreSQL the audit trail is protected below the application: a trigger refuses every UPDATE, and every
DELETE of an event younger than 180 days (the minimum retention of 等保 level 3). SQLite relies on the model's
refusal (AuditEvent.save/delete and its QuerySet)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tuijin_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '审计记录不能修改 (core_auditevent is append-only)';
    END IF;
    IF TG_OP = 'DELETE' AND OLD.at > now() - interval '180 days' THEN
        RAISE EXCEPTION '审计记录保存未满180天，不能删除 (core_auditevent retention)';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS tuijin_audit_append_only ON core_auditevent;
CREATE TRIGGER tuijin_audit_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION tuijin_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS tuijin_audit_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS tuijin_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_append_only")]

    operations = [migrations.RunPython(create, drop)]
