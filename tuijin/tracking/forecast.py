"""全年预计完成: a projected year-end completion for every tracked project and in total, and its backtest.

The method (docs/forecast.md says why, with the backtest):

1. **The shape of a year.** Twelve monthly weights w1..w12 (summing to 1) say what share of a year's spending
   usually falls in each month. They are learned from the *prior year's* counted reports of every project in the
   reader's zone (`pattern_region`), whole year or part, by a multiplicative fit: a project's spending in a month
   it was active = its own level × the month's weight (`learn_shape`; with whole-year projects only this is
   exactly the pooled monthly share). A month in which fewer than MIN_PROJECTS_PER_MONTH projects were active is
   not learned: it keeps the default shape's weight, scaled to agree with the learned months. With no such
   month at all the default shape stands: a gentle back-loaded ramp, December twice January, first half ≈ 41%.
2. **A project's months.** It is building all year (from January) if it started before the year or had spent
   before it; otherwise its year begins in its start month or its first month of spending, whichever is first.
   Its data run to the as-of month if it has a counted report for that month (the period may still be open),
   else to the month before; a month in between without a report counts as nothing spent, as in 1-N月.
3. **The projection.** share = w(start..data month) ÷ w(start..12), the part of its year's spending its months so
   far usually carry; projected = completed this year ÷ share, never more than what remains of its total
   investment (total − before-tracking − every earlier year's reports), never less than done.
4. **Edge cases**, in this order: built (实际建成 on or before the as-of date, or stage 建成/达效) → what is done;
   suspended or withdrawn → what is done; nothing spent, not started and its planned start still ahead → its plan
   (not judged); share under MIN_SHARE (early in its year) → completed ÷ MIN_SHARE, not judged; nothing spent →
   0; otherwise the run-rate of step 3.
5. **Misses plan** when judged and the projection is under the annual plan; the misses are listed by shortfall.

Everything is read in a few aggregate queries (monthly sums grouped by project and month); the arithmetic
runs in Python over those rows, in `project_forecast`, the one place the method lives.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.money import WAN_PLACES
from tuijin.dispatch.figures import ZERO, counted_reports
from tuijin.org.models import Region
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Project
from tuijin.projects.selectors import annual_plan_subquery, visible_projects

from .selectors import tracked_projects

D0 = Decimal(0)
MONTHS = range(1, 13)
# Below this share of its year's usual spending a run-rate says little: the projection is damped (divided by
# this share instead) and not judged.
MIN_SHARE = Decimal("0.10")
# A month's weight is learned only from at least this many projects active in it: fewer is an anecdote (and
# would show one project's monthly profile to every reader of the zone).
MIN_PROJECTS_PER_MONTH = 3
# The default shape: weights 11, 12, … 22 — a gentle ramp, December twice January, the first half 81/198 ≈ 41%.
DEFAULT_WEIGHTS = [Decimal(10 + m) for m in MONTHS]
FIT_ROUNDS = 500
FIT_TOLERANCE = Decimal("1e-15")
RATIO_PLACES = Decimal("0.0001")

# How a row was projected.
PATTERN, DEFAULT, STRAIGHT = "pattern", "default", "straight"
EARLY, PLANNED, NOTHING, COMPLETED, STOPPED = "early", "planned", "nothing", "completed", "stopped"
METHOD_LABELS = {
    PATTERN: _("按上年月度规律推算"),
    DEFAULT: _("按默认月度规律推算"),
    STRAIGHT: _("按月均直线推算"),
    EARLY: _("为时尚早，暂不判断"),
    PLANNED: _("尚未到计划开工时间，按年度计划"),
    NOTHING: _("尚无完成投资"),
    COMPLETED: _("已建成，按已完成"),
    STOPPED: _("暂缓或退库，按已完成"),
}
NOT_JUDGED = {EARLY, PLANNED}
BUILT_STAGES = {Stage.COMPLETED, Stage.EFFECTIVE}
STOPPED_STAGES = {Stage.SUSPENDED, Stage.WITHDRAWN}


# --- the shape of a year ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """Twelve monthly weights summing to 1, and where they come from."""

    weights: tuple[Decimal, ...]
    source: str  # PATTERN (learned from `year`), DEFAULT or STRAIGHT
    year: int | None = None
    projects: int = 0
    learned_months: tuple[int, ...] = ()

    def share(self, first: int, last: int) -> Decimal:
        """The part of a year that runs from `first` to 12 which usually falls in months first..last."""
        if last < first:
            return D0
        whole = sum(self.weights[first - 1:], D0)
        if not whole:
            return Decimal(1)
        return sum(self.weights[first - 1:last], D0) / whole

    def as_dict(self) -> dict:
        return {"source": self.source, "year": self.year, "projects": self.projects,
                "learned_months": list(self.learned_months), "weights": [_round(w) for w in self.weights],
                "first_half": _round(self.share(1, 6))}


def _normalised(weights: Iterable[Decimal]) -> tuple[Decimal, ...]:
    weights = list(weights)
    total = sum(weights, D0)
    return tuple(w / total for w in weights)


def default_shape() -> Shape:
    return Shape(_normalised(DEFAULT_WEIGHTS), DEFAULT)


def straight_shape() -> Shape:
    """Every month alike: the plain run-rate (completed ÷ months × 12), the baseline the backtest compares."""
    return Shape(_normalised([Decimal(1)] * 12), STRAIGHT)


@dataclass
class History:
    """A project's counted reports for one year: amounts[1..12] by month, amounts[0] every earlier year; the months
    with a counted report; and the dates the start and end rules need."""

    amounts: list[Decimal] = field(default_factory=lambda: [D0] * 13)
    reported: set[int] = field(default_factory=set)
    actual_start: date | None = None
    actual_end: date | None = None
    completed_before_tracking: Decimal | None = None

    @property
    def year_total(self) -> Decimal:
        return sum(self.amounts[1:], D0)

    def spent_before(self) -> Decimal:
        """Everything spent before the year: 纳入调度前累计 plus every earlier year's counted reports."""
        return (self.completed_before_tracking or D0) + self.amounts[0]


