"""Writes of the safety app. Each is keyword-only, atomic, checks permission, validates and writes one audit
event (the loop's own steps write theirs through tuijin.core.loop_services, shared with dispatch problems)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit, loop_services
from tuijin.core.loop import LetterKind, LoopStatus, LoopStep
from tuijin.core.uploads import require_kind
from tuijin.projects.permissions import require

from . import permissions
from .models import Campaign, Domain, Hazard, HazardLevel, HazardPhoto, Inspection

PHOTO_MAX_BYTES = 10 * 1024 * 1024


def _text(value: str | None) -> str:
    return (value or "").strip()


def _locked(hazard: Hazard, expected_version: int | None) -> Hazard:
    """The hazard row locked for this transaction; refused if saved by someone since the form was opened."""
    current = Hazard.objects.select_for_update(of=("self",)).select_related(
        "inspection__region", "inspection__project", "inspection__enterprise").get(pk=hazard.pk)
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(_("保存未成功：此隐患在您打开之后已被他人修改（当前版本 %(v)s）。请刷新页面查看最新内容后再改。")
                              % {"v": current.version}, code="stale")
    return current


def _bump(hazard: Hazard) -> None:
    hazard.version += 1
    Hazard.objects.filter(pk=hazard.pk).update(version=hazard.version)


# --- campaigns and inspections ------------------------------------------------------------------------

@transaction.atomic
def campaign_create(*, actor, region, name: str, starts_on: date, ends_on: date, domains=(),
                    description: str = "") -> Campaign:
    require(permissions.can_run(actor, region), _("只有项目办可以部署专项整治。"))
    name = _text(name)
    if not name:
        raise ValidationError({"name": _("请填写专项整治名称。")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
    if Campaign.objects.filter(region=region, name=name).exists():
        raise ValidationError({"name": _("本区域已有名为“%(n)s”的专项整治。") % {"n": name}})
    campaign = Campaign.objects.create(region=region, name=name, starts_on=starts_on, ends_on=ends_on,
                                       description=_text(description), created_by=actor)
    campaign.domains.set(domains)
    audit.record(actor=actor, action="campaign.create", target=campaign, changes={
        "name": [None, name], "starts_on": [None, starts_on], "ends_on": [None, ends_on],
        "domains": [None, [d.name for d in domains]]})
    return campaign


@transaction.atomic
def inspection_record(*, actor, region, domain: Domain, inspected_on: date, inspectors: str, campaign=None,
                      department=None, enterprise=None, project=None, site: str = "", note: str = "") -> Inspection:
    """Record an inspection at exactly one place: an enterprise, a project, or a named site."""
    require(permissions.can_run(actor, region), _("只有项目办可以登记隐患排查。"))
    site = _text(site)
    errors = {}
    places = sum(bool(p) for p in (enterprise, project, site))
    if places != 1:
        errors["site"] = _("检查地点须且只能填一项：被检查单位、被检查项目或检查地点。")
    if inspected_on > timezone.localdate():
        errors["inspected_on"] = _("检查日期不能晚于今天。")
    if not _text(inspectors):
        errors["inspectors"] = _("请填写检查人员。")
    if campaign is not None:
        if campaign.region_id != region.pk:
            errors["campaign"] = _("专项整治不属于本区域。")
        elif not campaign.starts_on <= inspected_on <= campaign.ends_on:
            errors["inspected_on"] = _("检查日期不在专项整治期间（%(s)s 至 %(e)s）内。") % {
                "s": campaign.starts_on, "e": campaign.ends_on}
    for name, thing in (("enterprise", enterprise), ("project", project)):
        if thing is not None and not thing.region.path.startswith(region.path):
            errors[name] = _("所选对象不在本区域。")
    if department is not None and not region.path.startswith(department.region.path):
        errors["department"] = _("检查单位不在本区域。")
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        region=region, campaign=campaign, domain=domain, inspected_on=inspected_on, inspectors=_text(inspectors),
        department=department, enterprise=enterprise, project=project, site=site, note=_text(note),
        created_by=actor)
    audit.record(actor=actor, action="inspection.record", target=inspection, project=project, changes={
        "domain": [None, domain.name], "inspected_on": [None, inspected_on], "place": [None, inspection.place],
        "campaign": [None, campaign.name if campaign else ""]})
    return inspection


# --- hazards ------------------------------------------------------------------------------------------

@transaction.atomic
def hazard_record(*, actor, inspection: Inspection, description: str, level: str, department, deadline: date,
                  domain: Domain | None = None) -> Hazard:
    """A hazard found on `inspection`, handed at once to its 责任单位 with a 时限: stage 待整改."""
    require(permissions.can_run(actor, inspection.region), _("只有项目办可以登记隐患。"))
    errors = {}
    if not _text(description):
        errors["description"] = _("请填写隐患描述。")
    if level not in HazardLevel.values:
        errors["level"] = _("隐患等级只能是一般隐患或重大隐患。")
    if department is None:
        errors["department"] = _("请选择整改责任单位。")
    elif not inspection.region.path.startswith(department.region.path):
        errors["department"] = _("责任单位不在本区域。")
    if deadline is None:
        errors["deadline"] = _("请填写整改时限。")
    elif deadline < inspection.inspected_on:
        errors["deadline"] = _("整改时限不能早于检查日期（%(d)s）。") % {"d": inspection.inspected_on}
    if errors:
        raise ValidationError(errors)
    hazard = Hazard.objects.create(inspection=inspection, domain=domain or inspection.domain,
                                   description=_text(description), level=level, department=department,
                                   deadline=deadline, raised_by=actor)
    audit.record(actor=actor, action="hazard.record", target=hazard, project=inspection.project, changes={
        "description": [None, hazard.description], "level": [None, hazard.get_level_display()],
        "department": [None, department], "deadline": [None, deadline], "domain": [None, hazard.domain.name]})
    return hazard


PLAN_FIELDS = ["responsible", "measures", "funds", "deadline", "contingency"]


@transaction.atomic
def hazard_plan(*, actor, hazard: Hazard, responsible: str, measures: str, funds: Decimal | None,
                deadline: date, contingency: str = "", expected_version: int | None = None) -> Hazard:
    """File or revise the rectification plan (五落实: 责任, 措施, 资金, 时限, 预案). Filing it starts the
    rectification: 待整改 → 整改中."""
    hazard = _locked(hazard, expected_version)
    require(permissions.can_work(actor, hazard), _("您不能为此隐患制定整改方案。"))
    if not hazard.is_open:
        raise ValidationError(_("此隐患已验收销号，不能再修改整改方案。"))
    errors = {}
    if not _text(responsible):
        errors["responsible"] = _("请填写整改责任人（责任落实）。")
    if not _text(measures):
        errors["measures"] = _("请填写整改措施（措施落实）。")
    if funds is not None and funds < 0:
        errors["funds"] = _("整改资金不能为负数。")
    if deadline is None:
        errors["deadline"] = _("请填写整改时限（时限落实）。")
    elif deadline < hazard.inspection.inspected_on:
        errors["deadline"] = _("整改时限不能早于检查日期（%(d)s）。") % {"d": hazard.inspection.inspected_on}
    if hazard.level == HazardLevel.MAJOR and not _text(contingency):
        errors["contingency"] = _("重大隐患须制定应急预案（预案落实）。")
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(hazard, name) for name in PLAN_FIELDS}
    hazard.responsible, hazard.measures, hazard.funds = _text(responsible), _text(measures), funds
    hazard.deadline, hazard.contingency = deadline, _text(contingency)
    hazard.save(update_fields=PLAN_FIELDS)
    _bump(hazard)
    audit.record(actor=actor, action="hazard.plan", target=hazard, project=hazard.inspection.project,
                 changes=audit.diff(before, {name: getattr(hazard, name) for name in PLAN_FIELDS}))
    if hazard.status == LoopStatus.PENDING:
        loop_services.loop_progress(actor=actor, item=hazard, note=_("制定整改方案（五落实），开始整改。"),
                                    project=hazard.inspection.project)
    return hazard


@transaction.atomic
def hazard_progress(*, actor, hazard: Hazard, note: str) -> LoopStep:
    hazard = _locked(hazard, None)
    require(permissions.can_work(actor, hazard), _("您不能办理此隐患。"))
    return loop_services.loop_progress(actor=actor, item=hazard, note=_text(note), project=hazard.inspection.project)


@transaction.atomic
def hazard_report_rectified(*, actor, hazard: Hazard, note: str, rectified_on: date | None = None) -> Hazard:
    """整改中 → 已整改待验收: the unit reports the rectification done; the office then accepts or returns it."""
    hazard = _locked(hazard, None)
    require(permissions.can_report_rectified(actor, hazard), _("您不能报告此隐患整改完成。"))
    rectified_on = rectified_on or timezone.localdate()
    if hazard.status != LoopStatus.WORKING or hazard.rectified_on is not None:
        raise ValidationError(_("只有“整改中”的隐患可以报告整改完成（请先制定整改方案）。"))
    if not _text(note):
        raise ValidationError({"note": _("请写明整改完成情况。")})
    if rectified_on > timezone.localdate():
        raise ValidationError({"rectified_on": _("整改完成日期不能晚于今天。")})
    if rectified_on < hazard.inspection.inspected_on:
        raise ValidationError({"rectified_on": _("整改完成日期不能早于检查日期。")})
    hazard.rectified_on, hazard.rectified_note = rectified_on, _text(note)
    hazard.save(update_fields=["rectified_on", "rectified_note"])
    _bump(hazard)
    audit.record(actor=actor, action="hazard.rectified", target=hazard, project=hazard.inspection.project,
                 changes={"stage": [_("整改中"), _("已整改待验收")], "rectified_on": [None, rectified_on]},
                 reason=hazard.rectified_note)
    loop_services.loop_progress(actor=actor, item=hazard, note=_("报告整改完成：%(n)s") % {"n": hazard.rectified_note},
                                project=hazard.inspection.project)
    return hazard


@transaction.atomic
def hazard_accept(*, actor, hazard: Hazard, note: str, accepted_on: date | None = None) -> LoopStep:
    """已整改待验收 → 验收销号: the loop's close, as resolved."""
    hazard = _locked(hazard, None)
    require(permissions.can_direct(actor, hazard), _("只有项目办可以验收销号。"))
    if hazard.rectified_on is None or not hazard.is_open:
        raise ValidationError(_("只有“已整改待验收”的隐患可以验收销号。"))
    if accepted_on is not None and accepted_on < hazard.rectified_on:
        raise ValidationError({"closed_on": _("验收日期不能早于整改完成日期。")})
    step = loop_services.loop_close(actor=actor, item=hazard, resolved=True, resolution=_text(note),
                                    closed_on=accepted_on, project=hazard.inspection.project)
    _bump(hazard)
    return step


