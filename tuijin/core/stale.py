"""When a save is refused as stale (someone saved the record after the form was opened), the refusal says what
that someone changed: read from the audit trail, the events on the record since the moment the form was
opened. Each versioned form carries that moment in a hidden field (`opened`)."""

from datetime import datetime

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .models import AuditEvent

STALE = "stale"
# Events that read rather than change (downloads, exports) say nothing about a stale form.
READ_ACTIONS = ("download.", "export.", "access.")
MAX_SHOWN = 8
MAX_VALUE = 40


def opened_now() -> str:
    return timezone.now().isoformat()


def opened_field() -> forms.CharField:
    """The hidden field holding when the form was opened (ISO time, set when the form is rendered)."""
    return forms.CharField(widget=forms.HiddenInput, required=False, initial=opened_now, max_length=40)


def parse_opened(text: str | None) -> datetime | None:
    try:
        moment = parse_datetime((text or "").strip()[:40])
    except ValueError:
        return None
    if moment is None or timezone.is_naive(moment):
        return None
    return moment


def is_stale(error: ValidationError) -> bool:
    return any(getattr(e, "code", None) == STALE for e in getattr(error, "error_list", [error]))


def explain(error: ValidationError, *, events: QuerySet, opened: str | None) -> ValidationError:
    """`error` itself, or, when it refuses a stale save, the same refusal followed by what changed since the
    form was opened: each field, its new value, who and when."""
    since = parse_opened(opened)
    if not is_stale(error) or since is None:
        return error
    lines = changes_since(events, since)
    if not lines:
        return error
    shown = "；".join(lines[:MAX_SHOWN]) + ("；……" if len(lines) > MAX_SHOWN else "")
    return ValidationError(_("%(m)s 您打开之后的改动：%(c)s。") % {"m": " ".join(error.messages), "c": shown},
                           code=STALE)


def changes_since(events: QuerySet, since: datetime) -> list[str]:
    rows = []
    for event in events.filter(at__gt=since).order_by("at", "id"):
        if event.action.startswith(READ_ACTIONS):
            continue
        model = _model(event.target_type)
        who = _("%(u)s %(t)s") % {"u": event.actor_name, "t": timezone.localtime(event.at).strftime("%m-%d %H:%M")}
        for key, change in (event.changes or {}).items():
            new = change[1] if isinstance(change, list | tuple) and len(change) == 2 else change
            rows.append(_("%(f)s改为“%(v)s”（%(w)s）") % {
                "f": _label(event, model, key), "v": _shown(model, key, new), "w": who})
    return rows


def _model(target_type: str):
    try:
        return apps.get_model(target_type) if target_type else None
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    # The event's own model first; then the project and its 前期 items, whose events are recorded on the project.
    for candidate in (model, _model("projects.project"), _model("projects.preparation")):
        if candidate is None:
            continue
        try:
            return candidate._meta.get_field(key)
        except FieldDoesNotExist:
            continue
    return None


def _label(event: AuditEvent, model, key: str) -> str:
    field = _field(model, key.rsplit(".", 1)[-1])
    prefix = key.rsplit(".", 1)[0] + "的" if "." in key else ""
    label = f"{prefix}{field.verbose_name}" if field is not None else key
    if model is not None and model._meta.label_lower not in {"projects.project", "dispatch.progressreport"}:
        label = f"“{event.target_label}”的{label}"
    return label


def _shown(model, key: str, value) -> str:
    if value is None or value == "":
        return _("空")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or _("空")
    field = _field(model, key.rsplit(".", 1)[-1])
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "…"


def project_events(project) -> QuerySet:
    """The events that change a project or one of its parts (each of them bumps the project's version)."""
    return AuditEvent.objects.filter(
        Q(action__startswith="project.") | Q(action__startswith="milestone.") | Q(action__startswith="preparation."),
        project=project)


def record_events(record) -> QuerySet:
    """The events on one record (a report, say)."""
    return AuditEvent.objects.filter(target_type=record._meta.label_lower, target_id=str(record.pk))
