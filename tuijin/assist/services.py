"""Writes of enterprise services. Each is keyword-only, atomic, checks the actor's role and scope, validates
and writes its audit event; demands go through the shared closed loop (tuijin.core.loop_services), the
same code dispatch problems use."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit, loop_services
from tuijin.core.roles import Role
from tuijin.projects.permissions import require

from . import permissions
from .models import Demand, EnterpriseProfile, Financing, PolicyAward, ServiceRecord


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _in_region(actor, enterprise) -> None:
    require(permissions.in_region(actor, enterprise.region), _("该企业不在您的管辖区域内。"))


def _not_future(field: str, value: date | None, label: str, today: date | None = None) -> None:
    if value is None:
        raise ValidationError({field: _("请填写%(l)s。") % {"l": label}})
    if value > _today(today):
        raise ValidationError({field: _("%(l)s不能晚于今天。") % {"l": label}})


def _positive(field: str, amount: Decimal | None, label: str) -> None:
    if amount is None:
        raise ValidationError({field: _("请填写%(l)s。") % {"l": label}})
    if amount <= 0:
        raise ValidationError({field: _("%(l)s必须大于0。") % {"l": label}})


def _recorder(actor) -> dict:
    return {"recorded_by": actor if getattr(actor, "pk", None) else None,
            "department": getattr(actor, "department", None)}


# --- enterprises ---------------------------------------------------------------------------------------------

@transaction.atomic
def profile_save(*, actor, enterprise, scale: str, industry: str,
                 expected_version: int | None = None) -> EnterpriseProfile:
    require(permissions.can_keep_records(actor), _("只有项目办可以维护企业档案。"))
    _in_region(actor, enterprise)
    if scale and scale not in EnterpriseProfile.Scale.values:
        raise ValidationError({"scale": _("规模应为规上或规下。")})
    profile, created = EnterpriseProfile.objects.select_for_update().get_or_create(enterprise=enterprise)
    if not created and expected_version is not None and profile.version != expected_version:
        raise ValidationError(_("企业档案已被他人修改（当前版本 %(v)s），请刷新后重新填写。") % {"v": profile.version},
                              code="stale")
    before = {"scale": profile.scale, "industry": profile.industry}
    profile.scale, profile.industry = scale, industry.strip()
    if not created:
        profile.version += 1
    profile.save()
    audit.record(actor=actor, action="enterprise_profile.save", target=profile,
                 changes=audit.diff(before, {"scale": profile.get_scale_display() if scale else "",
                                             "industry": profile.industry}))
    return profile


# --- services --------------------------------------------------------------------------------------------------

@transaction.atomic
def award_record(*, actor, enterprise, policy: str, amount: Decimal | None, batch: str, paid_on: date | None,
                 today: date | None = None) -> PolicyAward:
    """惠企政策兑现: an award paid to an enterprise."""
    require(permissions.can_keep_records(actor), _("只有项目办可以登记政策兑现。"))
    _in_region(actor, enterprise)
    if not policy.strip():
        raise ValidationError({"policy": _("请填写政策名称，如：满负荷生产奖励。")})
    if not batch.strip():
        raise ValidationError({"batch": _("请填写兑现批次，如：一季度。")})
    _positive("amount", amount, _("兑现金额"))
    _not_future("paid_on", paid_on, _("兑现日期"), today)
    award = PolicyAward.objects.create(enterprise=enterprise, policy=policy.strip(), amount=amount,
                                       batch=batch.strip(), paid_on=paid_on, **_recorder(actor))
    audit.record(actor=actor, action="policy_award.record", target=award,
                 changes={"amount": [None, amount], "policy": [None, award.policy], "batch": [None, award.batch]})
    return award


@transaction.atomic
def financing_record(*, actor, region, kind: str, on: date | None, entities: int | None, amount: Decimal | None,
                     loans: int | None = None, enterprise=None, project_name: str = "", note: str = "",
                     today: date | None = None) -> Financing:
    """A batch of loans through the 小微企业融资协调机制 (entities helped, loans, amount), or one
    房地产融资白名单 project and its loans."""
    require(permissions.can_keep_records(actor), _("只有项目办可以登记融资服务。"))
    require(permissions.in_region(actor, region), _("该区域不在您的管辖范围内。"))
    if kind not in Financing.Kind.values:
        raise ValidationError({"kind": _("请选择融资服务类别。")})
    if enterprise is not None:
        _in_region(actor, enterprise)
    _not_future("on", on, _("投放日期"), today)
    _positive("amount", amount, _("贷款金额"))
    if kind == Financing.Kind.WHITELIST:
        if not project_name.strip():
            raise ValidationError({"project_name": _("白名单项目须填写项目名称。")})
        entities = 1  # one record, one project
    elif not entities or entities < 1:
        raise ValidationError({"entities": _("请填写获得贷款的市场主体数（至少1家）。")})
    if loans is not None and loans < entities and kind == Financing.Kind.MICRO:
        raise ValidationError({"loans": _("贷款笔数不能少于市场主体数。")})
    record = Financing.objects.create(region=region, kind=kind, on=on, entities=entities, loans=loans,
                                      amount=amount, enterprise=enterprise, project_name=project_name.strip(),
                                      note=note.strip(), **_recorder(actor))
    audit.record(actor=actor, action="financing.record", target=record,
                 changes={"kind": [None, record.get_kind_display()], "entities": [None, entities],
                          "amount": [None, amount]})
    return record


@transaction.atomic
def help_record(*, actor, enterprise, kind: str, description: str, on: date | None, outcome: str = "",
                today: date | None = None) -> ServiceRecord:
    """Other help (要素保障, 不动产证办理 …) given to an enterprise."""
    require(permissions.can_record_help(actor), _("只有项目办和责任单位可以登记帮办服务。"))
    if actor.role == Role.COORDINATOR:
        _in_region(actor, enterprise)
    elif actor.department and not enterprise.region.path.startswith(actor.department.region.path):
        require(False, _("该企业不在本单位服务的区域内。"))
    if kind not in ServiceRecord.Kind.values:
        raise ValidationError({"kind": _("请选择服务类别。")})
    if not description.strip():
        raise ValidationError({"description": _("请填写服务内容。")})
    _not_future("on", on, _("日期"), today)
    record = ServiceRecord.objects.create(enterprise=enterprise, kind=kind, description=description.strip(),
                                          outcome=outcome.strip(), on=on, **_recorder(actor))
    audit.record(actor=actor, action="service.record", target=record,
                 changes={"kind": [None, record.get_kind_display()], "description": [None, record.description]})
    return record


# --- demands (the closed loop) -----------------------------------------------------------------------------------

def _locked(demand: Demand) -> Demand:
    """The demand as stored, locked for this transaction: two people acting at once act one after the other."""
    return Demand.objects.select_for_update().select_related("enterprise__region").get(pk=demand.pk)


@transaction.atomic
def demand_raise(*, actor, enterprise, kind: str, description: str, received_on: date | None = None,
                 today: date | None = None) -> Demand:
    require(permissions.can_raise_demand(actor, enterprise), _("您不能为此企业提出诉求。"))
    if not description.strip():
        raise ValidationError({"description": _("请写明诉求内容。")})
    if kind not in Demand.Kind.values:
        raise ValidationError({"kind": _("未知的诉求类型。")})
    received_on = received_on or _today(today)
    _not_future("received_on", received_on, _("受理日期"), today)
    demand = Demand.objects.create(enterprise=enterprise, kind=kind, description=description.strip(),
                                   received_on=received_on, raised_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="demand.raise", target=demand,
                 changes={"description": [None, demand.description], "kind": [None, demand.get_kind_display()]})
    return demand


@transaction.atomic
def demand_handover(*, actor, demand: Demand, department, deadline: date | None, note: str = "",
                    today: date | None = None):
    demand = _locked(demand)
    require(permissions.can_direct_demand(actor, demand), _("只有项目办可以交办企业诉求。"))
    if deadline is None:
        raise ValidationError({"deadline": _("请填写办结时限。")})
    if department is not None and not demand.enterprise.region.path.startswith(department.region.path):
        raise ValidationError({"department": _("只能交办给企业所在区域（或上级）的单位。")})
    return loop_services.loop_handover(actor=actor, item=demand, department=department, deadline=deadline,
                                       note=note, today=today)


@transaction.atomic
def demand_escalate(*, actor, demand: Demand, note: str):
    demand = _locked(demand)
    require(permissions.can_direct_demand(actor, demand), _("只有项目办可以升级企业诉求。"))
    return loop_services.loop_escalate(actor=actor, item=demand, note=note)


@transaction.atomic
def demand_progress(*, actor, demand: Demand, note: str):
    demand = _locked(demand)
    require(permissions.can_work_demand(actor, demand), _("您不能办理此诉求。"))
    return loop_services.loop_progress(actor=actor, item=demand, note=note)


@transaction.atomic
def demand_close(*, actor, demand: Demand, resolved: bool, resolution: str, closed_on: date | None = None):
    """The answer to the enterprise: resolved, or why it cannot be."""
    demand = _locked(demand)
    require(permissions.can_work_demand(actor, demand), _("您不能办理此诉求。"))
    if closed_on and closed_on < demand.received_on:
        raise ValidationError({"closed_on": _("办结日期不能早于受理日期。")})
    return loop_services.loop_close(actor=actor, item=demand, resolved=resolved, resolution=resolution,
                                    closed_on=closed_on)


@transaction.atomic
def demand_reopen(*, actor, demand: Demand, note: str):
    demand = _locked(demand)
    require(permissions.can_direct_demand(actor, demand), _("只有项目办可以重新打开企业诉求。"))
    step = loop_services.loop_reopen(actor=actor, item=demand, note=note)
    if demand.satisfaction is not None:  # the enterprise rates the new answer, not the old one
        demand.satisfaction, demand.satisfaction_note = None, ""
        demand.save(update_fields=["satisfaction", "satisfaction_note"])
    return step


@transaction.atomic
def demand_rate(*, actor, demand: Demand, satisfaction: int, note: str = "") -> Demand:
    """The enterprise's satisfaction with a closed demand, once: given by the enterprise, or taken down by the
    project office on a return visit (回访)."""
    demand = _locked(demand)
    require(permissions.can_rate_demand(actor, demand), _("只有提出诉求的企业（或回访的项目办）可以评价。"))
    if demand.is_open:
        raise ValidationError(_("诉求办结后才能评价。"))
    if demand.satisfaction:
        raise ValidationError(_("此诉求已评价过。"))
    if satisfaction not in Demand.Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意、基本满意或不满意。")})
    if satisfaction == Demand.Satisfaction.UNSATISFIED and not note.strip():
        raise ValidationError({"note": _("不满意请写明原因。")})
    demand.satisfaction, demand.satisfaction_note = satisfaction, note.strip()[:300]
    demand.save(update_fields=["satisfaction", "satisfaction_note"])
    audit.record(actor=actor, action="demand.rate", target=demand,
                 changes={"satisfaction": [None, demand.get_satisfaction_display()]},
                 reason=note or (_("回访") if actor.role == Role.COORDINATOR else ""))
    return demand
