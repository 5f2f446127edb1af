"""Who does what in the dispatch cycle.

- the owner and the lead department fill a project's report;
- the lead department (or the project office) approves or returns it;
- the project office opens and closes periods, corrects closed figures, imports sheets, issues bulletins;
- a problem is worked by the department it is handed to; the project office hands over and escalates.
"""

from tuijin.core.roles import Role
from tuijin.projects import permissions as project_permissions


def can_run_periods(user) -> bool:
    return user.role == Role.COORDINATOR


def can_run_period(user, period) -> bool:
    """Close (or otherwise run) one period: the project office of the period's region or a region above it."""
    return can_run_periods(user) and (user.region_id is None or period.region.path.startswith(user.region.path))


def can_export_sheet(user) -> bool:
    """The whole zone's 调度表: the project office and the leaders."""
    return user.role in {Role.COORDINATOR, Role.LEADER}


def can_fill(user, project) -> bool:
    if user.role == Role.OWNER:
        return project.owner_id is not None and project.owner_id == user.enterprise_id
    if user.role == Role.DEPARTMENT:
        return project.lead_department_id is not None and project.lead_department_id == user.department_id
    return False


def can_review(user, project) -> bool:
    if user.role == Role.COORDINATOR:
        return project_permissions.can_view(user, project)
    return user.role == Role.DEPARTMENT and project.lead_department_id == user.department_id


def can_work_problem(user, problem) -> bool:
    """Record progress on and close a problem: the department it is handed to, or the project office."""
    if user.role == Role.COORDINATOR:
        return project_permissions.can_view(user, problem.project)
    return user.role == Role.DEPARTMENT and problem.department_id == user.department_id


def can_direct_problem(user, problem) -> bool:
    """Hand over, re-assign and escalate: the project office."""
    return user.role == Role.COORDINATOR and project_permissions.can_view(user, problem.project)


def can_raise_problem(user, project) -> bool:
    return can_fill(user, project) or can_review(user, project)
