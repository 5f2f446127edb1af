"""A lead's way from first contact to money in place, the moves allowed between its stages, and the guards
that say in Chinese what a move still lacks. Every stage change, on the board, the lead page, an import or
the demo, is checked here and nowhere else."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class LeadStage(models.TextChoices):
    CLUE = "clue", gettext_lazy("线索")
    CONTACT = "contact", gettext_lazy("接洽")
    INSPECTION = "inspection", gettext_lazy("考察")
    NEGOTIATION = "negotiation", gettext_lazy("在谈")
    SIGNED = "signed", gettext_lazy("签约")
    REGISTERED = "registered", gettext_lazy("注册")
    PENDING_START = "pending_start", gettext_lazy("拟开工")
    STARTED = "started", gettext_lazy("开工")
    FUNDED = "funded", gettext_lazy("到资")
    TERMINATED = "terminated", gettext_lazy("终止")


ORDER = [LeadStage.CLUE, LeadStage.CONTACT, LeadStage.INSPECTION, LeadStage.NEGOTIATION, LeadStage.SIGNED,
         LeadStage.REGISTERED, LeadStage.PENDING_START, LeadStage.STARTED, LeadStage.FUNDED]
BEFORE_SIGNING = ORDER[:ORDER.index(LeadStage.SIGNED)]
SIGNED_STAGES = ORDER[ORDER.index(LeadStage.SIGNED):]
STARTED_STAGES = [LeadStage.STARTED, LeadStage.FUNDED]
# Stages in which a lead is still being chased: a lead here with no contact for N days is stale.
CHASED_STAGES = ORDER[:ORDER.index(LeadStage.FUNDED)]


def _allowed() -> dict[str, set[str]]:
    """One step forward; one step back (with a reason); 终止 from anywhere before 到资 (with a reason);
    a terminated lead reopens as a 线索 (with a reason)."""
    allowed: dict[str, set[str]] = {stage: set() for stage in LeadStage}
    for index, stage in enumerate(ORDER):
        if index + 1 < len(ORDER):
            allowed[stage].add(ORDER[index + 1])
        if index > 0:
            allowed[stage].add(ORDER[index - 1])
        if stage != LeadStage.FUNDED:
            allowed[stage].add(LeadStage.TERMINATED)
    allowed[LeadStage.TERMINATED] = {LeadStage.CLUE}
    return allowed


ALLOWED = _allowed()


@dataclass(frozen=True)
class MoveFacts:
    """What the person moving the lead states with the move."""

    reason: str = ""
    started_on: date | None = None


NO_FACTS = MoveFacts()

def is_backwards(current: str, target: str) -> bool:
    return current in ORDER and target in ORDER and ORDER.index(target) < ORDER.index(current)


def needs_reason(current: str, target: str) -> bool:
    return target == LeadStage.TERMINATED or current == LeadStage.TERMINATED or is_backwards(current, target)


def move_problems(lead, target: str, facts: MoveFacts, *, first_signed_on: date | None, has_funds: bool,
                  today: date) -> dict[str, str]:
    """Everything that stops `lead` moving to `target`, as {field: message}. Empty means allowed."""
    if target not in LeadStage.values:
        return {"stage": _("未知的阶段“%(s)s”。") % {"s": target}}
    current, target = LeadStage(lead.stage), LeadStage(target)
    if current == target:
        return {"stage": _("线索已处于“%(s)s”阶段。") % {"s": current.label}}
    if target not in ALLOWED[current]:
        return {"stage": _("不能从“%(a)s”直接转到“%(b)s”。") % {"a": current.label, "b": target.label}}
    problems: dict[str, str] = {}
    if needs_reason(current, target) and not facts.reason.strip():
        problems["reason"] = _("转为“%(b)s”须写明原因。") % {"b": target.label}
    if target == LeadStage.SIGNED and first_signed_on is None:
        problems["stage"] = _("转为签约须先登记签约合同（签约日期和合同金额）。")
    if target == LeadStage.STARTED:
        started_on = facts.started_on or lead.started_on
        if not started_on:
            problems["started_on"] = _("转为开工须填写开工日期。")
        elif started_on > today:
            problems["started_on"] = _("开工日期不能晚于今天。")
        elif first_signed_on and started_on < first_signed_on:
            problems["started_on"] = _("开工日期不能早于签约日期（%(d)s）。") % {"d": first_signed_on.isoformat()}
    if target == LeadStage.FUNDED and not has_funds:
        problems["stage"] = _("转为到资须先登记到位资金。")
    return problems


def path_to(current: str, target: str) -> list[str]:
    """The forward steps from `current` to `target` (for imports and the demo, which state where a lead is)."""
    if current not in ORDER or target not in ORDER or ORDER.index(target) < ORDER.index(current):
        return []
    return list(ORDER[ORDER.index(current) + 1: ORDER.index(target) + 1])
