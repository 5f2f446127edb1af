"""Who may read and write indicators: the project office writes and imports; leaders and departments
read; owners (enterprises) do not see the zone's statistics; auditor and admin see no business data."""

from tuijin.core.roles import Role

READERS = {Role.COORDINATOR, Role.LEADER, Role.DEPARTMENT}


def can_read(user) -> bool:
    return user.role in READERS


def can_write(user) -> bool:
    return user.role == Role.COORDINATOR


def can_write_region(user, region) -> bool:
    """Figures of the office's own region or a region below it."""
    return can_write(user) and (user.region_id is None or region.path.startswith(user.region.path))
