"""安全隐患排查整治: domains, special campaigns, inspections, the hazards they find and their rectification.

A Hazard is a ClosedLoopItem (tuijin.core.loop), so it shares the problems' loop: handed to a 责任单位
with a 时限, worked, escalated, lettered, closed. The four stages offices speak of map onto it:

    待整改        loop status 待协调 (pending): recorded and handed over, no rectification plan yet
    整改中        loop status 协调中 (working), not yet reported done
    已整改待验收  loop status 协调中 with `rectified_on` set (the unit reported it done)
    验收销号      loop status 已解决 (resolved): the office accepted the rectification

A failed acceptance returns the hazard to 整改中 (clears `rectified_on`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuijin.core.loop import ClosedLoopItem, LoopStatus


class Domain(models.Model):
    """A field of hazards (消防安全, 交通道路 …): a setting the admin keeps."""

    name = models.CharField(_("领域"), max_length=30, unique=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("隐患领域")
        verbose_name_plural = _("隐患领域")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A special campaign (专项整治) grouping inspections over some domains for a time."""

    region = models.ForeignKey("org.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("专项整治名称"), max_length=100)
    domains = models.ManyToManyField(Domain, verbose_name=_("涉及领域"), blank=True, related_name="campaigns")
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    description = models.TextField(_("工作要求"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("专项整治")
        verbose_name_plural = _("专项整治")
        ordering = ["-starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="campaign_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    """One inspection (排查): who went, when, where — an enterprise, a project or a named site."""

    region = models.ForeignKey("org.Region", verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, verbose_name=_("专项整治"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="inspections")
    domain = models.ForeignKey(Domain, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField(_("检查日期"))
    department = models.ForeignKey("org.Department", verbose_name=_("检查单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    inspectors = models.CharField(_("检查人员"), max_length=200)
    enterprise = models.ForeignKey("org.Enterprise", verbose_name=_("被检查单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("projects.Project", verbose_name=_("被检查项目"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    site = models.CharField(_("检查地点"), max_length=200, blank=True)
    note = models.TextField(_("检查情况"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("隐患排查")
        verbose_name_plural = _("隐患排查")
        ordering = ["-inspected_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=(Q(enterprise__isnull=False, project__isnull=True, site="")
                       | Q(enterprise__isnull=True, project__isnull=False, site="")
                       | (Q(enterprise__isnull=True, project__isnull=True) & ~Q(site=""))),
            name="inspection_one_place")]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d} {self.place}"

    @property
    def place(self) -> str:
        if self.enterprise_id:
            return str(self.enterprise)
        if self.project_id:
            return str(self.project)
        return self.site


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class HazardStage(models.TextChoices):
    """The four stages derived from the loop status and `rectified_on` (see the module docstring)."""

    TO_RECTIFY = "to_rectify", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    AWAITING = "awaiting", _("已整改待验收")
    ACCEPTED = "accepted", _("验收销号")


STAGE_FILTERS = {
    HazardStage.TO_RECTIFY: Q(status=LoopStatus.PENDING),
    HazardStage.RECTIFYING: Q(status=LoopStatus.WORKING, rectified_on__isnull=True),
    HazardStage.AWAITING: Q(status=LoopStatus.WORKING, rectified_on__isnull=False),
    HazardStage.ACCEPTED: Q(status__in=[LoopStatus.RESOLVED, LoopStatus.UNRESOLVABLE]),
}


class Hazard(ClosedLoopItem):
    """A hazard found on an inspection, with its rectification plan (五落实: 责任, 措施, 资金, 时限, 预案).
    责任单位 and 时限 are the loop's `department` and `deadline`."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("排查"), on_delete=models.PROTECT,
                                   related_name="hazards")
    domain = models.ForeignKey(Domain, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="hazards")
    description = models.TextField(_("隐患描述"))
    level = models.CharField(_("隐患等级"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    # 五落实
    responsible = models.CharField(_("整改责任人"), max_length=100, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    funds = models.DecimalField(_("整改资金（万元）"), max_digits=14, decimal_places=4, null=True, blank=True)
    contingency = models.TextField(_("应急预案"), blank=True)
    # reported done by the unit, awaiting acceptance
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectified_note = models.TextField(_("整改情况"), blank=True)
    # 挂牌督办 (major hazards only)
    listed_on = models.DateField(_("挂牌督办日期"), null=True, blank=True)
    supervisor = models.ForeignKey("org.Person", verbose_name=_("督办领导"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("安全隐患")
        verbose_name_plural = _("安全隐患")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.inspection.place}：{self.description[:30]}"

    @property
    def stage(self) -> HazardStage:
        if self.status == LoopStatus.PENDING:
            return HazardStage.TO_RECTIFY
        if self.status == LoopStatus.WORKING:
            return HazardStage.AWAITING if self.rectified_on else HazardStage.RECTIFYING
        return HazardStage.ACCEPTED

    @property
    def stage_label(self) -> str:
        return str(self.stage.label)

    @property
    def is_listed(self) -> bool:
        return self.listed_on is not None

    def is_overdue(self, today=None) -> bool:
        """Past its 时限 and still with the unit (a hazard reported done waits on the office, not the unit)."""
        return super().is_overdue(today) and self.rectified_on is None


class HazardPhoto(models.Model):
    """Optional evidence (现场照片, 整改前后); never a condition of any step."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("隐患"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to="hazards/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("隐患照片")
        verbose_name_plural = _("隐患照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name
