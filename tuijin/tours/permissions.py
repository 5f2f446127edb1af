"""Who does what with a tour.

- the project office (coordinator) plans a tour of its region, edits its sheet, stops and observers, closes it;
- an observer (any business user named on the tour) scores the stops on their own sheet, nothing else;
- the coordinator and the leaders of the region see the results and export them;
- auditor and admin see nothing of it.
"""

from tuijin.core.roles import BUSINESS_ROLES, REGION_WIDE_ROLES, Role


def in_region(user, tour) -> bool:
    return user.region_id is None or tour.region.path.startswith(user.region.path)


def can_plan(user) -> bool:
    return user.role == Role.COORDINATOR


def can_manage(user, tour) -> bool:
    return can_plan(user) and in_region(user, tour)


def can_see_results(user, tour) -> bool:
    return user.role in REGION_WIDE_ROLES and in_region(user, tour)


def is_observer(user, tour) -> bool:
    return user.role in BUSINESS_ROLES and tour.observers.filter(pk=user.pk).exists()