@transaction.atomic
def hazard_return(*, actor, hazard: Hazard, note: str) -> LoopStep:
    """A failed acceptance: 已整改待验收 → 整改中, with the reason."""
    hazard = _locked(hazard, None)
    require(permissions.can_direct(actor, hazard), _("只有项目办可以退回整改。"))
    if hazard.rectified_on is None or not hazard.is_open:
        raise ValidationError(_("只有“已整改待验收”的隐患可以退回整改。"))
    if not _text(note):
        raise ValidationError({"note": _("退回整改须写明验收未通过的原因。")})
    old = hazard.rectified_on
    hazard.rectified_on = None
    hazard.save(update_fields=["rectified_on"])
    _bump(hazard)
    audit.record(actor=actor, action="hazard.return", target=hazard, project=hazard.inspection.project,
                 changes={"stage": [_("已整改待验收"), _("整改中")], "rectified_on": [old, None]}, reason=_text(note))
    return loop_services.loop_progress(actor=actor, item=hazard, note=_("验收未通过，退回整改：%(n)s") % {
        "n": _text(note)}, project=hazard.inspection.project)


@transaction.atomic
def hazard_handover(*, actor, hazard: Hazard, department, deadline: date | None, note: str = "") -> LoopStep:
    """Hand the hazard to another 责任单位 (or set a new 时限): the loop's handover."""
    hazard = _locked(hazard, None)
    require(permissions.can_direct(actor, hazard), _("只有项目办可以交办隐患。"))
    step = loop_services.loop_handover(actor=actor, item=hazard, department=department, deadline=deadline,
                                       note=_text(note), project=hazard.inspection.project)
    _bump(hazard)
    return step


