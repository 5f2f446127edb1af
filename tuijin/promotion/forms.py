"""Forms only parse and show errors; the rules are in models.clean, stages and services."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin, search_field
from tuijin.org.models import Department, Enterprise, Person
from tuijin.projects.forms import DATE, MONEY_ERRORS, VersionedMixin, scoped_regions
from tuijin.projects.models import Category
from tuijin.tracking.dashboard import default_as_of

from .models import ContactLog, IndustrialChain, Lead, LeadSource, LeadTask, Signing
from .periods import clipped, parse_span
from .selectors import LeadFilters
from .services import CREATE_FIELDS, EDITABLE_FIELDS
from .stages import LeadStage

DATE_INVALID = _("请输入有效日期，如 2025-03-01。")


def _tidy(form) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            field.error_messages.update(MONEY_ERRORS)
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = DATE_INVALID
        if field.required:
            field.error_messages["required"] = _("请填写%(f)s。") % {"f": field.label}


class LeadForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("修改说明"), required=False, max_length=500)

    class Meta:
        model = Lead
        fields = CREATE_FIELDS
        widgets = {"received_on": DATE, "next_action_due": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = scoped_regions(user)
        self.fields["region"].queryset = regions
        self.fields["investor"].queryset = Enterprise.objects.filter(region__in=regions)
        self.fields["chain"].queryset = IndustrialChain.objects.all()
        if self.instance.pk:  # after creation the 五个一 form changes leader, unit and team
            for name in set(CREATE_FIELDS) - set(EDITABLE_FIELDS):
                del self.fields[name]
        else:
            self.fields["department"].queryset = Department.objects.filter(region__in=regions)
            self.fields["leader"].queryset = Person.objects.filter(is_leader=True, region__in=regions)
        if not self.initial.get("region") and user.region_id:
            self.initial["region"] = user.region_id
        _tidy(self)


class TeamForm(StyledFormMixin, VersionedMixin, forms.Form):
    is_major = forms.BooleanField(label=_("重大招商项目"), required=False)
    leader = forms.ModelChoiceField(label=_("分包领导"), queryset=Person.objects.none(), required=False)
    department = forms.ModelChoiceField(label=_("责任单位"), queryset=Department.objects.none(), required=False)
    team_people = forms.ModelMultipleChoiceField(label=_("工作专班成员"), queryset=Person.objects.none(),
                                                 required=False, widget=forms.CheckboxSelectMultiple)
    team_departments = forms.ModelMultipleChoiceField(label=_("专班配合单位"), queryset=Department.objects.none(),
                                                      required=False, widget=forms.CheckboxSelectMultiple)
    plan = forms.CharField(label=_("推进方案"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("调整说明"), required=False, max_length=500)

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        chain = [int(pk) for pk in lead.region.path.strip("/").split("/")]
        self.fields["leader"].queryset = Person.objects.filter(is_leader=True, region_id__in=chain)
        self.fields["department"].queryset = Department.objects.filter(region_id__in=chain)
        self.fields["team_people"].queryset = Person.objects.filter(region_id__in=chain)
        self.fields["team_departments"].queryset = Department.objects.filter(region_id__in=chain)


class MoveForm(StyledFormMixin, VersionedMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("转为"), choices=LeadStage.choices)
    started_on = forms.DateField(label=_("开工日期"), required=False, widget=DATE)
    reason = forms.CharField(label=_("原因或说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tidy(self)


class ContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ContactLog
        fields = ["kind", "date", "who", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tidy(self)


class TaskForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = LeadTask
        fields = ["kind", "title", "owner_department", "owner_person", "due"]
        widgets = {"due": DATE}

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        chain = [int(pk) for pk in lead.region.path.strip("/").split("/")]
        self.fields["owner_person"].queryset = Person.objects.filter(region_id__in=chain)
        self.fields["owner_department"].queryset = Department.objects.filter(region_id__in=chain)
        _tidy(self)


class TaskStatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=LeadTask.Status.choices)
    done_on = forms.DateField(label=_("完成日期"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tidy(self)


class SigningForm(StyledFormMixin, VersionedMixin, forms.ModelForm):
    class Meta:
        model = Signing
        fields = ["kind", "signed_on", "contract_amount", "increase_amount", "note"]
        widgets = {"signed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tidy(self)


class FundForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("到位日期"), widget=DATE)
    amount = forms.DecimalField(label=_("到位资金（万元）"), max_digits=18, decimal_places=4)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tidy(self)


class ConvertForm(StyledFormMixin, VersionedMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("项目类别"), queryset=Category.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tidy(self)


class LeadFilterForm(StyledFormMixin, forms.Form):
    q = search_field(_("名称、投资方或行业"))
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部阶段")), *LeadStage.choices])
    source = forms.ChoiceField(label=_("来源"), required=False, choices=[("", _("全部来源")), *LeadSource.choices])
    industry = forms.CharField(label=_("行业"), required=False)
    chain = forms.ModelChoiceField(label=_("产业链"), required=False, queryset=IndustrialChain.objects.all(),
                                   empty_label=_("全部产业链"))
    department = forms.ModelChoiceField(label=_("责任单位"), required=False, queryset=Department.objects.none(),
                                        empty_label=_("全部单位"))
    leader = forms.ModelChoiceField(label=_("分包领导"), required=False, queryset=Person.objects.none(),
                                    empty_label=_("全部领导"))
    stale = forms.BooleanField(label=_("只看久未对接"), required=False)
    major = forms.BooleanField(label=_("只看重大项目"), required=False)
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=DATE)
    metric = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                               choices=[("", ""), ("signed", "signed"), ("started", "started"), ("funded", "funded"),
                                        ("leads", "leads")])
    period = forms.CharField(required=False, widget=forms.HiddenInput)
    until = forms.DateField(required=False, widget=forms.HiddenInput)  # a figure counted up to a date

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = scoped_regions(user)
        self.fields["department"].queryset = Department.objects.filter(region__in=regions)
        self.fields["leader"].queryset = Person.objects.filter(is_leader=True, region__in=regions)
        _tidy(self)

    def to_filters(self, user) -> tuple[LeadFilters, date]:
        """The selector's filters and the date to judge staleness by. A field that does not validate is left out
        on the page; the API refuses it before asking."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        as_of = data.get("as_of") or default_as_of(user)
        span = None
        if data.get("period"):
            try:
                span = clipped(parse_span(data["period"]), data.get("until"))
            except ValueError:
                span = None
        filters = LeadFilters(
            stage=data.get("stage") or "", source=data.get("source") or "", industry=data.get("industry") or "",
            chain=data["chain"].pk if data.get("chain") else None,
            department=data["department"].pk if data.get("department") else None,
            leader=data["leader"].pk if data.get("leader") else None, stale=bool(data.get("stale")),
            major=bool(data.get("major")), text=data.get("q") or "", metric=data.get("metric") or "", span=span)
        return filters, as_of
