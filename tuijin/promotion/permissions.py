"""Who may see and change 招商线索. Views and services both ask here; nothing else decides it.

- coordinator: sees, creates and edits every lead in its region and below; imports ledgers;
- leader: sees every lead in its region and below, changes nothing;
- department: sees the leads it is responsible for or is on the team of; edits those it is responsible for;
- owner, auditor, admin: no 招商 pages at all (403).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tuijin.core.roles import Role

PROMOTION_ROLES = {Role.COORDINATOR, Role.LEADER, Role.DEPARTMENT}


def uses_promotion(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in PROMOTION_ROLES


def _in_region(user, lead) -> bool:
    return user.region_id is None or lead.region.path.startswith(user.region.path)


def can_create(user) -> bool:
    return user.role == Role.COORDINATOR


def can_edit(user, lead) -> bool:
    match user.role:
        case Role.COORDINATOR:
            return _in_region(user, lead)
        case Role.DEPARTMENT:
            return lead.department_id is not None and lead.department_id == user.department_id
    return False


def can_import(user) -> bool:
    return user.role == Role.COORDINATOR


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("您没有权限进行此操作。"))
