"""Warnings for every project as of a date, zone by zone (a zone's own periods drive its report rule), against
hand-written SQL for the same rule conditions."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from tuijin.tracking.progress import time_progress
from tuijin.tracking.rules import load_rules
from tuijin.tracking.warnings import evaluate, start_cutoff

from . import Case
from .sql import COUNTED, OPEN, STARTED_STAGES, rows, year_month

WATCHED = """
watched AS (
  SELECT p.* FROM projects_project p JOIN org_region r ON r.id = p.region_id
  WHERE r.path LIKE %(path)s AND p.stage NOT IN ('suspended', 'withdrawn')
    AND (p.stage IN ('pending', 'construction') OR p.id IN (
      SELECT m.project_id FROM projects_listmembership m JOIN projects_programmelist l ON l.id = m.programme_id
      WHERE l.year = %(year)s))
)"""


def _level(red: str | None, yellow: str) -> str:
    return f"CASE {f'WHEN {red} THEN 2 ' if red else ''}WHEN {yellow} THEN 1 ELSE 0 END"


def _params(region, as_of: date, period_region_id: int | None) -> dict:
    return {"path": region.path + "%", "year": as_of.year, "month": as_of.month, "as_of": as_of,
            "jan1": date(as_of.year, 1, 1), "period_region": period_region_id if period_region_id else -1,
            "time": time_progress(as_of)}


def project_levels_sql(region, as_of: date, period_region_id: int | None, rules) -> dict[tuple[int, str], int]:
    """(project, kind) → level for the start, progress, report and funds rules."""
    p = _params(region, as_of, period_region_id)
    selects = []
    rule = rules["start"]
    if rule.enabled:
        p["start_y"] = start_cutoff(as_of, rule.yellow)
        late = ("((w.actual_start IS NULL AND w.stage NOT IN " + STARTED_STAGES + ") OR w.actual_start > %(as_of)s)"
                " AND w.planned_start < %(start_y)s")
        red = None
        if rule.red is not None:
            p["start_r"] = start_cutoff(as_of, rule.red)
            red = late + " AND w.planned_start < %(start_r)s"
        selects.append(f"{_level(red, late)} AS lv_start")
    rule = rules["progress"]
    if rule.enabled:
        def behind(points, name):
            p[name] = time_progress(as_of) - (points - Decimal("0.05")) / 100
            return f"plan > 0 AND ytd <= plan * %({name})s"
        red = behind(rule.red + Decimal("0.1"), "prog_r") if rule.red is not None else None
        selects.append(f"{_level(red, behind(rule.yellow, 'prog_y'))} AS lv_progress")
    rule = rules["report"]
    if rule.enabled:
        # Counts compare with integers: SQLite would order a number below any text parameter.
        p["rep_y"] = int(rule.yellow)
        p["rep_r"] = int(rule.red) if rule.red is not None else 10 ** 9
        selects.append(_level("missing >= %(rep_r)s", "missing >= %(rep_y)s") + " AS lv_report")
    rule = rules["funds"]
    if rule.enabled:
        split = " + ".join(f"COALESCE(w.{n}, 0)" for n in ("invest_fiscal", "invest_bond", "invest_self",
                                                           "invest_loan", "invest_other"))
        has = " OR ".join(f"w.{n} IS NOT NULL" for n in ("invest_fiscal", "invest_bond", "invest_self",
                                                        "invest_loan", "invest_other"))
        judged = (f"(w.actual_start <= %(as_of)s OR (w.actual_start IS NULL AND w.stage IN {STARTED_STAGES}))"
                  f" AND ({has}) AND w.total_investment > 0")
        p["funds_y"] = (100 - rule.yellow) / Decimal(100)
        red = None
        if rule.red is not None:
            p["funds_r"] = (100 - rule.red) / Decimal(100)
            red = f"{judged} AND ({split}) < w.total_investment * %(funds_r)s"
        selects.append(f"{_level(red, f'{judged} AND ({split}) < w.total_investment * %(funds_y)s')} AS lv_funds")
    if not selects:
        return {}
    kinds = [s.rsplit("lv_", 1)[1] for s in selects]
    # The periods a project owed and has not reported: the zone's periods past their deadline this year, those
    # of years it is listed; while 在建 also every one from its start month.
    owed = f"""
      SELECT COUNT(*) FROM dispatch_period pe
      WHERE pe.region_id = %(period_region)s AND pe.deadline < %(as_of)s AND pe.deadline >= %(jan1)s
        AND (
          (w.stage = 'construction' AND (pe.year * 100 + pe.month >= COALESCE({year_month('w.actual_start')}, 0)
                                         OR EXISTS (SELECT 1 FROM projects_listmembership m
                                                    JOIN projects_programmelist l ON l.id = m.programme_id
                                                    WHERE m.project_id = w.id AND l.year = pe.year)))
          OR (w.stage IN ('pending', 'completed') AND EXISTS (
                SELECT 1 FROM projects_listmembership m JOIN projects_programmelist l ON l.id = m.programme_id
                WHERE m.project_id = w.id AND l.year = pe.year)))
        AND NOT EXISTS (SELECT 1 FROM dispatch_progressreport rp WHERE rp.period_id = pe.id
                        AND rp.project_id = w.id AND rp.status IN {COUNTED})"""
    sql = f"""
    WITH {WATCHED},
    plan AS (SELECT m.project_id, MAX(m.annual_plan) AS plan FROM projects_listmembership m
             JOIN projects_programmelist l ON l.id = m.programme_id WHERE l.year = %(year)s GROUP BY m.project_id),
    ytd AS (SELECT rp.project_id, SUM(rp.invest_month) AS ytd FROM dispatch_progressreport rp
            JOIN dispatch_period pe ON pe.id = rp.period_id JOIN org_region pr ON pr.id = pe.region_id
            WHERE rp.status IN {COUNTED} AND pr.path LIKE %(path)s AND pe.year = %(year)s AND pe.month <= %(month)s
            GROUP BY rp.project_id),
    figures AS (
      SELECT w.*, COALESCE(plan.plan, 0) AS plan, COALESCE(ytd.ytd, 0) AS ytd,
             CASE WHEN w.stage IN ('pending', 'construction', 'completed') THEN ({owed}) ELSE 0 END AS missing
      FROM watched w LEFT JOIN plan ON plan.project_id = w.id LEFT JOIN ytd ON ytd.project_id = w.id
    )
    SELECT w.id, {", ".join(selects)} FROM figures w"""
    levels = {}
    for row in rows(sql, p):
        for kind, level in zip(kinds, row[1:], strict=True):
            if level:
                levels[(row[0], kind)] = level
    return levels


def item_levels_sql(region, as_of: date, period_region_id: int | None, rules) -> tuple[dict, Counter]:
    """Milestones: (project, 'milestone') → worst level; problems: one warning per problem, counted by level."""
    p = _params(region, as_of, period_region_id)
    milestone, problems = {}, Counter()
    rule = rules["milestone"]
    if rule.enabled:
        p["ms_y"] = as_of - timedelta(days=int(rule.yellow))
        p["ms_r"] = as_of - timedelta(days=int(rule.red)) if rule.red is not None else date(1, 1, 1)
        not_met = "(ms.status <> 'met' OR ms.actual_date > %(as_of)s)"
        sql = f"""WITH {WATCHED}
        SELECT ms.project_id, MAX(CASE WHEN {not_met} AND ms.planned_date < %(ms_r)s THEN 2 ELSE 1 END)
        FROM projects_milestone ms WHERE ms.project_id IN (SELECT id FROM watched)
          AND {not_met} AND ms.planned_date < %(ms_y)s GROUP BY ms.project_id"""
        milestone = {(pk, "milestone"): level for pk, level in rows(sql, p)}
    rule = rules["problem"]
    if rule.enabled:
        p["pr_y"] = as_of - timedelta(days=int(rule.yellow))
        p["pr_r"] = int(rule.red) if rule.red is not None else 10 ** 9
        open_ = f"(pr.status IN {OPEN} OR pr.closed_on > %(as_of)s)"
        sql = f"""WITH {WATCHED}
        SELECT CASE WHEN pr.escalation >= %(pr_r)s THEN 2 ELSE 1 END, COUNT(*)
        FROM dispatch_problem pr WHERE pr.project_id IN (SELECT id FROM watched) AND {open_}
          AND (pr.escalation >= %(pr_r)s OR pr.deadline < %(pr_y)s)
        GROUP BY CASE WHEN pr.escalation >= %(pr_r)s THEN 2 ELSE 1 END"""
        problems = Counter({("problem", level): n for level, n in rows(sql, p)})
    return milestone, problems


LEVEL_NAMES = {1: "yellow", 2: "red"}


def anchor_counts(region, as_of: date, period_region_id: int | None, rules) -> Counter:
    """(kind, level) → number of warnings, as evaluate lists them."""
    levels = project_levels_sql(region, as_of, period_region_id, rules)
    milestone, problems = item_levels_sql(region, as_of, period_region_id, rules)
    counts = Counter((kind, LEVEL_NAMES[level]) for (_, kind), level in {**levels, **milestone}.items())
    counts.update({(kind, LEVEL_NAMES[level]): n for (kind, level), n in problems.items()})
    return counts


def anchor_levels(region, as_of: date, period_region_id: int | None, rules) -> dict[int, str]:
    """Each warned project's worst level (what the dashboard counts), problems included."""
    levels = project_levels_sql(region, as_of, period_region_id, rules)
    milestone, _ = item_levels_sql(region, as_of, period_region_id, rules)
    worst: dict[int, int] = {}
    for (pk, _kind), level in {**levels, **milestone}.items():
        worst[pk] = max(worst.get(pk, 0), level)
    for pk, level in problem_levels_sql(region, as_of, period_region_id, rules).items():
        worst[pk] = max(worst.get(pk, 0), level)
    return {pk: LEVEL_NAMES[level] for pk, level in worst.items()}


