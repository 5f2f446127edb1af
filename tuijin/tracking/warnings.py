"""预警: red and yellow warnings for any as-of date, from set-based queries.

Which projects are watched (`watched_projects`): those on one of the as-of year's lists, and any project
waiting to start (待开工) or being built (在建), within the user's scope and the zone; paused (暂缓) and
withdrawn (退库) projects are not pushed and get no warnings. The zone (`region`) is the one whose dispatch
periods give the figures: the one asked for, else the user's, else the zone of the latest period.

The project rules read one row of facts per project (`project_facts`: the figures and the funding split computed
once in SQL, the periods owed and not reported counted in Python from three flat reads, `reports_owed`) and
compare them in one function each
(`start_level`, `progress_level`, `report_level`, `funds_level`); milestones and problems are one SQL condition
each over their own rows. The rankings (rankings.py) count the same rows and the same warnings, so the two
always agree (tracking/rules.py has the table of measures and comparisons):

- start: not started by the as-of date (no actual start on or before it, and not in a built stage without
  a date) while the planned start month is over. Months late are whole months from the first day after the
  planned month to the day after the as-of date: planned March, as of 30 June → 3 months → red.
- progress: task progress = 1-N月 completed (dispatch.figures, the as-of month's period) ÷ annual plan
  (projects.selectors.annual_plan_subquery); the gap is 序时进度 − task progress in points, rounded to 0.1
  half up as tracking.progress.gap_points does; exactly 10 → yellow, exactly 30 → yellow, 30.1 → red.
- milestone: a milestone not met by the as-of date (not 已完成, or completed after it) whose planned date
  is behind it; one warning per project, naming the most overdue milestone and how many more there are.
- report: a period of the zone whose deadline (截止) passed before the as-of date, in the as-of year, for
  which the project was due to report (dispatch.selectors.expected_projects' rule: 在建, or on that year's
  list and 待开工/在建/建成) and has no counted report (submitted or approved) now. A report that came in
  late clears the warning; the 红黄榜 of the time is what `snapshot` keeps.
- problem: a problem open on the as-of date (open now, or closed after it) past its deadline → yellow;
  escalated to 主要领导 → red. One warning per problem. Escalation and existence are read as they are now.
- funds (资金未落实): a project started by the as-of date whose funding split (财政资金, 专项债, 企业自筹,
  银行贷款, 其他) is filled in but adds up to less than its total investment: the rest has no source. A
  project with no split entered is not judged (nothing says its money is missing).

Stages, escalations and splits are read as they are today; only dates, reports and figures are taken as of
the date asked. A project's level is the worst of its warnings (`project_levels`, `board`).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, partial

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tuijin.core.loop import OPEN_STATUSES, Escalation
from tuijin.dispatch.figures import ZERO, counted_reports
from tuijin.dispatch.models import Period, Problem
from tuijin.dispatch.selectors import REPORTING_STAGES
from tuijin.org.models import Region
from tuijin.projects.lifecycle import STARTED_STAGES, Stage
from tuijin.projects.models import INVESTMENT_SPLIT, ListMembership, Milestone, Project
from tuijin.projects.selectors import visible_projects

from .models import Level, RuleKind, WarningSnapshot
from .progress import gap_points, percent, task_progress, time_progress
from .rules import ORDER, Rule, load_rules
from .selectors import add_year_figures, as_of_period, reporting_region

HUNDRED = Decimal(100)
HALF_TENTH = Decimal("0.05")
TENTH = Decimal("0.1")
WIDE = DecimalField(max_digits=30, decimal_places=10)
NOT_WATCHED = [Stage.SUSPENDED, Stage.WITHDRAWN]
LEVELS = {0: None, 1: Level.YELLOW.value, 2: Level.RED.value}
PROJECT_KINDS = [RuleKind.START, RuleKind.PROGRESS, RuleKind.REPORT, RuleKind.FUNDS]


@dataclass(frozen=True)
class Warning:
    project_id: int
    project_name: str
    level: str  # "red" | "yellow"
    kind: str  # a RuleKind
    rule: str  # the rule's label, e.g. 进度滞后
    # in words, e.g. 完成率12.0%，落后序时进度21.3个百分点: the text, or how to write it when first read (counts and
    # levels — the dashboard's, the rankings' — never need the words of thousands of warnings)
    words: str | Callable[[], str] = field(compare=False)
    department_id: int | None = None
    department: str = ""

    @cached_property
    def reason(self) -> str:
        return self.words() if callable(self.words) else self.words

    def as_dict(self) -> dict:
        return {"project": self.project_name, "level": self.level, "rule": self.rule, "reason": self.reason}


@dataclass
class Basis:
    """What an evaluation is measured against."""

    as_of: date
    region: Region | None
    period: Period
    rules: dict[str, Rule]
    time: Decimal

    def on(self, kind: str) -> Rule | None:
        rule = self.rules[kind]
        return rule if rule.enabled else None


def basis(*, as_of: date, user=None, region: Region | None = None, rules: dict[str, Rule] | None = None) -> Basis:
    region = region or reporting_region(user)
    period = as_of_period(region, as_of) if region is not None else Period(year=as_of.year, month=as_of.month,
                                                                           deadline=as_of)
    return Basis(as_of=as_of, region=region, period=period, rules=rules or load_rules(), time=time_progress(as_of))


def watched_projects(*, user=None, region: Region | None = None, year: int) -> QuerySet[Project]:
    """The projects warnings are raised on (see the module's docstring), each once."""
    projects = visible_projects(user) if user is not None else Project.objects.all()
    if region is not None:
        projects = projects.filter(region__path__startswith=region.path)
    listed = ListMembership.objects.filter(programme__year=year).values("project_id")
    projects = projects.filter(Q(pk__in=listed) | Q(stage__in=[Stage.PENDING, Stage.CONSTRUCTION])).exclude(
        stage__in=NOT_WATCHED)
    return Project.objects.filter(pk__in=projects.values("pk"))


# ---------------------------------------------------------------------------------------------------------
# The conditions, one per rule.


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def month_after(day: date) -> date:
    return add_months(day.replace(day=1), 1)


def months_late(planned_start: date, as_of: date) -> tuple[int, int]:
    """(whole months, days) from the first day after the planned start month to the day after `as_of`."""
    due, end = month_after(planned_start), as_of + timedelta(days=1)
    months = (end.year - due.year) * 12 + end.month - due.month
    return months, (end - due).days


def start_cutoff(as_of: date, months: Decimal) -> date:
    """A planned start before this date is at least `months` whole months late on `as_of`."""
    return month_after(add_months(as_of + timedelta(days=1), -(int(months) + 1)))


def _case(red, yellow) -> Case:
    """2 where `red` holds, else 1 where `yellow` holds, else 0 (conditions: Q objects or boolean expressions)."""
    whens = [When(red, then=Value(2))] if red is not None else []
    return Case(*whens, When(yellow, then=Value(1)), default=Value(0), output_field=IntegerField())


def _level(rule: Rule | None, meets: Callable[[Decimal], bool], *, red_beyond: Decimal = Decimal(0)) -> int:
    """2 when the row meets the red threshold (plus `red_beyond`), else 1 when it meets the yellow one, else 0."""
    if rule is None:
        return 0
    if rule.red is not None and meets(rule.red + red_beyond):
        return 2
    return 1 if meets(rule.yellow) else 0


def started_by(row: dict, as_of: date) -> bool:
    """Started by `as_of`: a start date on or before it, or built without a recorded date."""
    if row["actual_start"] is not None:
        return row["actual_start"] <= as_of
    return row["stage"] in STARTED_STAGES


def start_level(b: Basis, row: dict) -> int:
    if row["planned_start"] is None or started_by(row, b.as_of):
        return 0
    return _level(b.on(RuleKind.START), lambda months: row["planned_start"] < start_cutoff(b.as_of, months))


def progress_level(b: Basis, row: dict) -> int:
    """The rounded gap behind 序时进度 is at least the threshold: completed ≤ plan × (time − (points − 0.05) / 100);
    red lies beyond its threshold (30.1 for 30)."""
    plan, completed = row["annual_plan"], row["completed_ytd"]
    if plan <= 0:
        return 0
    return _level(b.on(RuleKind.PROGRESS),
                  lambda points: completed <= plan * (b.time - (points - HALF_TENTH) / HUNDRED), red_beyond=TENTH)


def report_level(b: Basis, row: dict) -> int:
    return _level(b.on(RuleKind.REPORT), lambda periods: row["owed"].count >= periods)


def funds_level(b: Basis, row: dict) -> int:
    """Judged once started with a split entered and a total investment: the split covers less than (100 − share)%
    of the total."""
    total = row["total_investment"]
    if not (started_by(row, b.as_of) and row["has_split"] and total and total > 0):
        return 0
    split = Decimal(row["funds_split"])
    return _level(b.on(RuleKind.FUNDS), lambda share: split < total * ((HUNDRED - share) / HUNDRED))


PROJECT_LEVELS = {RuleKind.START: start_level, RuleKind.PROGRESS: progress_level, RuleKind.REPORT: report_level,
                  RuleKind.FUNDS: funds_level}


def _not_met_q(as_of: date) -> Q:
    return ~Q(status=Milestone.Status.MET) | Q(actual_date__gt=as_of)


def milestone_q(b: Basis, days: Decimal) -> Q:
    """Milestones more than `days` days past their planned date on `as_of`, not met by then."""
    return _not_met_q(b.as_of) & Q(planned_date__lt=b.as_of - timedelta(days=int(days)))


def _open_q(as_of: date) -> Q:
    return Q(status__in=OPEN_STATUSES) | Q(closed_on__gt=as_of)


def problem_yellow_q(b: Basis, rule: Rule) -> Q:
    return _open_q(b.as_of) & Q(deadline__lt=b.as_of - timedelta(days=int(rule.yellow)))


def problem_red_q(b: Basis, rule: Rule) -> Q | None:
    return _open_q(b.as_of) & Q(escalation__gte=int(rule.red)) if rule.red is not None else None


@dataclass(frozen=True)
class Owed:
    """The periods a project owed and has not reported: how many, and the latest of them (YYYYMM, deadline)."""

    count: int = 0
    last: int | None = None
    deadline: date | None = None


NOTHING_OWED = Owed()


def _ym(year: int, month: int) -> int:
    return year * 100 + month


def owed_periods(periods: list[dict], row: dict, listed: set[int], reported: set[int]) -> list[dict]:
    """The `periods` (the zone's, past their deadline) that the project of `row` owed and has not reported —
    dispatch.selectors.expected_projects' rule: 在建, every period from its start month (from the first without
    a start date) and those of years it is listed; 待开工/建成, those of years it is listed. `listed` holds the
    years the project is on a list, `reported` the periods it has a counted report for."""
    stage = row["stage"]
    if stage not in REPORTING_STAGES:
        return []
    start = row["actual_start"]
    since = _ym(start.year, start.month) if stage == Stage.CONSTRUCTION and start is not None else 0
    return [period for period in periods if period["pk"] not in reported and (
        period["year"] in listed or (stage == Stage.CONSTRUCTION and _ym(period["year"], period["month"]) >= since))]


def reports_owed(b: Basis, projects: QuerySet[Project], rows: list[dict]) -> dict[int, Owed]:
    """The projects of `rows` that owe reports → what they owe, from three flat reads: the zone's periods past
    their deadline on `as_of` (the deadline in its year), the list years of `projects` and their counted reports
    of those periods. (A count per project in SQL scanned the periods again for every project, and once more to
    find the latest.)"""
    if b.period.region_id is None:
        return {}
    periods = list(Period.objects.filter(region_id=b.period.region_id, deadline__lt=b.as_of,
                                         deadline__gte=date(b.as_of.year, 1, 1))
                   .order_by("-year", "-month").values("pk", "year", "month", "deadline"))
    if not periods:
        return {}
    watched = projects.values("pk")
    listed: dict[int, set[int]] = defaultdict(set)
    for project_id, year in ListMembership.objects.filter(
            project__in=watched, programme__year__in={p["year"] for p in periods}).values_list(
            "project_id", "programme__year"):
        listed[project_id].add(year)
    reported: dict[int, set[int]] = defaultdict(set)
    for project_id, period_id in counted_reports().filter(
            project__in=watched, period_id__in=[p["pk"] for p in periods]).values_list("project_id", "period_id"):
        reported[project_id].add(period_id)
    owed = {}
    for row in rows:
        missing = owed_periods(periods, row, listed.get(row["pk"], set()), reported.get(row["pk"], set()))
        if missing:  # newest first
            owed[row["pk"]] = Owed(len(missing), _ym(missing[0]["year"], missing[0]["month"]), missing[0]["deadline"])
    return owed


def funds_split():
    total = Coalesce(F(INVESTMENT_SPLIT[0]), ZERO)
    for name in INVESTMENT_SPLIT[1:]:
        total = total + Coalesce(F(name), ZERO)
    return ExpressionWrapper(total, output_field=WIDE)


def has_split() -> Case:
    """1 when any part of the funding split is filled in (a project with none entered is not judged)."""
    entered = Q()
    for name in INVESTMENT_SPLIT:
        entered |= Q(**{f"{name}__isnull": False})
    return Case(When(entered, then=Value(1)), default=Value(0), output_field=IntegerField())


FACT_FIELDS = ["pk", "name", "lead_department_id", "lead_department__short_name", "lead_department__name", "stage",
               "planned_start", "actual_start", "completed_ytd", "annual_plan", "total_investment", "funds_split",
               "has_split"]
# read from the projects' own row; the figures come from grouped reads (selectors.add_year_figures)
OWN_FIELDS = [name for name in FACT_FIELDS if name not in ("completed_ytd", "annual_plan")]


def project_facts(projects: QuerySet[Project], b: Basis, *more: str) -> list[dict]:
    """A row per watched project with what the project rules read (FACT_FIELDS, and the fields in `more`): the
    funding split from the project's row, the 1-N月 of the as-of period and the annual plan from one grouped read
    each, and under "owed" the periods owed and not reported (reports_owed). The levels are then worked out from
    these values (start_level, progress_level, report_level, funds_level): a CASE in SQL would compute every
    figure again for each threshold it compares, and correlated subqueries re-summed every project's reports."""
    rows = list(projects.annotate(funds_split=funds_split(), has_split=has_split()).values(*OWN_FIELDS, *more))
    add_year_figures(rows, projects, b.period)
    owed = reports_owed(b, projects, rows) if b.on(RuleKind.REPORT) else {}
    for row in rows:
        row["owed"] = owed.get(row["pk"], NOTHING_OWED)
    return rows


# ---------------------------------------------------------------------------------------------------------
# The reasons, in words.


def _month(day: date) -> str:
    return _("%(y)s年%(m)s月") % {"y": day.year, "m": day.month}


def _money(value: Decimal) -> str:
    return f"{Decimal(value):,.2f}"


def _short(text: str, length: int = 20) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length] + "…"


