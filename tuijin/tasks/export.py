"""The key-work list (重点工作清单) as offices circulate it: grouped by theme under 一、二、三… headings, one row a
task with 序号, 任务, 牵头领导, 责任单位, 时限, 进展 and 状态."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.exchange.xlsx import SheetWriter

from .models import KeyTask
from .selectors import Health

HEADERS = [gettext_lazy(h) for h in (
    "序号", "任务", "目标要求", "牵头领导", "责任单位", "配合单位", "时限", "节点完成", "进展", "状态", "预警",
)]
WIDTHS = [6, 36, 36, 16, 14, 18, 12, 10, 40, 10, 8]
CHINESE_NUMERALS = "一二三四五六七八九十"


def heading_number(index: int) -> str:
    """1 → 一、 … 10 → 十、; beyond ten the plain number."""
    return f"{CHINESE_NUMERALS[index - 1] if index <= len(CHINESE_NUMERALS) else index}、"


def list_rows(tasks: QuerySet[KeyTask]):
    """Rows of the sheet: a heading row per theme, then its tasks (tasks come ordered by theme)."""
    theme_id, themes = None, 0
    for task in tasks:
        if task.theme_id != theme_id:
            theme_id, themes = task.theme_id, themes + 1
            yield [f"{heading_number(themes)}{task.theme.name}"] + [""] * (len(HEADERS) - 1)
        yield [
            task.number, task.title, task.goal, task.lead_leader.title or task.lead_leader.name,
            str(task.department) if task.department_id else "",
            "、".join(str(d) for d in task.co_departments.all()), task.deadline,
            f"{task.steps_done}/{task.steps_total}" if task.steps_total else "",
            task.progress or "", task.status_label,
            str(Health.LABELS[Health.OVERDUE]) if task.health == Health.OVERDUE else "",
        ]


def list_workbook(tasks: QuerySet[KeyTask], *, as_of: date, title: str) -> bytes:
    note = _("截至%(d)s") % {"d": f"{as_of.year}年{as_of.month}月{as_of.day}日"}
    sheet = SheetWriter(title, note, [str(h) for h in HEADERS], WIDTHS)
    for row in list_rows(tasks):
        sheet.row(row)
    return sheet.to_bytes()
