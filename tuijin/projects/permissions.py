"""Who may do what to a project. Views and services both ask here; nothing else decides it.

- owner: sees and edits its own enterprise's projects (facts, milestones, 前期), nothing else;
- department: sees projects it leads or co-leads; edits and moves those it leads;
- coordinator: sees, creates, edits and moves every project in its region; keeps the lists;
- leader: sees every project in its region, changes nothing;
- auditor, admin: no business data.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tuijin.core.roles import Role


def _in_region(user, project) -> bool:
    return user.region_id is None or project.region.path.startswith(user.region.path)


def can_view(user, project) -> bool:
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return _in_region(user, project)
        case Role.DEPARTMENT:
            return project.lead_department_id == user.department_id or project.co_departments.filter(
                pk=user.department_id).exists()
        case Role.OWNER:
            return project.owner_id is not None and project.owner_id == user.enterprise_id
    return False


def can_create(user) -> bool:
    return user.role in {Role.COORDINATOR, Role.DEPARTMENT}


def can_edit(user, project) -> bool:
    match user.role:
        case Role.COORDINATOR:
            return _in_region(user, project)
        case Role.DEPARTMENT:
            return project.lead_department_id is not None and project.lead_department_id == user.department_id
        case Role.OWNER:
            return project.owner_id is not None and project.owner_id == user.enterprise_id
    return False


def can_manage(user, project) -> bool:
    """Stage moves and the 五个一 team: the project office and the lead department."""
    return user.role in {Role.COORDINATOR, Role.DEPARTMENT} and can_edit(user, project)


def can_keep_lists(user) -> bool:
    return user.role == Role.COORDINATOR


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("您没有权限进行此操作。"))
