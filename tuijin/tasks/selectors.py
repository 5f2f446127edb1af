"""Reads of the key-task list. `visible_tasks` is the one place a role becomes a filter. A task's health on
a date is computed in SQL by one rule (`with_health`):

    已完成 (done)      closed as completed;
    逾期 (overdue)     open, and past its 时限 or with a sub-step past its due date and not done;
    正常推进 (on_track) open otherwise;
    未完成 (closed)    closed without being completed."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from tuijin.core.loop import LoopStatus, LoopStep
from tuijin.core.roles import Role

from .models import KeyTask, TaskStep


class Health:
    DONE, OVERDUE, ON_TRACK, CLOSED = "done", "overdue", "on_track", "closed"
    LABELS = {DONE: _("已完成"), OVERDUE: _("逾期"), ON_TRACK: _("正常推进"), CLOSED: _("未完成")}


def visible_tasks(user) -> QuerySet[KeyTask]:
    tasks = KeyTask.objects.all()
    if not user.is_authenticated:
        return tasks.none()
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return tasks.filter(region__path__startswith=user.region.path) if user.region_id else tasks
        case Role.DEPARTMENT:
            return tasks.filter(Q(department_id=user.department_id)
                                | Q(pk__in=KeyTask.co_departments.through.objects.filter(
                                    department_id=user.department_id).values("keytask_id")))
    return tasks.none()


def get_visible_task(user, pk) -> KeyTask:
    return get_object_or_404(visible_tasks(user).select_related("theme", "lead_leader", "department", "region"),
                             pk=pk)


def late_step_exists(as_of: date) -> Exists:
    return Exists(TaskStep.objects.filter(task=OuterRef("pk"), done_on__isnull=True, due_on__lt=as_of))


def with_health(tasks: QuerySet[KeyTask], *, as_of: date) -> QuerySet[KeyTask]:
    return tasks.annotate(has_late_step=late_step_exists(as_of)).annotate(health=Case(
        When(status=LoopStatus.RESOLVED, then=Value(Health.DONE)),
        When(status=LoopStatus.UNRESOLVABLE, then=Value(Health.CLOSED)),
        When(Q(deadline__lt=as_of) | Q(has_late_step=True), then=Value(Health.OVERDUE)),
        default=Value(Health.ON_TRACK), output_field=CharField()))


def _step_count(**filters) -> Coalesce:
    counts = (TaskStep.objects.filter(task=OuterRef("pk"), **filters).order_by().values("task")
              .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def latest_progress() -> Subquery:
    """The latest 办理进展 note of the task's loop: the 进展 column of the 清单."""
    steps = LoopStep.objects.filter(content_type=ContentType.objects.get_for_model(KeyTask), object_id=OuterRef("pk"),
                                    kind=LoopStep.Kind.PROGRESS).order_by("-at", "-id")
    return Subquery(steps.values("note")[:1])


@dataclass(frozen=True)
class TaskFilters:
    year: int | None = None
    theme: int | None = None
    health: str = ""  # a Health value, "open", or "" for all
    department: int | None = None
    leader: int | None = None  # a Person


def task_list(user, filters: TaskFilters, *, as_of: date) -> QuerySet[KeyTask]:
    tasks = with_health(visible_tasks(user), as_of=as_of)
    if filters.year:
        tasks = tasks.filter(year=filters.year)
    if filters.theme:
        tasks = tasks.filter(theme_id=filters.theme)
    if filters.health == "open":
        tasks = tasks.filter(status__in=[LoopStatus.PENDING, LoopStatus.WORKING])
    elif filters.health in Health.LABELS:
        tasks = tasks.filter(health=filters.health)
    if filters.department:
        tasks = tasks.filter(department_id=filters.department)
    if filters.leader:
        tasks = tasks.filter(lead_leader_id=filters.leader)
    return (tasks.select_related("theme", "lead_leader", "department")
            .prefetch_related("co_departments")
            .annotate(steps_total=_step_count(), steps_done=_step_count(done_on__isnull=False),
                      progress=latest_progress())
            .order_by("year", "theme__order", "theme_id", "number", "id"))


def summary_by_theme(user, *, as_of: date, year: int | None = None) -> list[dict]:
    """Per theme: total, done, on track, overdue (and closed without completion)."""
    tasks = with_health(visible_tasks(user), as_of=as_of)
    if year:
        tasks = tasks.filter(year=year)
    return list(tasks.values("theme_id", "theme__name", "theme__order").annotate(
        total=Count("id"),
        done=Count("id", filter=Q(health=Health.DONE)),
        on_track=Count("id", filter=Q(health=Health.ON_TRACK)),
        overdue=Count("id", filter=Q(health=Health.OVERDUE)),
        closed=Count("id", filter=Q(health=Health.CLOSED)),
    ).order_by("theme__order", "theme_id"))


def overdue_reasons(task: KeyTask, *, as_of: date) -> list[str]:
    """Why a task is flagged 逾期, in words: its own 时限, or the sub-steps behind."""
    reasons = []
    if task.is_open and task.deadline and task.deadline < as_of:
        reasons.append(_("已超过时限%(d)s") % {"d": task.deadline})
    if task.is_open:
        for step in task.steps.filter(done_on__isnull=True, due_on__lt=as_of):
            reasons.append(_("节点“%(t)s”应于%(d)s完成") % {"t": step.title, "d": step.due_on})
    return [str(r) for r in reasons]


def tasks_of_leader(person, *, as_of: date) -> QuerySet[KeyTask]:
    return (with_health(KeyTask.objects.filter(lead_leader=person), as_of=as_of)
            .select_related("theme", "department")
            .annotate(progress=latest_progress())
            .order_by("year", "theme__order", "number", "id"))