def _department(row: dict, prefix: str = "") -> tuple[int | None, str]:
    pk = row[f"{prefix}lead_department_id"]
    return pk, (row[f"{prefix}lead_department__short_name"] or row[f"{prefix}lead_department__name"] or "")


def start_reason(planned_start: date, as_of: date) -> str:
    months, days = months_late(planned_start, as_of)
    words = {"p": _month(planned_start), "n": months, "d": days}
    if months >= 1:
        return _("计划%(p)s开工，已过%(n)s个月仍未开工") % words
    if days >= 1:
        return _("计划%(p)s开工，已过%(d)s天仍未开工") % words
    return _("计划%(p)s开工，至月末仍未开工") % words


def progress_reason(b: Basis, completed: Decimal, plan: Decimal) -> str:
    task = task_progress(completed, plan)
    return _("完成率%(r)s%%，落后序时进度%(g)s个百分点") % {"r": percent(task), "g": gap_points(b.time, task)}


def report_reason(count: int, last_year: int, last_month: int, deadline: date) -> str:
    words = {"p": _("%(y)s年%(m)s月") % {"y": last_year, "m": last_month}, "c": count, "d": deadline.isoformat()}
    if count == 1:
        return _("%(p)s进度未报送（截止%(d)s）") % words
    return _("%(p)s等%(c)s期进度未报送（最近一期截止%(d)s）") % words


