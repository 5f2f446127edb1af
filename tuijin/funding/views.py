"""Funding pages. Each view parses, asks permissions, calls one selector or service, and renders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.pages import add_errors, business_user
from tuijin.core.text import parse_id
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.projects.selectors import get_visible_project

from . import permissions, selectors, services
from .export import ledger_workbook
from .forms import ApplicationCreateForm, ApplicationEditForm, ApplicationFilterForm, MoveForm
from .models import Channel
from .readiness import readiness
from .statuses import ALLOWED, MOVE_LABELS, Status


def _posted_version(request) -> int | None:
    return parse_id(request.POST.get("version"))


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return parse_id(value) if len(value) == 4 else None


@business_user
def overview(request):
    year = _year(request)
    scoped = selectors.visible_applications(request.user)
    figures = selectors.reserve_figures(scoped, year=year)
    context = {"figures": figures, "year": year, "years": selectors.years(scoped), "year_query": f"&year={year}" if year else "",
               "can_create": permissions.can_create_any(request.user)}
    return render(request, "funding/overview.html", context)


def _filtered(request):
    scoped = selectors.visible_applications(request.user)
    form = ApplicationFilterForm(request.GET or None, user=request.user, batches=selectors.batches(scoped))
    return form, selectors.application_list(request.user, form.to_filters())


@business_user
def application_list(request):
    form, applications = _filtered(request)
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "summary": selectors.list_summary(applications),
               "query": query.urlencode(), "can_create": permissions.can_create_any(request.user)}
    return render(request, "funding/list.html", context)


@business_user
def application_export(request):
    _form, applications = _filtered(request)
    content = ledger_workbook(applications, title=_("政策性资金申报台账"), note=_("金额单位：万元"))
    audit.record(actor=request.user, action="export.funding", changes={"query": request.GET.urlencode()})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''funding.xlsx"
    return response


@business_user
def application_create(request):
    permissions.require(permissions.can_create_any(request.user))
    initial = {}
    if project := parse_id(request.GET.get("project")):
        initial["project"] = project
    form = ApplicationCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                actor=request.user, project=data["project"], channel=data["channel"], year=data["year"],
                batch=data["batch"], reserved_on=data["reserved_on"], amount_requested=data["amount_requested"],
                note=data["note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已将“%(p)s”纳入%(c)s储备。") % {"p": application.project.name,
                                                                     "c": application.channel.name})
            return redirect("funding:detail", pk=application.pk)
    return render(request, "funding/form.html", {"form": form, "application": None})


@business_user
def application_detail(request, pk):
    application = selectors.get_visible_application(request.user, pk)
    can_write = permissions.can_write(request.user, application.project)
    moves = [(Status(s), MOVE_LABELS[Status(s)]) for s in Status.values if s in ALLOWED[Status(application.status)]]
    context = {
        "application": application,
        "readiness": readiness(application.project, application.channel),
        "moves": application.moves.select_related("actor"),
        "next_moves": moves if can_write else [],
        "can_write": can_write,
        "others": application.project.funding_applications.exclude(pk=application.pk).select_related("channel"),
    }
    return render(request, "funding/detail.html", context)


@business_user
def application_edit(request, pk):
    application = selectors.get_visible_application(request.user, pk)
    permissions.require(permissions.can_write(request.user, application.project))
    form = ApplicationEditForm(request.POST or None, instance=application, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}
        # The form worked on its instance; the service starts again from the stored row.
        fresh = selectors.get_visible_application(request.user, pk)
        try:
            services.application_update(actor=request.user, application=fresh, data=data,
                                        expected_version=_posted_version(request),
                                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("funding:detail", pk=pk)
    return render(request, "funding/form.html", {"form": form, "application": application})


@business_user
def application_move(request, pk, status):
    application = selectors.get_visible_application(request.user, pk)
    permissions.require(permissions.can_write(request.user, application.project))
    if status not in Status.values:
        raise Http404
    to_status = Status(status)
    form = MoveForm(request.POST or None, to_status=to_status, application=application)
    check = readiness(application.project, application.channel) if to_status == Status.APPLIED else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_move(actor=request.user, application=application, to_status=to_status,
                                      on=data["on"], amount=data.get("amount"), reason=data.get("reason", ""),
                                      explanation=data.get("explanation", ""),
                                      expected_version=_posted_version(request))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已改为“%(s)s”。") % {"s": to_status.label})
            return redirect("funding:detail", pk=pk)
    allowed = to_status in ALLOWED[Status(application.status)]
    context = {"form": form, "application": application, "to_status": to_status, "label": MOVE_LABELS[to_status],
               "allowed": allowed, "readiness": check}
    return render(request, "funding/move.html", context, status=200)


@business_user
def project_readiness(request, pk):
    """Which channels a project may apply through now, and what each still needs."""
    project = get_visible_project(request.user, pk)
    if not permissions.can_view_project(request.user, project):
        raise Http404
    statuses = dict(project.preparations.values_list("item", "status"))
    context = {"project": project,
               "checks": [readiness(project, channel, statuses) for channel in Channel.objects.filter(active=True)],
               "applications": selectors.visible_applications(request.user).filter(project=project).select_related(
                   "channel"),
               "can_write": permissions.can_write(request.user, project)}
    return render(request, "funding/readiness.html", context)
