"""How long the audit trail is kept (等保 安全审计: at least 180 days) and the one way events leave it."""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import AuditEvent

MIN_RETENTION_DAYS = 180


class RetentionError(ValueError):
    """A retention shorter than the law allows; the message is for the user."""


def retention_days(days: int | None = None) -> int:
    """The retention asked for (or configured), refused below 180 days."""
    days = settings.TUIJIN_AUDIT_RETENTION_DAYS if days is None else days
    if days < MIN_RETENTION_DAYS:
        raise RetentionError(_("审计记录至少保存%(m)s天，不能按%(d)s天清理。") % {"m": MIN_RETENTION_DAYS, "d": days})
    return days


def prune(*, days: int | None = None, dry_run: bool = False, actor=None) -> tuple[int, object]:
    """Delete the events older than the retention; (how many, the cutoff). The prune is itself recorded.

    The model refuses deletes (so no page or service can); this goes below it on purpose, and on PostgreSQL
    tells the trigger the retention so that the trigger, too, refuses anything younger."""
    days = retention_days(days)
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        old = AuditEvent.objects.filter(at__lt=cutoff)
        count = old.count()
        if dry_run or not count:
            return count, cutoff
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('tuijin.audit_retention_days', %s, true)", [str(days)])
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE at < %s", [cutoff])
        audit.record(actor=actor, action="audit.prune", changes={"deleted": [None, count]},
                     reason=_("清理%(d)s天前（%(c)s 之前）的审计记录") % {"d": days, "c": cutoff.isoformat()})
    return count, cutoff
