"""招商线索 and what hangs off them: the contact log, 五个一 tasks, signings and funds in place."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core.validators import normalise_code, validate_credit_code
from tuijin.org.models import Department, Enterprise, Person, Region
from tuijin.projects.models import Project

from .stages import LeadStage

MONEY = {"max_digits": 18, "decimal_places": 4}
POSITIVE = [MinValueValidator(0, message=_("金额不能为负数。"))]


class IndustrialChain(models.Model):
    """The zone's industrial chains a lead may strengthen (汽车零部件, 新材料 …), kept by the admin."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class LeadSource(models.TextChoices):
    BY_BUSINESS = "by_business", _("以商招商")
    RESIDENT = "resident", _("驻地招商")
    EXPO = "expo", _("展会")
    AGENCY = "agency", _("中介")
    WALK_IN = "walk_in", _("上门")
    OTHER = "other", _("其他")


class Lead(models.Model):
    name = models.CharField(_("项目名称"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="leads")
    source = models.CharField(_("线索来源"), max_length=20, choices=LeadSource.choices)
    received_on = models.DateField(_("登记日期"))
    investor = models.ForeignKey(Enterprise, verbose_name=_("投资方（已登记单位）"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="leads")
    investor_name = models.CharField(_("投资方"), max_length=200, blank=True,
                                     help_text=_("投资方尚未登记为单位时填写名称。"))
    investor_credit_code = models.CharField(_("投资方统一社会信用代码"), max_length=18, blank=True,
                                            validators=[validate_credit_code])
    industry = models.CharField(_("所属行业"), max_length=100, blank=True)
    chain = models.ForeignKey(IndustrialChain, verbose_name=_("强链补链（产业链）"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="leads")
    intended_investment = models.DecimalField(_("意向投资（万元）"), **MONEY, null=True, blank=True,
                                              validators=POSITIVE)
    contact_person = models.CharField(_("对接人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    summary = models.TextField(_("项目概况"), blank=True)

    stage = models.CharField(_("阶段"), max_length=20, choices=LeadStage.choices, default=LeadStage.CLUE,
                             db_index=True)
    stage_reason = models.TextField(_("阶段说明"), blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    next_action = models.CharField(_("下一步工作"), max_length=200, blank=True)
    next_action_due = models.DateField(_("完成时限"), null=True, blank=True)

    # 五个一: one project, one leader, one team, one plan, followed to the end.
    is_major = models.BooleanField(_("重大招商项目"), default=False)
    department = models.ForeignKey(Department, verbose_name=_("责任单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="leads")
    leader = models.ForeignKey(Person, verbose_name=_("分包领导"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="led_leads")
    team_people = models.ManyToManyField(Person, verbose_name=_("工作专班成员"), blank=True, related_name="team_leads")
    team_departments = models.ManyToManyField(Department, verbose_name=_("专班配合单位"), blank=True,
                                              related_name="team_leads")
    plan = models.TextField(_("推进方案"), blank=True)

    project = models.OneToOneField(Project, verbose_name=_("转入的项目"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="promotion_lead")

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        ordering = ["-id"]
        indexes = [models.Index(fields=["region", "stage"]), models.Index(fields=["department", "stage"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        self.investor_credit_code = normalise_code(self.investor_credit_code)
        if not self.investor_id and not self.investor_name.strip():
            errors["investor_name"] = _("请选择已登记的投资方单位，或填写投资方名称。")
        if self.investor_id and self.investor_credit_code and self.investor.credit_code \
                and self.investor.credit_code != self.investor_credit_code:
            errors["investor_credit_code"] = _("统一社会信用代码与所选单位登记的“%(c)s”不一致。") % {
                "c": self.investor.credit_code}
        if self.is_major and not self.leader_id:
            errors["leader"] = _("重大招商项目须明确一名分包领导（五个一）。")
        if errors:
            raise ValidationError(errors)

    @property
    def investor_label(self) -> str:
        return self.investor.name if self.investor_id else self.investor_name


class ContactLog(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("走访")
        TALK = "talk", _("洽谈")
        INSPECTION = "inspection", _("实地考察")
        OTHER = "other", _("其他")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("方式"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("日期"))
    note = models.TextField(_("情况"))
    who = models.CharField(_("参加人员"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("对接记录")
        verbose_name_plural = _("对接记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["lead", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class LeadTask(models.Model):
    """One line of a lead's 任务清单 (what must be done) or 责任清单 (who answers for what)."""

    class Kind(models.TextChoices):
        TASK = "task", _("任务清单")
        DUTY = "duty", _("责任清单")

    class Status(models.TextChoices):
        TODO = "todo", _("未开始")
        DOING = "doing", _("推进中")
        DONE = "done", _("已完成")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("清单"), max_length=6, choices=Kind.choices)
    title = models.CharField(_("事项"), max_length=200)
    owner_person = models.ForeignKey(Person, verbose_name=_("责任人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="lead_tasks")
    owner_department = models.ForeignKey(Department, verbose_name=_("责任单位"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="lead_tasks")
    due = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=6, choices=Status.choices, default=Status.TODO)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["kind", "due", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_label(self) -> str:
        return " · ".join(str(x) for x in (self.owner_department, self.owner_person) if x)


class Signing(models.Model):
    """A signed contract. How it counts is decided in counting.py, nowhere else."""

    class Kind(models.TextChoices):
        NEW = "new", _("新签")
        INCREASE = "increase", _("增资")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="signings")
    kind = models.CharField(_("签约类型"), max_length=8, choices=Kind.choices, default=Kind.NEW)
    signed_on = models.DateField(_("签约日期"))
    contract_amount = models.DecimalField(_("合同投资额（万元）"), **MONEY, validators=POSITIVE)
    increase_amount = models.DecimalField(_("其中新增投资（万元）"), **MONEY, null=True, blank=True,
                                          validators=POSITIVE, help_text=_("增资时填写：只有新增部分计入签约额。"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("签约")
        verbose_name_plural = _("签约")
        ordering = ["signed_on", "id"]
        indexes = [models.Index(fields=["signed_on"])]

    def __str__(self) -> str:
        return f"{self.lead} {self.signed_on}"


class FundEntry(models.Model):
    """Money an investor has put in place (到位资金) by a date; the total is the sum of the entries."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="funds")
    date = models.DateField(_("到位日期"))
    amount = models.DecimalField(_("到位资金（万元）"), **MONEY, validators=POSITIVE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("到位资金")
        verbose_name_plural = _("到位资金")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.lead} {self.date}"
