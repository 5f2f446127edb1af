"""Every write to a lead and its parts goes through one of these: keyword-only, atomic, checked, audited.
Each records one AuditEvent against the lead, so the lead page shows its whole story."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.org.models import Enterprise
from tuijin.org.services import enterprise_create
from tuijin.projects import permissions as project_permissions
from tuijin.projects import services as project_services
from tuijin.projects.lifecycle import Stage, TransitionFacts
from tuijin.projects.models import Category, Project

from . import permissions
from .counting import counted_amount
from .models import ContactLog, FundEntry, Lead, LeadTask, Signing
from .stages import BEFORE_SIGNING, NO_FACTS, LeadStage, MoveFacts, move_problems, path_to

# The facts of a lead its editors change on the edit form; stage, 五个一, signings and funds have their own.
EDITABLE_FIELDS = ["name", "region", "source", "received_on", "investor", "investor_name", "investor_credit_code",
                   "industry", "chain", "intended_investment", "contact_person", "contact_phone", "summary",
                   "next_action", "next_action_due"]
CREATE_FIELDS = [*EDITABLE_FIELDS, "department", "leader", "is_major"]
TEAM_FIELDS = ["is_major", "department", "leader", "plan"]
# The links a service sets itself from objects it already holds: full_clean need not fetch them again.
TRUSTED = ["lead", "recorded_by"]
SIGNING_GUARDED = {LeadStage.SIGNED, LeadStage.STARTED}


def snapshot(lead: Lead, fields=EDITABLE_FIELDS) -> dict:
    return {name: getattr(lead, name) for name in fields}


def _region_chain(lead: Lead):
    return [int(pk) for pk in lead.region.path.strip("/").split("/")]


def _check_scope(actor, lead: Lead) -> None:
    """A lead is only put where its editor can see it, with people and units of its own region or above."""
    if actor is not None and actor.region_id and not lead.region.path.startswith(actor.region.path):
        raise ValidationError({"region": _("所属区域不在您的管辖范围内。")})
    chain = _region_chain(lead)
    if lead.department_id and lead.department.region_id not in chain:
        raise ValidationError({"department": _("责任单位不属于线索所在区域。")})
    if lead.leader_id and lead.leader.region_id not in chain:
        raise ValidationError({"leader": _("分包领导不属于线索所在区域。")})
    if lead.investor_id and actor is not None and actor.region_id and not lead.investor.region.path.startswith(
            actor.region.path):
        raise ValidationError({"investor": _("投资方单位不在您的管辖范围内。")})


def _locked(lead: Lead, expected_version: int | None) -> Lead:
    """The lead row, locked for this transaction, refused if someone saved it since the form was opened."""
    lead = Lead.objects.select_for_update().select_related("region").get(pk=lead.pk)
    if expected_version is not None and lead.version != expected_version:
        raise ValidationError(_("保存未成功：此线索在您打开之后已被他人修改（当前版本 %(v)s）。请刷新页面查看最新内容后再改。")
                              % {"v": lead.version}, code="stale")
    return lead


def _bump(lead: Lead) -> None:
    Lead.objects.filter(pk=lead.pk).update(version=F("version") + 1)
    lead.version += 1


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _not_future(field: str, value: date | None, today: date, label: str) -> None:
    if value and value > today:
        raise ValidationError({field: _("%(f)s不能晚于今天。") % {"f": label}})


@transaction.atomic
def lead_create(*, actor, data: dict, team_people=(), team_departments=(), reason: str = "") -> Lead:
    permissions.require(permissions.can_create(actor))
    lead = Lead(**{k: v for k, v in data.items() if k in CREATE_FIELDS})
    lead.full_clean()
    _check_scope(actor, lead)
    lead.save()
    lead.team_people.set(team_people)
    lead.team_departments.set(team_departments)
    changes = audit.diff({}, snapshot(lead, CREATE_FIELDS))
    if team_people or team_departments:
        changes["team"] = [None, sorted(str(x) for x in [*team_people, *team_departments])]
    audit.record(actor=actor, action="lead.create", target=lead, changes=changes, reason=reason)
    return lead


@transaction.atomic
def lead_update(*, actor, lead: Lead, data: dict, expected_version: int | None = None, reason: str = "") -> Lead:
    permissions.require(permissions.can_edit(actor, lead))
    lead = _locked(lead, expected_version)
    before = snapshot(lead)
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(lead, name, value)
    lead.full_clean()
    _check_scope(actor, lead)
    changes = audit.diff(before, snapshot(lead))
    if not changes:
        return lead
    lead.version += 1
    lead.save()
    audit.record(actor=actor, action="lead.update", target=lead, changes=changes, reason=reason)
    return lead


@transaction.atomic
def lead_assign_team(*, actor, lead: Lead, is_major: bool, department, leader, team_people, team_departments,
                     plan: str = "", expected_version: int | None = None, reason: str = "") -> Lead:
    """五个一: the responsible leader, the responsible unit, the team and the plan; the old ones stay in the trail."""
    permissions.require(permissions.can_edit(actor, lead))
    lead = _locked(lead, expected_version)
    if actor.role == "department" and department != lead.department:
        raise ValidationError({"department": _("责任单位的调整须由项目办办理。")})
    if department is not None and department in team_departments:
        raise ValidationError({"team_departments": _("责任单位不必再列为专班配合单位。")})
    before = {**snapshot(lead, TEAM_FIELDS), "team_people": sorted(str(p) for p in lead.team_people.all()),
              "team_departments": sorted(str(d) for d in lead.team_departments.all())}
    lead.is_major, lead.department, lead.leader, lead.plan = is_major, department, leader, plan
    lead.full_clean()
    _check_scope(actor, lead)
    lead.version += 1
    lead.save()
    lead.team_people.set(team_people)
    lead.team_departments.set(team_departments)
    after = {**snapshot(lead, TEAM_FIELDS), "team_people": sorted(str(p) for p in team_people),
             "team_departments": sorted(str(d) for d in team_departments)}
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=actor, action="lead.team", target=lead, changes=changes, reason=reason)
    return lead


def first_signed_on(lead: Lead) -> date | None:
    return lead.signings.aggregate(first=Min("signed_on"))["first"]


@transaction.atomic
def lead_move(*, actor, lead: Lead, to_stage: str, facts: MoveFacts = NO_FACTS, today: date | None = None,
              expected_version: int | None = None) -> Lead:
    """Move a lead along the pipeline; stages.move_problems decides whether the move is allowed."""
    permissions.require(permissions.can_edit(actor, lead))
    lead = _locked(lead, expected_version)
    # Only the moves whose guards need them look up the signing date and the funds.
    problems = move_problems(lead, to_stage, facts, today=_today(today),
                             first_signed_on=first_signed_on(lead) if to_stage in SIGNING_GUARDED else None,
                             has_funds=to_stage == LeadStage.FUNDED and lead.funds.exists())
    if problems:
        raise ValidationError(problems)
    before = {"stage": lead.stage, "started_on": lead.started_on}
    lead.stage = to_stage
    lead.stage_reason = facts.reason
    if to_stage == LeadStage.STARTED and facts.started_on:
        lead.started_on = facts.started_on
    lead.version += 1
    lead.save()
    audit.record(actor=actor, action="lead.stage", target=lead,
                 changes=audit.diff(before, {"stage": lead.stage, "started_on": lead.started_on}), reason=facts.reason)
    return lead


def lead_advance(*, actor, lead: Lead, to_stage: str, facts: MoveFacts = NO_FACTS,
                 today: date | None = None) -> Lead:
    """Walk a lead forward step by step to `to_stage` (an import row or the demo states where it stands);
    every step is an ordinary, checked and audited move."""
    lead = Lead.objects.get(pk=lead.pk)  # as stored now: a signing may have moved it since the caller read it
    for stage in path_to(lead.stage, to_stage):
        lead = lead_move(actor=actor, lead=lead, to_stage=stage, facts=facts, today=today)
    return lead


@transaction.atomic
def contact_log(*, actor, lead: Lead, kind: str, on: date, note: str, who: str,
                today: date | None = None) -> ContactLog:
    permissions.require(permissions.can_edit(actor, lead))
    lead = _locked(lead, None)
    _not_future("date", on, _today(today), _("对接日期"))
    if on and on < lead.received_on:
        raise ValidationError({"date": _("对接日期不能早于线索登记日期（%(d)s）。") % {"d": lead.received_on.isoformat()}})
    entry = ContactLog(lead=lead, kind=kind, date=on, note=note.strip(), who=who.strip(),
                       recorded_by=actor if getattr(actor, "pk", None) else None)
    entry.full_clean(exclude=TRUSTED)
    entry.save()
    _bump(lead)
    audit.record(actor=actor, action="lead.contact", target=lead,
                 changes={"contact": [None, f"{on.isoformat()} {entry.get_kind_display()}：{entry.note}（{entry.who}）"]})
    return entry


def _check_owner(lead: Lead, owner_person, owner_department) -> None:
    if owner_person is None and owner_department is None:
        raise ValidationError({"owner_person": _("请指定责任人或责任单位。")})
    chain = _region_chain(lead)
    if owner_person is not None and owner_person.region_id not in chain:
        raise ValidationError({"owner_person": _("责任人不属于线索所在区域。")})
    if owner_department is not None and owner_department.region_id not in chain:
        raise ValidationError({"owner_department": _("责任单位不属于线索所在区域。")})


@transaction.atomic
def task_add(*, actor, lead: Lead, kind: str, title: str, owner_person, owner_department, due: date) -> LeadTask:
    """A line of the lead's 任务清单 or 责任清单."""
    permissions.require(permissions.can_edit(actor, lead))
    lead = _locked(lead, None)
    _check_owner(lead, owner_person, owner_department)
    task = LeadTask(lead=lead, kind=kind, title=title.strip(), owner_person=owner_person,
                    owner_department=owner_department, due=due)
    task.full_clean(exclude=TRUSTED)
    task.save()
    _bump(lead)
    audit.record(actor=actor, action="lead.task_add", target=lead,
                 changes={"task": [None, f"{task.get_kind_display()}：{task.title}（{task.owner_label}，{due.isoformat()}前）"]})
    return task


