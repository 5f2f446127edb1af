from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin
from tuijin.org.models import Department, Person
from tuijin.projects.forms import DATE, VersionedMixin

from .models import Theme


def region_chain(region) -> list[int]:
    """The region and the regions above it: where its departments and leaders sit."""
    return [int(pk) for pk in region.path.strip("/").split("/")]


class TaskForm(StyledFormMixin, VersionedMixin, forms.Form):
    theme = forms.ModelChoiceField(label=_("主题"), queryset=Theme.objects.filter(active=True))
    title = forms.CharField(label=_("任务"), max_length=200)
    goal = forms.CharField(label=_("目标要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_leader = forms.ModelChoiceField(label=_("牵头领导"), queryset=Person.objects.none())
    department = forms.ModelChoiceField(label=_("责任单位"), queryset=Department.objects.none())
    co_departments = forms.ModelMultipleChoiceField(label=_("配合单位"), queryset=Department.objects.none(),
                                                    required=False, widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateField(label=_("完成时限"), widget=DATE)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, region, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        chain = region_chain(region)
        self.fields["lead_leader"].queryset = Person.objects.filter(is_leader=True, region_id__in=chain)
        departments = Department.objects.filter(region_id__in=chain)
        self.fields["department"].queryset = departments
        self.fields["co_departments"].queryset = departments
        if editing:  # the 责任单位 changes by handover (kept in the loop), the year never
            del self.fields["department"], self.fields["year"]


class StepForm(StyledFormMixin, VersionedMixin, forms.Form):
    title = forms.CharField(label=_("节点"), max_length=200)
    due_on = forms.DateField(label=_("计划完成"), widget=DATE)


class StepDoneForm(StyledFormMixin, VersionedMixin, forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("完成日期"), required=False, widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("结果"), choices=[("completed", _("已完成")), ("not_completed", _("未完成"))])
    resolution = forms.CharField(label=_("完成情况或原因"), widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("销号日期"), required=False, widget=DATE)


class HandoverForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("责任单位"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("完成时限"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(region_id__in=region_chain(region))
