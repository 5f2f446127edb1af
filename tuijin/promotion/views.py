"""招商 pages. Each view parses, asks permissions, calls one selector or service, and renders."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit
from tuijin.core.pages import add_errors, business_user
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.tracking.dashboard import default_as_of

from . import counting, permissions, selectors, services
from .forms import (
    ContactForm,
    ConvertForm,
    FundForm,
    LeadFilterForm,
    LeadForm,
    MoveForm,
    SigningForm,
    TaskForm,
    TaskStatusForm,
    TeamForm,
)
from .ledger import ledger_workbook
from .models import LeadTask
from .periods import parse_span, quarter, quarter_of, year
from .stages import ALLOWED, ORDER, LeadStage, MoveFacts, is_backwards, needs_reason


def promotion_page(view):
    """招商 pages are for the project office, leaders and departments; owners, auditors and admins get 403."""

    @business_user
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        permissions.require(permissions.uses_promotion(request.user), _("您的角色不查看招商线索。"))
        return view(request, *args, **kwargs)

    return wrapped


def _posted_version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _say(request, error: ValidationError, form=None) -> None:
    """A service's refusal as one message, each part named by its field as the form labels it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            label = form.fields[field].label if form is not None and field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}：{message}" if label else message)
    else:
        for message in error.messages:
            messages.error(request, message)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}：{message}" if label else message)


@promotion_page
def lead_list(request):
    form = LeadFilterForm(request.GET or None, user=request.user)
    filters, as_of = form.to_filters(request.user)
    leads = selectors.lead_list(request.user, filters, as_of=as_of)
    page = Paginator(leads, 50).get_page(request.GET.get("page"))
    rows = selectors.mark_stale(page.object_list, as_of=as_of)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "as_of": as_of, "query": query.urlencode(),
               "stale_days": selectors.stale_days(), "drill": filters.span,
               "can_create": permissions.can_create(request.user),
               "can_import": permissions.can_import(request.user)}
    template = "promotion/_lead_results.html" if request.htmx else "promotion/leads.html"
    return render(request, template, context)


@promotion_page
def ledger_export(request):
    form = LeadFilterForm(request.GET or None, user=request.user)
    filters, as_of = form.to_filters(request.user)
    leads = selectors.lead_list(request.user, filters, as_of=as_of)
    content = ledger_workbook(leads, as_of=as_of)
    audit.record(actor=request.user, action="export.lead_ledger", changes={"query": request.GET.urlencode()})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''lead-ledger.xlsx"
    return response


def _board_context(request):
    as_of = default_as_of(request.user)
    columns = selectors.board(request.user, as_of=as_of)
    for _stage, leads in columns:
        for lead in leads:
            lead.can_edit = permissions.can_edit(request.user, lead)
            lead.next_stage = next((s for s in ALLOWED[lead.stage]
                                    if s in ORDER and not is_backwards(lead.stage, s)), None)
            lead.next_label = LeadStage(lead.next_stage).label if lead.next_stage else ""
    return {"columns": columns, "as_of": as_of, "stale_days": selectors.stale_days()}


@promotion_page
def board(request):
    return render(request, "promotion/board.html", _board_context(request))


@promotion_page
@require_POST
def move(request, pk):
    lead = selectors.get_visible_lead(request.user, pk)
    permissions.require(permissions.can_edit(request.user, lead))
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.lead_move(actor=request.user, lead=lead, to_stage=data["to_stage"],
                               facts=MoveFacts(reason=data["reason"], started_on=data["started_on"]),
                               expected_version=data["version"])
        except ValidationError as error:
            _say(request, error, form)
        else:
            messages.success(request, _("“%(n)s”已转为“%(s)s”。") % {
                "n": lead.name, "s": LeadStage(data["to_stage"]).label})
    else:
        _form_errors(request, form)
    if request.htmx:
        return render(request, "promotion/_board.html", _board_context(request))
    return redirect("promotion:detail", pk=lead.pk)


@promotion_page
def detail(request, pk):
    lead = selectors.get_visible_lead(request.user, pk)
    can_edit = permissions.can_edit(request.user, lead)
    signings = list(lead.signings.all())
    moves = [LeadStage(s) for s in [*ORDER, LeadStage.TERMINATED] if s in ALLOWED[lead.stage]]
    context = {
        "lead": lead, "can_edit": can_edit,
        "contacts": lead.contacts.all(),
        "tasks": lead.tasks.select_related("owner_person", "owner_department"),
        "signings": signings, "funds": lead.funds.all(), "funds_total": selectors.funds_total(lead),
        "team_people": lead.team_people.all(), "team_departments": lead.team_departments.all(),
        "history": selectors.lead_history(lead),
        "moves": [(stage, needs_reason(lead.stage, stage)) for stage in moves],
        "move_form": MoveForm(initial={"version": lead.version}),
        "contact_form": ContactForm(), "task_form": TaskForm(lead=lead),
        "signing_form": SigningForm(initial={"version": lead.version}), "fund_form": FundForm(),
        "convert_form": ConvertForm(initial={"version": lead.version}),
        "can_convert": can_edit and signings and not lead.project_id,
        "status_choices": LeadTask.Status.choices,
    }
    return render(request, "promotion/detail.html", context)


