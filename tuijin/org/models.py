from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core.roles import Role
from tuijin.core.validators import normalise_code, validate_credit_code


class Region(models.Model):
    """Province → city → county/district/zone. `path` ("/1/4/9/") makes "this region and below" one query."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县区")
        ZONE = "zone", _("开发区")

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def subtree(self):
        return Region.objects.filter(path__startswith=self.path)


class Department(models.Model):
    """A zone bureau (责任单位) or the project office itself."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="departments")
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="department_unique_name_in_region")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(models.Model):
    """Leaders and team members named on projects (五个一). Leaders are known by their title."""

    name = models.CharField(_("姓名或称谓"), max_length=50)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("所在部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="people")
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="people")
    is_leader = models.BooleanField(_("区领导"), default=False)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """An owner unit (项目单位): a company, or a public body building public works."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("企业")
        PUBLIC = "public", _("机关事业单位")
        PLATFORM = "platform", _("平台公司")

    name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, null=True, blank=True, unique=True,
                                   validators=[validate_credit_code])
    kind = models.CharField(_("单位类型"), max_length=10, choices=Kind.choices, default=Kind.COMPANY)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="enterprises")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="enterprise_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None):
        # Normalise before the length and uniqueness checks: " 91…y43" from a sheet is a valid 18-character code.
        self.credit_code = normalise_code(self.credit_code) or None
        super().clean_fields(exclude=exclude)


class User(AbstractUser):
    """A login. Its role and scope decide every page and every write (see tuijin.core.scope)."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(Region, verbose_name=_("管辖区域"), null=True, blank=True, on_delete=models.PROTECT,
                               help_text=_("项目办和领导只看本区域及下级区域的项目；留空为全部。"))
    department = models.ForeignKey(Department, verbose_name=_("所在部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="users")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("所属单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="users")
    person = models.ForeignKey(Person, verbose_name=_("对应领导"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="users", help_text=_("领导账号对应的人员，用于“我的项目”。"))
    must_change_password = models.BooleanField(_("须修改密码"), default=False,
                                               help_text=_("新账号和被重置密码的账号在下次登录时必须先修改密码。"))

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def clean(self):
        super().clean()
        if self.role == Role.OWNER and not self.enterprise_id:
            raise ValidationError({"enterprise": _("项目单位账号必须指定所属单位。")})
        if self.role == Role.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("责任单位账号必须指定所在部门。")})

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""
