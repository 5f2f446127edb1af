"""The project's life, in the seed's words: each stage and what it is watched for, the allowed moves,
and the guards that say in Chinese what a move still lacks."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Stage(models.TextChoices):
    PLANNING = "planning", gettext_lazy("谋划")
    PROMOTION = "promotion", gettext_lazy("招商")
    PENDING = "pending", gettext_lazy("待开工")
    CONSTRUCTION = "construction", gettext_lazy("在建")
    COMPLETED = "completed", gettext_lazy("建成投产")
    EFFECTIVE = "effective", gettext_lazy("达效")
    SUSPENDED = "suspended", gettext_lazy("暂缓")
    WITHDRAWN = "withdrawn", gettext_lazy("退库")


# 谋划项目盯前期、招商项目盯签约、新建项目盯开工、在建项目盯进度、建成项目盯达效
WATCHED_FOR = {
    Stage.PLANNING: gettext_lazy("盯前期"),
    Stage.PROMOTION: gettext_lazy("盯签约"),
    Stage.PENDING: gettext_lazy("盯开工"),
    Stage.CONSTRUCTION: gettext_lazy("盯进度"),
    Stage.COMPLETED: gettext_lazy("盯达效"),
    Stage.EFFECTIVE: gettext_lazy("已达效"),
    Stage.SUSPENDED: gettext_lazy("暂缓实施"),
    Stage.WITHDRAWN: gettext_lazy("已退库"),
}

# The counts the seed speaks in: 在谋 · 在库 · 在建 · 建成 · 达效. 在库 is the reserve that is ready to
# be landed: projects being promoted or waiting to start.
STAGE_GROUPS = {
    "planning": (gettext_lazy("在谋"), [Stage.PLANNING]),
    "reserve": (gettext_lazy("在库"), [Stage.PROMOTION, Stage.PENDING]),
    "construction": (gettext_lazy("在建"), [Stage.CONSTRUCTION]),
    "completed": (gettext_lazy("建成"), [Stage.COMPLETED]),
    "effective": (gettext_lazy("达效"), [Stage.EFFECTIVE]),
}

STARTED_STAGES = [Stage.CONSTRUCTION, Stage.COMPLETED, Stage.EFFECTIVE]
ACTIVE_ORDER = [Stage.PLANNING, Stage.PROMOTION, Stage.PENDING, Stage.CONSTRUCTION, Stage.COMPLETED,
                Stage.EFFECTIVE]

ALLOWED = {
    Stage.PLANNING: {Stage.PROMOTION, Stage.PENDING, Stage.SUSPENDED, Stage.WITHDRAWN},
    Stage.PROMOTION: {Stage.PLANNING, Stage.PENDING, Stage.SUSPENDED, Stage.WITHDRAWN},
    Stage.PENDING: {Stage.PROMOTION, Stage.CONSTRUCTION, Stage.SUSPENDED, Stage.WITHDRAWN},
    Stage.CONSTRUCTION: {Stage.COMPLETED, Stage.SUSPENDED},
    Stage.COMPLETED: {Stage.EFFECTIVE},
    Stage.EFFECTIVE: set(),
    # A suspended project resumes where it was; the service checks the stage it came from.
    Stage.SUSPENDED: {Stage.PLANNING, Stage.PROMOTION, Stage.PENDING, Stage.CONSTRUCTION, Stage.WITHDRAWN},
    Stage.WITHDRAWN: {Stage.PLANNING},
}

# Moves that need a written reason: stepping back, pausing, leaving the reserve, or 达效 by decision.
REASON_REQUIRED = {Stage.SUSPENDED, Stage.WITHDRAWN}


@dataclass(frozen=True)
class TransitionFacts:
    """What the person moving the project states along with the move."""

    actual_start: date | None = None
    actual_end: date | None = None
    actual_output: Decimal | None = None
    signed_on: date | None = None
    reason: str = ""
    effective_by_decision: bool = False


def is_backwards(current: str, target: str) -> bool:
    if current in ACTIVE_ORDER and target in ACTIVE_ORDER:
        return ACTIVE_ORDER.index(target) < ACTIVE_ORDER.index(current)
    return False


def transition_problems(project, target: str, facts: TransitionFacts, today: date) -> dict[str, str]:
    """Everything that stops `project` moving to `target`, as {field: message}. Empty means allowed."""
    problems: dict[str, str] = {}
    current = Stage(project.stage)
    target = Stage(target)
    if target == current:
        return {"stage": _("项目已处于“%(stage)s”阶段。") % {"stage": current.label}}
    if target not in ALLOWED[current]:
        return {"stage": _("不能从“%(a)s”直接转到“%(b)s”。") % {"a": current.label, "b": target.label}}
    if current == Stage.SUSPENDED and target != Stage.WITHDRAWN and project.stage_before_suspension \
            and target != project.stage_before_suspension:
        return {"stage": _("暂缓的项目只能恢复到暂缓前的“%(s)s”阶段，或退库。")
                % {"s": Stage(project.stage_before_suspension).label}}
    needs_reason = target in REASON_REQUIRED or is_backwards(current, target) or current in {
        Stage.SUSPENDED, Stage.WITHDRAWN}
    if needs_reason and not facts.reason.strip():
        problems["reason"] = _("转为“%(b)s”须写明原因。") % {"b": target.label}

    if target == Stage.PENDING and current == Stage.PROMOTION and not (facts.signed_on or project.signed_on):
        problems["signed_on"] = _("招商项目转为待开工，须填写签约日期。")
    if target == Stage.CONSTRUCTION:
        start = facts.actual_start or project.actual_start
        if not start:
            problems["actual_start"] = _("转为在建须填写实际开工日期。")
        elif start > today:
            problems["actual_start"] = _("实际开工日期不能晚于今天。")
    if target == Stage.COMPLETED:
        start = project.actual_start
        end = facts.actual_end or project.actual_end
        if not end:
            problems["actual_end"] = _("转为建成投产须填写实际建成日期。")
        elif end > today:
            problems["actual_end"] = _("实际建成日期不能晚于今天。")
        elif start and end < start:
            problems["actual_end"] = _("实际建成日期不能早于实际开工日期（%(d)s）。") % {"d": start.isoformat()}
    if target == Stage.EFFECTIVE:
        output = facts.actual_output if facts.actual_output is not None else project.actual_output
        designed = project.designed_output
        reached = output is not None and designed is not None and output >= designed
        if not reached and not facts.effective_by_decision:
            problems["actual_output"] = _(
                "转为达效须实际产值不低于设计产值（%(d)s万元），或勾选“经研究认定达效”并写明依据。"
            ) % {"d": designed if designed is not None else "未填"}
        if facts.effective_by_decision and not reached and not facts.reason.strip():
            problems["reason"] = _("经研究认定达效须写明认定依据。")
    return problems