def start_month(history: History, year: int) -> int:
    """The first month of the project's year: January if it was building when the year began (started before
    it, or spent before it); else its start month or its first month of spending, whichever is first."""
    started = history.actual_start
    if (started and started.year < year) or history.spent_before() > 0:
        return 1
    candidates = [m for m in MONTHS if history.amounts[m] > 0][:1]
    if started and started.year == year:
        candidates.append(started.month)
    return min(candidates) if candidates else 1


def end_month(history: History, year: int) -> int:
    """The last month of the project's year: December, unless it was built during (or before) the year."""
    ended = history.actual_end
    if not ended or ended.year > year:
        return 12
    spending = [m for m in MONTHS if history.amounts[m] > 0]
    return max([ended.month if ended.year == year else 1, *spending[-1:]])


def learn_shape(histories: Iterable[History], *, year: int, prior: Shape | None = None) -> Shape:
    """The year's monthly weights from its projects' counted reports, by the multiplicative fit of the module
    docstring (alternating averages, started from `prior` so months no project links keep the prior's ratios)."""
    prior = prior or default_shape()
    spans = []
    coverage = dict.fromkeys(MONTHS, 0)
    for history in histories:
        if history.year_total <= 0:
            continue
        months = range(start_month(history, year), end_month(history, year) + 1)
        spans.append((months, history.amounts))
        for m in months:
            coverage[m] += 1
    learned = tuple(m for m in MONTHS if coverage[m] >= MIN_PROJECTS_PER_MONTH)
    if not learned:
        return prior
    groups: dict[tuple[int, ...], Decimal] = defaultdict(lambda: D0)  # the months a project covers → its spending
    column = dict.fromkeys(learned, D0)  # each learned month's spending, over the projects active in it
    projects = 0
    for months, amounts in spans:
        key = tuple(m for m in months if m in column)
        spent = sum((amounts[m] for m in key), D0)
        if not key or spent <= 0:
            continue
        projects += 1
        groups[key] += spent
        for m in key:
            column[m] += amounts[m]
    if not projects:
        return prior
    weights = {m: prior.weights[m - 1] for m in learned}
    for _round in range(FIT_ROUNDS):
        levels = {key: spent / sum((weights[m] for m in key), D0) for key, spent in groups.items()}
        exposure = dict.fromkeys(learned, D0)
        for key, level in levels.items():
            for m in key:
                exposure[m] += level
        new = {m: column[m] / exposure[m] if exposure[m] else weights[m] for m in learned}
        scale = sum(new.values(), D0)
        new = {m: w / scale * sum((prior.weights[m - 1] for m in learned), D0) for m, w in new.items()}
        change = max(abs(new[m] - weights[m]) for m in learned)
        weights = new
        if change < FIT_TOLERANCE:
            break
    # Learned months keep the prior's total share between them, so unlearned months can keep their prior weight.
    full = [weights.get(m, prior.weights[m - 1]) for m in MONTHS]
    return Shape(_normalised(full), PATTERN, year=year, projects=projects, learned_months=learned)


# --- one project -----------------------------------------------------------------------------------------------