def problem_levels_sql(region, as_of, period_region_id, rules) -> dict[int, int]:
    rule = rules["problem"]
    if not rule.enabled:
        return {}
    p = _params(region, as_of, period_region_id)
    p["pr_y"] = as_of - timedelta(days=int(rule.yellow))
    p["pr_r"] = int(rule.red) if rule.red is not None else 10 ** 9
    sql = f"""WITH {WATCHED}
    SELECT pr.project_id, MAX(CASE WHEN pr.escalation >= %(pr_r)s THEN 2 ELSE 1 END)
    FROM dispatch_problem pr WHERE pr.project_id IN (SELECT id FROM watched)
      AND (pr.status IN {OPEN} OR pr.closed_on > %(as_of)s) AND (pr.escalation >= %(pr_r)s OR pr.deadline < %(pr_y)s)
    GROUP BY pr.project_id"""
    return dict(rows(sql, p))


def case(scene) -> Case:
    from tuijin.org.models import Region

    zones = list(Region.objects.filter(children__isnull=True).order_by("id"))
    as_of = scene.as_of

    def ours():
        counts = Counter()
        for zone in zones:
            counts.update((w.kind, w.level) for w in evaluate(as_of=as_of, region=zone))
        return counts

    def anchor():
        rules = load_rules()
        counts = Counter()
        for zone in zones:
            counts.update(anchor_counts(zone, as_of, zone.pk, rules))
        return counts

    def agree(mine, theirs) -> str:
        assert +mine == +theirs, f"warnings differ: ours {dict(mine)} anchor {dict(theirs)}"
        return f"{sum(mine.values())} warnings in {len(zones)} zones"

    return Case("warnings, every project as of a date", "hand-written SQL, same rule conditions", 2.0,
                ours, anchor, agree, order=4)
