"""Economic indicators (经济运行监测): an editable catalogue, and each region's figures per period on the
1-N月 cumulative basis statistics bureaus publish. Everything compared or ranked is derived (rules.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.org.models import Region

FIGURE = {"max_digits": 18, "decimal_places": 4, "null": True, "blank": True}
RATE = {"max_digits": 7, "decimal_places": 2, "null": True, "blank": True}  # per cent, e.g. 11.80


class Indicator(models.Model):
    """One line of the statistics bureau's table: 地区生产总值, 固定资产投资 …"""

    class Published(models.TextChoices):
        LEVEL = "level", _("总量")
        GROWTH = "growth", _("增速")
        BOTH = "both", _("总量和增速")

    class Group(models.TextChoices):
        # How the generated paragraph speaks of the indicator (see docs/economy.md)
        MAIN = "main", _("主要指标")
        INNOVATION = "innovation", _("创新引领")
        OTHER = "other", _("单独列示")
        TABLE = "table", _("仅在表中")

    name = models.CharField(_("指标名称"), max_length=60, unique=True)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True, help_text=_("如 亿元、万元、万平方米；只发布增速的可留空。"))
    published = models.CharField(_("发布口径"), max_length=8, choices=Published.choices, default=Published.BOTH)
    group = models.CharField(_("在综述中"), max_length=12, choices=Group.choices, default=Group.TABLE)
    aliases = models.CharField(_("别名"), max_length=200, blank=True,
                               help_text=_("统计表中的其他写法，用顿号分隔，如：规上工业增加值、规模工业增加值"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("在用"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("经济指标")
        verbose_name_plural = _("经济指标")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_level(self) -> bool:
        return self.published in {self.Published.LEVEL, self.Published.BOTH}

    @property
    def has_growth(self) -> bool:
        return self.published in {self.Published.GROWTH, self.Published.BOTH}


class IndicatorValue(models.Model):
    """A region's figure for one indicator, 1-N月 cumulative (a quarter is its last month: 一季度 = 1-3月)."""

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values")
    year = models.PositiveIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("截至月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    value = models.DecimalField(_("累计值"), **FIGURE)
    growth = models.DecimalField(_("同比增长（%）"), **RATE)
    city_growth = models.DecimalField(_("全市增速（%）"), **RATE)
    province_growth = models.DecimalField(_("全省增速（%）"), **RATE)
    target_growth = models.DecimalField(_("年度目标增速（%）"), **RATE)
    target_value = models.DecimalField(_("年度目标总量"), **FIGURE)
    rank = models.PositiveSmallIntegerField(_("全市位次"), null=True, blank=True,
                                            validators=[MinValueValidator(1, message=_("位次从1开始。"))])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        ordering = ["year", "month", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["region", "indicator", "year", "month"],
                                               name="indicator_value_unique_period")]
        indexes = [models.Index(fields=["region", "year", "month"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_label}"

    @property
    def period_label(self) -> str:
        return f"{self.year}年{cumulative_label(self.month)}"


def cumulative_label(month: int) -> str:
    return f"1-{month}月" if month > 1 else "1月"
