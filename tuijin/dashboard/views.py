"""The leaders' dashboard and the drill-down behind each of its numbers. The figures are computed in
tuijin.tracking.dashboard; this module only reads the query string and renders."""

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import ReasonableDateField, StyledFormMixin
from tuijin.core.pages import business_user
from tuijin.projects.forms import DATE
from tuijin.projects.models import ProgrammeList
from tuijin.tracking.dashboard import dashboard, default_as_of, drill
from tuijin.tracking.progress import time_progress

from .blocks import dashboard_blocks


class DashboardForm(StyledFormMixin, forms.Form):
    as_of = ReasonableDateField(label=_("截至日期"), required=False, widget=DATE)
    programme = forms.ModelChoiceField(label=_("清单"), required=False, queryset=ProgrammeList.objects.none(),
                                       empty_label=_("全部清单"))
    mine = forms.BooleanField(label=_("只看我负责的项目"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        lists = ProgrammeList.objects.all()
        if user.region_id:
            above = [int(pk) for pk in user.region.path.strip("/").split("/")]
            lists = lists.filter(region__path__startswith=user.region.path) | lists.filter(region_id__in=above)
        self.fields["programme"].queryset = lists.order_by("-year", "level")
        if not user.person_id:
            del self.fields["mine"]

    def choices(self, user) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {"as_of": data.get("as_of") or default_as_of(user), "programme": data.get("programme"),
                "mine": bool(data.get("mine"))}


def _query(choices: dict, **extra) -> str:
    params = {"as_of": choices["as_of"].isoformat()}
    if choices["programme"]:
        params["programme"] = choices["programme"].pk
    if choices["mine"]:
        params["mine"] = "on"
    params.update({k: v for k, v in extra.items() if v})
    return urlencode(params)


@business_user
def index(request):
    form = DashboardForm(request.GET or None, user=request.user)
    choices = form.choices(request.user)
    if not form.is_bound:
        form = DashboardForm(user=request.user, initial={"as_of": choices["as_of"]})
    figures = dashboard(request.user, as_of=choices["as_of"], programme=choices["programme"], mine=choices["mine"])
    drill_url = reverse("dashboard:drill")

    def link(**extra) -> str:
        return f"{drill_url}?{_query(choices, **extra)}"

    charts = {
        "monthly": {"months": [f"{row['month']}月" for row in figures["monthly"]],
                    "completed": [float(r["completed"]) if r["completed"] is not None else None
                                  for r in figures["monthly"]],
                    "plan": [float(r["plan"]) for r in figures["monthly"]]},
        "funnel": [{"name": str(label), "value": count, "url": f"{reverse('projects:registry')}?group={key}"}
                   for key, label, count in figures["stages"]["groups"]],
        "departments": [{"name": row["name"], "value": round(float(row["task_progress"] or 0) * 100, 1),
                         "url": link(metric="all", department=row["name"])} for row in figures["by_department"]],
        "categories": [{"name": row["name"], "value": float(row["completed_ytd"]),
                        "url": link(metric="all", category=row["name"])} for row in figures["by_category"]],
        "time_progress": round(float(figures["time_progress"]) * 100, 1),
    }
    return render(request, "dashboard/index.html", {
        "form": form, "f": figures, "charts": charts, "as_of": choices["as_of"],
        "links": {name: link(metric=name) for name in ("all", "double_half", "behind", "started", "not_started_due")},
        "departments": [{**row, "url": link(metric="all", department=row["name"])} for row in figures["by_department"]],
        "leaders": [{**row, "url": link(metric="all", leader=row["name"])} for row in figures["by_leader"]],
        "registry_url": reverse("projects:registry"),
        "warnings_url": f"{reverse('tracking:warnings')}?{urlencode({'as_of': choices['as_of'].isoformat()})}",
        "programme": choices["programme"],
        "blocks": dashboard_blocks(request.user, as_of=choices["as_of"]),
    })


@business_user
def drill_down(request):
    form = DashboardForm(request.GET or None, user=request.user)
    choices = form.choices(request.user)
    title, rows = drill(request.user, as_of=choices["as_of"], metric=request.GET.get("metric", "all"),
                        programme=choices["programme"], mine=choices["mine"],
                        department=request.GET.get("department", ""), category=request.GET.get("category", ""),
                        leader=request.GET.get("leader", ""))
    return render(request, "dashboard/drill.html", {
        "title": title, "rows": rows, "as_of": choices["as_of"], "time_progress": time_progress(choices["as_of"]),
        "back": f"{reverse('dashboard:index')}?{_query(choices)}"})