def funds_reason(split: Decimal, total: Decimal) -> str:
    gap = total - split
    return _("资金构成合计%(s)s万元，低于总投资%(t)s万元，缺口%(g)s万元（占%(p)s%%）") % {
        "s": _money(split), "t": _money(total), "g": _money(gap), "p": percent(gap / total)}


# ---------------------------------------------------------------------------------------------------------
# Evaluation.


def _project_warnings(b: Basis, rows: list[dict]) -> list[Warning]:
    """The project rules' warnings from `rows` (project_facts' values)."""
    kinds = [kind for kind in PROJECT_KINDS if b.on(kind)]
    levelled = []
    for row in rows:
        levels = {kind: PROJECT_LEVELS[kind](b, row) for kind in kinds}
        if any(levels.values()):
            levelled.append((row, levels))
    labels = {kind: b.rules[kind].label for kind in kinds}
    warnings = []
    for row, levels in levelled:
        department_id, department = _department(row)
        for kind, level in levels.items():
            if level:
                warnings.append(Warning(row["pk"], row["name"], LEVELS[level], kind, labels[kind],
                                        partial(_project_reason, b, row, kind), department_id, department))
    return warnings


def _project_reason(b: Basis, row: dict, kind: str) -> str:
    if kind == RuleKind.START:
        return start_reason(row["planned_start"], b.as_of)
    if kind == RuleKind.PROGRESS:
        return progress_reason(b, row["completed_ytd"], row["annual_plan"])
    if kind == RuleKind.REPORT:
        owed = row["owed"]
        return report_reason(owed.count, owed.last // 100, owed.last % 100, owed.deadline)
    return funds_reason(Decimal(row["funds_split"]), row["total_investment"])


ITEM_FIELDS = ["project_id", "project__name", "project__lead_department_id", "project__lead_department__short_name",
               "project__lead_department__name"]


def _milestone_warnings(b: Basis, projects: QuerySet[Project]) -> list[Warning]:
    rule = b.on(RuleKind.MILESTONE)
    if rule is None:
        return []
    red = milestone_q(b, rule.red) if rule.red is not None else None
    rows = Milestone.objects.filter(milestone_q(b, rule.yellow), project__in=projects.values("pk")).annotate(
        item_level=_case(red, Q(pk__isnull=False))).order_by("project_id", "planned_date", "order", "id").values(
        *ITEM_FIELDS, "name", "planned_date", "item_level")
    by_project: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_project[row["project_id"]].append(row)
    label = rule.label
    warnings = []
    for items in by_project.values():
        first = items[0]  # the most overdue
        department_id, department = _department(first, "project__")
        warnings.append(Warning(first["project_id"], first["project__name"],
                                LEVELS[max(item["item_level"] for item in items)], RuleKind.MILESTONE, label,
                                partial(_milestone_reason, b, items), department_id, department))
    return warnings


def _milestone_reason(b: Basis, items: list[dict]) -> str:
    first = items[0]
    reason = _("节点“%(n)s”计划%(d)s，已逾期%(k)s天") % {"n": first["name"], "d": first["planned_date"].isoformat(),
                                                   "k": (b.as_of - first["planned_date"]).days}
    if len(items) > 1:
        reason += _("（另有%(c)s个节点逾期）") % {"c": len(items) - 1}
    return reason


def _problem_warnings(b: Basis, projects: QuerySet[Project]) -> list[Warning]:
    rule = b.on(RuleKind.PROBLEM)
    if rule is None:
        return []
    red, yellow = problem_red_q(b, rule), problem_yellow_q(b, rule)
    rows = Problem.objects.filter((red | yellow) if red is not None else yellow,
                                  project__in=projects.values("pk")).annotate(
        item_level=_case(red, Q(pk__isnull=False))).order_by("project_id", "deadline", "id").values(
        *ITEM_FIELDS, "description", "deadline", "escalation", "item_level")
    label = rule.label
    warnings = []
    for row in rows:
        department_id, department = _department(row, "project__")
        warnings.append(Warning(row["project_id"], row["project__name"], LEVELS[row["item_level"]],
                                RuleKind.PROBLEM, label, partial(_problem_reason, b, row), department_id, department))
    return warnings


def _problem_reason(b: Basis, row: dict) -> str:
    overdue = (b.as_of - row["deadline"]).days if row["deadline"] and row["deadline"] < b.as_of else 0
    words = {"t": _short(row["description"]), "k": overdue}
    if row["item_level"] == 2:
        words["e"] = Escalation(row["escalation"]).label
        return (_("问题“%(t)s”已升级至%(e)s协调，已逾期%(k)s天") if overdue
                else _("问题“%(t)s”已升级至%(e)s协调")) % words
    return _("问题“%(t)s”已逾期%(k)s天") % words


def sort_key(warning: Warning) -> tuple:
    return (warning.level != Level.RED, warning.project_id, ORDER.index(warning.kind))


def evaluate(*, as_of: date, user=None, region: Region | None = None) -> list[Warning]:
    """Every warning on `as_of` of the projects `user` sees (all, without a user) in the zone, red first.
    A fixed number of queries, whatever the number of projects."""
    b = basis(as_of=as_of, user=user, region=region)
    projects = watched_projects(user=user, region=b.region, year=as_of.year)
    return evaluate_rows(b, projects, project_facts(projects, b))


def evaluate_rows(b: Basis, projects: QuerySet[Project], rows: list[dict]) -> list[Warning]:
    """The warnings of `projects`, whose facts `rows` holds (project_facts' values: FACT_FIELDS, and any more)."""
    warnings = _project_warnings(b, rows) + _milestone_warnings(b, projects) + _problem_warnings(
        b, projects)
    return sorted(warnings, key=sort_key)


def project_levels(warnings: list[Warning]) -> dict[int, str]:
    """Each warned project's level: the worst of its warnings."""
    levels: dict[int, str] = {}
    for warning in warnings:
        if levels.get(warning.project_id) != Level.RED:
            levels[warning.project_id] = warning.level
    return levels


@dataclass
class BoardRow:
    """One project on the 红黄榜: its worst level and every reason."""

    project_id: int
    project_name: str
    department_id: int | None
    department: str
    level: str
    warnings: list[Warning] = field(default_factory=list)

    @property
    def rules(self) -> str:
        return "、".join(dict.fromkeys(w.rule for w in self.warnings))

    @property
    def reasons(self) -> list[str]:
        return [w.reason for w in self.warnings]

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


def board(warnings: list[Warning]) -> list[BoardRow]:
    """The warnings as the 红黄榜 lists them: one row per project, red projects first; within a project,
    its red warnings first, then by rule."""
    rows: dict[int, BoardRow] = {}
    for warning in sorted(warnings, key=lambda w: (w.project_id, w.level != Level.RED, ORDER.index(w.kind))):
        row = rows.setdefault(warning.project_id, BoardRow(warning.project_id, warning.project_name,
                                                           warning.department_id, warning.department, warning.level))
        if warning.level == Level.RED:
            row.level = Level.RED
        row.warnings.append(warning)
    return sorted(rows.values(), key=lambda r: (r.level != Level.RED, -len(r.warnings), r.project_id))


def filter_warnings(warnings: list[Warning], *, level: str = "", kind: str = "",
                    department: int | None = None) -> list[Warning]:
    """The page's filters. `level` keeps the projects whose worst level it is (with all their warnings of
    `kind`), so a red project's yellow reasons stay beside it."""
    if kind:
        warnings = [w for w in warnings if w.kind == kind]
    if department:
        warnings = [w for w in warnings if w.department_id == department]
    if level:
        levels = project_levels(warnings)
        warnings = [w for w in warnings if levels[w.project_id] == level]
    return warnings


# ---------------------------------------------------------------------------------------------------------
# Kept 红黄榜.


def stored(*, period: Period, user=None) -> list[Warning]:
    """The period's kept 红黄榜 (see services.snapshot), as the user may see it."""
    rows = WarningSnapshot.objects.filter(period=period)
    if user is not None:
        rows = rows.filter(project__in=visible_projects(user).values("pk"))
    rows = rows.values("project_id", "project__name", "project__lead_department_id",
                       "project__lead_department__short_name", "project__lead_department__name", "level", "kind",
                       "reason")
    warnings = []
    for row in rows:
        department_id, department = _department(row, "project__")
        warnings.append(Warning(row["project_id"], row["project__name"], row["level"], row["kind"],
                                str(RuleKind(row["kind"]).label), row["reason"], department_id, department))
    return sorted(warnings, key=sort_key)


def snapshot(*, period: Period, actor, as_of: date | None = None):
    """Keep `period`'s 红黄榜 (the service lives in services.py)."""
    from .services import snapshot as take

    return take(period=period, actor=actor, as_of=as_of)


def rule_update(*, actor, rule, data: dict, reason: str = ""):
    """Change a rule (the service lives in services.py)."""
    from .services import rule_update as update

    return update(actor=actor, rule=rule, data=data, reason=reason)
