"""Who may see and change funding applications. Views and services both ask here.

- coordinator, leader: every application of a project in their region (the leader only reads);
- department: the applications of the projects it leads, and writes them;
- owner: its own projects' applications, read only;
- auditor, admin: nothing (403).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tuijin.core.roles import Role


def _in_region(user, project) -> bool:
    return user.region_id is None or project.region.path.startswith(user.region.path)


def can_view_project(user, project) -> bool:
    match user.role:
        case Role.COORDINATOR | Role.LEADER:
            return _in_region(user, project)
        case Role.DEPARTMENT:
            return project.lead_department_id is not None and project.lead_department_id == user.department_id
        case Role.OWNER:
            return project.owner_id is not None and project.owner_id == user.enterprise_id
    return False


def can_write(user, project) -> bool:
    """Create, edit and move applications: the project office of the region and the project's lead department."""
    match user.role:
        case Role.COORDINATOR:
            return _in_region(user, project)
        case Role.DEPARTMENT:
            return project.lead_department_id is not None and project.lead_department_id == user.department_id
    return False


def can_create_any(user) -> bool:
    return user.role in {Role.COORDINATOR, Role.DEPARTMENT}


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("您没有权限进行此操作。"))