@transaction.atomic
def task_set_status(*, actor, task: LeadTask, status: str, done_on: date | None = None,
                    today: date | None = None) -> LeadTask:
    permissions.require(permissions.can_edit(actor, task.lead))
    _locked(task.lead, None)
    task = LeadTask.objects.select_for_update().get(pk=task.pk)
    if status not in LeadTask.Status.values:
        raise ValidationError({"status": _("未知的任务状态。")})
    if status == LeadTask.Status.DONE and not done_on:
        raise ValidationError({"done_on": _("任务标为已完成须填写完成日期。")})
    _not_future("done_on", done_on, _today(today), _("完成日期"))
    before = {"status": task.status, "done_on": task.done_on}
    task.status = status
    task.done_on = done_on if status == LeadTask.Status.DONE else None
    task.save()
    changes = audit.diff(before, {"status": task.status, "done_on": task.done_on})
    if changes:
        _bump(task.lead)
        audit.record(actor=actor, action="lead.task_status", target=task.lead,
                     changes={f"{task.title}.{k}": v for k, v in changes.items()})
    return task


@transaction.atomic
def lead_sign(*, actor, lead: Lead, kind: str, signed_on: date, contract_amount: Decimal,
              increase_amount: Decimal | None = None, note: str = "", today: date | None = None,
              expected_version: int | None = None) -> Signing:
    """Record a signed contract. The first signing moves a lead still before 签约 to 签约, in the same event."""
    permissions.require(permissions.can_edit(actor, lead))
    lead = _locked(lead, expected_version)
    if lead.stage == LeadStage.TERMINATED:
        raise ValidationError({"stage": _("已终止的线索不能登记签约，请先恢复为线索。")})
    _not_future("signed_on", signed_on, _today(today), _("签约日期"))
    if signed_on and signed_on < lead.received_on:
        raise ValidationError({"signed_on": _("签约日期不能早于线索登记日期（%(d)s）。") % {
            "d": lead.received_on.isoformat()}})
    if kind == Signing.Kind.INCREASE:
        if increase_amount is None:
            raise ValidationError({"increase_amount": _("增资须填写其中新增投资额：只有新增部分计入签约额。")})
        if contract_amount is not None and increase_amount > contract_amount:
            raise ValidationError({"increase_amount": _("新增投资不能大于合同投资额。")})
    elif increase_amount is not None:
        raise ValidationError({"increase_amount": _("新签合同不填新增投资，合同投资额即计入签约额。")})
    if kind == Signing.Kind.NEW and lead.signings.filter(kind=Signing.Kind.NEW).exists():
        raise ValidationError({"kind": _("此线索已有新签合同；追加投资请按“增资”登记，只计新增部分。")})
    signing = Signing(lead=lead, kind=kind, signed_on=signed_on, contract_amount=contract_amount,
                      increase_amount=increase_amount, note=note.strip(),
                      recorded_by=actor if getattr(actor, "pk", None) else None)
    signing.full_clean(exclude=TRUSTED)
    signing.save()
    changes = {"signing": [None, f"{signed_on.isoformat()} {signing.get_kind_display()} 合同{audit.plain(contract_amount)}万元，"
                                 f"计入签约额{audit.plain(counted_amount(signing))}万元"]}
    if lead.stage in BEFORE_SIGNING:
        changes["stage"] = [lead.stage, LeadStage.SIGNED.value]
        lead.stage = LeadStage.SIGNED
        lead.stage_reason = ""
    lead.version += 1
    lead.save()
    audit.record(actor=actor, action="lead.sign", target=lead, changes=changes, reason=note)
    return signing


