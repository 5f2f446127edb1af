"""Dispatch pages: periods, 填报情况, the report form and its review, problems."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit, stale
from tuijin.core.loop_services import steps_of
from tuijin.core.models import AuditEvent
from tuijin.core.pages import add_errors, business_user
from tuijin.core.text import parse_id
from tuijin.org.models import Department
from tuijin.projects.permissions import require
from tuijin.projects.selectors import get_visible_project

from . import permissions, selectors, services
from .figures import project_figures
from .forms import (
    CloseForm,
    CorrectionForm,
    HandoverForm,
    NoteForm,
    PeriodOpenForm,
    ProblemForm,
    ReportForm,
    ReturnForm,
)
from .models import Period, Problem, ProgressReport, ReportPhoto


def _period(user, pk) -> Period:
    return get_object_or_404(selectors.visible_periods(user), pk=pk)


def _departments(project):
    return Department.objects.filter(region__in=project.region_chain())


@business_user
def periods(request):
    form = PeriodOpenForm(request.POST or None)
    if request.method == "POST":
        require(permissions.can_run_periods(request.user))
        if form.is_valid():
            year, month = (int(x) for x in form.cleaned_data["month"].split("-"))
            try:
                period = services.period_open(actor=request.user, region=selectors.default_region(request.user),
                                              year=year, month=month, deadline=form.cleaned_data["deadline"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已开启 %(p)s 调度期。") % {"p": period.label})
                return redirect("dispatch:board", pk=period.pk)
    return render(request, "dispatch/periods.html", {
        "periods": selectors.visible_periods(request.user), "form": form,
        "can_run": permissions.can_run_periods(request.user)})


@business_user
def board(request, pk):
    period = _period(request.user, pk)
    status = request.GET.get("status", "")
    projects = selectors.reporting_board(request.user, period, status=status)
    context = {
        "period": period, "projects": projects, "status": status,
        "summary": selectors.board_summary(selectors.reporting_board(request.user, period), period),
        "remind": selectors.remind_list(request.user, period) if permissions.can_run_periods(request.user) else [],
        "can_run": permissions.can_run_periods(request.user),
        "can_export": permissions.can_export_sheet(request.user),
    }
    return render(request, "dispatch/board.html", context)


@business_user
@require_POST
def close(request, pk):
    period = _period(request.user, pk)
    try:
        services.period_close(actor=request.user, period=period, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("调度期 %(p)s 已关闭，此后数字只能经更正修改并留痕。") % {"p": period.label})
    return redirect("dispatch:board", pk=period.pk)


@business_user
def report(request, pk, project_pk):
    """The report page: the filer's form while the period is open, the reviewer's actions, the figures."""
    period = _period(request.user, pk)
    project = get_visible_project(request.user, project_pk)
    if not selectors.expected_projects(period).filter(pk=project.pk).exists() and not ProgressReport.objects.filter(
            period=period, project=project).exists():
        raise Http404
    report = ProgressReport.objects.filter(period=period, project=project).first()
    can_fill = permissions.can_fill(request.user, project)
    editable = can_fill and period.is_open and (report is None or report.status in {"draft", "returned"})
    form = ReportForm(request.POST or None, instance=report, project=project,
                      initial={"version": report.version if report else 0})
    if request.method == "POST":
        require(can_fill)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_save(
                    actor=request.user, period=period, project=project,
                    data={k: data[k] for k in ReportForm.Meta.fields}, submit="submit" in request.POST,
                    milestones_met=data["milestones_met"], expected_version=data["version"],
                    typed_ytd=data["typed_ytd"], typed_since_start=data["typed_since_start"])
            except ValidationError as error:
                current = ProgressReport.objects.filter(period=period, project=project).first()
                error = stale.explain(error, opened=data.get("opened"), events=stale.record_events(current)
                                      if current else AuditEvent.objects.none())
                add_errors(form, error)
                if not editable:  # the form is not shown (period closed, report already in): say why here
                    for message in error.messages:
                        messages.error(request, message)
            else:
                messages.success(request, _("已报送。") if "submit" in request.POST else _("草稿已保存。"))
                return redirect("dispatch:report", pk=period.pk, project_pk=project.pk)
    figures = project_figures(project, period)
    context = {
        "period": period, "project": project, "report": report, "form": form, "editable": editable,
        "figures": figures, "annual_plan": project.memberships.filter(programme__year=period.year).order_by(
            "-annual_plan").values_list("annual_plan", flat=True).first(),
        "can_review": report is not None and report.status == "submitted" and period.is_open
        and permissions.can_review(request.user, project),
        "can_correct": report is not None and not period.is_open and permissions.can_run_periods(request.user),
        "return_form": ReturnForm(),
        "correction_form": CorrectionForm(initial={"version": report.version if report else None}),
        "problems": project.problems.select_related("department").order_by("-id")[:20],
        "problem_form": ProblemForm(departments=_departments(project)),
        "can_raise": permissions.can_raise_problem(request.user, project),
    }
    return render(request, "dispatch/report.html", context)


def _report_for(request, report_pk) -> ProgressReport:
    report = get_object_or_404(ProgressReport.objects.select_related("period", "project"), pk=report_pk)
    get_visible_project(request.user, report.project_id)
    return report


@business_user
@require_POST
def review(request, report_pk, action):
    report = _report_for(request, report_pk)
    try:
        if action == "approve":
            services.report_approve(actor=request.user, report=report, note=request.POST.get("note", ""))
            messages.success(request, _("已审核通过。"))
        elif action == "return":
            services.report_return(actor=request.user, report=report, reason=request.POST.get("return_reason", ""))
            messages.success(request, _("已退回填报单位。"))
        elif action == "correct":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            try:
                services.report_correct(actor=request.user, report=report,
                                        invest_month=form.cleaned_data["invest_month"],
                                        reason=form.cleaned_data["reason"],
                                        expected_version=form.cleaned_data["version"])
            except ValidationError as error:
                raise stale.explain(error, events=stale.record_events(report),
                                    opened=form.cleaned_data["opened"]) from None
            messages.success(request, _("已更正并留痕。"))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("dispatch:report", pk=report.period_id, project_pk=report.project_id)


@business_user
def problems(request):
    status = request.GET.get("status", "open")
    department = parse_id(request.GET.get("department"))
    kind = request.GET.get("kind", "")
    rows = selectors.problem_list(request.user, status=status, department=department, kind=kind)
    return render(request, "dispatch/problems.html", {
        "problems": rows[:500], "status": status, "kind": kind, "kinds": Problem.Kind.choices,
        "department": department or "",
        "by_department": selectors.problem_counts_by_department(request.user), "today": date.today()})


@business_user
@require_POST
def problem_raise(request, project_pk):
    project = get_visible_project(request.user, project_pk)
    form = ProblemForm(request.POST, departments=_departments(project))
    report = None
    if report_pk := parse_id(request.POST.get("report")):
        report = ProgressReport.objects.filter(pk=report_pk, project=project).first()
    if form.is_valid():
        try:
            services.problem_raise(actor=request.user, project=project, report=report, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("问题已提出，等待项目办交办。"))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    if report:
        return redirect("dispatch:report", pk=report.period_id, project_pk=project.pk)
    return redirect("projects:detail", pk=project.pk)


@business_user
def problem(request, pk):
    item = get_object_or_404(selectors.visible_problems(request.user), pk=pk)
    departments = _departments(item.project)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {"handover": HandoverForm(departments=departments, initial={"department": item.department,
                                                                          "deadline": item.deadline}),
             "escalate": NoteForm(), "progress": NoteForm(), "close": CloseForm(), "reopen": NoteForm()}
    if action in forms:
        form = forms[action] = type(forms[action])(request.POST, **(
            {"departments": departments} if action == "handover" else {}))
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "handover":
                    services.problem_handover(actor=request.user, problem=item, **data)
                elif action == "escalate":
                    services.problem_escalate(actor=request.user, problem=item, note=data["note"])
                elif action == "progress":
                    services.problem_progress(actor=request.user, problem=item, note=data["note"])
                elif action == "close":
                    services.problem_close(actor=request.user, problem=item, resolved=data["outcome"] == "resolved",
                                           resolution=data["resolution"], closed_on=data["closed_on"])
                else:
                    services.problem_reopen(actor=request.user, problem=item, note=data["note"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已办理。"))
                return redirect("dispatch:problem", pk=item.pk)
    return render(request, "dispatch/problem.html", {
        "problem": item, "steps": steps_of(item), "forms": forms,
        "can_direct": permissions.can_direct_problem(request.user, item),
        "can_work": permissions.can_work_problem(request.user, item)})


@business_user
@require_POST
def photos_add(request, report_pk):
    report = _report_for(request, report_pk)
    files = request.FILES.getlist("photos")
    if not files:
        messages.error(request, _("请选择要上传的照片。"))
    else:
        try:
            services.report_add_photos(actor=request.user, report=report, files=files,
                                       caption=request.POST.get("caption", "")[:100])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已上传%(n)s张照片。") % {"n": len(files)})
    return redirect("dispatch:report", pk=report.period_id, project_pk=report.project_id)


@business_user
def photo(request, pk):
    """Photos are served only through this view, to users who may see the project."""
    item = get_object_or_404(ReportPhoto.objects.select_related("report"), pk=pk)
    project = get_visible_project(request.user, item.report.project_id)
    audit.record(actor=request.user, action="download.photo", target=item, project=project,
                 changes={"file": [None, item.image.name]})
    return FileResponse(item.image.open("rb"))
