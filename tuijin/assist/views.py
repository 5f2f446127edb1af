"""助企服务 pages: the quarter's summary and the enterprises, one enterprise's services, recording awards,
financing and other help, and the demands with their closed loop."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.loop_services import steps_of
from tuijin.core.pages import add_errors, business_user
from tuijin.core.text import parse_id
from tuijin.dispatch.forms import CloseForm, NoteForm
from tuijin.economy.periods import QUARTER_RE
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.projects.permissions import require

from . import permissions, selectors, services
from .export import services_workbook
from .forms import AwardForm, DemandForm, FinancingForm, HandoverForm, HelpForm, ProfileForm, RateForm
from .models import Demand
from .summary import quarter_range, quarter_summary


def _quarter(request, user) -> tuple[int, int]:
    """?quarter=2025Q1, else the quarter of the latest service in scope, else this quarter."""
    if match := QUARTER_RE.match(request.GET.get("quarter", "").strip()):
        return int(match[1]), int(match[2])
    dates = [d for d in (selectors.visible_awards(user).order_by("-paid_on").values_list("paid_on", flat=True).first(),
                         selectors.visible_financing(user).order_by("-on").values_list("on", flat=True).first())
             if d]
    latest = max(dates) if dates else date.today()
    return latest.year, (latest.month - 1) // 3 + 1


@business_user
def index(request):
    user = request.user
    year, quarter = _quarter(request, user)
    start, end = quarter_range(year, quarter)
    context = {"year": year, "quarter": quarter, "key": f"{year}Q{quarter}",
               "quarters": [f"{year}Q{q}" for q in (1, 2, 3, 4)] + [f"{year - 1}Q{q}" for q in (4, 3, 2, 1)],
               "enterprises": selectors.enterprise_list(user, text=request.GET.get("q", "").strip()[:50]),
               "q": request.GET.get("q", ""), "summary": quarter_summary(user, year=year, quarter=quarter),
               "demand_counts": selectors.demand_counts(user),
               "awards": selectors.visible_awards(user).filter(paid_on__range=(start, end))[:200],
               "financing": selectors.visible_financing(user).filter(on__range=(start, end))[:200],
               "help": selectors.visible_services(user).filter(on__range=(start, end))[:200],
               "can_keep": permissions.can_keep_records(user), "can_help": permissions.can_record_help(user),
               "can_raise": permissions.may_raise_demands(user),
               "can_export": selectors.is_region_wide(user)}
    return render(request, "assist/index.html", context)


@business_user
def enterprise(request, pk):
    user = request.user
    item = get_object_or_404(selectors.visible_enterprises(user), pk=pk)
    return render(request, "assist/enterprise.html", {
        "enterprise": item, "profile": getattr(item, "assist_profile", None),
        "projects": selectors.enterprise_projects(item) if user.role != "department" else
        selectors.enterprise_projects(item).filter(lead_department_id=user.department_id),
        "awards": selectors.visible_awards(user).filter(enterprise=item),
        "financing": selectors.visible_financing(user).filter(enterprise=item),
        "help": selectors.visible_services(user).filter(enterprise=item),
        "demands": selectors.demand_list(user, status="", enterprise=item.pk),
        "can_keep": permissions.can_keep_records(user),
        "can_raise": permissions.can_raise_demand(user, item)})


@business_user
def profile_edit(request, pk):
    require(permissions.can_keep_records(request.user), _("只有项目办可以维护企业档案。"))
    item = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    profile = getattr(item, "assist_profile", None)
    form = ProfileForm(request.POST or None, instance=profile, initial={"version": profile.version if profile else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(actor=request.user, enterprise=item, scale=form.cleaned_data["scale"],
                                  industry=form.cleaned_data["industry"], expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("assist:enterprise", pk=item.pk)
    return render(request, "assist/form.html", {"form": form, "title": _("企业档案：%(n)s") % {"n": item.name}})


def _record_page(request, *, allowed: bool, message: str, form_class, save, title: str):
    """The shared shape of the three recording pages: a form, a service call, back to the summary."""
    require(allowed, message)
    enterprises = selectors.recordable_enterprises(request.user)
    form = form_class(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已登记。"))
            return redirect("assist:index")
    return render(request, "assist/form.html", {"form": form, "title": title})


@business_user
def award_new(request):
    return _record_page(
        request, allowed=permissions.can_keep_records(request.user), message=_("只有项目办可以登记政策兑现。"),
        form_class=AwardForm, title=_("登记惠企政策兑现"),
        save=lambda d: services.award_record(actor=request.user, **d))


@business_user
def financing_new(request):
    region = request.user.region

    def save(data):
        if region is None:
            raise ValidationError(_("您的账号没有管辖区域，无法登记融资服务。"))
        return services.financing_record(actor=request.user, region=region, **{
            **data, "project_name": data["project_name"] or "", "note": data["note"] or ""})

    return _record_page(
        request, allowed=permissions.can_keep_records(request.user), message=_("只有项目办可以登记融资服务。"),
        form_class=FinancingForm, title=_("登记融资服务"), save=save)


@business_user
def help_new(request):
    return _record_page(
        request, allowed=permissions.can_record_help(request.user), message=_("只有项目办和责任单位可以登记帮办服务。"),
        form_class=HelpForm, title=_("登记帮办服务"),
        save=lambda d: services.help_record(actor=request.user, **d))


@business_user
def demands(request):
    status = request.GET.get("status", "open")
    kind = request.GET.get("kind", "")
    rows = selectors.demand_list(request.user, status=status, kind=kind,
                                 enterprise=parse_id(request.GET.get("enterprise")))
    return render(request, "assist/demands.html", {
        "demands": rows[:500], "status": status, "kind": kind, "kinds": Demand.Kind.choices,
        "counts": selectors.demand_counts(request.user),
        "can_raise": permissions.may_raise_demands(request.user)})


@business_user
def demand_new(request):
    if not permissions.may_raise_demands(request.user):
        raise PermissionDenied(_("只有企业和项目办可以提出诉求。"))
    enterprises = selectors.visible_enterprises(request.user).order_by("name")
    form = DemandForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            demand = services.demand_raise(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("诉求已提交，项目办将交办相关单位办理。"))
            return redirect("assist:demand", pk=demand.pk)
    return render(request, "assist/form.html", {"form": form, "title": _("提出企业诉求")})


def _act(user, item, action: str, data: dict) -> None:
    if action == "handover":
        services.demand_handover(actor=user, demand=item, **data)
    elif action == "escalate":
        services.demand_escalate(actor=user, demand=item, note=data["note"])
    elif action == "progress":
        services.demand_progress(actor=user, demand=item, note=data["note"])
    elif action == "close":
        services.demand_close(actor=user, demand=item, resolved=data["outcome"] == "resolved",
                              resolution=data["resolution"], closed_on=data["closed_on"])
    elif action == "reopen":
        services.demand_reopen(actor=user, demand=item, note=data["note"])
    else:
        services.demand_rate(actor=user, demand=item, satisfaction=data["satisfaction"], note=data["note"])


@business_user
def demand(request, pk):
    item = get_object_or_404(selectors.visible_demands(request.user).select_related("enterprise__region"), pk=pk)
    departments = selectors.handover_departments(request.user)
    forms = {"handover": HandoverForm(departments=departments, initial={"department": item.department,
                                                                          "deadline": item.deadline}),
             "escalate": NoteForm(), "progress": NoteForm(), "close": CloseForm(), "reopen": NoteForm(),
             "rate": RateForm()}
    action = request.POST.get("action") if request.method == "POST" else None
    if action in forms:
        form = forms[action] = type(forms[action])(request.POST, **(
            {"departments": departments} if action == "handover" else {}))
        if form.is_valid():
            try:
                _act(request.user, item, action, form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已办理。"))
                return redirect("assist:demand", pk=item.pk)
    return render(request, "assist/demand.html", {
        "demand": item, "steps": steps_of(item), "forms": forms,
        "can_direct": permissions.can_direct_demand(request.user, item),
        "can_work": permissions.can_work_demand(request.user, item),
        "can_rate": permissions.may_rate_now(request.user, item)})


@business_user
def export(request):
    if not selectors.is_region_wide(request.user):
        raise PermissionDenied(_("只有项目办和领导可以导出助企服务台账。"))
    year, quarter = _quarter(request, request.user)
    content = services_workbook(request.user, year=year, quarter=quarter)
    audit.record(actor=request.user, action="export.assist", changes={"quarter": [None, f"{year}Q{quarter}"]})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''assist-{year}Q{quarter}.xlsx"
    return response
