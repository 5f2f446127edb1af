"""Every write to a project goes through one of these: keyword-only, atomic, checked, and audited."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.batch import Refused
from tuijin.core.validators import normalise_code

from . import permissions
from .lifecycle import Stage, TransitionFacts, transition_problems
from .models import ListMembership, Milestone, Preparation, ProgrammeList, Project
from .preparation import PrepItem, PrepStatus

# The facts of a project anyone allowed to edit it may change; stage, team and lists have their own services.
EDITABLE_FIELDS = [
    "code", "name", "short_name", "description", "nature", "category", "planning_field", "industry", "region",
    "address", "latitude", "longitude", "owner", "scale", "planned_start", "planned_end", "signed_on",
    "total_investment", "invest_fiscal", "invest_bond", "invest_self", "invest_loan", "invest_other",
    "designed_output", "actual_output", "completed_before_tracking",
]
# The foreign keys a snapshot reads, and the scope check after it (the owner's region): fetched with the row.
SNAPSHOT_RELATIONS = (*(f.name for f in Project._meta.concrete_fields if f.is_relation and f.name in EDITABLE_FIELDS),
                      "owner__region")
# On creation the office also names the leader and lead department (五个一); later changes go through
# project_assign_team so that each change of hands is its own event.
CREATE_FIELDS = [*EDITABLE_FIELDS, "leader", "lead_department"]
# What an owner may not change on its own project: who owns it and where it is counted.
OWNER_LOCKED_FIELDS = {"owner", "region", "category", "code"}


def snapshot(project: Project, fields=EDITABLE_FIELDS) -> dict:
    return {name: getattr(project, name) for name in fields}


def _check_scope(actor, project: Project) -> None:
    """A project may only be put where its creator can see it: inside the actor's region."""
    if actor.region_id and project.region_id and not project.region.path.startswith(actor.region.path):
        raise ValidationError({"region": _("所属区域不在您的管辖范围内。")})
    if project.owner_id and actor.region_id and not project.owner.region.path.startswith(actor.region.path):
        raise ValidationError({"owner": _("项目单位不在您的管辖范围内。")})


@transaction.atomic
def project_create(*, actor, data: dict, reason: str = "") -> Project:
    permissions.require(permissions.can_create(actor))
    project = _new_project(actor, data)
    project.full_clean()
    _check_new(actor, project)
    project.save()
    _start_plans([project])
    audit.record(actor=actor, action="project.create", target=project, project=project,
                 changes=audit.diff({}, snapshot(project, CREATE_FIELDS)), reason=reason)
    return project


def _new_project(actor, data: dict) -> Project:
    """The project `data` describes, as created (a department's own project is led by that department)."""
    project = Project(**{k: v for k, v in data.items() if k in CREATE_FIELDS})
    if actor.role == "department":
        project.lead_department_id = actor.department_id
    return project


def _check_new(actor, project: Project) -> None:
    """A new project's rules beyond its fields: in the actor's scope, led by a department of its region chain."""
    _check_scope(actor, project)
    if project.lead_department_id and project.lead_department.region_id not in project.region_chain_ids():
        raise ValidationError({"lead_department": _("牵头单位不属于项目所在区域。")})


def _start_plans(projects: list[Project]) -> None:
    """New projects get their category's milestone plan and an empty 前期 checklist."""
    # by id: setting the project instance costs more than the rest of each row (many rows per project)
    Milestone.objects.bulk_create(Milestone(project_id=project.pk, order=i, name=name) for project in projects
                                  for i, name in enumerate(project.category.milestone_template, 1))
    Preparation.objects.bulk_create(Preparation(project_id=project.pk, item=item) for project in projects
                                    for item in PrepItem)


@dataclass(frozen=True)
class NewProject:
    """One project of projects_create: what project_create takes, the leader and lead department
    project_assign_team would then give it (neither given: no hand-over), and the stage project_transition would
    then move it to ("" stays 谋划)."""

    data: dict
    leader: object = None
    lead_department: object = None
    to_stage: str = ""
    facts: TransitionFacts = field(default_factory=TransitionFacts)


RELATIONS = [f for f in Project._meta.concrete_fields if f.is_relation]


class _Checked(NamedTuple):
    """A new project checked and given its team and stage in memory: its facts as created, and the changes its
    team and stage events record (empty: no such event)."""

    project: Project
    created: dict
    team: dict
    moved: dict


