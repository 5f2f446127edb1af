"""The forecast page (全年预计完成): the totals, the method in a sentence and the projects whose projection misses
their annual plan. The figures come from tuijin.tracking.forecast; this module reads the query and renders."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import ReasonableDateField, StyledFormMixin
from tuijin.core.pages import business_user
from tuijin.projects.models import ProgrammeList

from .dashboard import default_as_of
from .forecast import MIN_SHARE, forecast


class ForecastForm(StyledFormMixin, forms.Form):
    as_of = ReasonableDateField(label=_("截至日期"), required=False,
                            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    programme = forms.ModelChoiceField(label=_("清单"), required=False, queryset=ProgrammeList.objects.none(),
                                       empty_label=_("全部清单"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        lists = ProgrammeList.objects.all()
        if user.region_id:
            above = [int(pk) for pk in user.region.path.strip("/").split("/")]
            lists = lists.filter(region__path__startswith=user.region.path) | lists.filter(region_id__in=above)
        self.fields["programme"].queryset = lists.order_by("-year", "level")


@business_user
def forecast_page(request):
    form = ForecastForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    as_of = data.get("as_of") or default_as_of(request.user)
    if not form.is_bound:
        form = ForecastForm(user=request.user, initial={"as_of": as_of})
    result = forecast(request.user, as_of=as_of, programme=data.get("programme"))
    return render(request, "tracking/forecast.html", {
        "form": form, "result": result, "totals": result.totals, "shape": result.shape,
        "partly_learned": months_label(result.shape.learned_months) if len(result.shape.learned_months) < 12 else "",
        "min_share": MIN_SHARE,
    })


def months_label(months) -> str:
    """(7, 8, 9, 10, 11, 12) → "7-12月"; (1, 3) → "1、3月"."""
    months = list(months)
    if not months:
        return ""
    if months == list(range(months[0], months[-1] + 1)) and len(months) > 1:
        return f"{months[0]}-{months[-1]}月"
    return "、".join(str(m) for m in months) + "月"
