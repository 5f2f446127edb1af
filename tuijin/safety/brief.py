"""A leader's hazards for their one-page brief (班子成员工作汇报): the open hazards at the projects they lead
and those 挂牌督办 under them, with what happened to them since the previous brief."""

from datetime import date

from django.utils.translation import gettext as _

from tuijin.briefs.changes import loop_changes
from tuijin.briefs.sections import BriefSection

from .models import Hazard
from .selectors import hazards_of_leader


def _changes(hazards: list[Hazard], since: date, as_of: date) -> list[str]:
    return loop_changes(hazards, since=since, as_of=as_of, name=str,
                        new_line=lambda h: _("新发现：%(h)s（%(l)s）") % {"h": h, "l": h.get_level_display()})


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
        rows=rows, changes=_changes(current, since, as_of) if since else [])
