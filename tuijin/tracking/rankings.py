"""比一比: departments, leaders, categories and lists ranked by task progress, start rate and warnings, with
the move since the month before.

The figures of every group are summed from the rows the warnings are evaluated on (warnings.project_facts: one
query for every project's figures) and the warnings themselves (warnings.evaluate_rows), so the 红黄榜 and the
rankings always agree; only the few groups are summed and ordered here.

- The projects are those warnings.watched_projects watches (the user's scope, the zone).
- 完成率 (task progress) = Σ 1-N月 completed ÷ Σ annual plan over the projects on that year's lists (as
  tracking.selectors.progress counts them; for a list, its own plans).
- 开工率 (start rate) = projects started by the as-of date ÷ projects planned to start by it (planned start on or
  before the as-of date). A group with nothing planned to start yet has no start rate and no rank for it.
- Warnings: the number of red projects and of yellow projects (a project counts once, at its worst level);
  fewer is better: ranked by red, then yellow.
- Ranks are competition ranks (1, 2, 2, 4); the move is rank then − rank now, against the last day of the
  previous month (positive: moved up).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tuijin.org.models import Region
from tuijin.projects.models import ListMembership

from .models import Level
from .progress import gap_points, task_progress, time_progress
from .warnings import (
    FACT_FIELDS,
    basis,
    evaluate_rows,
    project_facts,
    project_levels,
    started_by,
    watched_projects,
)

UNNAMED = "（未明确）"
GROUPINGS = ["department", "leader", "category", "list"]
METRICS = ["task", "start", "warnings"]
FOUR = Decimal("0.0001")
# Who a project is ranked under, besides its lists: (grouping, key field, name fields, the first filled one shown).
GROUP_FIELDS = {"department": ("lead_department_id", ["lead_department__short_name", "lead_department__name"]),
                "leader": ("leader_id", ["leader__name"]), "category": ("category_id", ["category__name"])}


@dataclass
class Tally:
    """One group's sums."""

    name: str
    projects: int = 0
    plan: Decimal = Decimal(0)
    done: Decimal = Decimal(0)
    planned: int = 0
    started: int = 0
    red: int = 0
    yellow: int = 0

    def add(self, row: dict, *, plan: Decimal | None, listed: bool, as_of: date, level: str | None) -> None:
        """Count a project; its plan and figures count toward 完成率 only when it is on a list that year."""
        planned = row["planned_start"] is not None and row["planned_start"] <= as_of
        self.projects += 1
        if listed:
            self.plan += plan
            self.done += row["completed_ytd"]
        self.planned += planned
        self.started += planned and started_by(row, as_of)
        self.red += level == Level.RED
        self.yellow += level == Level.YELLOW

    def row(self, key, time: Decimal) -> dict:
        plan, done = self.plan.quantize(FOUR), self.done.quantize(FOUR)
        task = task_progress(done, plan) if plan else None
        return {"key": key, "name": self.name, "projects": self.projects, "annual_plan": plan, "completed_ytd": done,
                "task_progress": task, "gap_points": gap_points(time, task), "planned_starts": self.planned,
                "started": self.started,
                "start_rate": (Decimal(self.started) / Decimal(self.planned)) if self.planned else None,
                "red": self.red, "yellow": self.yellow}


def previous_month_end(as_of: date) -> date:
    return as_of.replace(day=1) - timedelta(days=1)


def _name(row: dict, fields: list[str]) -> str:
    return next((row[name] for name in fields if row[name]), UNNAMED)


def measure(user=None, *, as_of: date, region: Region | None = None) -> dict[str, list[dict]]:
    """Every grouping's rows (unranked) on `as_of`: the watched projects' facts in one query, their warnings, and
    the year's list memberships in one more; summed here."""
    b = basis(as_of=as_of, user=user, region=region)
    projects = watched_projects(user=user, region=b.region, year=as_of.year)
    group_fields = [field for key, names in GROUP_FIELDS.values() for field in (key, *names) if field not in FACT_FIELDS]
    rows = project_facts(projects, b, *group_fields)
    levels = project_levels(evaluate_rows(b, projects, rows))
    memberships = ListMembership.objects.filter(project__in=projects.values("pk"), programme__year=as_of.year)
    lists: dict[int, list[tuple]] = {}
    for project_id, programme_id, programme_name, plan in memberships.values_list(
            "project_id", "programme_id", "programme__name", "annual_plan"):
        lists.setdefault(project_id, []).append((programme_id, programme_name, plan))
    tallies: dict[str, dict] = {grouping: {} for grouping in GROUPINGS}
    for row in rows:
        level, listed = levels.get(row["pk"]), row["pk"] in lists
        for grouping, (key_field, name_fields) in GROUP_FIELDS.items():
            tally = tallies[grouping].setdefault(row[key_field], Tally(_name(row, name_fields)))
            tally.add(row, plan=row["annual_plan"], listed=listed, as_of=as_of, level=level)
        for programme_id, programme_name, plan in lists.get(row["pk"], []):
            tally = tallies["list"].setdefault(programme_id, Tally(programme_name or UNNAMED))
            tally.add(row, plan=plan, listed=True, as_of=as_of, level=level)
    time = time_progress(as_of)
    return {grouping: [tally.row(key, time) for key, tally in groups.items()] for grouping, groups in tallies.items()}


def _order_value(row: dict, metric: str):
    """What a metric ranks on, smaller first; None: not ranked."""
    if metric == "task":
        return None if row["task_progress"] is None else -row["task_progress"]
    if metric == "start":
        return None if row["start_rate"] is None else -row["start_rate"]
    return (row["red"], row["yellow"])


def rank(rows: list[dict], metric: str) -> dict:
    """Competition ranks of the rows on `metric`: {key: rank or None}."""
    ranked = sorted((r for r in rows if _order_value(r, metric) is not None), key=lambda r: _order_value(r, metric))
    ranks, previous, position = {}, object(), 0
    for index, row in enumerate(ranked, 1):
        value = _order_value(row, metric)
        if value != previous:
            position, previous = index, value
        ranks[row["key"]] = position
    return {row["key"]: ranks.get(row["key"]) for row in rows}


def sort_rows(rows: list[dict], metric: str) -> list[dict]:
    return sorted(rows, key=lambda r: (r["rank"][metric] is None, r["rank"][metric] or 0, r["name"]))


def rankings(user=None, *, as_of: date, region: Region | None = None) -> dict:
    """{"as_of", "previous", "groups": {grouping: [row…]}}: each row with its figures, "rank" and "move" per
    metric (task, start, warnings), sorted by task progress."""
    previous = previous_month_end(as_of)
    now, then = measure(user, as_of=as_of, region=region), measure(user, as_of=previous, region=region)
    groups = {}
    for grouping, rows in now.items():
        for metric in METRICS:
            ranks_now, ranks_then = rank(rows, metric), rank(then[grouping], metric)
            for row in rows:
                row.setdefault("rank", {})[metric] = ranks_now[row["key"]]
                before = ranks_then.get(row["key"])
                row.setdefault("move", {})[metric] = (before - ranks_now[row["key"]]
                                                      if before is not None and ranks_now[row["key"]] is not None
                                                      else None)
        groups[grouping] = sort_rows(rows, "task")
    return {"as_of": as_of, "previous": previous, "groups": groups}
