from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin

from .models import Indicator, IndicatorValue

RATE_ERRORS = {"invalid": _("请输入数字，如 11.8（不带%）。"), "max_digits": _("数字位数过多。"),
               "max_decimal_places": _("最多两位小数。")}
PERIOD = forms.RegexField(label=_("期间（截至月份）"), regex=r"^\d{4}-(0[1-9]|1[0-2])$",
                          error_messages={"invalid": _("期间格式应为 YYYY-MM，如 2025-03（一季度）。")},
                          widget=forms.TextInput(attrs={"type": "month"}))


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indicator
        fields = ["name", "unit", "published", "group", "aliases", "order", "active"]


class ValueForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IndicatorValue
        fields = ["value", "growth", "city_growth", "province_growth", "target_growth", "target_value", "rank"]

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["growth", "city_growth", "province_growth", "target_growth"]:
            self.fields[name].error_messages.update(RATE_ERRORS)
        if indicator.unit:
            self.fields["value"].label = _("累计值（%(u)s）") % {"u": indicator.unit}
            self.fields["target_value"].label = _("年度目标总量（%(u)s）") % {"u": indicator.unit}


class UploadForm(StyledFormMixin, forms.Form):
    period = PERIOD
    file = forms.FileField(label=_("统计局月度指标表（.xlsx）"))
