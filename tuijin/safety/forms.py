from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin
from tuijin.core.loop import LetterKind
from tuijin.org.models import Department, Enterprise, Person
from tuijin.projects.forms import DATE, MONEY_ERRORS, VersionedMixin
from tuijin.projects.models import Project

from .models import Campaign, Domain, HazardLevel


def region_chain(region) -> list[int]:
    """The region and the regions above it: where its departments and leaders may sit."""
    return [int(pk) for pk in region.path.strip("/").split("/")]


def _region_choices(form, region) -> None:
    """Departments of the region or above; enterprises and projects of the region or below."""
    if "department" in form.fields:
        form.fields["department"].queryset = Department.objects.filter(region_id__in=region_chain(region))
    for name, model in (("enterprise", Enterprise), ("project", Project)):
        if name in form.fields:
            form.fields[name].queryset = model.objects.filter(region__path__startswith=region.path)


class CampaignForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("专项整治名称"), max_length=100)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    domains = forms.ModelMultipleChoiceField(label=_("涉及领域"), queryset=Domain.objects.filter(active=True),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("工作要求"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(StyledFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("专项整治"), queryset=Campaign.objects.none(), required=False)
    domain = forms.ModelChoiceField(label=_("领域"), queryset=Domain.objects.filter(active=True))
    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE)
    department = forms.ModelChoiceField(label=_("检查单位"), queryset=Department.objects.none(), required=False)
    inspectors = forms.CharField(label=_("检查人员"), max_length=200)
    enterprise = forms.ModelChoiceField(label=_("被检查单位"), queryset=Enterprise.objects.none(), required=False)
    project = forms.ModelChoiceField(label=_("被检查项目"), queryset=Project.objects.none(), required=False)
    site = forms.CharField(label=_("检查地点（非单位、项目时填写）"), max_length=200, required=False)
    note = forms.CharField(label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, region, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        _region_choices(self, region)
        self.fields["campaign"].queryset = campaigns


class HazardForm(StyledFormMixin, forms.Form):
    description = forms.CharField(label=_("隐患描述"), widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.ChoiceField(label=_("隐患等级"), choices=HazardLevel.choices)
    domain = forms.ModelChoiceField(label=_("领域（默认同排查）"), queryset=Domain.objects.filter(active=True),
                                    required=False)
    department = forms.ModelChoiceField(label=_("整改责任单位"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("整改时限"), widget=DATE)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        _region_choices(self, region)


class PlanForm(StyledFormMixin, VersionedMixin, forms.Form):
    responsible = forms.CharField(label=_("责任落实：整改责任人"), max_length=100)
    measures = forms.CharField(label=_("措施落实：整改措施"), widget=forms.Textarea(attrs={"rows": 2}))
    funds = forms.DecimalField(label=_("资金落实：整改资金（万元）"), required=False, min_value=0, max_digits=14,
                               decimal_places=4, error_messages=MONEY_ERRORS)
    deadline = forms.DateField(label=_("时限落实：整改时限"), widget=DATE)
    contingency = forms.CharField(label=_("预案落实：应急预案"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}))


class RectifiedForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("整改完成情况"), widget=forms.Textarea(attrs={"rows": 2}))
    rectified_on = forms.DateField(label=_("整改完成日期"), required=False, widget=DATE)


class AcceptForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("验收日期"), required=False, widget=DATE)


class HandoverForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("交办给"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("整改时限"), widget=DATE)
    note = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        _region_choices(self, region)


class ListForm(StyledFormMixin, forms.Form):
    supervisor = forms.ModelChoiceField(label=_("督办领导"), queryset=Person.objects.none())
    listed_on = forms.DateField(label=_("挂牌日期"), required=False, widget=DATE)
    note = forms.CharField(label=_("督办要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = Person.objects.filter(is_leader=True, region_id__in=region_chain(region))


LETTER_KINDS = LetterKind.values
