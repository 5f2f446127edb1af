"""前期 maturity: the seed's five feasibility elements and the approval steps, and what a project is
ready for ("对上可争取、对外可招商、对内可实施"). The rules live here and only here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrepItem(models.TextChoices):
    SITE = "site", _("项目选址")
    CONTENT = "content", _("建设内容")
    SCHEME = "scheme", _("建设方案")
    ESTIMATE = "estimate", _("投资估算")
    FINANCING = "financing", _("融资筹措")
    FILING = "filing", _("立项/备案")
    LAND = "land", _("用地")
    PLANNING_PERMIT = "planning_permit", _("规划许可")
    EIA = "eia", _("环评")
    ENERGY = "energy", _("能评")
    BUILDING_PERMIT = "building_permit", _("施工许可")


class PrepStatus(models.TextChoices):
    TODO = "todo", _("未开展")
    DOING = "doing", _("办理中")
    DONE = "done", _("已完成")
    NOT_NEEDED = "na", _("不涉及")


FEASIBILITY = [PrepItem.SITE, PrepItem.CONTENT, PrepItem.SCHEME, PrepItem.ESTIMATE, PrepItem.FINANCING]
APPROVALS = [PrepItem.FILING, PrepItem.LAND, PrepItem.PLANNING_PERMIT, PrepItem.EIA, PrepItem.ENERGY,
             PrepItem.BUILDING_PERMIT]

# What each kind of readiness needs done (an item marked 不涉及 counts as done).
READINESS = {
    # 对上可争取: funds can be applied for once the project is filed, costed and its financing planned.
    "fundable": (_("对上可争取"), [PrepItem.FILING, PrepItem.CONTENT, PrepItem.ESTIMATE, PrepItem.FINANCING]),
    # 对外可招商: an investor can be shown where, what and how much.
    "promotable": (_("对外可招商"), [PrepItem.SITE, PrepItem.CONTENT, PrepItem.ESTIMATE]),
    # 对内可实施: every feasibility element settled and the approvals a start needs in hand.
    "implementable": (_("对内可实施"), [*FEASIBILITY, PrepItem.FILING, PrepItem.LAND, PrepItem.PLANNING_PERMIT,
                                       PrepItem.EIA]),
}

# Half credit for an item under way: it shows movement without counting it done.
STATUS_CREDIT = {PrepStatus.TODO: 0, PrepStatus.DOING: 0.5, PrepStatus.DONE: 1}


def maturity(statuses: dict[str, str]) -> dict:
    """Score (0–100) and readiness from {item: status}; a missing item counts as 未开展."""
    applicable = [item for item in PrepItem if statuses.get(item, PrepStatus.TODO) != PrepStatus.NOT_NEEDED]
    credit = sum(STATUS_CREDIT[PrepStatus(statuses.get(item, PrepStatus.TODO))] for item in applicable)
    score = round(100 * credit / len(applicable)) if applicable else 100

    def settled(item):
        return statuses.get(item, PrepStatus.TODO) in {PrepStatus.DONE, PrepStatus.NOT_NEEDED}

    ready = {}
    for key, (label, needs) in READINESS.items():
        missing = [PrepItem(item).label for item in needs if not settled(item)]
        ready[key] = {"label": label, "ok": not missing, "missing": missing}
    return {"score": score, "ready": ready}
