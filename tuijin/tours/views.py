"""观摩 pages: the list, planning a tour (coordinator), scoring stop by stop on a phone (observers), the
results and their export (coordinator and leaders). Views parse, ask permissions, call, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit
from tuijin.core.pages import add_errors, business_user
from tuijin.dispatch.selectors import default_region
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.projects.permissions import require
from tuijin.projects.selectors import visible_projects

from . import permissions, selectors, services
from .export import results_workbook
from .forms import CloseForm, CriteriaFormSet, ObserversForm, StopsFormSet, TourForm
from .models import Stop


@business_user
def index(request):
    tours = list(selectors.tour_list(request.user))
    for tour in tours:
        tour.can_results = permissions.can_see_results(request.user, tour)
        tour.can_score = tour.is_observer
    return render(request, "tours/index.html", {"tours": tours, "can_plan": permissions.can_plan(request.user)})


@business_user
def create(request):
    require(permissions.can_plan(request.user), _("只有项目办可以安排观摩活动。"))
    form = TourForm(request.POST or None, initial={"drop_extremes": True, "min_scorers_to_drop": 5})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tour = services.tour_create(actor=request.user, region=default_region(request.user),
                                        title=data["title"], held_on=data["held_on"],
                                        drop_extremes=data["drop_extremes"],
                                        min_scorers_to_drop=data["min_scorers_to_drop"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已安排观摩活动，请确定评分表、观摩点和观摩人员。"))
            return redirect("tours:detail", pk=tour.pk)
    return render(request, "tours/create.html", {"form": form})


def _plan_forms(request, tour, action):
    """The four planning forms, bound to the POST for the one being saved."""
    projects = visible_projects(request.user).filter(region__path__startswith=tour.region.path).order_by("name")
    posted = request.POST if request.method == "POST" else None
    criteria = [{"name": c.name, "weight": c.weight, "hint": c.hint} for c in tour.criteria.all()]
    stops = [{"id": s.pk, "project": s.project_id, "site": s.site} for s in tour.stops.all()]
    return {
        "basic": TourForm(posted if action == "basic" else None, instance=tour, initial={"version": tour.version}),
        "criteria": CriteriaFormSet(posted if action == "criteria" else None, initial=criteria, prefix="c"),
        "stops": StopsFormSet(posted if action == "stops" else None, initial=stops, prefix="s",
                              form_kwargs={"projects": projects}),
        "observers": ObserversForm(posted if action == "observers" else None,
                                   candidates=selectors.observer_candidates(tour),
                                   initial={"observers": list(tour.observers.all())}),
    }


def _save_plan(request, tour, action, form) -> None:
    version = int(request.POST.get("version") or 0) or None
    if action == "basic":
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.tour_update(actor=request.user, tour=tour, data=data, expected_version=version)
    elif action == "criteria":
        services.tour_set_criteria(actor=request.user, tour=tour, expected_version=version,
                                   criteria=[row for row in form.cleaned_data if row])
    elif action == "stops":
        services.tour_set_stops(actor=request.user, tour=tour, expected_version=version,
                                stops=[row for row in form.cleaned_data if row])
    else:
        services.tour_set_observers(actor=request.user, tour=tour, expected_version=version,
                                    observers=form.cleaned_data["observers"])


@business_user
def detail(request, pk):
    """The tour: its plan (editable by the project office while open), who has scored, the results so far."""
    tour = selectors.get_visible_tour(request.user, pk)
    if not permissions.can_see_results(request.user, tour):
        raise PermissionDenied(_("观摩结果只有项目办和区领导查看；评分请进入“我的评分”。"))
    can_manage = permissions.can_manage(request.user, tour) and tour.is_open
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None:
        require(can_manage, _("只有本区域的项目办可以修改未关闭的观摩活动。"))
        if action not in {"basic", "criteria", "stops", "observers"}:
            raise Http404
    forms = _plan_forms(request, tour, action)
    refused: dict[str, list[str]] = {}
    if action:
        form = forms[action]
        if form.is_valid():
            try:
                _save_plan(request, tour, action, form)
            except ValidationError as error:
                refused[action] = error.messages  # shown above the form it concerns
            else:
                messages.success(request, _("已保存。"))
                return redirect("tours:detail", pk=tour.pk)
    return render(request, "tours/detail.html", {
        "tour": tour, "forms": forms, "refused": refused, "can_manage": can_manage, "version": tour.version,
        "criteria": list(tour.criteria.all()), "stops": selectors.stops_of(tour),
        "progress": selectors.observer_progress(tour), "results": selectors.tour_results(tour),
        "is_observer": permissions.is_observer(request.user, tour), "close_form": CloseForm()})


@business_user
def score_start(request, pk):
    """Resume where the observer left off: the first stop not yet fully marked (the last one when all are)."""
    tour = selectors.get_visible_tour(request.user, pk)
    require(permissions.is_observer(request.user, tour), _("您不是本次观摩的评分人员。"))
    stop = selectors.next_stop(tour, request.user) or tour.stops.last()
    if stop is None:
        messages.info(request, _("此观摩活动还没有安排观摩点。"))
        return redirect("tours:index")
    return redirect("tours:score", pk=tour.pk, stop_pk=stop.pk)


@business_user
def score(request, pk, stop_pk):
    """One stop of the observer's sheet, sized for a phone; saved by htmx without leaving the page."""
    tour = selectors.get_visible_tour(request.user, pk)
    require(permissions.is_observer(request.user, tour), _("您不是本次观摩的评分人员。"))
    stop = get_object_or_404(Stop.objects.select_related("project"), pk=stop_pk, tour=tour)
    criteria = list(tour.criteria.all())
    errors, saved = {}, False
    marks = selectors.sheet(tour, request.user).get(stop.pk, {})
    if request.method == "POST":
        posted = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria}
        try:
            services.score_save(actor=request.user, stop=stop, marks=posted)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            marks = posted
        else:
            saved = True
            marks = selectors.sheet(tour, request.user).get(stop.pk, {})
            if not request.htmx:
                following = selectors.next_stop(tour, request.user)
                messages.success(request, _("“%(s)s”的评分已保存。") % {"s": stop.label})
                return redirect("tours:score", pk=tour.pk, stop_pk=(following or stop).pk)
    stops = selectors.stops_of(tour)
    done = selectors.done_stops(tour, request.user, len(criteria))
    index = next(i for i, s in enumerate(stops) if s.pk == stop.pk)
    rows = [{"criterion": c, "value": marks.get(c.pk, ""), "errors": errors.get(f"c{c.pk}", [])} for c in criteria]
    context = {
        "tour": tour, "stop": stop, "rows": rows, "errors": errors.get("__all__", []), "saved": saved,
        "editable": tour.is_open, "number": index + 1, "count": len(stops), "done": done,
        "previous": stops[index - 1] if index else None,
        "following": stops[index + 1] if index + 1 < len(stops) else None,
        "stops": stops, "total": sum(marks.values()) if not errors and len(marks) == len(criteria) else None,
    }
    if request.htmx:
        return render(request, "tours/_score_form.html", context)
    return render(request, "tours/score.html", context)


@business_user
def export(request, pk):
    """The results as Excel: once closed, the file kept at the close; before, as they stand."""
    tour = selectors.get_visible_tour(request.user, pk)
    require(permissions.can_see_results(request.user, tour), _("观摩结果只有项目办和区领导查看。"))
    audit.record(actor=request.user, action="download.tour_results", target=tour)
    filename = _("%(t)s评比结果.xlsx") % {"t": tour.title}
    if not tour.is_open and tour.results_file:
        return FileResponse(tour.results_file.open("rb"), as_attachment=True, filename=filename,
                            content_type=XLSX_TYPE)
    response = HttpResponse(results_workbook(tour), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@business_user
@require_POST
def close(request, pk):
    tour = selectors.get_visible_tour(request.user, pk)
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        services.tour_close(actor=request.user, tour=tour, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("观摩活动已关闭，评分已固定，评比结果已保存。"))
    return redirect("tours:detail", pk=tour.pk)
