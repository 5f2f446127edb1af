"""观摩: a tour of project sites in visiting order, its scoring sheet, who observes, and their scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.org.models import Region
from tuijin.projects.models import Project


class Tour(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("评分中")
        CLOSED = "closed", _("已关闭")

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="tours")
    title = models.CharField(_("观摩活动名称"), max_length=200)
    held_on = models.DateField(_("观摩日期"))
    drop_extremes = models.BooleanField(_("去掉一个最高分和一个最低分"), default=True)
    min_scorers_to_drop = models.PositiveSmallIntegerField(
        _("去掉最高最低分所需的最少评分人数"), default=5, validators=[MinValueValidator(3), MaxValueValidator(99)],
        help_text=_("评分人数达到此数才去掉最高分和最低分；不足时取全部评分的平均。"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    results_file = models.FileField(_("评比结果"), upload_to="tours/%Y/", blank=True)
    observers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("观摩人员"), blank=True,
                                       related_name="tours_observed")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("观摩活动")
        verbose_name_plural = _("观摩活动")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Criterion(models.Model):
    """One line of the scoring sheet: a criterion and its weight, which is also its full mark."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("评分项目"), max_length=50)
    weight = models.PositiveSmallIntegerField(_("分值"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    hint = models.CharField(_("评分要点"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("评分项目")
        verbose_name_plural = _("评分项目")
        ordering = ["tour", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["tour", "name"], name="tour_criterion_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}分）"


class Stop(models.Model):
    """A place visited: a registry project, or a free-text site that is not one (a community, a school)."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops")
    order = models.PositiveSmallIntegerField(_("观摩顺序"), default=0)
    project = models.ForeignKey(Project, verbose_name=_("项目"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="tour_stops")
    site = models.CharField(_("观摩点"), max_length=100, blank=True,
                            help_text=_("不是库内项目的观摩点写名称；库内项目可写观摩时的简称。"))

    class Meta:
        verbose_name = _("观摩点")
        verbose_name_plural = _("观摩点")
        ordering = ["tour", "order", "id"]
        constraints = [models.CheckConstraint(condition=~models.Q(project__isnull=True, site=""),
                                              name="tour_stop_names_a_place")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.site or (self.project.name if self.project_id else "")


class Score(models.Model):
    """One observer's mark for one criterion at one stop."""

    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tour_scores")
    value = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["stop", "criterion", "observer"], name="tour_score_unique")]
        indexes = [models.Index(fields=["observer", "stop"])]

    def __str__(self) -> str:
        return f"{self.stop} · {self.criterion.name} · {self.value}"
