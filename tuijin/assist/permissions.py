"""Who does what in enterprise services.

- coordinator: everything in its region — profiles, awards, financing, other help, demands (raise on an
  enterprise's behalf, hand over, escalate, reopen, and work them);
- leader: reads its region;
- department: records other help; sees the demands handed to it (and works them) and what it recorded;
- owner (an enterprise's account): raises demands for its own enterprise, sees its own demands and
  services, and rates a closed demand (the office records the rating of an enterprise without an account);
- auditor, admin: no business data."""

from tuijin.core.loop import OPEN_STATUSES
from tuijin.core.roles import Role


def in_region(user, region) -> bool:
    return user.region_id is None or region.path.startswith(user.region.path)


def can_keep_records(user) -> bool:
    """Profiles, awards, financing: the project office."""
    return user.role == Role.COORDINATOR


def can_record_help(user) -> bool:
    return user.role in {Role.COORDINATOR, Role.DEPARTMENT}


def can_raise_demand(user, enterprise) -> bool:
    if user.role == Role.OWNER:
        return enterprise.pk == user.enterprise_id
    return user.role == Role.COORDINATOR and in_region(user, enterprise.region)


def may_raise_demands(user) -> bool:
    """Whether the role raises demands at all (an enterprise for itself, the office on one's behalf)."""
    return user.role in {Role.OWNER, Role.COORDINATOR}


def can_direct_demand(user, demand) -> bool:
    """Hand over, escalate, reopen: the project office of the enterprise's region."""
    return user.role == Role.COORDINATOR and in_region(user, demand.enterprise.region)


def can_work_demand(user, demand) -> bool:
    """Record progress and close: the department it is handed to, or the project office."""
    if user.role == Role.DEPARTMENT:
        return demand.department_id is not None and demand.department_id == user.department_id
    return can_direct_demand(user, demand)


def can_rate_demand(user, demand) -> bool:
    """The enterprise itself, or the project office recording its answer on a return visit (回访)."""
    if user.role == Role.OWNER:
        return demand.enterprise_id == user.enterprise_id
    return user.role == Role.COORDINATOR and in_region(user, demand.enterprise.region)


def may_rate_now(user, demand) -> bool:
    return can_rate_demand(user, demand) and demand.status not in OPEN_STATUSES and demand.satisfaction is None
