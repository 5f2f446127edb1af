"""A leader's key tasks for their one-page brief (班子成员工作汇报): the tasks they lead, with sub-steps, the
latest progress and any warning, and what happened to them since the previous brief."""

from datetime import date

from django.utils.translation import gettext as _

from tuijin.briefs.changes import loop_changes
from tuijin.briefs.sections import BriefSection

from .models import KeyTask
from .selectors import Health, tasks_of_leader


def _changes(tasks: list[KeyTask], since: date, as_of: date) -> list[str]:
    return loop_changes(tasks, since=since, as_of=as_of, name=lambda t: t.title,
                        new_line=lambda t: _("新列入清单：%(t)s") % {"t": t.title})


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
        rows=rows, changes=_changes(tasks, since, as_of) if since else [])
