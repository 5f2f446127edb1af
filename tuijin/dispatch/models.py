from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core.loop import ClosedLoopItem
from tuijin.org.models import Region
from tuijin.projects.models import MONEY, NON_NEGATIVE, Milestone, Project


class Period(models.Model):
    """A dispatch period: one month (YYYY-MM) of one region, opened and closed by the project office."""

    class Status(models.TextChoices):
        OPEN = "open", _("填报中")
        CLOSED = "closed", _("已关闭")

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    deadline = models.DateField(_("填报截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("调度期")
        verbose_name_plural = _("调度期")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "month"], name="period_unique_month")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def cumulative_label(self) -> str:
        """How statistics name the year-to-date: 1-4月 (or 1月)."""
        return f"1-{self.month}月" if self.month > 1 else "1月"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ProgressReport(models.Model):
    """A project's report for one period. The one figure typed is this period's completed investment;
    year-to-date and since-start are derived from the periods (see figures.py)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已审核")

    period = models.ForeignKey(Period, verbose_name=_("调度期"), on_delete=models.PROTECT, related_name="reports")
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    invest_month = models.DecimalField(_("本期完成投资（万元）"), **MONEY, default=0, validators=NON_NEGATIVE)
    progress_text = models.TextField(_("形象进度"), blank=True)
    progress_pct = models.PositiveSmallIntegerField(_("形象进度（%）"), null=True, blank=True,
                                                    validators=[MaxValueValidator(100)])
    workers = models.PositiveIntegerField(_("在岗人数"), null=True, blank=True)
    milestones_met = models.ManyToManyField(Milestone, verbose_name=_("本期完成节点"), blank=True,
                                            related_name="reports")
    not_started_reason = models.TextField(_("未开工原因"), blank=True)
    since_start_override = models.TextField(_("累计超总投资说明"), blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        constraints = [models.UniqueConstraint(fields=["period", "project"], name="report_unique_per_period")]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.period}"


class Problem(ClosedLoopItem):
    """存在问题: raised on a report or a project, handed to a department and chased to closure."""

    class Kind(models.TextChoices):
        LAND = "land", _("用地")
        FUNDS = "funds", _("资金")
        APPROVAL = "approval", _("审批手续")
        DEMOLITION = "demolition", _("征迁")
        UTILITIES = "utilities", _("水电气暖")
        ENVIRONMENT = "environment", _("环保")
        OTHER = "other", _("其他")

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="problems")
    report = models.ForeignKey(ProgressReport, verbose_name=_("提出于"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="problems")
    kind = models.CharField(_("问题类型"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("问题描述"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("存在问题")
        verbose_name_plural = _("存在问题")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.project}：{self.description[:30]}"


class Bulletin(models.Model):
    """An issued 调度通报, kept exactly as issued so it can be downloaded again."""

    period = models.ForeignKey(Period, verbose_name=_("调度期"), on_delete=models.PROTECT, related_name="bulletins")
    programme = models.ForeignKey("projects.ProgrammeList", verbose_name=_("清单"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="bulletins")
    number = models.PositiveIntegerField(_("期号"))
    title = models.CharField(_("标题"), max_length=200)
    requirements = models.TextField(_("工作要求"), blank=True)
    document = models.FileField(_("通报文件"), upload_to="bulletins/%Y/")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("调度通报")
        verbose_name_plural = _("调度通报")
        ordering = ["-issued_at"]
        constraints = [models.UniqueConstraint(fields=["period", "number"], name="bulletin_unique_number")]

    def __str__(self) -> str:
        return self.title


class ReportPhoto(models.Model):
    """Optional evidence for a report (形象进度照片); never a condition of reporting."""

    report = models.ForeignKey(ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to="photos/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name
