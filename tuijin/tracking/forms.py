from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import ReasonableDateField
from tuijin.projects.forms import DATE

from .models import Level, RuleKind, WarningRule
from .rules import units

METRIC_CHOICES = [("task", _("完成率")), ("start", _("开工率")), ("warnings", _("预警"))]


class AsOfForm(forms.Form):
    """Which day a page speaks of: a dispatch month (its last day, or today while it runs) or any date."""

    month = forms.RegexField(label=_("调度月份"), regex=r"^\d{4}-\d{2}$", required=False,
                             error_messages={"invalid": _("月份应为YYYY-MM。")})
    as_of = ReasonableDateField(label=_("评价日期"), required=False, widget=DATE)

    def clean_month(self):
        text = self.cleaned_data["month"]
        if not text:
            return None
        year, month = (int(x) for x in text.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2099:
            raise forms.ValidationError(_("月份应为YYYY-MM。"))
        return date(year, month, 1)


class WarningFilterForm(AsOfForm):
    level = forms.ChoiceField(label=_("预警等级"), required=False, choices=[("", _("全部"))] + Level.choices)
    kind = forms.ChoiceField(label=_("预警类型"), required=False, choices=[("", _("全部类型"))] + RuleKind.choices)
    department = forms.IntegerField(label=_("责任单位"), required=False, min_value=1)
    live = forms.BooleanField(label=_("按当前数据计算"), required=False)


class RankingForm(AsOfForm):
    by = forms.ChoiceField(label=_("排序"), required=False, choices=METRIC_CHOICES)


class RuleForm(forms.ModelForm):
    reason = forms.CharField(label=_("修改原因"), required=False, max_length=500)

    class Meta:
        model = WarningRule
        fields = ["enabled", "yellow", "red", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        yellow_unit, red_unit = units(self.instance.kind)
        self.fields["yellow"].help_text = _("单位：%(u)s") % {"u": yellow_unit}
        self.fields["red"].help_text = _("单位：%(u)s；留空表示此类预警不亮红灯。") % {"u": red_unit}
        self.fields["explanation"].required = False
        self.fields["explanation"].help_text = _("只改阈值、不改说明时，说明按新阈值自动改写。")
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            field.widget.attrs.setdefault("class", css)
