"""An application's statuses and the moves between them, in one place.

储备 → 申报 → 审核通过 → 资金下达 → 拨付; 申报 may end in 未通过 (with a reason), and a 未通过 application may be
put back into the reserve for a later batch. Each move is dated; what a move needs is checked in services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RESERVE = "reserve", _("储备")
    APPLIED = "applied", _("申报")
    APPROVED = "approved", _("审核通过")
    ISSUED = "issued", _("资金下达")
    PAID = "paid", _("拨付")
    REJECTED = "rejected", _("未通过")


ALLOWED = {
    Status.RESERVE: {Status.APPLIED},
    Status.APPLIED: {Status.APPROVED, Status.REJECTED},
    Status.APPROVED: {Status.ISSUED},
    Status.ISSUED: {Status.PAID},
    Status.PAID: set(),
    Status.REJECTED: {Status.RESERVE},
}

# The order of the path an application walks; 未通过 is off it.
PATH = [Status.RESERVE, Status.APPLIED, Status.APPROVED, Status.ISSUED, Status.PAID]

# Applications that keep their project in the reserve (在库): every status but 未通过.
LIVE = [Status.RESERVE, Status.APPLIED, Status.APPROVED, Status.ISSUED, Status.PAID]

# The date field each status is entered on.
DATE_FIELD = {
    Status.RESERVE: "reserved_on",
    Status.APPLIED: "applied_on",
    Status.APPROVED: "approved_on",
    Status.ISSUED: "issued_on",
    Status.PAID: "paid_on",
    Status.REJECTED: "rejected_on",
}

# The amount a move to a status records (the others carry none).
AMOUNT_FIELD = {
    Status.APPLIED: "amount_requested",
    Status.APPROVED: "amount_approved",
    Status.ISSUED: "amount_issued",
    Status.PAID: "amount_paid",
}

# Verbs for buttons and the timeline.
MOVE_LABELS = {
    Status.APPLIED: _("申报"),
    Status.APPROVED: _("审核通过"),
    Status.REJECTED: _("未通过"),
    Status.ISSUED: _("资金下达"),
    Status.PAID: _("拨付"),
    Status.RESERVE: _("重新储备"),
}


def reached(status: str, step: str) -> bool:
    """Whether an application at `status` has passed through `step` of the path (未通过 passed 申报)."""
    if status == Status.REJECTED:
        return step in {Status.RESERVE, Status.APPLIED}
    return PATH.index(Status(status)) >= PATH.index(Status(step))
