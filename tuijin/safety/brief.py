"""A leader's hazards for their one-page brief (班子成员工作汇报): the open hazards at the projects they lead
and those 挂牌督办 under them, with what happened to them since the previous brief."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.briefs.sections import BriefSection
from tuijin.core.loop import LoopStep

from .models import Hazard
from .selectors import hazards_of_leader


def _changes(hazards: list[Hazard], since: date) -> list[str]:
    by_id = {h.pk: h for h in hazards}
    lines = [_("%(d)s 新发现：%(h)s（%(l)s）") % {"d": f"{timezone.localdate(h.created_at):%m-%d}", "h": h,
                                                "l": h.get_level_display()}
             for h in hazards if timezone.localdate(h.created_at) >= since]
    steps = (LoopStep.objects.filter(content_type=ContentType.objects.get_for_model(Hazard),
                                     object_id__in=list(by_id), at__date__gte=since).order_by("at", "id"))
    for step in steps:
        note = f"：{step.note}" if step.note else ""
        lines.append(_("%(d)s %(h)s %(k)s%(n)s") % {"d": f"{timezone.localdate(step.at):%m-%d}",
                                                      "h": by_id[step.object_id], "k": step.get_kind_display(),
                                                      "n": note})
    return lines


def section(person, *, as_of: date, since: date | None) -> BriefSection | None:
    hazards = list(hazards_of_leader(person))
    current = [h for h in hazards if h.is_open or (since and h.closed_on and h.closed_on >= since)]
    if not current:
        return None
    rows = [[h.domain.name, h.inspection.place, h.description, h.get_level_display()
             + (_("·挂牌督办") if h.listed_on else ""), str(h.department or "—"),
             f"{h.deadline:%Y-%m-%d}" if h.deadline else "—",
             h.stage_label + (_("（逾期）") if h.is_overdue(as_of) else "")] for h in current]
    return BriefSection(
        title=_("安全隐患整治"),
        columns=[_("领域"), _("地点"), _("隐患"), _("等级"), _("责任单位"), _("整改时限"), _("状态")],
        rows=rows, changes=_changes(current, since) if since else [])
