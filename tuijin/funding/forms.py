"""Forms only parse and show errors; the rules are in models.clean and services."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import StyledFormMixin, search_field
from tuijin.core.money import MoneyError, parse_wan
from tuijin.core.roles import Role
from tuijin.org.models import Department
from tuijin.projects.selectors import visible_projects

from .models import Application, Channel
from .selectors import STATUS_GROUPS, ApplicationFilters
from .statuses import AMOUNT_FIELD, DATE_FIELD, PATH, Status, reached

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("请输入有效日期，如 2025-03-01。")}
YEAR_ERRORS = {"invalid": _("请输入年份，如 2025。"), "min_value": _("年份不早于2000年。"),
               "max_value": _("年份不晚于2100年。")}


class WanField(forms.CharField):
    """An amount in 万元 as people type it: "1,200", "1200万元", "1.2亿" (see core.money.parse_wan)."""

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):  # what a model DecimalField passes
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            amount = parse_wan(value)
        except MoneyError as error:
            raise forms.ValidationError(str(error)) from error
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("金额不能为负数。"))
        return amount


def writable_projects(user):
    """The projects `user` may file applications for: the coordinator's region, the department's own."""
    projects = visible_projects(user)
    if user.role == Role.DEPARTMENT:
        projects = projects.filter(lead_department_id=user.department_id)
    elif user.role != Role.COORDINATOR:
        projects = projects.none()
    return projects.order_by("name")


class ApplicationFilterForm(StyledFormMixin, forms.Form):
    q = search_field()
    channel = forms.ModelChoiceField(label=_("渠道"), required=False, queryset=Channel.objects.all(),
                                     empty_label=_("全部渠道"))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), *((k, label) for k, (label, _s) in STATUS_GROUPS.items()),
                                        *Status.choices])
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    batch = forms.ChoiceField(label=_("批次"), required=False)
    department = forms.ModelChoiceField(label=_("责任单位"), required=False, queryset=Department.objects.all(),
                                        empty_label=_("全部单位"))
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, batches: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = [("", _("全部批次")), *((b, b) for b in batches)]
        if user.region_id:
            self.fields["department"].queryset = Department.objects.filter(region__in=user.region.subtree())
        if user.role in {Role.DEPARTMENT, Role.OWNER}:
            del self.fields["department"]

    def to_filters(self) -> ApplicationFilters:
        data = {}
        if self.is_bound:
            self.is_valid()  # a field that does not validate is left out; the others still apply
            data = self.cleaned_data
        return ApplicationFilters(
            channel=data["channel"].pk if data.get("channel") else None, status=data.get("status") or "",
            year=data.get("year"), batch=data.get("batch") or "",
            department=data["department"].pk if data.get("department") else None,
            project=data.get("project"), text=data.get("q") or "")


class ApplicationCreateForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=None,
                                     error_messages={"required": _("请选择项目。"),
                                                     "invalid_choice": _("所选项目不存在或不在您的范围内。")})
    channel = forms.ModelChoiceField(label=_("渠道"), queryset=Channel.objects.filter(active=True),
                                     error_messages={"required": _("请选择渠道。"),
                                                     "invalid_choice": _("所选渠道不存在或已停用。")})
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              error_messages={**YEAR_ERRORS, "required": _("请填写年度。")})
    batch = forms.CharField(label=_("批次"), max_length=30, help_text=_("如“第一批”。"),
                            error_messages={"required": _("请填写批次。")})
    reserved_on = forms.DateField(label=_("入库日期"), widget=DATE,
                                  error_messages={**DATE_ERRORS, "required": _("请填写入库日期。")})
    amount_requested = WanField(label=_("拟申请金额（万元）"), required=False)
    note = forms.CharField(label=_("备注"), required=False, max_length=300)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("year", settings.TUIJIN_DEFAULT_YEAR)
        kwargs["initial"].setdefault("reserved_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = writable_projects(user)


class ApplicationEditForm(StyledFormMixin, forms.ModelForm):
    """The facts of an application; only the amounts and dates of the steps it has reached are offered."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("修改说明"), required=False, max_length=500)

    class Meta:
        model = Application
        fields = ["channel", "year", "batch", "amount_requested", "amount_approved", "excess_explanation",
                  "amount_issued", "amount_paid", "reserved_on", "applied_on", "approved_on", "issued_on", "paid_on",
                  "rejected_on", "rejection_reason", "note"]
        widgets = dict.fromkeys(DATE_FIELD.values(), DATE)
        field_classes = dict.fromkeys(AMOUNT_FIELD.values(), WanField)
        error_messages = {"year": YEAR_ERRORS, **dict.fromkeys(DATE_FIELD.values(), DATE_ERRORS)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.instance.status
        for step in PATH[1:]:
            if not reached(status, step):
                del self.fields[AMOUNT_FIELD[step]], self.fields[DATE_FIELD[step]]
        if not reached(status, Status.APPROVED):
            del self.fields["excess_explanation"]
        if status != Status.REJECTED:
            del self.fields["rejected_on"], self.fields["rejection_reason"]
        if status == Status.RESERVE:
            self.fields["channel"].queryset = Channel.objects.filter(active=True)
        else:
            self.fields["channel"].disabled = True
        for name in AMOUNT_FIELD.values():
            if name in self.fields:
                self.fields[name].required = False


class MoveForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    on = forms.DateField(label=_("日期"), widget=DATE, error_messages={**DATE_ERRORS, "required": _("请填写日期。")})
    amount = WanField(label=_("金额（万元）"), required=False)
    explanation = forms.CharField(label=_("核定超申请说明"), required=False, max_length=300,
                                  help_text=_("核定金额超过申请金额时必须填写。"))
    reason = forms.CharField(label=_("说明"), required=False, max_length=300)

    AMOUNT_LABELS = {Status.APPLIED: _("申请金额（万元）"), Status.APPROVED: _("核定金额（万元）"),
                     Status.ISSUED: _("下达金额（万元）"), Status.PAID: _("累计拨付金额（万元）")}

    def __init__(self, *args, to_status: str, application: Application, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        kwargs["initial"].setdefault("version", application.version)
        if to_status == Status.APPLIED:
            kwargs["initial"].setdefault("amount", application.amount_requested)
        super().__init__(*args, **kwargs)
        if to_status in self.AMOUNT_LABELS:
            self.fields["amount"].label = self.AMOUNT_LABELS[to_status]
            self.fields["amount"].required = True
            self.fields["amount"].error_messages["required"] = _("请填写%(f)s。") % {
                "f": self.AMOUNT_LABELS[to_status]}
        else:
            del self.fields["amount"]
        if to_status != Status.APPROVED:
            del self.fields["explanation"]
        if to_status in {Status.REJECTED, Status.RESERVE}:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("原因")
            self.fields["reason"].error_messages["required"] = _("请填写原因。")
