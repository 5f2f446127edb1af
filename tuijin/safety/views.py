"""Pages of 安全隐患排查整治. Thin: parse, call a selector or a service, render. Every page is for the business
roles (auditor and admin get 403); objects outside the user's scope answer 404."""

from datetime import date

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit
from tuijin.core.audit import plain
from tuijin.core.loop import LetterKind, LoopStep
from tuijin.core.loop_services import steps_of
from tuijin.core.pages import add_errors, business_user, issue_letter
from tuijin.core.text import parse_id
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.tracking.dashboard import default_as_of

from . import permissions, selectors, services
from .forms import (
    AcceptForm,
    CampaignForm,
    HandoverForm,
    HazardForm,
    InspectionForm,
    ListForm,
    NoteForm,
    PlanForm,
    RectifiedForm,
)
from .ledger import ledger_workbook
from .models import Domain, Hazard, HazardLevel, HazardStage


def as_of_from(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return default_as_of(request.user)


def _filters(request) -> selectors.HazardFilters:
    get = request.GET
    return selectors.HazardFilters(
        stage=get.get("stage", "open"), level=get.get("level", ""), domain=parse_id(get.get("domain")),
        department=parse_id(get.get("department")), campaign=parse_id(get.get("campaign")),
        overdue=get.get("overdue") == "1", listed=get.get("listed") == "1", month=get.get("month", "")[:7])


@business_user
def hazards(request):
    as_of = as_of_from(request)
    filters = _filters(request)
    rows = selectors.hazard_list(request.user, filters, as_of=as_of)
    shown = list(rows[:500])
    for row in shown:
        row.overdue = row.is_overdue(as_of)
    return render(request, "safety/hazards.html", {
        "hazards": shown, "count": rows.count(), "filters": filters, "as_of": as_of,
        "stages": HazardStage.choices, "levels": HazardLevel.choices, "domains": Domain.objects.all(),
        "summary": selectors.hazard_summary(request.user, as_of=as_of), "query": request.GET.urlencode(),
        "can_run": permissions.can_run(request.user)})


@business_user
def ledger(request):
    """The 隐患台账 of what the list shows, as Excel; audited."""
    as_of = as_of_from(request)
    rows = selectors.hazard_list(request.user, _filters(request), as_of=as_of)
    content = ledger_workbook(rows, as_of=as_of, title=_("安全隐患排查整治台账"))
    audit.record(actor=request.user, action="export.hazard_ledger", changes={"query": request.GET.urlencode()})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename=hazard-ledger-{as_of:%Y%m%d}.xlsx"
    return response


def _with_links(rows: list[dict], as_of: date, key) -> list[dict]:
    """Each row links to the hazard list behind it (the template appends the column's own filter)."""
    base = reverse("safety:hazards")
    for row in rows:
        row["link"] = f"{base}?{urlencode({'as_of': as_of.isoformat(), 'stage': '', **key(row)})}"
    return rows


@business_user
def stats(request):
    user, as_of = request.user, as_of_from(request)
    return render(request, "safety/stats.html", {
        "as_of": as_of, "summary": selectors.hazard_summary(user, as_of=as_of),
        "by_domain": _with_links(selectors.stats_by_domain(user, as_of=as_of), as_of,
                                 lambda r: {"domain": r["domain_id"]}),
        "by_department": _with_links(selectors.stats_by_department(user, as_of=as_of), as_of,
                                     lambda r: {"department": r["department_id"] or ""}),
        "by_month": _with_links(selectors.stats_by_month(user, as_of=as_of), as_of,
                                lambda r: {"month": f"{r['month']:%Y-%m}" if r["month"] else ""})})


@business_user
def campaigns(request):
    can_run = permissions.can_run(request.user) and request.user.region_id is not None
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(_("只有本区域的项目办可以部署专项整治。"))
        if form.is_valid():
            try:
                campaign = services.campaign_create(actor=request.user, region=request.user.region,
                                                    **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已部署专项整治“%(n)s”。") % {"n": campaign.name})
                return redirect("safety:campaigns")
    return render(request, "safety/campaigns.html", {
        "campaigns": selectors.campaign_rows(request.user),
        "form": form if can_run else None})


@business_user
def inspections(request):
    campaign = parse_id(request.GET.get("campaign"))
    return render(request, "safety/inspections.html", {
        "inspections": selectors.inspection_rows(request.user, campaign=campaign)[:500],
        "campaign": selectors.get_visible_campaign(request.user, campaign) if campaign else None,
        "can_run": permissions.can_run(request.user) and request.user.region_id is not None})


@business_user
def inspection_new(request):
    user = request.user
    if not permissions.can_run(user) or user.region_id is None:
        raise PermissionDenied(_("只有项目办可以登记隐患排查。"))
    form = InspectionForm(request.POST or None, region=user.region, campaigns=selectors.visible_campaigns(user),
                          initial={"campaign": parse_id(request.GET.get("campaign"))})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_record(actor=user, region=user.region, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已登记排查，请继续登记发现的隐患。"))
            return redirect("safety:inspection", pk=inspection.pk)
    return render(request, "safety/inspection_new.html", {"form": form})


@business_user
def inspection(request, pk):
    item = selectors.get_visible_inspection(request.user, pk)
    can_run = permissions.can_run(request.user, item.region)
    form = HazardForm(request.POST or None, region=item.region) if can_run else None
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(_("只有项目办可以登记隐患。"))
        if form.is_valid():
            try:
                hazard = services.hazard_record(actor=request.user, inspection=item, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已登记隐患并交办%(d)s。") % {"d": hazard.department})
                return redirect("safety:inspection", pk=item.pk)
    return render(request, "safety/inspection.html", {
        "inspection": item, "hazards": selectors.visible_hazards(request.user).filter(inspection=item)
        .select_related("domain", "department"), "form": form})


ACTIONS = {
    # action: (its form, who may take it)
    "plan": (PlanForm, permissions.can_work),
    "progress": (NoteForm, permissions.can_work),
    "rectified": (RectifiedForm, permissions.can_report_rectified),
    "accept": (AcceptForm, permissions.can_direct),
    "return": (NoteForm, permissions.can_direct),
    "handover": (HandoverForm, permissions.can_direct),
    "escalate": (NoteForm, permissions.can_direct),
    "list": (ListForm, permissions.can_direct),
    "reopen": (NoteForm, permissions.can_direct),
}


def _call(action: str, *, actor, hazard: Hazard, data: dict):
    match action:
        case "plan":
            version = data.pop("version", None)
            return services.hazard_plan(actor=actor, hazard=hazard, expected_version=version, **data)
        case "progress":
            return services.hazard_progress(actor=actor, hazard=hazard, note=data["note"])
        case "rectified":
            return services.hazard_report_rectified(actor=actor, hazard=hazard, **data)
        case "accept":
            return services.hazard_accept(actor=actor, hazard=hazard, note=data["note"],
                                          accepted_on=data["closed_on"])
        case "return":
            return services.hazard_return(actor=actor, hazard=hazard, note=data["note"])
        case "handover":
            return services.hazard_handover(actor=actor, hazard=hazard, **data)
        case "escalate":
            return services.hazard_escalate(actor=actor, hazard=hazard, note=data["note"])
        case "list":
            return services.hazard_list_for_supervision(actor=actor, hazard=hazard, **data)
        case "reopen":
            return services.hazard_reopen(actor=actor, hazard=hazard, note=data["note"])
    raise Http404


def _blank_forms(hazard: Hazard) -> dict:
    region = hazard.inspection.region
    return {
        "plan": PlanForm(initial={"responsible": hazard.responsible, "measures": hazard.measures,
                                  "funds": plain(hazard.funds), "deadline": hazard.deadline,
                                  "contingency": hazard.contingency, "version": hazard.version}),
        "progress": NoteForm(), "rectified": RectifiedForm(), "accept": AcceptForm(), "return": NoteForm(),
        "handover": HandoverForm(region=region, initial={"department": hazard.department_id,
                                                         "deadline": hazard.deadline}),
        "escalate": NoteForm(), "list": ListForm(region=region), "reopen": NoteForm(),
    }


@business_user
def hazard(request, pk):
    item = selectors.get_visible_hazard(request.user, pk)
    forms = _blank_forms(item)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        form_class, allowed = ACTIONS[action]
        if not allowed(request.user, item):
            raise PermissionDenied(_("您不能进行此操作。"))
        extra = {"region": item.inspection.region} if form_class in (HandoverForm, ListForm) else {}
        form = forms[action] = form_class(request.POST, **extra)
        if form.is_valid():
            try:
                _call(action, actor=request.user, hazard=item, data=dict(form.cleaned_data))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已办理。"))
                return redirect("safety:hazard", pk=item.pk)
    user = request.user
    return render(request, "safety/hazard.html", {
        "hazard": item, "steps": steps_of(item), "forms": forms, "photos": item.photos.all(),
        "overdue": item.is_overdue(default_as_of(user)), "letter_kinds": LetterKind.choices,
        "funds_text": plain(item.funds),
        "can_direct": permissions.can_direct(user, item), "can_work": permissions.can_work(user, item),
        "can_report": permissions.can_report_rectified(user, item),
        "can_photo": permissions.can_add_photos(user, item)})


@business_user
@require_POST
def photos_add(request, pk):
    item = selectors.get_visible_hazard(request.user, pk)
    if not permissions.can_add_photos(request.user, item):
        raise PermissionDenied(_("您不能为此隐患上传照片。"))
    files = request.FILES.getlist("photos")
    try:
        services.hazard_add_photos(actor=request.user, hazard=item, files=files,
                                   caption=request.POST.get("caption", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已上传%(n)s张照片。") % {"n": len(files)})
    return redirect("safety:hazard", pk=item.pk)


@business_user
def photo(request, pk):
    """Photos are served only through this view, to users who may see the hazard; each view is audited."""
    item = selectors.get_visible_photo(request.user, pk)
    audit.record(actor=request.user, action="download.hazard_photo", target=item.hazard,
                 changes={"photo": [None, item.image.name]})
    return FileResponse(item.image.open("rb"))


@business_user
@require_POST
def letter(request, pk, kind):
    item = selectors.get_visible_hazard(request.user, pk)
    if kind not in LetterKind.values:
        raise Http404
    if not permissions.can_direct(request.user, item):
        raise PermissionDenied(_("只有项目办可以发函。"))
    issue_letter(request, lambda: services.hazard_letter(actor=request.user, hazard=item, kind=kind))
    return redirect("safety:hazard", pk=item.pk)


@business_user
def letter_file(request, step_id):
    step = get_object_or_404(LoopStep, pk=step_id, kind=LoopStep.Kind.LETTER,
                             content_type=ContentType.objects.get_for_model(Hazard))
    item = selectors.get_visible_hazard(request.user, step.object_id)
    audit.record(actor=request.user, action="download.letter", target=item, changes={"letter": [None, step.letter_number]})
    label = LetterKind(step.letter_kind).label if step.letter_kind in LetterKind.values else _("函件")
    return FileResponse(step.letter.open("rb"), as_attachment=True, filename=f"{label}{step.letter_number}.docx")
