"""Warning rules (预警规则) and the kept 红黄榜 of each period (WarningSnapshot).

The six kinds are fixed; what the project office edits is each rule's thresholds, whether it is on, and the
sentence that explains it. How each kind measures and compares is written in tracking/warnings.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.dispatch.models import Period
from tuijin.projects.models import Project


class RuleKind(models.TextChoices):
    START = "start", _("未按期开工")
    PROGRESS = "progress", _("进度滞后")
    MILESTONE = "milestone", _("节点逾期")
    REPORT = "report", _("未按时报送")
    PROBLEM = "problem", _("问题未解决")
    FUNDS = "funds", _("资金未落实")


class Level(models.TextChoices):
    RED = "red", _("红色预警")
    YELLOW = "yellow", _("黄色预警")


THRESHOLD = {"max_digits": 8, "decimal_places": 1}


class WarningRule(models.Model):
    kind = models.CharField(_("预警类型"), max_length=12, choices=RuleKind.choices, unique=True)
    enabled = models.BooleanField(_("启用"), default=True)
    yellow = models.DecimalField(_("黄色预警阈值"), **THRESHOLD)
    red = models.DecimalField(_("红色预警阈值"), **THRESHOLD, null=True, blank=True,
                              help_text=_("留空表示此类预警不亮红灯。"))
    explanation = models.TextField(_("规则说明"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class WarningSnapshot(models.Model):
    """One warning of one period's 红黄榜, as it was evaluated when the snapshot was taken."""

    period = models.ForeignKey(Period, verbose_name=_("调度期"), on_delete=models.PROTECT, related_name="warnings")
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="warnings")
    level = models.CharField(_("预警等级"), max_length=6, choices=Level.choices)
    kind = models.CharField(_("预警类型"), max_length=12, choices=RuleKind.choices)
    reason = models.TextField(_("预警原因"))
    as_of = models.DateField(_("评价日期"))
    taken_at = models.DateTimeField(_("存档时间"), auto_now_add=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("红黄榜存档")
        verbose_name_plural = _("红黄榜存档")
        ordering = ["period", "id"]
        indexes = [models.Index(fields=["period", "level"])]

    def __str__(self) -> str:
        return f"{self.period} · {self.project_id} · {self.get_level_display()}"
