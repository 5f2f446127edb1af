"""Pages of 重点工作督办. Thin: parse, call a selector or a service, render. Owners, auditor and admin get 403;
tasks outside the user's scope answer 404."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit
from tuijin.core.loop import LetterKind, LoopStep
from tuijin.core.loop_services import steps_of
from tuijin.core.pages import add_errors, business_user, issue_letter
from tuijin.core.roles import Role
from tuijin.core.text import parse_id
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.tracking.dashboard import default_as_of

from . import permissions, selectors, services
from .export import list_workbook
from .forms import CloseForm, HandoverForm, NoteForm, StepDoneForm, StepForm, TaskForm
from .models import KeyTask, TaskStep, Theme


def task_reader(view):
    """Key work is the administration's own: owners have no part in it (and auditor/admin none at all)."""

    @business_user
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_read_tasks(request.user):
            raise PermissionDenied(_("重点工作督办不对项目单位开放。"))
        return view(request, *args, **kwargs)

    return wrapped


def as_of_from(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return default_as_of(request.user)


def _filters(request) -> selectors.TaskFilters:
    get, user = request.GET, request.user
    leader = parse_id(get.get("leader"))
    if get.get("mine") == "1" and user.role == Role.LEADER and user.person_id:
        leader = user.person_id
    return selectors.TaskFilters(year=parse_id(get.get("year")), theme=parse_id(get.get("theme")),
                                 health=get.get("health", ""), department=parse_id(get.get("department")),
                                 leader=leader)


@task_reader
def task_list(request):
    as_of = as_of_from(request)
    filters = _filters(request)
    tasks = selectors.task_list(request.user, filters, as_of=as_of)
    return render(request, "tasks/list.html", {
        "tasks": tasks[:500], "filters": filters, "as_of": as_of, "themes": Theme.objects.all(),
        "healths": list(selectors.Health.LABELS.items()), "query": request.GET.urlencode(),
        "by_theme": selectors.summary_by_theme(request.user, as_of=as_of, year=filters.year),
        "is_leader": request.user.role == Role.LEADER and request.user.person_id is not None,
        "mine": request.GET.get("mine") == "1",
        "can_keep": permissions.can_keep(request.user) and request.user.region_id is not None})


@task_reader
def export(request):
    """The 清单 of what the list shows, as Excel; audited."""
    as_of = as_of_from(request)
    tasks = selectors.task_list(request.user, _filters(request), as_of=as_of)
    content = list_workbook(tasks, as_of=as_of, title=_("重点工作任务清单"))
    audit.record(actor=request.user, action="export.key_tasks", changes={"query": request.GET.urlencode()})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename=key-tasks-{as_of:%Y%m%d}.xlsx"
    return response


@task_reader
def task_new(request):
    user = request.user
    if not permissions.can_keep(user) or user.region_id is None:
        raise PermissionDenied(_("只有项目办可以制定重点工作清单。"))
    form = TaskForm(request.POST or None, region=user.region, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            task = services.task_create(actor=user, region=user.region, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已列入清单，请继续安排任务节点。"))
            return redirect("tasks:detail", pk=task.pk)
    return render(request, "tasks/new.html", {"form": form})


def _blank_forms(task: KeyTask) -> dict:
    return {
        "edit": TaskForm(region=task.region, editing=True, initial={
            "theme": task.theme_id, "title": task.title, "goal": task.goal, "lead_leader": task.lead_leader_id,
            "co_departments": [d.pk for d in task.co_departments.all()], "deadline": task.deadline,
            "version": task.version}),
        "step": StepForm(initial={"version": task.version}),
        "progress": NoteForm(), "close": CloseForm(), "reopen": NoteForm(), "escalate": NoteForm(),
        "handover": HandoverForm(region=task.region, initial={"department": task.department_id,
                                                              "deadline": task.deadline}),
        "done": StepDoneForm(initial={"version": task.version}),
    }


ACTIONS = {
    # action: who may take it
    "edit": permissions.can_direct, "step": permissions.can_direct, "done": permissions.can_work,
    "progress": permissions.can_work, "close": permissions.can_direct, "reopen": permissions.can_direct,
    "escalate": permissions.can_direct, "handover": permissions.can_direct,
}


def _form_for(action: str, task: KeyTask, data):
    match action:
        case "edit":
            return TaskForm(data, region=task.region, editing=True)
        case "step":
            return StepForm(data)
        case "done":
            return StepDoneForm(data)
        case "close":
            return CloseForm(data)
        case "handover":
            return HandoverForm(data, region=task.region)
    return NoteForm(data)


def _call(action: str, *, actor, task: KeyTask, data: dict):
    match action:
        case "edit":
            return services.task_update(actor=actor, task=task, expected_version=data.pop("version"), **data)
        case "step":
            return services.step_add(actor=actor, task=task, title=data["title"], due_on=data["due_on"],
                                     expected_version=data["version"])
        case "done":
            step = TaskStep.objects.filter(task=task, pk=data["step"]).first()
            if step is None:
                raise ValidationError(_("没有这个节点。"))
            return services.step_done(actor=actor, step=step, done_on=data["done_on"], note=data["note"],
                                      expected_version=data["version"])
        case "progress":
            return services.task_progress(actor=actor, task=task, note=data["note"])
        case "close":
            return services.task_close(actor=actor, task=task, completed=data["outcome"] == "completed",
                                       resolution=data["resolution"], closed_on=data["closed_on"])
        case "reopen":
            return services.task_reopen(actor=actor, task=task, note=data["note"])
        case "escalate":
            return services.task_escalate(actor=actor, task=task, note=data["note"])
        case "handover":
            return services.task_handover(actor=actor, task=task, **data)
    raise Http404


@task_reader
def task(request, pk):
    item = selectors.get_visible_task(request.user, pk)
    forms = _blank_forms(item)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        if not ACTIONS[action](request.user, item):
            raise PermissionDenied(_("您不能进行此操作。"))
        form = forms[action] = _form_for(action, item, request.POST)
        if form.is_valid():
            try:
                _call(action, actor=request.user, task=item, data=dict(form.cleaned_data))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已办理。"))
                return redirect("tasks:detail", pk=item.pk)
    as_of = default_as_of(request.user)
    steps = list(item.steps.all())
    for step in steps:
        step.late = step.is_late(as_of)
    return render(request, "tasks/detail.html", {
        "task": item, "steps": steps, "loop": steps_of(item), "forms": forms, "as_of": as_of,
        "reasons": selectors.overdue_reasons(item, as_of=as_of), "letter_kinds": LetterKind.choices,
        "can_direct": permissions.can_direct(request.user, item),
        "can_work": permissions.can_work(request.user, item)})


@task_reader
@require_POST
def notice(request, pk, kind):
    item = selectors.get_visible_task(request.user, pk)
    if kind not in LetterKind.values:
        raise Http404
    if not permissions.can_direct(request.user, item):
        raise PermissionDenied(_("只有项目办可以下发督办通知。"))
    issue_letter(request, lambda: services.task_notice(actor=request.user, task=item, kind=kind))
    return redirect("tasks:detail", pk=item.pk)


@task_reader
def notice_file(request, step_id):
    step = get_object_or_404(LoopStep, pk=step_id, kind=LoopStep.Kind.LETTER,
                             content_type=ContentType.objects.get_for_model(KeyTask))
    item = selectors.get_visible_task(request.user, step.object_id)
    audit.record(actor=request.user, action="download.letter", target=item,
                 changes={"letter": [None, step.letter_number]})
    label = LetterKind(step.letter_kind).label if step.letter_kind in LetterKind.values else _("函件")
    return FileResponse(step.letter.open("rb"), as_attachment=True, filename=f"{label}{step.letter_number}.docx")
