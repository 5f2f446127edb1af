"""Funding channels and the applications projects make through them (see docs/funding.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.projects.models import Project
from tuijin.projects.preparation import PrepItem

from .statuses import AMOUNT_FIELD, DATE_FIELD, PATH, Status, reached

MONEY = {"max_digits": 18, "decimal_places": 4, "null": True, "blank": True,
         "validators": [MinValueValidator(0, message=_("金额不能为负数。"))]}


class Channel(models.Model):
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    short_name = models.CharField(_("简称"), max_length=20, unique=True,
                                  help_text=_("统计和指标中使用的名称，如“两重”。"))
    phrase = models.CharField(_("表述"), max_length=30,
                              help_text=_("生成文字时的说法，如“两重”项目、中央预算内资金项目。"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    required_items = models.JSONField(_("申报前须完成的前期事项"), default=list, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("争资渠道")
        verbose_name_plural = _("争资渠道")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        unknown = [item for item in self.required_items or [] if item not in PrepItem.values]
        if not isinstance(self.required_items, list) or unknown:
            raise ValidationError({"required_items": _("前期事项须从以下选择：%(items)s。") % {
                "items": "、".join(PrepItem.values)}})

    @property
    def required_labels(self) -> list[str]:
        return [str(PrepItem(item).label) for item in self.required_items]


class Application(models.Model):
    """One project's application through one channel in one batch, from the reserve to the money paid."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT,
                                related_name="funding_applications")
    channel = models.ForeignKey(Channel, verbose_name=_("渠道"), on_delete=models.PROTECT,
                                related_name="applications")
    year = models.PositiveIntegerField(_("年度"))
    batch = models.CharField(_("批次"), max_length=30, help_text=_("如“第一批”。"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RESERVE,
                              db_index=True)

    amount_requested = models.DecimalField(_("申请金额（万元）"), **MONEY)
    amount_approved = models.DecimalField(_("核定金额（万元）"), **MONEY)
    amount_issued = models.DecimalField(_("下达金额（万元）"), **MONEY)
    amount_paid = models.DecimalField(_("拨付金额（万元）"), **MONEY)
    excess_explanation = models.CharField(_("核定超申请说明"), max_length=300, blank=True,
                                          help_text=_("核定金额超过申请金额时必须说明原因。"))

    reserved_on = models.DateField(_("入库日期"))
    applied_on = models.DateField(_("申报日期"), null=True, blank=True)
    approved_on = models.DateField(_("审核通过日期"), null=True, blank=True)
    issued_on = models.DateField(_("下达日期"), null=True, blank=True)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    rejected_on = models.DateField(_("未通过日期"), null=True, blank=True)
    rejection_reason = models.CharField(_("未通过原因"), max_length=300, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("资金申报")
        verbose_name_plural = _("资金申报")
        ordering = ["-year", "channel__order", "project_id", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "channel", "year", "batch"],
                                               name="funding_application_unique_batch")]
        indexes = [models.Index(fields=["channel", "status"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.channel.short_name} · {self.year}年{self.batch}"

    def clean(self):
        """The amounts and dates rules (docs/funding.md): each step's amount and date are there once the
        step is reached and not before; approved ≤ requested unless explained; paid ≤ issued ≤ approved;
        the dates follow the steps and none lies in the future."""
        errors = {}
        self.batch = (self.batch or "").strip()
        if not self.batch:
            errors["batch"] = _("请填写批次，如“第一批”。")
        for step, field in AMOUNT_FIELD.items():
            value = getattr(self, field)
            label = self._meta.get_field(field).verbose_name
            if reached(self.status, step) and step != Status.RESERVE:
                if value is None or value <= 0:
                    errors[field] = _("状态为“%(s)s”时须填写大于零的%(f)s。") % {
                        "s": self.get_status_display(), "f": label}
            elif value is not None and field != "amount_requested":
                errors[field] = _("尚未到“%(step)s”，不能填写%(f)s。") % {"step": step.label, "f": label}
        requested, approved = self.amount_requested, self.amount_approved
        issued, paid = self.amount_issued, self.amount_paid
        if approved is not None and requested is not None and approved > requested \
                and not self.excess_explanation.strip():
            errors["excess_explanation"] = _("核定金额（%(a)s万元）超过申请金额（%(r)s万元），须说明原因。") % {
                "a": f"{approved:,.2f}", "r": f"{requested:,.2f}"}
        if issued is not None and approved is not None and issued > approved:
            errors["amount_issued"] = _("下达金额（%(i)s万元）不能超过核定金额（%(a)s万元）。") % {
                "i": f"{issued:,.2f}", "a": f"{approved:,.2f}"}
        if paid is not None and issued is not None and paid > issued:
            errors["amount_paid"] = _("拨付金额（%(p)s万元）不能超过下达金额（%(i)s万元）。") % {
                "p": f"{paid:,.2f}", "i": f"{issued:,.2f}"}
        self._clean_dates(errors)
        if self.status == Status.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("未通过须填写原因。")
        if errors:
            raise ValidationError(errors)

    def _clean_dates(self, errors: dict) -> None:
        steps = [*PATH, Status.REJECTED]
        today = timezone.localdate()
        previous = None  # (label, date) of the last step reached before this one
        for step in steps:
            field = DATE_FIELD[step]
            value = getattr(self, field)
            label = self._meta.get_field(field).verbose_name
            on_path = reached(self.status, step) if step != Status.REJECTED else self.status == Status.REJECTED
            if not on_path:
                if value is not None and field not in errors:
                    errors[field] = _("尚未到“%(step)s”，不能填写%(f)s。") % {"step": step.label, "f": label}
                continue
            if value is None:
                errors[field] = _("请填写%(f)s。") % {"f": label}
                continue
            if value > today:
                errors[field] = _("%(f)s不能晚于今天。") % {"f": label}
            if step == Status.REJECTED:
                previous = (self._meta.get_field("applied_on").verbose_name, self.applied_on)
            if previous and previous[1] and value < previous[1]:
                errors[field] = _("%(f)s不能早于%(p)s（%(d)s）。") % {"f": label, "p": previous[0],
                                                                    "d": previous[1].isoformat()}
            previous = (label, value)


class Move(models.Model):
    """One dated step of an application: who moved it, from where to where, when, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="moves")
    from_status = models.CharField(_("原状态"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Status.choices)
    on = models.DateField(_("日期"))
    amount = models.DecimalField(_("金额（万元）"), **MONEY)
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申报进展")
        verbose_name_plural = _("申报进展")
        ordering = ["application", "on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_to_status_display()} · {self.on.isoformat()}"
