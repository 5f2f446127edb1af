"""The six roles of DESIGN.md and what each may do, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("项目单位")
    DEPARTMENT = "department", _("责任单位")
    COORDINATOR = "coordinator", _("项目办")
    LEADER = "leader", _("领导")
    AUDITOR = "auditor", _("审计员")
    ADMIN = "admin", _("系统管理员")


# Roles that see business data at all; auditor and admin see the audit trail and accounts instead.
BUSINESS_ROLES = {Role.OWNER, Role.DEPARTMENT, Role.COORDINATOR, Role.LEADER}
# Roles that may see every project in their region (the others are limited to their own).
REGION_WIDE_ROLES = {Role.COORDINATOR, Role.LEADER}
