"""A leader's 招商 part of the one-page brief: the leads they answer for (stage, next action, due, stale) and what
happened to them since the previous brief, dated by the business dates (signed, started, funds in place,
registered) and, for stage moves, by when they were recorded."""

from datetime import date

from django.utils.translation import gettext as _

from tuijin.briefs.sections import BriefSection
from tuijin.core import audit
from tuijin.core.models import AuditEvent

from .counting import counted_amount
from .models import FundEntry, Lead, Signing
from .selectors import mark_stale, with_last_contact
from .stages import LeadStage


def _changes(leads: list[Lead], *, since: date, as_of: date) -> list[str]:
    names = {lead.pk: lead.name for lead in leads}
    dated: list[tuple[date, str]] = []
    for lead in leads:
        if since < lead.received_on <= as_of:
            dated.append((lead.received_on, _("%(n)s 登记为招商线索") % {"n": lead.name}))
        if lead.started_on and since < lead.started_on <= as_of:
            dated.append((lead.started_on, _("%(n)s 开工") % {"n": lead.name}))
    for signing in Signing.objects.filter(lead__in=names, signed_on__gt=since, signed_on__lte=as_of):
        dated.append((signing.signed_on, _("%(n)s %(k)s签约，计入签约额%(a)s万元") % {
            "n": names[signing.lead_id], "k": signing.get_kind_display(), "a": audit.plain(counted_amount(signing))}))
    for entry in FundEntry.objects.filter(lead__in=names, date__gt=since, date__lte=as_of):
        dated.append((entry.date, _("%(n)s 到位资金%(a)s万元") % {"n": names[entry.lead_id],
                                                                 "a": audit.plain(entry.amount)}))
    moves = AuditEvent.objects.filter(target_type="promotion.lead", target_id__in=[str(pk) for pk in names],
                                      action="lead.stage", at__date__gt=since, at__date__lte=as_of)
    for event in moves:
        old, new = event.changes.get("stage", [None, None])
        if old in LeadStage.values and new in LeadStage.values:
            dated.append((event.at.date(), _("%(n)s 由“%(a)s”转为“%(b)s”") % {
                "n": names[int(event.target_id)], "a": LeadStage(old).label, "b": LeadStage(new).label}))
    return [f"{day:%m月%d日} {text}" for day, text in sorted(dated, key=lambda item: item[0])]


def section(person, *, as_of: date, since: date | None) -> BriefSection | None:
    leads = with_last_contact(Lead.objects.filter(leader=person)).order_by("next_action_due", "id")
    rows = mark_stale(leads, as_of=as_of)
    if not rows:
        return None
    table = [[lead.name, lead.get_stage_display(), lead.next_action or "—",
              lead.next_action_due.isoformat() if lead.next_action_due else "—",
              _("久未对接") if lead.is_stale else ""] for lead in rows]
    return BriefSection(title=_("招商引资"), columns=[_("项目"), _("阶段"), _("下一步工作"), _("完成时限"), _("提示")],
                        rows=table, changes=_changes(rows, since=since, as_of=as_of) if since else [])
