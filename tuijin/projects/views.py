"""Project pages. Each view parses, asks permissions, calls one selector or service, and renders."""

from datetime import date, datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit, stale
from tuijin.core.forms import EARLIEST_DATE, LATEST_DATE
from tuijin.core.pages import add_errors, business_user, valid_query
from tuijin.core.roles import Role
from tuijin.core.text import parse_id
from tuijin.exchange.oc4ids import export_package
from tuijin.exchange.registry_export import registry_workbook
from tuijin.exchange.xlsx import XLSX_TYPE

from . import permissions, selectors, services
from .filters import RegistryFilterForm
from .forms import (
    MembershipForm,
    MilestoneForm,
    PlanDocumentForm,
    PreparationForm,
    ProjectForm,
    TeamForm,
    TransitionForm,
)
from .lifecycle import ALLOWED, Stage, TransitionFacts
from .models import Milestone, ProgrammeList
from .preparation import APPROVALS, FEASIBILITY, PrepItem, maturity


def _refusal(request, error: ValidationError, project) -> ValidationError:
    """A service's refusal; a stale one also says what others changed since the form was opened."""
    return stale.explain(error, events=stale.project_events(project), opened=request.POST.get("opened"))


def _posted_version(request) -> int | None:
    return parse_id(request.POST.get("version"))


STAGE_LABELS = dict(Stage.choices)


