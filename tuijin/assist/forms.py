from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin
from tuijin.org.models import Department
from tuijin.projects.forms import DATE, MONEY_ERRORS

from .models import Demand, EnterpriseProfile, Financing, PolicyAward, ServiceRecord


def money_field(label):
    return forms.DecimalField(label=label, max_digits=18, decimal_places=4, error_messages=MONEY_ERRORS)


class ProfileForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = EnterpriseProfile
        fields = ["scale", "industry"]


class AwardForm(StyledFormMixin, forms.ModelForm):
    amount = money_field(_("兑现金额（万元）"))

    class Meta:
        model = PolicyAward
        fields = ["enterprise", "policy", "amount", "batch", "paid_on"]
        widgets = {"paid_on": DATE}

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class FinancingForm(StyledFormMixin, forms.ModelForm):
    amount = money_field(_("贷款金额（万元）"))

    class Meta:
        model = Financing
        fields = ["kind", "on", "entities", "loans", "amount", "project_name", "enterprise", "note"]
        widgets = {"on": DATE}
        help_texts = {"entities": _("小微企业融资协调机制：本批获得贷款的市场主体数；白名单：每个项目登记一条，填1。")}

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["entities"].required = False


class HelpForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceRecord
        fields = ["enterprise", "kind", "description", "outcome", "on"]
        widgets = {"on": DATE, "description": forms.Textarea(attrs={"rows": 2}),
                   "outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class DemandForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Demand
        fields = ["enterprise", "kind", "description", "received_on"]
        widgets = {"received_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["received_on"].required = False
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()


class HandoverForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("交办给"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("办结时限"), widget=DATE)
    note = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class RateForm(StyledFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(label=_("满意度"), coerce=int, choices=Demand.Satisfaction.choices)
    note = forms.CharField(label=_("评价意见"), required=False, max_length=300)