@transaction.atomic
def projects_create(*, actor, items: list[NewProject], reason: str = "", today: date | None = None) -> list[Project]:
    """project_create, project_assign_team and project_transition for many new projects at once (an imported
    sheet's new rows): each project checked by the rules of the three, the projects, their milestone plans and
    前期 items written together, and the same audit events (created, team, stage) for each. Nothing is written if
    any project is refused (core.batch.Refused says which). Returns the projects as saved."""
    permissions.require(permissions.can_create(actor))
    today = today or timezone.localdate()
    projects = [_new_project(actor, item.data) for item in items]
    unknown = _unknown_relations(projects)
    taken = _taken_codes(projects)
    refused: dict[int, ValidationError] = {}
    checked: list[_Checked] = []
    for index, (item, project) in enumerate(zip(items, projects, strict=True)):
        try:
            checked.append(_checked_new(actor, project, item, today, unknown.get(index, {}), taken.get(index)))
        except ValidationError as error:
            refused[index] = error
    if refused:
        raise Refused(refused)
    permissions.require(all(permissions.can_manage(actor, one.project) for one in checked if one.team or one.moved))
    Project.objects.bulk_create(projects, batch_size=500)
    _start_plans(projects)
    audit.record_many(actor=actor, action="project.create", reason=reason,
                      events=[(one.project, one.project, audit.diff({}, one.created)) for one in checked])
    audit.record_many(actor=actor, action="project.team", reason=reason,
                      events=[(one.project, one.project, one.team) for one in checked if one.team])
    moves = [(item.facts.reason, one) for item, one in zip(items, checked, strict=True) if one.moved]
    for stage_reason in dict.fromkeys(why for why, _one in moves):  # a stage event carries its move's reason
        audit.record_many(actor=actor, action="project.stage", reason=stage_reason, events=[
            (one.project, one.project, one.moved) for why, one in moves if why == stage_reason])
    return projects


def check_new_project(*, actor, item: NewProject, today: date | None = None) -> None:
    """The rules projects_create applies to `item` that need no database (all but its foreign keys and its code's
    uniqueness): a caller gathering a batch checks each item as it comes (ValidationError if refused)."""
    _checked_new(actor, _new_project(actor, item.data), item, today or timezone.localdate())


