"""Writing audit events. Every service calls `record` inside its own transaction."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.functional import Promise

from .models import AuditEvent
from .request_context import current_ip


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value for the old/new record."""
    if isinstance(value, Decimal):
        # Positional notation without trailing zeros: 150000.0000 → "150000" (normalize() alone gives "1.5E+5").
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model | Promise):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    changes = {}
    for key in after:
        old, new = plain(before.get(key)), plain(after.get(key))
        if old != new:
            changes[key] = [old, new]
    return changes


def _event(actor, action: str, target, project, changes, reason: str) -> AuditEvent:
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        ip=current_ip.get(),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        project=project,
        changes=plain(changes or {}),
        reason=reason or "",
    )


def record(*, actor, action: str, target: models.Model | None = None, project=None,
           changes: dict | None = None, reason: str = "") -> AuditEvent:
    event = _event(actor, action, target, project, changes, reason)
    event.save(force_insert=True)
    return event


def record_many(*, actor, action: str, events, reason: str = "") -> list[AuditEvent]:
    """`record` for many targets of one act at once (a sheet's rows): `events` are (target, project, changes),
    written in batched inserts."""
    return AuditEvent.objects.bulk_create(
        [_event(actor, action, target, project, changes, reason) for target, project, changes in events],
        batch_size=1000)