def _month(day: date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else ""  # as |date:"Y-m"


def _day(day: date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}" if day else ""  # as |date:"Y-m-d"


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{round(fraction * 100)}%"  # as {% widthratio fraction 1 100 %}%


def _table_row(p, number: int, url: str) -> dict:
    return {"number": number, "url": url, "name": p.name, "code": p.code, "stage": p.stage,
            "stage_label": STAGE_LABELS.get(p.stage, p.stage), "category": p.category,
            "total_investment": p.total_investment, "annual_plan": p.annual_plan,
            "task_progress": _percent(p.task_progress),
            "planned_start": _month(p.planned_start), "actual_start": _day(p.actual_start),
            "leader": p.leader or "", "lead_department": p.lead_department or "", "owner": p.owner or ""}


def _table_rows(page) -> list[dict]:
    """The page's projects as the registry's table prints them, worked out here: in the template,
    get_stage_display (which hashes every stage's label on each call) and the localised date filter on each
    row cost more than the page's queries."""
    first = page.start_index()
    return [_table_row(p, first + i, reverse("projects:detail", args=[p.pk])) for i, p in enumerate(page.object_list)]


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, when a summary has already counted the same rows."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # shadows Paginator.count, a cached property that would run its own COUNT


@business_user
def registry(request):
    form = RegistryFilterForm(request.GET or None, user=request.user)
    filters = form.to_filters()
    for message in form.refused():
        messages.warning(request, _("已忽略筛选条件 %(m)s") % {"m": message})
    projects = selectors.registry_projects(request.user, filters)
    summary = selectors.registry_summary(projects)
    paginator = CountedPaginator(selectors.registry_table(projects, filters), 50, count=summary["total"])
    page = paginator.get_page(request.GET.get("page"))
    query = valid_query(form)
    context = {"form": form, "page": page, "rows": _table_rows(page), "summary": summary,
               "query": query.urlencode(),
               "can_create": permissions.can_create(request.user),
               "can_publish": request.user.role == Role.COORDINATOR}
    template = "projects/_registry_results.html" if request.htmx else "projects/registry.html"
    return render(request, template, context)


@business_user
def registry_export(request):
    form = RegistryFilterForm(request.GET or None, user=request.user)
    projects = selectors.registry(request.user, form.to_filters())
    title = _("项目储备库")
    content = registry_workbook(projects, title=title)
    audit.record(actor=request.user, action="export.registry", changes={"query": valid_query(form).urlencode()})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''registry.xlsx"
    return response


@business_user
def oc4ids_download(request):
    """The zone's projects as OC4IDS open data, for the project office to publish (?public=1 for the public cut)."""
    if request.user.role != Role.COORDINATOR:
        raise PermissionDenied
    programme_pk = parse_id(request.GET.get("list"))
    programme = get_object_or_404(ProgrammeList, pk=programme_pk) if programme_pk else None
    public_only = request.GET.get("public") == "1"
    package = export_package(actor=request.user, programme=programme, public_only=public_only)
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    name = "oc4ids-public.json" if public_only else "oc4ids.json"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@business_user
def detail(request, pk):
    project = selectors.get_visible_project(request.user, pk)
    preparations = {p.item: p for p in project.preparations.all()}
    context = {
        "project": project,
        "milestones": project.milestones.all(),
        "memberships": project.memberships.select_related("programme"),
        "co_departments": project.co_departments.all(),
        "team": project.team.all(),
        "feasibility": [(PrepItem(i), preparations.get(i)) for i in FEASIBILITY],
        "approvals": [(PrepItem(i), preparations.get(i)) for i in APPROVALS],
        "maturity": maturity({item: p.status for item, p in preparations.items()}),
        "timeline": selectors.project_timeline(project),
        "lists_available": ProgrammeList.objects.filter(region__in=project.region_chain()).exclude(
            memberships__project=project),
        "can_edit": permissions.can_edit(request.user, project),
        "can_manage": permissions.can_manage(request.user, project),
        "can_keep_lists": permissions.can_keep_lists(request.user),
        "next_stages": [Stage(s) for s in Stage.values if s in ALLOWED[Stage(project.stage)]],
        "reports": project.reports.select_related("period").order_by("-period__year", "-period__month")[:12],
        "open_problems": project.problems.filter(status__in=["pending", "working"]).select_related("department"),
        "transition_form": TransitionForm(),
    }
    return render(request, "projects/detail.html", context)


@business_user
def create(request):
    permissions.require(permissions.can_create(request.user))
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason", "opened")}
        try:
            project = services.project_create(actor=request.user, data=data, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("项目“%(n)s”已入库。") % {"n": project.name})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": None})


@business_user
def edit(request, pk):
    project = selectors.get_visible_project(request.user, pk)
    permissions.require(permissions.can_edit(request.user, project))
    form = ProjectForm(request.POST or None, instance=project, user=request.user,
                       initial={"version": project.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason", "opened")}
        try:
            services.project_update(actor=request.user, project=project, data=data,
                                    expected_version=form.cleaned_data["version"],
                                    reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, _refusal(request, error, project))
        else:
            messages.success(request, _("已保存。"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})


@business_user
@require_POST
def transition(request, pk):
    project = selectors.get_visible_project(request.user, pk)
    permissions.require(permissions.can_manage(request.user, project))
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        facts = TransitionFacts(actual_start=data["actual_start"], actual_end=data["actual_end"],
                                actual_output=data["actual_output"], signed_on=data["signed_on"],
                                reason=data["reason"], effective_by_decision=data["effective_by_decision"])
        try:
            services.project_transition(actor=request.user, project=project, to_stage=data["to_stage"], facts=facts,
                                        expected_version=data["version"])
        except ValidationError as error:
            add_errors(form, _refusal(request, error, project))
        else:
            messages.success(request, _("项目已转为“%(s)s”。") % {"s": Stage(data["to_stage"]).label})
            return redirect("projects:detail", pk=project.pk)
    # The form is on the project page, so its errors travel as messages: each names its field.
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for message in errors:
            messages.error(request, f"{label}：{message}" if label else message)
    return redirect("projects:detail", pk=project.pk)


@business_user
def team(request, pk):
    project = selectors.get_visible_project(request.user, pk)
    permissions.require(permissions.can_manage(request.user, project))
    initial = {"leader": project.leader, "lead_department": project.lead_department,
               "co_departments": project.co_departments.all(), "team": project.team.all()}
    form = TeamForm(request.POST or None, project=project, initial={**initial, "version": project.version})
    plan_form = PlanDocumentForm()
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.project_assign_team(actor=request.user, project=project, expected_version=data.pop("version"),
                                         **data)
        except ValidationError as error:
            add_errors(form, _refusal(request, error, project))
        else:
            messages.success(request, _("五个一已更新。"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/team.html", {"form": form, "plan_form": plan_form, "project": project})


@business_user
@require_POST
def plan_upload(request, pk):
    project = selectors.get_visible_project(request.user, pk)
    permissions.require(permissions.can_manage(request.user, project))
    form = PlanDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.project_attach_plan(actor=request.user, project=project, document=form.cleaned_data["document"])
        messages.success(request, _("推进方案已上传。"))
    else:
        for message in form.errors.get("document", []):
            messages.error(request, _("推进方案未上传：%(m)s") % {"m": message})
    return redirect("projects:detail", pk=project.pk)


@business_user
def milestone_edit(request, pk, milestone_pk=None):
    project = selectors.get_visible_project(request.user, pk)
    permissions.require(permissions.can_edit(request.user, project))
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project) if milestone_pk else None
    form = MilestoneForm(request.POST or None, instance=milestone, initial={"version": project.version})
    if request.method == "POST" and request.POST.get("delete") and milestone:
        try:
            services.milestone_delete(actor=request.user, project=project, milestone=milestone,
                                      expected_version=_posted_version(request))
        except ValidationError as error:
            add_errors(form, _refusal(request, error, project))
        else:
            messages.success(request, _("节点已删除。"))
            return redirect("projects:detail", pk=project.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(actor=request.user, project=project, milestone=milestone,
                                    data={k: form.cleaned_data[k] for k in MilestoneForm.Meta.fields},
                                    expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, _refusal(request, error, project))
        else:
            messages.success(request, _("节点已保存。"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/milestone_form.html",
                  {"form": form, "project": project, "milestone": milestone})


@business_user
def preparation_edit(request, pk, item):
    project = selectors.get_visible_project(request.user, pk)
    permissions.require(permissions.can_edit(request.user, project))
    if item not in PrepItem.values:
        raise PermissionDenied
    current = project.preparations.filter(item=item).first()
    initial = {"status": current.status, "done_on": current.done_on, "note": current.note} if current else {}
    form = PreparationForm(request.POST or None, initial={**initial, "version": project.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.preparation_save(actor=request.user, project=project, item=item,
                                      expected_version=data.pop("version"), **data)
        except ValidationError as error:
            add_errors(form, _refusal(request, error, project))
        else:
            messages.success(request, _("前期事项已更新。"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/preparation_form.html",
                  {"form": form, "project": project, "item": PrepItem(item)})


@business_user
def membership_edit(request, pk, programme_pk):
    project = selectors.get_visible_project(request.user, pk)
    permissions.require(permissions.can_keep_lists(request.user) and permissions.can_edit(request.user, project))
    programme = get_object_or_404(ProgrammeList, pk=programme_pk, region__in=project.region_chain())
    current = project.memberships.filter(programme=programme).first()
    form = MembershipForm(request.POST or None, initial={"annual_plan": current.annual_plan if current else None,
                                                         "version": project.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set(actor=request.user, project=project, programme=programme,
                                    annual_plan=form.cleaned_data["annual_plan"],
                                    expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, _refusal(request, error, project))
        else:
            messages.success(request, _("清单信息已更新。"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/membership_form.html",
                  {"form": form, "project": project, "programme": programme, "current": current})


@business_user
def plan_download(request, pk):
    project = selectors.get_visible_project(request.user, pk)
    if not project.plan_document:
        raise Http404
    audit.record(actor=request.user, action="download.plan", target=project, project=project,
                 changes={"file": [None, project.plan_document.name]})
    return FileResponse(project.plan_document.open("rb"), as_attachment=True,
                        filename=project.plan_document.name.rsplit("/", 1)[-1])


def _history_date(request) -> date:
    """The day asked for in ?at=, or today, saying so, when it is not a date the trail can answer for."""
    text = request.GET.get("at", "").strip()
    if not text:
        return timezone.localdate()
    try:
        when = parse_date(text) if len(text) <= 10 else None
    except ValueError:
        when = None
    if when is None or not EARLIEST_DATE <= when <= LATEST_DATE:
        messages.warning(request, _("“%(v)s”不是有效日期（应为 2025-03-31 这样的格式），已显示今天的情况。")
                         % {"v": text[:20]})
        return timezone.localdate()
    return when


@business_user
def history(request, pk):
    """“What did this project look like at the end of March?”: the project as of a moment, beside today."""
    project = selectors.get_visible_project(request.user, pk)
    when = _history_date(request)
    moment = timezone.make_aware(datetime.combine(when, time.max))
    return render(request, "projects/history.html", {
        "project": project, "at": when, "rows": selectors.history_rows(project, moment)})