@dataclass
class Facts:
    id: int
    name: str
    annual_plan: Decimal = D0
    total_investment: Decimal | None = None
    planned_start: date | None = None
    stage: str | None = None  # today's stage; None where it must not be used (the backtest)


@dataclass
class ForecastRow:
    id: int
    name: str
    annual_plan: Decimal
    completed_ytd: Decimal
    projected: Decimal
    ratio: Decimal | None  # projected ÷ annual plan
    misses_plan: bool
    method: str
    share: Decimal | None  # the share of its year's spending its months so far usually carry
    data_month: int | None  # the last month its projection runs from
    capped: bool = False  # held to what remains of the total investment

    @property
    def shortfall(self) -> Decimal:
        return self.annual_plan - self.projected if self.misses_plan else D0

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS[self.method])

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "annual_plan": self.annual_plan,
                "completed_ytd": self.completed_ytd, "projected": self.projected, "ratio": self.ratio,
                "misses_plan": self.misses_plan, "shortfall": self.shortfall, "method": self.method,
                "share": _round(self.share), "data_month": self.data_month, "capped": self.capped}


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def project_forecast(facts: Facts, history: History | None, *, shape: Shape, as_of: date) -> ForecastRow:
    """The method (module docstring, steps 2–5) for one project standing on `as_of`. The one place it lives."""
    history = history or History()
    year, month = as_of.year, as_of.month
    ytd = sum(history.amounts[1:month + 1], D0)
    data_month = month if month in history.reported else month - 1
    first = start_month(history, year)
    share = shape.share(first, data_month)
    stage = facts.stage
    not_started = history.actual_start is None or history.actual_start > as_of
    run_rate = False
    if (history.actual_end and history.actual_end <= as_of) or stage in BUILT_STAGES:
        projected, method = ytd, COMPLETED
    elif stage in STOPPED_STAGES:
        projected, method = ytd, STOPPED
    elif not ytd and not_started and facts.planned_start and facts.planned_start > as_of:
        projected, method = facts.annual_plan, PLANNED
    elif share < MIN_SHARE:
        projected, method, run_rate = ytd / MIN_SHARE, EARLY, True
    elif not ytd:
        projected, method = D0, NOTHING
    else:
        projected, method, run_rate = ytd / share, shape.source, True
    capped = False
    if run_rate and facts.total_investment is not None:
        remaining = max(ytd, facts.total_investment - history.spent_before())
        if projected > remaining:
            projected, capped = remaining, True
    projected = projected.quantize(WAN_PLACES, rounding=ROUND_HALF_UP)
    plan = facts.annual_plan or D0
    return ForecastRow(
        id=facts.id, name=facts.name, annual_plan=plan, completed_ytd=ytd, projected=projected,
        ratio=projected / plan if plan else None,
        misses_plan=method not in NOT_JUDGED and plan > 0 and projected < plan,
        method=method, share=share if data_month >= first else None,
        data_month=data_month if data_month >= 1 else None, capped=capped)


# --- the queries -----------------------------------------------------------------------------------------------

def _histories(projects: QuerySet[Project], *, year: int, up_to: int = 12) -> dict[int, History]:
    """Counted reports of `projects`, summed by project and month of `year` (months 1..up_to), and by project for
    every earlier year (month 0): one aggregate query. Where more than one level runs periods for a project (a
    city's and its zone's), the nearest level's periods count, once."""
    key = Case(When(period__year=year, then=F("period__month")), default=Value(0), output_field=IntegerField())
    rows = (counted_reports()
            .filter(Q(period__year=year, period__month__lte=up_to) | Q(period__year__lt=year),
                    project__in=projects.values("pk"))
            .annotate(key=key)
            .values("project_id", "period__region__path", "key", "project__actual_start", "project__actual_end",
                    "project__completed_before_tracking")
            .annotate(total=Sum("invest_month"), reports=Count("pk"))
            .order_by())
    by_project = defaultdict(list)
    for row in rows:
        by_project[row["project_id"]].append(row)
    histories = {}
    for pk, project_rows in by_project.items():
        nearest = max(row["period__region__path"].count("/") for row in project_rows)
        first = project_rows[0]
        history = History(actual_start=first["project__actual_start"], actual_end=first["project__actual_end"],
                          completed_before_tracking=first["project__completed_before_tracking"])
        for row in project_rows:
            if row["period__region__path"].count("/") != nearest:
                continue
            history.amounts[row["key"]] += row["total"] or D0
            if row["key"]:
                history.reported.add(row["key"])
        histories[pk] = history
    return histories


