"""The warning rules as the evaluation reads them: thresholds per kind, their defaults, their sentences.

Each kind measures one thing and compares it one way (the comparison is part of the rule, not editable):

| kind      | measure                                               | yellow when          | red when            |
|-----------|-------------------------------------------------------|----------------------|---------------------|
| start     | whole months since the planned start month ended      | month over, ≥ yellow | ≥ red (3)           |
| progress  | points task progress lags 序时进度 (0.1, half up)     | ≥ yellow (10)        | > red (30)          |
| milestone | days past the planned date, not met                   | > yellow (0)         | > red (30)          |
| report    | periods past their deadline with no report counted    | ≥ yellow (1)         | ≥ red (2)           |
| problem   | days past the deadline / escalation level (1–4)       | days > yellow (0)    | level ≥ red (4 主要领导) |
| funds     | share of total investment with no source (per cent)   | > yellow (0)         | > red (none)        |

An empty red threshold means the kind never turns red; a disabled rule raises nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tuijin.core.loop import Escalation

from .models import RuleKind, WarningRule

D = Decimal
# (yellow, red) by kind: the practice the issue describes.
DEFAULTS: dict[str, tuple[Decimal, Decimal | None]] = {
    RuleKind.START: (D(0), D(3)),
    RuleKind.PROGRESS: (D(10), D(30)),
    RuleKind.MILESTONE: (D(0), D(30)),
    RuleKind.REPORT: (D(1), D(2)),
    RuleKind.PROBLEM: (D(0), D(Escalation.PRINCIPAL)),
    RuleKind.FUNDS: (D(0), None),
}
ORDER = [RuleKind.START, RuleKind.PROGRESS, RuleKind.MILESTONE, RuleKind.REPORT, RuleKind.PROBLEM, RuleKind.FUNDS]
# Kinds whose thresholds count whole things (months, days, periods, escalation levels).
WHOLE = {RuleKind.START, RuleKind.MILESTONE, RuleKind.REPORT, RuleKind.PROBLEM}
# Kinds whose yellow and red thresholds measure the same thing (so red must lie beyond yellow).
SAME_MEASURE = {RuleKind.START, RuleKind.PROGRESS, RuleKind.MILESTONE, RuleKind.REPORT, RuleKind.FUNDS}

def units(kind: str) -> tuple[str, str]:
    """How the (yellow, red) thresholds of `kind` are counted, for forms and pages."""
    return {
        RuleKind.START: (_("个月"), _("个月")),
        RuleKind.PROGRESS: (_("个百分点"), _("个百分点")),
        RuleKind.MILESTONE: (_("天"), _("天")),
        RuleKind.REPORT: (_("期"), _("期")),
        RuleKind.PROBLEM: (_("天"), _("级（1分管领导，2责任单位主要负责人，3联系领导，4主要领导）")),
        RuleKind.FUNDS: (_("%"), _("%")),
    }[kind]


def _n(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def explain(kind: str, yellow: Decimal, red: Decimal | None) -> str:
    """The sentence that explains a rule with these thresholds (the default text of its explanation)."""
    y, r = _n(yellow), _n(red)
    match kind:
        case RuleKind.START:
            first = (_("计划开工月份已过仍未开工的亮黄灯") if yellow == 0
                     else _("超过计划开工月份满%(y)s个月仍未开工的亮黄灯") % {"y": y})
            second = _("超过计划开工月份满%(r)s个月仍未开工的亮红灯") % {"r": r} if red is not None else ""
        case RuleKind.PROGRESS:
            first = (_("任务进度（1-N月完成投资占年度计划投资的比例）落后序时进度%(y)s至%(r)s个百分点的亮黄灯")
                     % {"y": y, "r": r} if red is not None else
                     _("任务进度（1-N月完成投资占年度计划投资的比例）落后序时进度%(y)s个百分点及以上的亮黄灯") % {"y": y})
            second = _("落后超过%(r)s个百分点的亮红灯") % {"r": r} if red is not None else ""
        case RuleKind.MILESTONE:
            first = (_("节点过了计划日期仍未完成的亮黄灯") if yellow == 0
                     else _("节点逾期超过%(y)s天仍未完成的亮黄灯") % {"y": y})
            second = _("逾期超过%(r)s天的亮红灯") % {"r": r} if red is not None else ""
        case RuleKind.REPORT:
            first = (_("调度期填报截止日期已过、仍有1期进度未报送的亮黄灯") if yellow == 1
                     else _("调度期填报截止日期已过、有%(y)s期及以上进度未报送的亮黄灯") % {"y": y})
            second = _("有%(r)s期及以上未报送的亮红灯") % {"r": r} if red is not None else ""
        case RuleKind.PROBLEM:
            first = (_("存在问题超过办结时限仍未解决的亮黄灯") if yellow == 0
                     else _("存在问题超过办结时限%(y)s天仍未解决的亮黄灯") % {"y": y})
            second = (_("升级到%(e)s协调的亮红灯") % {"e": _escalation_label(red)}) if red is not None else ""
        case RuleKind.FUNDS:
            base = _("已开工项目填报的资金构成（财政资金、专项债、企业自筹、银行贷款、其他）合计低于总投资")
            first = (base + _("、资金来源未落实的亮黄灯") if yellow == 0
                     else base + _("、缺口超过总投资%(y)s%%的亮黄灯") % {"y": y})
            second = _("缺口超过总投资%(r)s%%的亮红灯") % {"r": r} if red is not None else ""
        case _:
            raise ValueError(kind)
    return first + (_("；") + second if second else "") + _("。")


def _escalation_label(level: Decimal) -> str:
    try:
        return str(Escalation(int(level)).label)
    except ValueError:
        return _("第%(n)s级") % {"n": _n(level)}


@dataclass(frozen=True)
class Rule:
    kind: str
    enabled: bool
    yellow: Decimal
    red: Decimal | None
    explanation: str

    @property
    def label(self) -> str:
        return str(RuleKind(self.kind).label)


def default_rule(kind: str) -> Rule:
    yellow, red = DEFAULTS[kind]
    return Rule(kind=kind, enabled=True, yellow=yellow, red=red, explanation=explain(kind, yellow, red))


def load_rules() -> dict[str, Rule]:
    """Every kind's rule, as stored (one query); a kind with no row yet follows its default."""
    stored = {r.kind: Rule(kind=r.kind, enabled=r.enabled, yellow=r.yellow, red=r.red, explanation=r.explanation)
              for r in WarningRule.objects.all()}
    return {kind: stored.get(kind) or default_rule(kind) for kind in ORDER}


def clear_cache() -> None:
    """Forget the rules read for the current measurement (after a change, and between tests)."""
    from . import measurement

    measurement.start()