@transaction.atomic
def fund_record(*, actor, lead: Lead, on: date, amount: Decimal, note: str = "",
                today: date | None = None) -> FundEntry:
    """Funds put in place by `on`; they may come in over many entries. Only a signed lead receives funds."""
    permissions.require(permissions.can_edit(actor, lead))
    lead = _locked(lead, None)
    first = first_signed_on(lead)
    if first is None:
        raise ValidationError({"date": _("尚未签约的线索不能登记到位资金。")})
    _not_future("date", on, _today(today), _("到位日期"))
    if on and on < first:
        raise ValidationError({"date": _("到位日期不能早于签约日期（%(d)s）。") % {"d": first.isoformat()}})
    if amount is not None and amount <= 0:
        raise ValidationError({"amount": _("到位资金须大于零。")})
    entry = FundEntry(lead=lead, date=on, amount=amount, note=note.strip(),
                      recorded_by=actor if getattr(actor, "pk", None) else None)
    entry.full_clean(exclude=TRUSTED)
    entry.save()
    _bump(lead)
    audit.record(actor=actor, action="lead.funds", target=lead,
                 changes={"funds": [None, f"{on.isoformat()} 到位{audit.plain(amount)}万元"]}, reason=note)
    return entry


def _owner_for(actor, lead: Lead) -> Enterprise | None:
    """The project's owner unit: the investor as registered, or registered now from the lead's own fields."""
    if lead.investor_id:
        return lead.investor
    existing = Enterprise.objects.filter(region=lead.region, name=lead.investor_name.strip()).first()
    if existing:
        return existing
    return enterprise_create(actor=actor, name=lead.investor_name, credit_code=lead.investor_credit_code or None,
                             region=lead.region)


