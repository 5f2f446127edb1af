"""A leader's 招商 part of the one-page brief: the leads they answer for and what changed since the last brief."""

from datetime import date

from django.utils.translation import gettext as _

from tuijin.briefs.sections import BriefSection
from tuijin.core.models import AuditEvent

from .models import Lead
from .selectors import mark_stale, with_last_contact
from .stages import LeadStage

CHANGE_WORDS = {"lead.stage": _("阶段变更"), "lead.sign": _("签约"), "lead.funds": _("资金到位"),
                "lead.convert": _("转入项目库"), "lead.create": _("新登记")}


def section(person, *, as_of: date, since: date | None) -> BriefSection | None:
    leads = with_last_contact(Lead.objects.filter(leader=person)).order_by("next_action_due", "id")
    rows = mark_stale(leads, as_of=as_of)
    if not rows:
        return None
    table = [[lead.name, lead.get_stage_display(), lead.next_action or "—",
              lead.next_action_due.isoformat() if lead.next_action_due else "—",
              _("久未对接") if lead.is_stale else ""] for lead in rows]
    changes = []
    if since is not None:
        names = {str(lead.pk): lead.name for lead in rows}
        events = AuditEvent.objects.filter(target_type="promotion.lead", target_id__in=list(names),
                                           action__in=list(CHANGE_WORDS), at__date__gt=since,
                                           at__date__lte=as_of).order_by("at", "id")
        for event in events:
            detail = ""
            if "stage" in event.changes:
                old, new = event.changes["stage"]
                detail = f"：{LeadStage(old).label} → {LeadStage(new).label}" if old in LeadStage.values \
                    and new in LeadStage.values else ""
            changes.append(f"{names[event.target_id]} {CHANGE_WORDS[event.action]}{detail}")
    return BriefSection(title=_("招商引资"), columns=[_("项目"), _("阶段"), _("下一步工作"), _("完成时限"), _("提示")],
                        rows=table, changes=changes)
