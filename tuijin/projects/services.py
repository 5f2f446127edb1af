"""Every write to a project goes through one of these: keyword-only, atomic, checked, and audited."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.batch import Refused

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
    project = Project(**{k: v for k, v in data.items() if k in CREATE_FIELDS})
    if actor.role == "department":
        project.lead_department_id = actor.department_id
    project.full_clean()
    _check_scope(actor, project)
    if project.lead_department_id and not project.region_chain().filter(pk=project.lead_department.region_id).exists():
        raise ValidationError({"lead_department": _("牵头单位不属于项目所在区域。")})
    project.save()
    _start_plan(project)
    audit.record(actor=actor, action="project.create", target=project, project=project,
                 changes=audit.diff({}, snapshot(project, CREATE_FIELDS)), reason=reason)
    return project


def _start_plan(project: Project) -> None:
    """New projects get their category's milestone plan and an empty 前期 checklist."""
    Milestone.objects.bulk_create(
        Milestone(project=project, order=i, name=name) for i, name in enumerate(project.category.milestone_template, 1)
    )
    Preparation.objects.bulk_create(Preparation(project=project, item=item) for item in PrepItem)


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
    today = today or timezone.localdate()
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
    # a transition moves no foreign key: checking each again would cost a query apiece
    project.full_clean(exclude=[f.name for f in Project._meta.concrete_fields if f.is_relation])
    project.save()
    after = {key: getattr(project, key) for key in before}
    changes = audit.diff(before, after)
    if facts.effective_by_decision:
        changes["effective_by_decision"] = [False, True]
    audit.record(actor=actor, action="project.stage", target=project, project=project, changes=changes,
                 reason=facts.reason)
    return project


@transaction.atomic
def project_assign_team(*, actor, project: Project, leader, lead_department, co_departments, team,
                        reason: str = "", expected_version: int | None = None) -> Project:
    """五个一: change the responsible leader, lead department and team; the old ones stay in the timeline."""
    permissions.require(permissions.can_manage(actor, project))
    project = _locked(project, expected_version)
    if actor.role == "department" and lead_department != project.lead_department:
        raise ValidationError({"lead_department": _("牵头单位的调整须由项目办办理。")})
    if lead_department is not None and lead_department in co_departments:
        raise ValidationError({"co_departments": _("牵头单位不必再列为配合单位。")})
    before = {"leader": project.leader, "lead_department": project.lead_department,
              "co_departments": sorted(str(d) for d in project.co_departments.all()),
              "team": sorted(str(p) for p in project.team.all())}
    project.leader = leader
    project.lead_department = lead_department
    project.version += 1
    project.save()
    project.co_departments.set(co_departments)
    project.team.set(team)
    after = {"leader": leader, "lead_department": lead_department,
             "co_departments": sorted(str(d) for d in co_departments), "team": sorted(str(p) for p in team)}
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=actor, action="project.team", target=project, project=project, changes=changes,
                     reason=reason)
    return project


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