@promotion_page
def create(request):
    permissions.require(permissions.can_create(request.user))
    form = LeadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}
        try:
            lead = services.lead_create(actor=request.user, data=data, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("招商线索“%(n)s”已登记。") % {"n": lead.name})
            return redirect("promotion:detail", pk=lead.pk)
    return render(request, "promotion/form.html", {"form": form, "lead": None})


@promotion_page
def edit(request, pk):
    lead = selectors.get_visible_lead(request.user, pk)
    permissions.require(permissions.can_edit(request.user, lead))
    form = LeadForm(request.POST or None, instance=lead, user=request.user, initial={"version": lead.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}
        try:
            services.lead_update(actor=request.user, lead=lead, data=data,
                                 expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("promotion:detail", pk=lead.pk)
    return render(request, "promotion/form.html", {"form": form, "lead": lead})


@promotion_page
def team(request, pk):
    lead = selectors.get_visible_lead(request.user, pk)
    permissions.require(permissions.can_edit(request.user, lead))
    initial = {"version": lead.version, "is_major": lead.is_major, "leader": lead.leader,
               "department": lead.department, "team_people": lead.team_people.all(),
               "team_departments": lead.team_departments.all(), "plan": lead.plan}
    form = TeamForm(request.POST or None, lead=lead, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lead_assign_team(actor=request.user, lead=lead, is_major=data["is_major"],
                                      department=data["department"], leader=data["leader"],
                                      team_people=list(data["team_people"]),
                                      team_departments=list(data["team_departments"]), plan=data["plan"],
                                      expected_version=data["version"], reason=data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("五个一已保存。"))
            return redirect("promotion:detail", pk=lead.pk)
    return render(request, "promotion/team.html", {"form": form, "lead": lead})


def _lead_write(request, pk, form_class, call, success: str, **form_kwargs):
    """The shared shape of the small POST forms on the lead page: parse, call the service, say what happened."""
    lead = selectors.get_visible_lead(request.user, pk)
    permissions.require(permissions.can_edit(request.user, lead))
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            call(lead, form.cleaned_data)
        except ValidationError as error:
            _say(request, error, form)
        else:
            messages.success(request, success)
    else:
        _form_errors(request, form)
    return redirect("promotion:detail", pk=lead.pk)


@promotion_page
@require_POST
def contact_add(request, pk):
    return _lead_write(request, pk, ContactForm, lambda lead, d: services.contact_log(
        actor=request.user, lead=lead, kind=d["kind"], on=d["date"], note=d["note"], who=d["who"]),
        _("对接记录已登记。"))


@promotion_page
@require_POST
def task_add(request, pk):
    lead = selectors.get_visible_lead(request.user, pk)
    return _lead_write(request, pk, TaskForm, lambda lead, d: services.task_add(
        actor=request.user, lead=lead, kind=d["kind"], title=d["title"], owner_person=d["owner_person"],
        owner_department=d["owner_department"], due=d["due"]), _("已加入清单。"), lead=lead)


@promotion_page
@require_POST
def task_status(request, pk, task_pk):
    lead = selectors.get_visible_lead(request.user, pk)
    task = get_object_or_404(LeadTask, pk=task_pk, lead=lead)
    return _lead_write(request, pk, TaskStatusForm, lambda lead, d: services.task_set_status(
        actor=request.user, task=task, status=d["status"], done_on=d["done_on"]), _("任务状态已更新。"))


@promotion_page
@require_POST
def sign(request, pk):
    return _lead_write(request, pk, SigningForm, lambda lead, d: services.lead_sign(
        actor=request.user, lead=lead, kind=d["kind"], signed_on=d["signed_on"],
        contract_amount=d["contract_amount"], increase_amount=d["increase_amount"], note=d["note"],
        expected_version=d["version"]), _("签约已登记。"))


@promotion_page
@require_POST
def fund_add(request, pk):
    return _lead_write(request, pk, FundForm, lambda lead, d: services.fund_record(
        actor=request.user, lead=lead, on=d["date"], amount=d["amount"], note=d["note"]), _("到位资金已登记。"))


@promotion_page
@require_POST
def convert(request, pk):
    lead = selectors.get_visible_lead(request.user, pk)
    permissions.require(permissions.can_edit(request.user, lead))
    form = ConvertForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("promotion:detail", pk=lead.pk)
    try:
        project = services.lead_convert(actor=request.user, lead=lead, category=form.cleaned_data["category"],
                                        expected_version=form.cleaned_data["version"])
    except ValidationError as error:
        _say(request, error, form)
        return redirect("promotion:detail", pk=lead.pk)
    messages.success(request, _("已转入项目库：%(p)s。") % {"p": project.name})
    return redirect("projects:detail", pk=project.pk)


@promotion_page
def kpis(request):
    """The figures of a month, a quarter or a year, with the quarters of its year beside them."""
    as_of = default_as_of(request.user)
    text = request.GET.get("period") or quarter_of(as_of).key
    try:
        span = parse_span(text)
    except ValueError as error:
        messages.error(request, str(error))
        span = quarter_of(as_of)
    spans = [quarter(span.start.year, n) for n in range(1, 5)] + [year(span.start.year)]
    rows = list(zip(spans, counting.figures_many(selectors.visible_leads(request.user), spans), strict=True))
    return render(request, "promotion/kpis.html", {
        "span": span, "figures": selectors.kpis(request.user, span), "rows": rows, "as_of": as_of,
        "stale_count": selectors.stale(selectors.visible_leads(request.user), as_of=as_of).count(),
        "stale_days": selectors.stale_days()})