def _facts(projects: QuerySet[Project], *, year: int, programme=None,
           with_stage: bool = True) -> dict[int, tuple[Facts, History]]:
    """Each project's facts and annual plan (one query), with an empty history carrying its dates."""
    plans = Coalesce(annual_plan_subquery(year=year, programme=programme.pk if programme else None), ZERO)
    rows = projects.annotate(plan=plans).order_by("id").values(
        "id", "name", "plan", "total_investment", "planned_start", "stage", "actual_start", "actual_end",
        "completed_before_tracking")
    return {row["id"]: (Facts(id=row["id"], name=row["name"], annual_plan=row["plan"],
                              total_investment=row["total_investment"], planned_start=row["planned_start"],
                              stage=row["stage"] if with_stage else None),
                        History(actual_start=row["actual_start"], actual_end=row["actual_end"],
                                completed_before_tracking=row["completed_before_tracking"]))
            for row in rows}


def pattern_region(user) -> Region | None:
    """The zone whose prior year shapes the reader's forecast: their own region, else their department's or
    unit's. Every reader of a zone gets the same shape, so a project's projection does not depend on who asks."""
    if user.region_id:
        return user.region
    if user.department_id:
        return user.department.region
    if user.enterprise_id:
        return user.enterprise.region
    return None


def year_shape(user, *, year: int, region: Region | None = None) -> Shape:
    """The shape a forecast of `year` uses: learned from `year - 1` in the reader's zone, else the default."""
    region = region or pattern_region(user)
    pool = (Project.objects.filter(region__path__startswith=region.path) if region is not None
            else visible_projects(user))
    histories = _histories(pool, year=year - 1)
    return learn_shape(histories.values(), year=year - 1)


def _with_facts(facts: dict[int, tuple[Facts, History]], histories: dict[int, History]) -> list[tuple[Facts, History]]:
    """Each project's facts with its history (the empty one for a project with no counted report)."""
    return [(project, histories.get(pk) or empty) for pk, (project, empty) in facts.items()]


# --- the forecast ----------------------------------------------------------------------------------------------

@dataclass
class ForecastResult:
    as_of: date
    shape: Shape
    rows: list[ForecastRow]

    @property
    def year(self) -> int:
        return self.as_of.year

    @property
    def month(self) -> int:
        return self.as_of.month

    @property
    def usual_share(self) -> Decimal:
        """The share of a year's spending months 1..as-of month usually carry (for a project building all year)."""
        return self.shape.share(1, self.month)

    @property
    def early(self) -> bool:
        return self.usual_share < MIN_SHARE

    @property
    def misses(self) -> list[ForecastRow]:
        return sorted((row for row in self.rows if row.misses_plan), key=lambda row: (-row.shortfall, row.id))

    @property
    def totals(self) -> dict:
        plan = sum((row.annual_plan for row in self.rows), D0)
        projected = sum((row.projected for row in self.rows), D0)
        misses = self.misses
        return {"projects": len(self.rows), "annual_plan": plan,
                "completed_ytd": sum((row.completed_ytd for row in self.rows), D0),
                "projected": projected, "ratio": projected / plan if plan else None,
                "misses_plan": projected < plan if plan else False,
                "misses": len(misses), "shortfall": sum((row.shortfall for row in misses), D0)}

    def as_dict(self) -> dict:
        totals = self.totals
        totals["ratio"] = _round(totals["ratio"])
        return {"as_of": self.as_of.isoformat(), "year": self.year, "month": self.month,
                "usual_share": _round(self.usual_share), "early": self.early,
                "shape": self.shape.as_dict(),
                "totals": totals,
                "projects": [_row_dict(row) for row in self.rows],
                "misses": [_row_dict(row) for row in self.misses]}


def _row_dict(row: ForecastRow) -> dict:
    data = row.as_dict()
    data["ratio"] = _round(data["ratio"])
    return data


def forecast(user, *, as_of: date, programme=None, region: Region | None = None) -> ForecastResult:
    """Every tracked project's projected year-end completion (annual plan for as_of's year, on `programme` if
    given), and the totals and misses, standing on `as_of`."""
    shape = year_shape(user, year=as_of.year, region=region)
    projects = tracked_projects(user, year=as_of.year, programme=programme)
    facts = _facts(projects, year=as_of.year, programme=programme)
    histories = _histories(projects, year=as_of.year, up_to=as_of.month)
    rows = [project_forecast(f, h, shape=shape, as_of=as_of) for f, h in _with_facts(facts, histories)]
    return ForecastResult(as_of=as_of, shape=shape, rows=rows)


# --- the backtest ----------------------------------------------------------------------------------------------

