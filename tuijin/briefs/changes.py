"""What happened to closed-loop items (tasks, hazards …) between a leader's previous brief and this one."""

from collections.abc import Callable, Sequence
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core.loop import LoopStep


def loop_changes(items: Sequence, *, since: date, as_of: date, name: Callable[[object], str],
                 new_line: Callable[[object], str]) -> list[str]:
    """New items, then every loop step, dated within (since, as_of]: a brief as of June never reports
    what was done in July."""
    if not items:
        return []

    def within(moment) -> bool:
        return since <= timezone.localdate(moment) <= as_of

    lines = [f"{timezone.localdate(item.created_at):%m-%d} {new_line(item)}" for item in items
             if within(item.created_at)]
    by_id = {item.pk: item for item in items}
    steps = LoopStep.objects.filter(content_type=ContentType.objects.get_for_model(type(items[0])),
                                    object_id__in=list(by_id), at__date__gte=since,
                                    at__date__lte=as_of).order_by("at", "id")
    for step in steps:
        note = f"：{step.note}" if step.note else ""
        lines.append(_("%(d)s %(t)s %(k)s%(n)s") % {"d": f"{timezone.localdate(step.at):%m-%d}",
                                                      "t": name(by_id[step.object_id]),
                                                      "k": step.get_kind_display(), "n": note})
    return lines
