from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin
from tuijin.projects.forms import DATE

from .models import Tour


class TourForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Tour
        fields = ["title", "held_on", "drop_extremes", "min_scorers_to_drop"]
        widgets = {"held_on": DATE}


class CriterionRow(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("评分项目"), max_length=50, required=False)
    weight = forms.IntegerField(label=_("分值"), required=False, min_value=1, max_value=100,
                                error_messages={"invalid": _("分值应为整数。")})
    hint = forms.CharField(label=_("评分要点"), max_length=200, required=False)


CriteriaFormSet = formset_factory(CriterionRow, extra=2, max_num=20)


class StopRow(StyledFormMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    project = forms.ModelChoiceField(label=_("库内项目"), queryset=None, required=False)
    site = forms.CharField(label=_("观摩点名称"), max_length=100, required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


StopsFormSet = formset_factory(StopRow, extra=3, max_num=60)


class ObserversForm(StyledFormMixin, forms.Form):
    observers = forms.ModelMultipleChoiceField(label=_("观摩评分人员"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observers"].queryset = candidates
        self.fields["observers"].label_from_instance = lambda u: f"{u.first_name or u.username}（{u.role_label}）"


class CloseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
