"""Who does what with hazards.

- the project office (coordinator) runs the work in its region: campaigns, inspections, hazards, handing
  over, escalating, 挂牌督办, letters, acceptance (验收销号) and returning a failed rectification;
- the department a hazard is handed to works it: the plan (五落实), progress, reporting it rectified;
- the owner whose enterprise or project the hazard was found at reads it and may report it rectified;
- leaders read their region; auditor and admin see none of it.
What each may *see* is `selectors.visible_hazards`; these answer what each may *do* with one they see.
"""

from tuijin.core.roles import Role


def _in_region(user, region) -> bool:
    return user.region_id is None or region.path.startswith(user.region.path)


def can_run(user, region=None) -> bool:
    """Record campaigns, inspections and hazards (in `region`, when given)."""
    return user.role == Role.COORDINATOR and (region is None or _in_region(user, region))


def can_direct(user, hazard) -> bool:
    """Hand over, escalate, list for supervision, accept, return, reopen, issue letters."""
    return can_run(user, hazard.inspection.region)


def _found_at_own(user, hazard) -> bool:
    inspection = hazard.inspection
    if not user.enterprise_id:
        return False
    if inspection.enterprise_id == user.enterprise_id:
        return True
    return inspection.project_id is not None and inspection.project.owner_id == user.enterprise_id


def can_work(user, hazard) -> bool:
    """File the plan and record progress: the department it is handed to, or the project office."""
    if user.role == Role.DEPARTMENT:
        return hazard.department_id is not None and hazard.department_id == user.department_id
    return can_direct(user, hazard)


def can_report_rectified(user, hazard) -> bool:
    """Report the rectification done: whoever works it, and the owner where it was found."""
    if user.role == Role.OWNER:
        return _found_at_own(user, hazard)
    return can_work(user, hazard)


def can_add_photos(user, hazard) -> bool:
    return can_report_rectified(user, hazard)
