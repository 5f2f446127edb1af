"""A leader's key tasks for their one-page brief (班子成员工作汇报): the tasks they lead, with sub-steps, the
latest progress and any warning, and what happened to them since the previous brief."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.briefs.sections import BriefSection
from tuijin.core.loop import LoopStep

from .models import KeyTask
from .selectors import Health, tasks_of_leader


def _changes(tasks: list[KeyTask], since: date) -> list[str]:
    by_id = {t.pk: t for t in tasks}
    lines = [_("%(d)s 新列入清单：%(t)s") % {"d": f"{timezone.localdate(t.created_at):%m-%d}", "t": t.title}
             for t in tasks if timezone.localdate(t.created_at) >= since]
    steps = LoopStep.objects.filter(content_type=ContentType.objects.get_for_model(KeyTask),
                                    object_id__in=list(by_id), at__date__gte=since).order_by("at", "id")
    for step in steps:
        note = f"：{step.note}" if step.note else ""
        lines.append(_("%(d)s %(t)s %(k)s%(n)s") % {"d": f"{timezone.localdate(step.at):%m-%d}",
                                                      "t": by_id[step.object_id].title,
                                                      "k": step.get_kind_display(), "n": note})
    return lines


def section(person, *, as_of: date, since: date | None) -> BriefSection | None:
    tasks = list(tasks_of_leader(person, as_of=as_of).prefetch_related("steps"))
    if not tasks:
        return None
    rows = []
    for task in tasks:
        steps = list(task.steps.all())
        finished = sum(1 for s in steps if s.done_on)
        status = task.status_label + (_("（逾期）") if task.health == Health.OVERDUE else "")
        rows.append([task.theme.name, task.title, str(task.department or "—"), f"{task.deadline:%Y-%m-%d}",
                     f"{finished}/{len(steps)}" if steps else "—", task.progress or "—", status])
    return BriefSection(
        title=_("牵头重点工作"),
        columns=[_("主题"), _("任务"), _("责任单位"), _("时限"), _("节点完成"), _("最新进展"), _("状态")],
        rows=rows, changes=_changes(tasks, since) if since else [])
