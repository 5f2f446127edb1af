"""Who reads and issues leaders' briefs: a leader reads their own; the project office reads and issues those
of every leader of its region; nobody else (auditor and admin see no business data)."""

from tuijin.core.roles import Role


def in_region(user, person) -> bool:
    return user.region_id is None or person.region.path.startswith(user.region.path)


def can_read(user, person) -> bool:
    if user.role == Role.LEADER:
        return user.person_id is not None and user.person_id == person.pk
    return user.role == Role.COORDINATOR and in_region(user, person)


def can_issue(user, person) -> bool:
    return user.role == Role.COORDINATOR and in_region(user, person)
