"""Who does what with key tasks.

- the project office (coordinator; in practice also the 督查 office) keeps the list of its region: creates
  and edits tasks and their sub-steps, hands them over, escalates, issues 督办 notices, closes and reopens;
- the 责任单位 (lead department) works its tasks: progress updates, sub-steps done; a 配合单位 reads them;
- leaders read every task of their region (their own under “我牵头的”); they change nothing;
- owners (enterprises) have no part in the administration's own key work: 403; auditor and admin: 403.
"""

from tuijin.core.roles import Role

READERS = {Role.COORDINATOR, Role.LEADER, Role.DEPARTMENT}


def can_read_tasks(user) -> bool:
    return user.role in READERS


def can_keep(user, region=None) -> bool:
    """Create tasks (in `region`, when given) and direct them."""
    if user.role != Role.COORDINATOR:
        return False
    return region is None or user.region_id is None or region.path.startswith(user.region.path)


def can_direct(user, task) -> bool:
    return can_keep(user, task.region)


def can_work(user, task) -> bool:
    """Record progress and mark sub-steps done: the lead department, or the project office."""
    if user.role == Role.DEPARTMENT:
        return task.department_id is not None and task.department_id == user.department_id
    return can_direct(user, task)