@transaction.atomic
def hazard_escalate(*, actor, hazard: Hazard, note: str) -> LoopStep:
    hazard = _locked(hazard, None)
    require(permissions.can_direct(actor, hazard), _("只有项目办可以升级督办。"))
    return loop_services.loop_escalate(actor=actor, item=hazard, note=_text(note), project=hazard.inspection.project)


@transaction.atomic
def hazard_list_for_supervision(*, actor, hazard: Hazard, supervisor, listed_on: date | None = None,
                                note: str = "") -> Hazard:
    """挂牌督办: a major hazard put under a leader's supervision until it is accepted."""
    hazard = _locked(hazard, None)
    require(permissions.can_direct(actor, hazard), _("只有项目办可以挂牌督办。"))
    listed_on = listed_on or timezone.localdate()
    if hazard.level != HazardLevel.MAJOR:
        raise ValidationError(_("只有重大隐患可以挂牌督办。"))
    if not hazard.is_open:
        raise ValidationError(_("此隐患已验收销号，无需挂牌督办。"))
    if hazard.listed_on is not None:
        raise ValidationError(_("此隐患已于%(d)s挂牌督办。") % {"d": hazard.listed_on})
    if supervisor is None:
        raise ValidationError({"supervisor": _("请选择督办领导。")})
    if listed_on > timezone.localdate():
        raise ValidationError({"listed_on": _("挂牌日期不能晚于今天。")})
    hazard.listed_on, hazard.supervisor = listed_on, supervisor
    hazard.save(update_fields=["listed_on", "supervisor"])
    _bump(hazard)
    audit.record(actor=actor, action="hazard.list", target=hazard, project=hazard.inspection.project,
                 changes={"listed_on": [None, listed_on], "supervisor": [None, supervisor]}, reason=_text(note))
    return hazard