def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _ape(projected: Decimal, actual: Decimal) -> Decimal | None:
    return abs(projected - actual) / actual if actual else None


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, D0) / len(values) if values else None


def _score(pairs: list[tuple[Facts, History]], shape: Shape, as_of: date) -> dict:
    """One shape standing on one month-end: the total against the actual year, and each project's error."""
    projected = seen_projected = seen_actual = D0
    apes = {}
    for facts, history in pairs:
        row = project_forecast(facts, history, shape=shape, as_of=as_of)
        projected += row.projected
        if row.completed_ytd > 0:
            seen_projected += row.projected
            seen_actual += history.year_total
            apes[facts.id] = (row.projected, _ape(row.projected, history.year_total))
        else:
            apes[facts.id] = (row.projected, None)
    actual = sum((h.year_total for _f, h in pairs), D0)
    return {"projected": projected, "total_ape": _ape(projected, actual),
            "seen_ape": _ape(seen_projected, seen_actual),
            "project_mape": _mean(ape for _p, ape in apes.values()), "rows": apes}


def backtest(user, *, year: int, months: Iterable[int] = range(1, 12), programme=None,
             region: Region | None = None) -> dict:
    """The method applied to a complete past `year` as if standing at the end of each month M (shape learned
    from year - 1; stage ignored, since only today's is known), against each project's actual year.

    The projects are those the reader can see with counted spending that year (on `programme`, if given), plan or
    no plan. APE = |projected − actual| ÷ actual, MAPE its mean. Per month M:
    - total_ape: the sum of every project's projection against the year's actual total (a project not yet
      spending by M projects 0, or its plan if its start was still ahead);
    - seen_ape: the same over the projects that had spent by M (what a run-rate can see);
    - project_mape: the mean of the projects' APEs, over those that had spent by M.
    Overall: the mean over the months (total, seen) and over every (project, month) pair (projects). The plain
    straight-line run-rate (`straight_shape`) is measured alongside, the baseline the shape has to beat."""
    if year >= timezone.localdate().year:
        raise ValueError(f"{year}年尚未结束，只能回测已结束的年度。")
    months = [m for m in months if 1 <= m <= 12]
    shape = year_shape(user, year=year, region=region)
    candidates = visible_projects(user)
    if programme is not None:
        candidates = candidates.filter(memberships__programme=programme)
    candidates = Project.objects.filter(pk__in=candidates.values("pk")).filter(
        pk__in=counted_reports().filter(period__year=year).values("project_id"))
    facts = _facts(candidates, year=year, programme=programme, with_stage=False)
    histories = _histories(candidates, year=year)
    pairs = [(f, h) for f, h in _with_facts(facts, histories) if h.year_total > 0]
    actual = sum((h.year_total for _f, h in pairs), D0)

    by_month, method_apes, baseline_apes = [], [], []
    per_project = {f.id: {"id": f.id, "name": f.name, "actual": h.year_total, "projected": [], "ape": []}
                   for f, h in pairs}
    for month in months:
        as_of = month_end(year, month)
        scored, base = _score(pairs, shape, as_of), _score(pairs, straight_shape(), as_of)
        for pk, (projected, ape) in scored.pop("rows").items():
            per_project[pk]["projected"].append(projected)
            per_project[pk]["ape"].append(ape)
            method_apes.append(ape)
        baseline_apes += [ape for _p, ape in base.pop("rows").values()]
        seen = sum(1 for entry in per_project.values() if entry["ape"][-1] is not None)
        by_month.append({"month": month, "projects": seen, "not_yet_spending": len(pairs) - seen,
                         "unseen_actual": sum((e["actual"] for e in per_project.values() if e["ape"][-1] is None),
                                              D0),
                         **scored, "straight_line": base})

    def overall(rows: list[dict], apes: list) -> dict:
        return {"total_mape": _mean(r["total_ape"] for r in rows), "seen_mape": _mean(r["seen_ape"] for r in rows),
                "project_mape": _mean(apes)}

    return _rounded({
        "year": year, "months": months, "projects": len(pairs), "actual": actual, "shape": shape.as_dict(),
        "by_month": by_month,
        "overall": {**overall(by_month, method_apes),
                    "straight_line": overall([r["straight_line"] for r in by_month], baseline_apes)},
        "by_project": [{**entry, "mape": _mean(entry["ape"])} for entry in per_project.values()],
    })


def _rounded(value, key: str = ""):
    """Fractions (APE, MAPE) to four places; money as it is."""
    if isinstance(value, dict):
        return {k: _rounded(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v, key) for v in value]
    if isinstance(value, Decimal) and "ape" in key:
        return _round(value)
    return value