@transaction.atomic
def lead_convert(*, actor, lead: Lead, category: Category, expected_version: int | None = None,
                 today: date | None = None) -> Project:
    """A signed lead becomes a project in the registry without re-typing: name, owner, industry, region, leader,
    responsible unit and team, the signed investment and date. The project is created in 招商 and moved to 待开工
    (it is signed), or on to 在建 when the lead has started; its creation event says which lead it came from."""
    permissions.require(permissions.can_edit(actor, lead) and project_permissions.can_create(actor))
    lead = _locked(lead, expected_version)
    if lead.project_id:
        raise ValidationError(_("此线索已转入项目库（%(p)s）。") % {"p": lead.project})
    signings = list(lead.signings.all())
    if not signings:
        raise ValidationError({"stage": _("尚未签约的线索不能转入项目库。")})
    first = min(s.signed_on for s in signings)
    total = sum((counted_amount(s) for s in signings), Decimal(0))
    origin = _("由招商线索“%(n)s”（编号%(id)s）转入，%(d)s签约，签约额%(a)s万元。") % {
        "n": lead.name, "id": lead.pk, "d": first.isoformat(), "a": audit.plain(total)}
    project = project_services.project_create(actor=actor, reason=origin, data={
        "name": lead.name, "category": category, "industry": lead.industry, "region": lead.region,
        "owner": _owner_for(actor, lead), "description": lead.summary, "total_investment": total,
        "signed_on": first, "leader": lead.leader, "lead_department": lead.department})
    team = list(lead.team_people.all())
    co_departments = [d for d in lead.team_departments.all() if d != project.lead_department]
    if team or co_departments:
        project = project_services.project_assign_team(
            actor=actor, project=project, leader=project.leader, lead_department=project.lead_department,
            co_departments=co_departments, team=team, reason=_("沿用招商线索的五个一工作机制"))
    project = project_services.project_transition(actor=actor, project=project, to_stage=Stage.PROMOTION,
                                                  facts=TransitionFacts(), today=today)
    project = project_services.project_transition(actor=actor, project=project, to_stage=Stage.PENDING,
                                                  facts=TransitionFacts(signed_on=first), today=today)
    if lead.started_on:
        project = project_services.project_transition(actor=actor, project=project, to_stage=Stage.CONSTRUCTION,
                                                      facts=TransitionFacts(actual_start=lead.started_on),
                                                      today=today)
    lead.project = project
    lead.version += 1
    lead.save()
    audit.record(actor=actor, action="lead.convert", target=lead,
                 changes={"project": [None, project.name]}, reason=origin)
    return project