@transaction.atomic
def hazard_reopen(*, actor, hazard: Hazard, note: str) -> LoopStep:
    """An accepted hazard found again: back to 整改中."""
    hazard = _locked(hazard, None)
    require(permissions.can_direct(actor, hazard), _("只有项目办可以重新打开隐患。"))
    step = loop_services.loop_reopen(actor=actor, item=hazard, note=_text(note), project=hazard.inspection.project)
    hazard.rectified_on = None
    hazard.save(update_fields=["rectified_on"])
    _bump(hazard)
    return step


@transaction.atomic
def hazard_add_photos(*, actor, hazard: Hazard, files, caption: str = "") -> list[HazardPhoto]:
    """Optional photos (JPEG or PNG, recognised by content), never a condition of any step."""
    hazard = _locked(hazard, None)
    require(permissions.can_add_photos(actor, hazard), _("您不能为此隐患上传照片。"))
    if not files:
        raise ValidationError({"photos": _("请选择要上传的照片。")})
    for upload in files:
        require_kind(upload, {"jpeg", "png"}, max_bytes=PHOTO_MAX_BYTES)
    photos = [HazardPhoto.objects.create(hazard=hazard, image=upload, caption=_text(caption)[:100],
                                         uploaded_by=actor) for upload in files]
    audit.record(actor=actor, action="hazard.photos", target=hazard, project=hazard.inspection.project,
                 changes={"photos": [None, [p.image.name for p in photos]]})
    return photos


@transaction.atomic
def hazard_letter(*, actor, hazard: Hazard, kind: str) -> LoopStep:
    """Issue a 交办函 / 提醒函 / 督办函 about an open hazard to its 责任单位, numbered in the office's one series
    of letters and kept with the hazard's loop (the mechanism of dispatch problems' letters)."""
    from .letters import issue_letter

    hazard = _locked(hazard, None)
    require(permissions.can_direct(actor, hazard), _("只有项目办可以发函。"))
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("未知的函件类型。")})
    if not hazard.is_open:
        raise ValidationError(_("此隐患已验收销号，不能再发函。"))
    return issue_letter(actor=actor, hazard=hazard, kind=kind)
