"""The audit trigger with a configurable retention (TUIJIN_AUDIT_RETENTION_DAYS): a DELETE of an event younger
than the retention is refused, and the retention is never less than 180 days (等保 level 3) whatever a session
asks for. `tuijin audit-prune` tells its own transaction the configured retention (SET LOCAL
tuijin.audit_retention_days); any other session gets the 180-day floor. Every UPDATE is still refused."""

from django.db import migrations

# (%% is a literal % once the schema editor has passed the SQL through the driver.)
CREATE = """
CREATE OR REPLACE FUNCTION tuijin_audit_append_only() RETURNS trigger AS $$
DECLARE
    asked text := current_setting('tuijin.audit_retention_days', true);
    retention integer := 180;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '审计记录不能修改 (core_auditevent is append-only)';
    END IF;
    IF asked ~ '^[0-9]{1,6}$' THEN
        retention := greatest(180, asked::integer);
    END IF;
    IF TG_OP = 'DELETE' AND OLD.at > now() - make_interval(days => retention) THEN
        RAISE EXCEPTION '审计记录保存未满%%天，不能删除 (core_auditevent retention)', retention;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

# Back to the fixed 180 days of 0005.
REVERSE = """
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
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_trigger")]

    operations = [migrations.RunPython(create, reverse)]
