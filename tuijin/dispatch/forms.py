from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin
from tuijin.core.stale import opened_field
from tuijin.org.models import Department
from tuijin.projects.forms import DATE, MONEY_ERRORS

from .models import Problem, ProgressReport


def money_field(label, required=False):
    return forms.DecimalField(label=label, required=required, min_value=0, max_digits=18, decimal_places=4,
                              error_messages=MONEY_ERRORS)


class PeriodOpenForm(StyledFormMixin, forms.Form):
    month = forms.RegexField(label=_("调度月份"), regex=r"^\d{4}-(0[1-9]|1[0-2])$",
                             error_messages={"invalid": _("月份格式应为 YYYY-MM，如 2025-04。")},
                             widget=forms.TextInput(attrs={"type": "month"}))
    deadline = forms.DateField(label=_("填报截止日期"), widget=DATE)


class ReportForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened = opened_field()  # when the form was opened: a stale refusal lists what changed since
    invest_month = money_field(_("本期完成投资（万元）"), required=True)
    typed_ytd = money_field(_("本年累计完成投资（万元，选填核对）"))
    typed_since_start = money_field(_("开工以来累计完成投资（万元，选填核对）"))
    milestones_met = forms.ModelMultipleChoiceField(label=_("本期完成节点"), queryset=None, required=False,
                                                    widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ProgressReport
        fields = ["invest_month", "progress_text", "progress_pct", "workers", "not_started_reason",
                  "since_start_override"]
        widgets = {"progress_text": forms.Textarea(attrs={"rows": 3}),
                   "not_started_reason": forms.Textarea(attrs={"rows": 2}),
                   "since_start_override": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        # Milestones still to meet, and those this report already marked.
        met_here = Q(reports=self.instance) if self.instance.pk else Q(pk__in=[])
        self.fields["milestones_met"].queryset = project.milestones.filter(~Q(status="met") | met_here).distinct()
        self.fields["progress_pct"].error_messages["max_value"] = _("形象进度不能超过100%%。")


class ReturnForm(StyledFormMixin, forms.Form):
    return_reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(StyledFormMixin, forms.Form):
    invest_month = money_field(_("更正后本期完成投资（万元）"), required=True)
    reason = forms.CharField(label=_("更正原因"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened = opened_field()


class ProblemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["kind", "description", "department", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "deadline": DATE}

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label = _("建议责任单位")


class HandoverForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("交办给"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("办结时限"), widget=DATE)
    note = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("结果"), choices=[("resolved", _("已解决")), ("unresolvable", _("无法解决"))])
    resolution = forms.CharField(label=_("办理结果或原因"), widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("办结日期"), required=False, widget=DATE)
