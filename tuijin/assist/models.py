"""Enterprise services (助企): who the enterprises are (规上/规下, industry), what was done for them (policy
awards paid, financing, other help) and what they asked for (demands, worked through the shared closed loop).

Financing through the 小微企业融资协调机制 reaches thousands of market entities a quarter (1930余家), most of
them not registered here: it is recorded as batch records with counts (entities, loans, amount), not one row
per entity. A 房地产融资白名单 record is one project with its loans."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core.loop import ClosedLoopItem
from tuijin.org.models import Department, Enterprise, Region

MONEY = {"max_digits": 18, "decimal_places": 4}


class EnterpriseProfile(models.Model):
    """What the services need to know of an enterprise beyond the organisation registry."""

    class Scale(models.TextChoices):
        ABOVE = "above", _("规上")
        BELOW = "below", _("规下")

    enterprise = models.OneToOneField(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                      related_name="assist_profile")
    scale = models.CharField(_("规模"), max_length=8, choices=Scale.choices, blank=True)
    industry = models.CharField(_("所属行业"), max_length=50, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("企业服务档案")
        verbose_name_plural = _("企业服务档案")

    def __str__(self) -> str:
        return str(self.enterprise)


class Recorded(models.Model):
    """Who recorded a service, and for which department: a department sees what it recorded."""

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("服务单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PolicyAward(Recorded):
    """惠企政策兑现: one enterprise's award under one policy, paid in a batch (满负荷生产奖励, 一季度)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    policy = models.CharField(_("政策"), max_length=60)
    amount = models.DecimalField(_("兑现金额（万元）"), **MONEY,
                                 validators=[MinValueValidator(0, message=_("金额不能为负数。"))])
    batch = models.CharField(_("批次"), max_length=40, help_text=_("如：一季度"))
    paid_on = models.DateField(_("兑现日期"))

    class Meta:
        verbose_name = _("惠企政策兑现")
        verbose_name_plural = _("惠企政策兑现")
        ordering = ["-paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.policy} {self.batch}"


class Financing(Recorded):
    class Kind(models.TextChoices):
        MICRO = "micro", _("小微企业融资协调机制")
        WHITELIST = "whitelist", _("房地产融资白名单")

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("投放日期"))
    entities = models.PositiveIntegerField(_("市场主体（项目）数"))
    loans = models.PositiveIntegerField(_("贷款笔数"), null=True, blank=True)
    amount = models.DecimalField(_("贷款金额（万元）"), **MONEY,
                                 validators=[MinValueValidator(0, message=_("金额不能为负数。"))])
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    project_name = models.CharField(_("项目名称"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("融资服务")
        verbose_name_plural = _("融资服务")
        ordering = ["-on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"


class ServiceRecord(Recorded):
    """Other help: 要素保障, 不动产证办理 …"""

    class Kind(models.TextChoices):
        FACTORS = "factors", _("要素保障")
        PROPERTY = "property", _("不动产证办理")
        POLICY = "policy", _("政策宣传")
        OTHER = "other", _("其他帮办")

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("服务内容"))
    outcome = models.TextField(_("成效"), blank=True)
    on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("帮办服务")
        verbose_name_plural = _("帮办服务")
        ordering = ["-on", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"


class Demand(ClosedLoopItem):
    """企业诉求: received, handed to a department with a deadline, answered, closed, rated by the enterprise."""

    class Kind(models.TextChoices):
        FACTORS = "factors", _("生产要素")
        FINANCING = "financing", _("融资")
        PROPERTY = "property", _("不动产证")
        APPROVAL = "approval", _("审批手续")
        POLICY = "policy", _("政策兑现")
        OTHER = "other", _("其他")

    class Satisfaction(models.IntegerChoices):
        SATISFIED = 3, _("满意")
        FAIR = 2, _("基本满意")
        UNSATISFIED = 1, _("不满意")

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("诉求类型"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("诉求内容"))
    received_on = models.DateField(_("受理日期"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), choices=Satisfaction.choices, null=True,
                                                    blank=True)
    satisfaction_note = models.CharField(_("评价意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.description[:30]}"
