"""重点工作督办: key tasks by theme, each with a lead leader, a 责任单位, a 时限 and sub-steps.

A KeyTask is a ClosedLoopItem (tuijin.core.loop), the loop dispatch problems and hazards share: its 责任单位
and 时限 are the loop's `department` and `deadline`, its progress updates are the loop's 办理进展 steps, its
督办 notices are the loop's letters, its 督办 levels the loop's escalation, and its completion the loop's close.
The loop's statuses read, for a task: 待协调 = 未启动, 协调中 = 推进中, 已解决 = 已完成, 无法解决 = 未完成（销号）."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core.loop import ClosedLoopItem, LoopStatus

TASK_STATUS_LABELS = {
    LoopStatus.PENDING: _("未启动"),
    LoopStatus.WORKING: _("推进中"),
    LoopStatus.RESOLVED: _("已完成"),
    LoopStatus.UNRESOLVABLE: _("未完成（销号）"),
}


class Theme(models.Model):
    """A theme of key work (改革赋能, 创新引领, 产业支撑 …): a setting the admin keeps."""

    name = models.CharField(_("主题"), max_length=30, unique=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("重点工作主题")
        verbose_name_plural = _("重点工作主题")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class KeyTask(ClosedLoopItem):
    region = models.ForeignKey("org.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(Theme, verbose_name=_("主题"), on_delete=models.PROTECT, related_name="tasks")
    year = models.PositiveIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("任务"), max_length=200)
    goal = models.TextField(_("目标要求"), blank=True)
    lead_leader = models.ForeignKey("org.Person", verbose_name=_("牵头领导"), on_delete=models.PROTECT,
                                    related_name="+")
    co_departments = models.ManyToManyField("org.Department", verbose_name=_("配合单位"), blank=True,
                                            related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("重点工作")
        verbose_name_plural = _("重点工作")
        ordering = ["year", "theme__order", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "theme", "number"],
                                               name="keytask_unique_number")]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return str(TASK_STATUS_LABELS[LoopStatus(self.status)])


class TaskStep(models.Model):
    """A sub-step (节点) of a task: what is due when, and when it was done."""

    task = models.ForeignKey(KeyTask, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("顺序"))
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("任务节点")
        verbose_name_plural = _("任务节点")
        ordering = ["task", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def is_late(self, as_of) -> bool:
        return self.done_on is None and self.due_on < as_of