def _checked_new(actor, project: Project, item: NewProject, today: date, unknown: dict | None = None,
                 taken: ValidationError | None = None) -> _Checked:
    """`project` built from `item`, checked by the rules of projects_create (ValidationError if refused).
    `unknown` and `taken`: what the batch's queries found."""
    errors: dict = {}
    try:
        # project_create's full_clean, but the foreign keys given and the code's uniqueness are asked of the
        # database once for the whole batch instead of a query per project and field (a missing one is still
        # full_clean's to refuse: that asks nothing of the database)
        project.full_clean(exclude=[f.name for f in RELATIONS if getattr(project, f.attname) is not None],
                           validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for name, error in (unknown or {}).items():
        errors.setdefault(name, []).append(error)
    if taken is not None and "code" not in errors:
        errors["code"] = [taken]
    if errors:
        raise ValidationError(errors)
    _check_new(actor, project)
    created = snapshot(project, CREATE_FIELDS)
    named = (getattr(item.leader, "pk", None), getattr(item.lead_department, "pk", None))
    hands_over = named != (None, None) and named != (project.leader_id, project.lead_department_id)
    team = _hand_over(actor, project, item.leader, item.lead_department) if hands_over else {}
    moved = _move(project, item.to_stage, item.facts, today) if item.to_stage else {}
    return _Checked(project, created, team, moved)


def _unknown_relations(projects: list[Project]) -> dict[int, dict[str, ValidationError]]:
    """For each project, the foreign keys naming no record, with the message full_clean gives: one query a field."""
    unknown: dict[int, dict[str, ValidationError]] = {}
    for relation in RELATIONS:
        wanted = {getattr(project, relation.attname) for project in projects} - {None}
        if not wanted:
            continue
        model = relation.remote_field.model
        found = set(model._base_manager.complex_filter(relation.get_limit_choices_to()).filter(
            pk__in=wanted).values_list("pk", flat=True))
        for index, project in enumerate(projects):
            value = getattr(project, relation.attname)
            if value is not None and value not in found:
                unknown.setdefault(index, {})[relation.name] = ValidationError(
                    relation.error_messages["invalid"], code="invalid",
                    params={"model": model._meta.verbose_name, "pk": value,
                            "field": relation.remote_field.field_name, "value": value})
    return unknown


def _taken_codes(projects: list[Project]) -> dict[int, ValidationError]:
    """Projects whose 项目代码 another project has (stored, or earlier in the batch): one query."""
    codes = [normalise_code(project.code) if project.code else "" for project in projects]
    stored = set(Project.objects.filter(code__in=set(codes) - {""}).values_list("code", flat=True))
    taken: dict[int, ValidationError] = {}
    seen: set[str] = set()
    for index, (project, code) in enumerate(zip(projects, codes, strict=True)):
        if code and (code in stored or code in seen):
            taken[index] = project.unique_error_message(Project, ("code",))
        seen.add(code)
    return taken


def _locked(project: Project, expected_version: int | None, *, related: tuple[str, ...] = ()) -> Project:
    """The project row, locked for this transaction, refused if someone saved it since the form was opened.
    Every edit of a project or its parts (team, milestones, 前期, lists, plan) bumps the one version.
    `related`: foreign keys read in the same query (only the project's own row is locked)."""
    project = Project.objects.select_for_update(of=("self",)).select_related(*related).get(pk=project.pk)
    if expected_version is not None and project.version != expected_version:
        raise ValidationError(_("保存未成功：此项目在您打开之后已被他人修改（当前版本 %(v)s）。请刷新页面查看最新内容后再改。")
                              % {"v": project.version}, code="stale")
    return project


def _bump(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(version=F("version") + 1)
    project.version += 1


def _edit(actor, project: Project, data: dict) -> dict:
    """Apply `data` to the locked `project` as an edit: the changes it makes, checked (none: {})."""
    before = snapshot(project)
    locked = OWNER_LOCKED_FIELDS if actor.role == "owner" else set()
    for name, value in data.items():
        if name in EDITABLE_FIELDS and name not in locked:
            setattr(project, name, value)
    changes = audit.diff(before, snapshot(project))
    if not changes:
        return changes
    # Fields this edit leaves alone were checked when they were saved: checking them again (a query for each
    # foreign key, another for the code's uniqueness) only slows an import; clean() still sees the whole row.
    project.full_clean(exclude=[f.name for f in Project._meta.concrete_fields if f.name not in changes])
    _check_scope(actor, project)
    project.version += 1
    return changes


@transaction.atomic
def project_update(*, actor, project: Project, data: dict, expected_version: int | None = None,
                   reason: str = "") -> Project:
    permissions.require(permissions.can_edit(actor, project))
    project = _locked(project, expected_version, related=SNAPSHOT_RELATIONS)
    changes = _edit(actor, project, data)
    if changes:
        project.save()
        audit.record(actor=actor, action="project.update", target=project, project=project, changes=changes,
                     reason=reason)
    return project


@transaction.atomic
def projects_update(*, actor, edits: list[tuple[Project, dict]], reason: str = "") -> list[Project]:
    """project_update for many projects at once (an imported sheet's opening balances): the rows locked and read
    in one query, each edit checked as project_update checks it, the changed ones written together. Nothing is
    written if any edit is refused (core.batch.Refused says which). Returns the projects as saved."""
    permissions.require(all(permissions.can_edit(actor, project) for project, _data in edits))
    ids = [project.pk for project, _data in edits]
    if len(set(ids)) != len(ids):
        raise ValueError("projects_update takes each project once")  # a caller's mistake, not the user's
    projects = Project.objects.select_for_update(of=("self",)).select_related(*SNAPSHOT_RELATIONS).in_bulk(ids)
    changed: dict[int, dict] = {}
    refused: dict[int, ValidationError] = {}
    for index, (project, data) in enumerate(edits):
        try:
            changes = _edit(actor, projects[project.pk], data)
        except ValidationError as error:
            refused[index] = error
            continue
        if changes:
            changed[project.pk] = changes
    if refused:
        raise Refused(refused)
    fields = {name for changes in changed.values() for name in changes}
    Project.objects.bulk_update([projects[pk] for pk in changed], [*fields, "version"], batch_size=500)
    audit.record_many(actor=actor, action="project.update", reason=reason,
                      events=[(projects[pk], projects[pk], changes) for pk, changes in changed.items()])
    return [projects[project.pk] for project, _data in edits]


@transaction.atomic
def project_transition(*, actor, project: Project, to_stage: str, facts: TransitionFacts,
                       today: date | None = None, expected_version: int | None = None) -> Project:
    permissions.require(permissions.can_manage(actor, project))
    project = _locked(project, expected_version)
    changes = _move(project, to_stage, facts, today or timezone.localdate())
    # a transition moves no foreign key: checking each again would cost a query apiece
    project.full_clean(exclude=[f.name for f in RELATIONS])
    project.save()
    audit.record(actor=actor, action="project.stage", target=project, project=project, changes=changes,
                 reason=facts.reason)
    return project


def _move(project: Project, to_stage: str, facts: TransitionFacts, today: date) -> dict:
    """Move `project` to `to_stage` with `facts`, in memory, if the lifecycle allows it: the changes."""
    if to_stage not in Stage.values:
        raise ValidationError({"stage": _("未知的阶段“%(s)s”。") % {"s": to_stage}})
    problems = transition_problems(project, to_stage, facts, today)
    if problems:
        raise ValidationError(problems)
    before = {"stage": project.stage, "actual_start": project.actual_start, "actual_end": project.actual_end,
              "actual_output": project.actual_output, "signed_on": project.signed_on}
    if to_stage == Stage.SUSPENDED:
        project.stage_before_suspension = project.stage
    elif project.stage == Stage.SUSPENDED:
        project.stage_before_suspension = ""
    for name in ("actual_start", "actual_end", "actual_output", "signed_on"):
        if getattr(facts, name) is not None:
            setattr(project, name, getattr(facts, name))
    project.stage = to_stage
    project.stage_reason = facts.reason
    project.version += 1
    changes = audit.diff(before, {key: getattr(project, key) for key in before})
    if facts.effective_by_decision:
        changes["effective_by_decision"] = [False, True]
    return changes


@transaction.atomic
def project_assign_team(*, actor, project: Project, leader, lead_department, co_departments, team,
                        reason: str = "", expected_version: int | None = None) -> Project:
    """五个一: change the responsible leader, lead department and team; the old ones stay in the timeline."""
    permissions.require(permissions.can_manage(actor, project))
    project = _locked(project, expected_version)
    changes = _hand_over(actor, project, leader, lead_department, list(co_departments), list(team),
                         before_co=list(project.co_departments.all()), before_team=list(project.team.all()))
    project.save()
    project.co_departments.set(co_departments)
    project.team.set(team)
    if changes:
        audit.record(actor=actor, action="project.team", target=project, project=project, changes=changes,
                     reason=reason)
    return project


def _hand_over(actor, project: Project, leader, lead_department, co_departments=(), team=(), *,
               before_co=(), before_team=()) -> dict:
    """Give `project` its leader and lead department (in memory; the co-departments and team are the caller's
    to set), if the rules allow it: the changes, from the co-departments and team it had."""
    if actor.role == "department" and getattr(lead_department, "pk", None) != project.lead_department_id:
        raise ValidationError({"lead_department": _("牵头单位的调整须由项目办办理。")})
    if lead_department is not None and lead_department in co_departments:
        raise ValidationError({"co_departments": _("牵头单位不必再列为配合单位。")})
    before = {"leader": project.leader, "lead_department": project.lead_department,
              "co_departments": sorted(str(d) for d in before_co), "team": sorted(str(p) for p in before_team)}
    project.leader = leader
    project.lead_department = lead_department
    project.version += 1
    after = {"leader": leader, "lead_department": lead_department,
             "co_departments": sorted(str(d) for d in co_departments), "team": sorted(str(p) for p in team)}
    return audit.diff(before, after)


@transaction.atomic
def project_attach_plan(*, actor, project: Project, document, reason: str = "") -> Project:
    permissions.require(permissions.can_manage(actor, project))
    project = _locked(project, None)
    _bump(project)
    old = project.plan_document.name
    project.plan_document = document
    project.save(update_fields=["plan_document", "updated_at"])
    audit.record(actor=actor, action="project.plan", target=project, project=project,
                 changes={"plan_document": [old, project.plan_document.name]}, reason=reason)
    return project


@transaction.atomic
def membership_set(*, actor, project: Project, programme: ProgrammeList, annual_plan: Decimal | None,
                   reason: str = "", expected_version: int | None = None) -> ListMembership | None:
    """Put a project on a list with its annual plan, change the plan, or (annual_plan None) take it off."""
    permissions.require(permissions.can_keep_lists(actor) and permissions.can_edit(actor, project))
    project = _locked(project, expected_version)
    if not project.region_chain().filter(pk=programme.region_id).exists():
        # A zone's project goes on its zone's, city's or province's lists, never on a sibling region's.
        raise ValidationError({"programme": _("“%(l)s”不是项目所在区域的清单。") % {"l": programme}})
    current = ListMembership.objects.filter(programme=programme, project=project).first()
    old = current.annual_plan if current else None
    if annual_plan is None:
        if current:
            current.delete()
            _bump(project)
            audit.record(actor=actor, action="project.list_remove", target=project, project=project,
                         changes={str(programme): [audit.plain(old), None]}, reason=reason)
        return None
    if annual_plan < 0:
        raise ValidationError({"annual_plan": _("年度计划投资不能为负数。")})
    membership, _created = ListMembership.objects.update_or_create(
        programme=programme, project=project, defaults={"annual_plan": annual_plan})
    if old != annual_plan:
        _bump(project)
        audit.record(actor=actor, action="project.list_set", target=project, project=project,
                     changes={str(programme): [audit.plain(old), audit.plain(annual_plan)]}, reason=reason)
    return membership


@transaction.atomic
def milestone_save(*, actor, project: Project, milestone: Milestone | None, data: dict,
                   reason: str = "", expected_version: int | None = None) -> Milestone:
    """Add a milestone (milestone None) or change one; a met milestone needs its actual date."""
    permissions.require(permissions.can_edit(actor, project))
    project = _locked(project, expected_version)
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError(_("节点不属于此项目。"))
    milestone = milestone or Milestone(project=project, order=project.milestones.count() + 1)
    before = {k: getattr(milestone, k) for k in data}
    for key, value in data.items():
        setattr(milestone, key, value)
    if milestone.status in {Milestone.Status.MET, Milestone.Status.PARTIAL} and not milestone.actual_date:
        raise ValidationError({"actual_date": _("节点标为“%(s)s”须填写实际日期。") % {
            "s": Milestone.Status(milestone.status).label}})
    if milestone.actual_date and milestone.actual_date > timezone.localdate():
        raise ValidationError({"actual_date": _("实际日期不能晚于今天。")})
    milestone.full_clean()
    milestone.save()
    _bump(project)
    audit.record(actor=actor, action="milestone.save", target=milestone, project=project,
                 changes=audit.diff(before, {k: getattr(milestone, k) for k in data}), reason=reason)
    return milestone


@transaction.atomic
def milestone_delete(*, actor, project: Project, milestone: Milestone, reason: str = "",
                     expected_version: int | None = None) -> None:
    permissions.require(permissions.can_edit(actor, project))
    project = _locked(project, expected_version)
    _bump(project)
    if milestone.project_id != project.pk:
        raise ValidationError(_("节点不属于此项目。"))
    audit.record(actor=actor, action="milestone.delete", target=milestone, project=project,
                 changes={"name": [milestone.name, None]}, reason=reason)
    milestone.delete()


@transaction.atomic
def preparation_save(*, actor, project: Project, item: str, status: str, done_on: date | None,
                     note: str = "", expected_version: int | None = None) -> Preparation:
    permissions.require(permissions.can_edit(actor, project))
    project = _locked(project, expected_version)
    if item not in PrepItem.values:
        raise ValidationError({"item": _("未知的前期事项。")})
    if status not in PrepStatus.values:
        raise ValidationError({"status": _("未知的办理状态。")})
    if status == PrepStatus.DONE and not done_on:
        raise ValidationError({"done_on": _("“%(i)s”标为已完成须填写办结日期。") % {"i": PrepItem(item).label}})
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("办结日期不能晚于今天。")})
    prep, _created = Preparation.objects.get_or_create(project=project, item=item)
    before = {"status": prep.status, "done_on": prep.done_on, "note": prep.note}
    prep.status, prep.done_on, prep.note = status, done_on, note
    prep.save()
    changes = audit.diff(before, {"status": status, "done_on": done_on, "note": note})
    if changes:
        _bump(project)
        audit.record(actor=actor, action="preparation.save", target=project, project=project,
                     changes={f"{PrepItem(item).label}.{k}": v for k, v in changes.items()})
    return prep

