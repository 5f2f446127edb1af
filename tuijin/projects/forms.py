"""Forms only parse and show errors; the rules are in models.clean, lifecycle and services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin
from tuijin.core.roles import Role
from tuijin.core.stale import opened_field
from tuijin.core.uploads import require_kind
from tuijin.org.models import Department, Enterprise, Person, Region

from .lifecycle import Stage
from .models import Category, Milestone, Project
from .preparation import PrepStatus
from .services import CREATE_FIELDS, OWNER_LOCKED_FIELDS

# A project's plan (推进方案) as offices write it: Word, PDF or a spreadsheet, recognised by content.
PLAN_KINDS = {"doc", "docx", "pdf", "xlsx"}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_ERRORS = {"invalid": _("请输入数字金额（万元）。"), "max_digits": _("金额位数过多。"),
                "max_decimal_places": _("金额最多保留4位小数。")}


def scoped_regions(user):
    return user.region.subtree() if user.region_id else Region.objects.all()


class ProjectForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened = opened_field()
    reason = forms.CharField(label=_("修改说明"), required=False, max_length=500)

    class Meta:
        model = Project
        fields = CREATE_FIELDS
        widgets = {
            "planned_start": DATE, "planned_end": DATE, "signed_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}), "scale": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions = scoped_regions(user)
        self.fields["region"].queryset = regions
        self.fields["owner"].queryset = Enterprise.objects.filter(region__in=regions)
        self.fields["category"].queryset = Category.objects.all()
        if self.instance.pk:  # after creation the 五个一 page changes leader and department
            del self.fields["leader"], self.fields["lead_department"]
        else:
            self.fields["leader"].queryset = Person.objects.filter(is_leader=True, region__in=regions)
            self.fields["lead_department"].queryset = Department.objects.filter(region__in=regions)
            if user.role == Role.DEPARTMENT:
                del self.fields["lead_department"]
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField):
                field.error_messages.update(MONEY_ERRORS)
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _("请输入有效日期，如 2025-03-01。")
            if name in ("category", "region", "name"):
                field.error_messages["required"] = _("请填写%(f)s。") % {"f": field.label}
        if user.role == Role.OWNER and self.instance.pk:
            for name in OWNER_LOCKED_FIELDS:
                self.fields[name].disabled = True
        if not self.initial.get("region") and user.region_id:
            self.initial["region"] = user.region_id


class VersionedMixin(forms.Form):
    """The project's version when the form was opened: a save over someone else's newer one is refused, and the
    refusal lists what was changed since the form was `opened` (tuijin.core.stale)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened = opened_field()

    def clean(self):
        cleaned = super().clean()
        # when the form was opened is read from the request by the stale-save message; it is no field of the
        # record, so the services never see it
        cleaned.pop("opened", None)
        return cleaned


class TransitionForm(StyledFormMixin, VersionedMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("转为"), choices=Stage.choices)
    actual_start = forms.DateField(label=_("实际开工日期"), required=False, widget=DATE)
    actual_end = forms.DateField(label=_("实际建成日期"), required=False, widget=DATE)
    signed_on = forms.DateField(label=_("签约日期"), required=False, widget=DATE)
    actual_output = forms.DecimalField(label=_("实际产值（万元/年）"), required=False, min_value=0,
                                       max_digits=18, decimal_places=4)
    effective_by_decision = forms.BooleanField(label=_("经研究认定达效"), required=False)
    reason = forms.CharField(label=_("原因或说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TeamForm(StyledFormMixin, VersionedMixin, forms.Form):
    leader = forms.ModelChoiceField(label=_("责任领导"), queryset=Person.objects.none(), required=False)
    lead_department = forms.ModelChoiceField(label=_("牵头单位"), queryset=Department.objects.none(), required=False)
    co_departments = forms.ModelMultipleChoiceField(label=_("配合单位"), queryset=Department.objects.none(),
                                                    required=False, widget=forms.CheckboxSelectMultiple)
    team = forms.ModelMultipleChoiceField(label=_("工作专班成员"), queryset=Person.objects.none(), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("调整原因"), required=False, max_length=500)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        regions = project.region_chain()
        people = Person.objects.filter(region__in=regions)
        departments = Department.objects.filter(region__in=regions)
        self.fields["leader"].queryset = people.filter(is_leader=True)
        self.fields["team"].queryset = people
        self.fields["lead_department"].queryset = departments
        self.fields["co_departments"].queryset = departments


class MilestoneForm(StyledFormMixin, VersionedMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "planned_date", "actual_date", "status", "note"]
        widgets = {"planned_date": DATE, "actual_date": DATE}


class PreparationForm(StyledFormMixin, VersionedMixin, forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=PrepStatus.choices)
    done_on = forms.DateField(label=_("办结日期"), required=False, widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class PlanDocumentForm(StyledFormMixin, forms.Form):
    document = forms.FileField(label=_("推进方案"), help_text=_("Word、PDF 或 Excel 文件。"),
                               error_messages={"required": _("请选择要上传的推进方案文件。"),
                                               "empty": _("上传的文件是空的。")})

    def clean_document(self):
        upload = self.cleaned_data["document"]
        require_kind(upload, PLAN_KINDS, max_bytes=settings.TUIJIN_MAX_UPLOAD_BYTES)
        return upload


class MembershipForm(StyledFormMixin, VersionedMixin, forms.Form):
    annual_plan = forms.DecimalField(label=_("年度计划投资（万元）"), required=False, min_value=0, max_digits=18,
                                     decimal_places=4, error_messages=MONEY_ERRORS)
