"""The closed loop (闭环) shared by dispatch problems, enterprise demands and safety hazards: an item is
handed to a department with a deadline, worked, escalated up the levels real offices use, and closed
with a resolution. Concrete models inherit ClosedLoopItem; every step is a LoopStep row."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoopStatus(models.TextChoices):
    PENDING = "pending", _("待协调")
    WORKING = "working", _("协调中")
    RESOLVED = "resolved", _("已解决")
    UNRESOLVABLE = "unresolvable", _("无法解决")


OPEN_STATUSES = [LoopStatus.PENDING, LoopStatus.WORKING]


class Escalation(models.IntegerChoices):
    """分管领导 → 责任单位主要负责人 → 联系领导 → 主要领导."""

    NONE = 0, _("未升级")
    DEPUTY = 1, _("分管领导")
    DEPARTMENT_HEAD = 2, _("责任单位主要负责人")
    CONTACT_LEADER = 3, _("联系领导")
    PRINCIPAL = 4, _("主要领导")


class LetterKind(models.TextChoices):
    ASSIGN = "assign", _("交办函")
    REMIND = "remind", _("提醒函")
    SUPERVISE = "supervise", _("督办函")


class ClosedLoopItem(models.Model):
    department = models.ForeignKey("org.Department", verbose_name=_("责任单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("办结时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=LoopStatus.choices, default=LoopStatus.PENDING,
                              db_index=True)
    escalation = models.PositiveSmallIntegerField(_("升级层级"), choices=Escalation.choices,
                                                  default=Escalation.NONE)
    resolution = models.TextField(_("办理结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.deadline is not None and self.deadline < today


class LoopStep(models.Model):
    """One step of an item's loop: handed over, escalated, a letter issued, resolved. Never edited."""

    class Kind(models.TextChoices):
        HANDOVER = "handover", _("交办")
        ESCALATE = "escalate", _("升级")
        LETTER = "letter", _("发函")
        PROGRESS = "progress", _("办理进展")
        CLOSE = "close", _("办结")
        REOPEN = "reopen", _("重新打开")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("环节"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("说明"), blank=True)
    escalation = models.PositiveSmallIntegerField(choices=Escalation.choices, null=True, blank=True)
    department = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    letter_kind = models.CharField(max_length=12, choices=LetterKind.choices, blank=True)
    letter_number = models.CharField(_("文号"), max_length=50, blank=True)
    letter = models.FileField(_("函件"), upload_to="letters/%Y/", blank=True)

    class Meta:
        verbose_name = _("闭环记录")
        verbose_name_plural = _("闭环记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
