from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin

from .models import Enterprise, Region


class EnterpriseForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False,
                                  help_text=_("18位，系统会核对校验位；机关事业单位可暂缺。"))
    kind = forms.ChoiceField(label=_("单位类型"), choices=Enterprise.Kind.choices)
    region = forms.ModelChoiceField(label=_("所属区域"), queryset=Region.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    contact = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if regions.count() == 1:
            self.initial.setdefault("region", regions.first().pk)
