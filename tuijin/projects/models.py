from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core.validators import normalise_code, validate_project_code
from tuijin.org.models import Department, Enterprise, Person, Region

from .lifecycle import WATCHED_FOR, Stage
from .preparation import PrepItem, PrepStatus

MONEY = {"max_digits": 18, "decimal_places": 4}
NON_NEGATIVE = [MinValueValidator(0, message=_("金额不能为负数。"))]


class Category(models.Model):
    """产业 / 基础设施 / 民生 …, configurable, each with the milestone plan new projects start from."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    milestone_template = models.JSONField(_("节点模板"), default=list, blank=True,
                                          help_text=_("新项目默认的节点名称，按顺序。"))

    class Meta:
        verbose_name = _("项目类别")
        verbose_name_plural = _("项目类别")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Nature(models.TextChoices):
    NEW = "new", _("新建")
    EXPANSION = "expansion", _("扩建")
    RECONSTRUCTION = "reconstruction", _("改建")
    TECH = "tech", _("技改")
    RELOCATION = "relocation", _("迁建")


class PlanningField(models.TextChoices):
    """The fields the seed plans projects in (谋划领域)."""

    INNOVATION = "innovation", _("创新能力提升")
    TRADITIONAL_INFRA = "traditional_infra", _("传统基础设施")
    NEW_INFRA = "new_infra", _("新型基础设施")
    INDUSTRY = "industry", _("产业转型发展")
    LIVELIHOOD = "livelihood", _("民生和社会事业改善")


class Project(models.Model):
    code = models.CharField(_("项目代码"), max_length=32, null=True, blank=True, unique=True,
                            validators=[validate_project_code])
    name = models.CharField(_("项目名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    description = models.TextField(_("项目简介"), blank=True)
    nature = models.CharField(_("建设性质"), max_length=20, choices=Nature.choices, default=Nature.NEW)
    category = models.ForeignKey(Category, verbose_name=_("项目类别"), on_delete=models.PROTECT, related_name="projects")
    planning_field = models.CharField(_("谋划领域"), max_length=20, choices=PlanningField.choices, blank=True)
    industry = models.CharField(_("所属行业"), max_length=100, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="projects")
    address = models.CharField(_("建设地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    owner = models.ForeignKey(Enterprise, verbose_name=_("项目单位"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="projects")
    scale = models.TextField(_("建设内容及规模"), blank=True)

    planned_start = models.DateField(_("计划开工"), null=True, blank=True)
    planned_end = models.DateField(_("计划竣工"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工"), null=True, blank=True)
    actual_end = models.DateField(_("实际建成"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)

    total_investment = models.DecimalField(_("总投资（万元）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    invest_fiscal = models.DecimalField(_("财政资金（万元）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    invest_bond = models.DecimalField(_("专项债（万元）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    invest_self = models.DecimalField(_("企业自筹（万元）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    invest_loan = models.DecimalField(_("银行贷款（万元）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    invest_other = models.DecimalField(_("其他（万元）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    designed_output = models.DecimalField(_("预计新增产值（万元/年）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    completed_before_tracking = models.DecimalField(
        _("纳入调度前累计完成投资（万元）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE,
        help_text=_("开工以来、第一次调度之前已完成的投资；此后的累计由各期调度报告相加得出。"))
    actual_output = models.DecimalField(_("实际产值（万元/年）"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE)

    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.PLANNING, db_index=True)
    stage_before_suspension = models.CharField(max_length=20, choices=Stage.choices, blank=True, editable=False)
    stage_reason = models.TextField(_("阶段说明"), blank=True)

    # 五个一: one leader, one lead department and team, one plan.
    leader = models.ForeignKey(Person, verbose_name=_("责任领导"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="led_projects")
    lead_department = models.ForeignKey(Department, verbose_name=_("牵头单位"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="led_projects")
    co_departments = models.ManyToManyField(Department, verbose_name=_("配合单位"), blank=True,
                                            related_name="co_projects")
    team = models.ManyToManyField(Person, verbose_name=_("工作专班"), blank=True, related_name="team_projects")
    plan_document = models.FileField(_("推进方案"), upload_to="plans/%Y/", blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "stage"]), models.Index(fields=["lead_department", "stage"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.code:
            self.code = normalise_code(self.code)
        else:
            self.code = None
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("计划竣工日期不能早于计划开工日期。")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("实际建成日期不能早于实际开工日期。")
        split = [getattr(self, f) for f in INVESTMENT_SPLIT if getattr(self, f) is not None]
        if split and self.total_investment is not None and sum(split) > self.total_investment:
            errors["total_investment"] = _("资金构成合计（%(s)s万元）超过总投资（%(t)s万元）。") % {
                "s": f"{sum(split):,.2f}", "t": f"{self.total_investment:,.2f}"}
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("经纬度须同时填写或同时留空。")
        if errors:
            raise ValidationError(errors)

    def region_chain(self):
        """This project's region and those above it: whose lists, people and departments apply to it."""
        return Region.objects.filter(pk__in=self.region_chain_ids())

    def region_chain_ids(self) -> list[int]:
        """The ids of region_chain(), read off the region's path."""
        return [int(pk) for pk in self.region.path.strip("/").split("/")]

    @property
    def watched_for(self) -> str:
        return WATCHED_FOR[Stage(self.stage)]

    @property
    def is_started(self) -> bool:
        return self.actual_start is not None


INVESTMENT_SPLIT = ["invest_fiscal", "invest_bond", "invest_self", "invest_loan", "invest_other"]


class ProgrammeList(models.Model):
    """A named list for a year, e.g. 2025年区定“三十工程”; a project may be on several."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家")
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        DISTRICT = "district", _("区")

    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveIntegerField(_("年度"))
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="lists")
    projects = models.ManyToManyField(Project, through="ListMembership", related_name="lists")

    class Meta:
        verbose_name = _("项目清单")
        verbose_name_plural = _("项目清单")
        ordering = ["-year", "level", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "name"], name="list_unique_name")]

    def __str__(self) -> str:
        return self.name


class ListMembership(models.Model):
    programme = models.ForeignKey(ProgrammeList, verbose_name=_("清单"), on_delete=models.CASCADE,
                                  related_name="memberships")
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="memberships")
    annual_plan = models.DecimalField(_("年度计划投资（万元）"), **MONEY, default=0, validators=NON_NEGATIVE)

    class Meta:
        verbose_name = _("清单项目")
        verbose_name_plural = _("清单项目")
        constraints = [models.UniqueConstraint(fields=["programme", "project"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.programme} · {self.project}"


class Milestone(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("计划中")
        MET = "met", _("已完成")
        NOT_MET = "not_met", _("未完成")
        PARTIAL = "partial", _("部分完成")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveIntegerField(_("序号"), default=0)
    name = models.CharField(_("节点"), max_length=100)
    planned_date = models.DateField(_("计划日期"), null=True, blank=True)
    actual_date = models.DateField(_("实际日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["project", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Preparation(models.Model):
    """One 前期 item of one project (see preparation.py for the items and the maturity rules)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="preparations")
    item = models.CharField(_("事项"), max_length=20, choices=PrepItem.choices)
    status = models.CharField(_("状态"), max_length=10, choices=PrepStatus.choices, default=PrepStatus.TODO)
    done_on = models.DateField(_("办结日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("前期事项")
        verbose_name_plural = _("前期事项")
        constraints = [models.UniqueConstraint(fields=["project", "item"], name="preparation_unique_item")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_item_display()}"

