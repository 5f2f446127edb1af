"""比一比: departments, leaders, categories and lists ranked by task progress, start rate and warnings, with
the move since the month before.

The figures of every group come from one SQL statement per date: the projects' values (as
warnings.annotate_levels annotates them) computed once in a CTE, summed by department, leader, category and
list with GROUP BY; only the ordering of the few group rows is done here.

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

from datetime import date, timedelta
from decimal import Decimal

from django.db import connections
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from tuijin.org.models import Region
from tuijin.projects.models import ListMembership, ProgrammeList

from .progress import gap_points, task_progress, time_progress
from .warnings import annotate_levels, basis, started_q, watched_projects

UNNAMED = "（未明确）"
GROUPINGS = ["department", "leader", "category", "list"]
METRICS = ["task", "start", "warnings"]
FOUR = Decimal("0.0001")

# The per-project values the groups are summed from (the CTE `t` of measure's SQL), as `name: field`.
PROJECT_COLUMNS = {
    "id": "pk", "department": "lead_department_id", "department_short": "lead_department__short_name",
    "department_name": "lead_department__name", "leader": "leader_id", "leader_name": "leader__name",
    "category": "category_id", "category_name": "category__name", "listed": "listed", "plan": "annual_plan",
    "done": "completed_ytd", "planned": "planned", "started": "started_by", "lv": "lv",
}
SUMS = ("COUNT(*), SUM(CASE WHEN {listed} = 1 THEN {plan} ELSE 0 END), SUM(CASE WHEN {listed} = 1 THEN {done} "
        "ELSE 0 END), SUM({planned}), SUM({planned} * {started}), SUM(CASE WHEN {lv} = 2 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN {lv} = 1 THEN 1 ELSE 0 END)")
LIST_SUMS = ("COUNT(*), SUM(m.annual_plan), SUM({done}), SUM({planned}), SUM({planned} * {started}), "
             "SUM(CASE WHEN {lv} = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN {lv} = 1 THEN 1 ELSE 0 END)")


def previous_month_end(as_of: date) -> date:
    return as_of.replace(day=1) - timedelta(days=1)


def _decimal(value) -> Decimal:
    """A sum as it comes back from the database (SQLite gives floats) in 万元 to four places."""
    if value is None:
        return Decimal(0).quantize(FOUR)
    return (value if isinstance(value, Decimal) else Decimal(repr(value))).quantize(FOUR)


def _project_rows(user, as_of: date, region: Region | None):
    """The projects with everything a group sums, one row each (tracking.warnings.annotate_levels)."""
    b = basis(as_of=as_of, user=user, region=region)
    def flag(condition) -> Case:
        return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())

    listed = Exists(ListMembership.objects.filter(project=OuterRef("pk"), programme__year=as_of.year))
    projects = annotate_levels(watched_projects(user=user, region=b.region, year=as_of.year), b).annotate(
        listed=flag(listed), planned=flag(Q(planned_start__lte=as_of)), started_by=flag(started_q(as_of)))
    return projects.order_by().values(*PROJECT_COLUMNS.values())


def measure(user=None, *, as_of: date, region: Region | None = None) -> dict[str, list[dict]]:
    """Every grouping's rows (unranked) on `as_of`, in one SQL statement: the projects' values are computed
    once (a CTE), then summed by department, leader, category and list (UNION ALL of four GROUP BYs)."""
    rows = _project_rows(user, as_of, region)
    inner, params = rows.query.get_compiler(rows.db).as_sql()
    quote = connections[rows.db].ops.quote_name
    c = {name: f"t.{quote(field)}" for name, field in PROJECT_COLUMNS.items()}  # the inner query's aliases
    sums, list_sums = SUMS.format(**c), LIST_SUMS.format(**c)
    membership, programme = quote(ListMembership._meta.db_table), quote(ProgrammeList._meta.db_table)
    sql = (
        f"WITH t AS ({inner}) "
        f"SELECT 'department', {c['department']}, MAX({c['department_short']}), MAX({c['department_name']}), {sums} "
        f"FROM t GROUP BY {c['department']} "
        f"UNION ALL SELECT 'leader', {c['leader']}, MAX({c['leader_name']}), NULL, {sums} FROM t GROUP BY {c['leader']} "
        f"UNION ALL SELECT 'category', {c['category']}, MAX({c['category_name']}), NULL, {sums} "
        f"FROM t GROUP BY {c['category']} "
        f"UNION ALL SELECT 'list', m.programme_id, MAX(pl.name), NULL, {list_sums} "
        f"FROM t JOIN {membership} m ON m.project_id = {c['id']} JOIN {programme} pl ON pl.id = m.programme_id "
        "WHERE pl.year = %s GROUP BY m.programme_id"
    )
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, [*params, as_of.year])
        fetched = cursor.fetchall()
    time = time_progress(as_of)
    result: dict[str, list[dict]] = {grouping: [] for grouping in GROUPINGS}
    for grouping, key, name, other_name, count, plan, done, planned, started, red, yellow in fetched:
        plan, done, planned, started = _decimal(plan), _decimal(done), int(planned or 0), int(started or 0)
        task = task_progress(done, plan) if plan else None
        result[grouping].append({
            "key": key, "name": name or other_name or UNNAMED, "projects": count,
            "annual_plan": plan, "completed_ytd": done, "task_progress": task, "gap_points": gap_points(time, task),
            "planned_starts": planned, "started": started,
            "start_rate": (Decimal(started) / Decimal(planned)) if planned else None,
            "red": int(red or 0), "yellow": int(yellow or 0),
        })
    return result


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
