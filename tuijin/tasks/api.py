"""重点工作督办 over the JSON API: the list by theme with each task's health, a task with its sub-steps and
progress, and the writes the task page offers. Same selectors, forms, permissions and services as the pages:
key work is the administration's own, so an owner gets 403 here as there."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError
from tuijin.api.schemas import Id, Input, LoopNoteIn, LoopStepOut, Ref, Version, ref, responses
from tuijin.core.loop_services import steps_of
from tuijin.core.roles import Role
from tuijin.projects.permissions import require
from tuijin.tracking.dashboard import default_as_of

from . import permissions, selectors, services
from .forms import CloseForm, NoteForm, StepDoneForm, TaskForm
from .models import KeyTask, TaskStep

router = Router(tags=["重点工作"])


# --- shapes ---------------------------------------------------------------------------------------------

class ThemeCount(Schema):
    theme: Ref
    total: int
    done: int
    on_track: int
    overdue: int
    closed: int


class TaskOut(Schema):
    id: int
    year: int
    number: int
    theme: Ref
    title: str
    lead_leader: Ref
    department: Ref | None
    co_departments: list[Ref]
    deadline: date | None
    status: str
    status_label: str
    health: str
    health_label: str
    steps_total: int
    steps_done: int
    progress: str | None
    version: int

    @staticmethod
    def resolve_theme(obj):
        return ref(obj.theme)

    @staticmethod
    def resolve_lead_leader(obj):
        return ref(obj.lead_leader)

    @staticmethod
    def resolve_department(obj):
        return ref(obj.department)

    @staticmethod
    def resolve_co_departments(obj):
        return [ref(d) for d in obj.co_departments.all()]

    @staticmethod
    def resolve_health_label(obj) -> str:
        return str(selectors.Health.LABELS[obj.health])


class TaskList(Schema):
    as_of: date
    by_theme: list[ThemeCount]
    items: list[TaskOut]
    count: int


class SubStepOut(Schema):
    id: int
    order: int
    title: str
    due_on: date
    done_on: date | None
    note: str
    late: bool



class TaskDetail(TaskOut):
    goal: str
    as_of: date
    overdue_reasons: list[str]
    sub_steps: list[SubStepOut]
    loop: list[LoopStepOut]
    can_direct: bool
    can_work: bool


class TaskQuery(Input):
    year: Id | None = None
    theme: Id | None = None
    health: str = ""  # done | overdue | on_track | closed | open, "" for all
    department: Id | None = None
    leader: Id | None = None  # a Person
    mine: bool = False  # a leader's own (我牵头的)
    as_of: date | None = None
    limit: int = 500


class TaskIn(Input):
    year: int
    theme: Id
    title: str
    goal: str = ""
    lead_leader: Id
    department: Id
    co_departments: list[Id] = []
    deadline: date


class TaskUpdate(Input):
    version: Version
    theme: Id
    title: str
    goal: str = ""
    lead_leader: Id
    co_departments: list[Id] = []
    deadline: date



class StepDoneIn(Input):
    version: Version
    done_on: date | None = None
    note: str = ""


class TaskCloseIn(Input):
    outcome: str  # completed | not_completed
    resolution: str
    closed_on: date | None = None


# --- helpers --------------------------------------------------------------------------------------------

def _reader(request):
    """Key work is not the owners' (the pages' `task_reader`)."""
    require(permissions.can_read_tasks(request.auth), _("重点工作督办不对项目单位开放。"))
    return request.auth


def _bad(field: str, message: str) -> ApiError:
    return ApiError(400, "invalid", message, {field: message})


def _detail(request, pk: int) -> KeyTask:
    """The task as the list computes it (health, sub-step counts, latest progress), with what its page shows."""
    user = _reader(request)
    selectors.get_visible_task(user, pk)  # 404 outside the caller's scope
    as_of = default_as_of(user)
    task = selectors.task_list(user, selectors.TaskFilters(), as_of=as_of).get(pk=pk)
    task.as_of = as_of
    task.overdue_reasons = selectors.overdue_reasons(task, as_of=as_of)
    task.sub_steps = list(task.steps.all())
    for step in task.sub_steps:
        step.late = step.is_late(as_of)
    task.loop = list(steps_of(task))
    task.can_direct, task.can_work = permissions.can_direct(user, task), permissions.can_work(user, task)
    return task


def _act(request, pk: int, allowed, message: str) -> KeyTask:
    """The task, if the caller sees it (else 404) and may take this step on it (else 403), as on the page."""
    task = selectors.get_visible_task(_reader(request), pk)
    require(allowed(request.auth, task), message)
    return task


# --- tasks ----------------------------------------------------------------------------------------------

@router.get("/tasks", response=responses(TaskList), url_name="tasks")
def task_list(request, filters: Query[TaskQuery]):
    """重点工作清单：按主题排列，每项的推进情况（已完成、正常推进、逾期、未完成），和各主题的汇总。"""
    user = _reader(request)
    if not 1 <= filters.limit <= 500:
        raise _bad("limit", _("每页条数应为1到500。"))
    if filters.health not in {"", "open", *selectors.Health.LABELS}:
        raise _bad("health", _("推进情况应为 done、overdue、on_track、closed、open 之一，或留空表示全部。"))
    leader = filters.leader
    if filters.mine and user.role == Role.LEADER and user.person_id:
        leader = user.person_id
    as_of = filters.as_of or default_as_of(user)
    rows = selectors.task_list(user, selectors.TaskFilters(
        year=filters.year, theme=filters.theme, health=filters.health, department=filters.department,
        leader=leader), as_of=as_of)
    by_theme = [{**r, "theme": {"id": r["theme_id"], "name": r["theme__name"]}}
                for r in selectors.summary_by_theme(user, as_of=as_of, year=filters.year)]
    return {"as_of": as_of, "by_theme": by_theme, "items": list(rows[: filters.limit]), "count": rows.count()}


@router.get("/tasks/{int:task_id}", response=responses(TaskDetail), url_name="task")
def task_detail(request, task_id: Id):
    """一项重点工作：节点（计划与实际完成）、办理进展和督办记录、逾期原因。"""
    return _detail(request, task_id)


@router.post("/tasks", response=responses(TaskDetail, ok_status=201), url_name="task_create")
def task_create(request, payload: TaskIn):
    """列入清单（项目办），在本人所辖区域；序号接该主题的最后一项。"""
    user = _reader(request)
    require(permissions.can_keep(user) and user.region_id is not None, _("只有项目办可以制定重点工作清单。"))
    data = clean(TaskForm(form_data(payload.dict()), region=user.region))
    data.pop("version", None)
    task = services.task_create(actor=user, region=user.region, **data)
    return Status(201, _detail(request, task.pk))


@router.put("/tasks/{int:task_id}", response=responses(TaskDetail), url_name="task_update")
def task_update(request, task_id: Id, payload: TaskUpdate):
    """修改任务（项目办）：`version` 为读取时的版本，期间被他人修改则 409。责任单位经交办调整，年度不改。"""
    task = _act(request, task_id, permissions.can_direct, _("只有项目办可以修改重点工作。"))
    data = clean(TaskForm(form_data(payload.dict()), region=task.region, editing=True))
    data["expected_version"] = data.pop("version")
    services.task_update(actor=request.auth, task=task, **data)
    return _detail(request, task.pk)


@router.post("/tasks/{int:task_id}/progress", response=responses(TaskDetail), url_name="task_progress")
def task_progress(request, task_id: Id, payload: LoopNoteIn):
    """办理进展（责任单位或项目办）；第一条进展使任务由未启动转为推进中。"""
    task = _act(request, task_id, permissions.can_work, _("您不能办理此任务。"))
    data = clean(NoteForm(form_data(payload.dict())))
    services.task_progress(actor=request.auth, task=task, note=data["note"])
    return _detail(request, task.pk)


@router.post("/tasks/{int:task_id}/steps/{int:step_id}/done", response=responses(TaskDetail),
             url_name="task_step_done")
def task_step_done(request, task_id: Id, step_id: Id, payload: StepDoneIn):
    """完成一个节点（责任单位或项目办）：`version` 为任务读取时的版本，期间被他人修改则 409。"""
    task = _act(request, task_id, permissions.can_work, _("您不能办理此任务。"))
    step = TaskStep.objects.filter(task=task, pk=step_id).first()
    if step is None:
        raise ApiError(404, "not_found", _("此任务没有这个节点。"))
    data = clean(StepDoneForm(form_data({**payload.dict(), "step": step.pk})))
    services.step_done(actor=request.auth, step=step, done_on=data["done_on"], note=data["note"],
                       expected_version=data["version"])
    return _detail(request, task.pk)


@router.post("/tasks/{int:task_id}/close", response=responses(TaskDetail), url_name="task_close")
def task_close(request, task_id: Id, payload: TaskCloseIn):
    """销号（项目办）：已完成（节点须全部完成），或未完成并写明原因。"""
    task = _act(request, task_id, permissions.can_direct, _("只有项目办可以对重点工作销号。"))
    data = clean(CloseForm(form_data(payload.dict())))
    services.task_close(actor=request.auth, task=task, completed=data["outcome"] == "completed",
                        resolution=data["resolution"], closed_on=data["closed_on"])
    return _detail(request, task.pk)
