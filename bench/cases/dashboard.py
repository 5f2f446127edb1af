"""The dashboard: its figures for the current period against hand-written SQL computing the same figures, and
the page's full HTTP render against the figures alone."""

from decimal import Decimal

from django.test import Client

from tuijin.tracking.dashboard import dashboard
from tuijin.tracking.progress import time_progress
from tuijin.tracking.rules import load_rules

from . import Case
from .sql import COUNTED, OPEN, STARTED_STAGES, rows
from .warnings import anchor_levels

GROUP_COLUMNS = {"total": "'all'", "by_department": "d.short_name", "by_leader": "pe.name", "by_category": "c.name"}


def _rows_sql(group: str) -> str:
    return f"""
    WITH tracked AS (
      SELECT DISTINCT m.project_id AS id FROM projects_listmembership m
      JOIN projects_programmelist l ON l.id = m.programme_id JOIN projects_project p ON p.id = m.project_id
      JOIN org_region r ON r.id = p.region_id WHERE l.year = %(year)s AND r.path LIKE %(path)s),
    plan AS (SELECT m.project_id, MAX(m.annual_plan) AS plan FROM projects_listmembership m
             JOIN projects_programmelist l ON l.id = m.programme_id WHERE l.year = %(year)s GROUP BY m.project_id),
    ytd AS (SELECT rp.project_id, SUM(rp.invest_month) AS ytd FROM dispatch_progressreport rp
            JOIN dispatch_period per ON per.id = rp.period_id JOIN org_region pr ON pr.id = per.region_id
            WHERE rp.status IN {COUNTED} AND pr.path LIKE %(path)s AND per.year = %(year)s
              AND per.month <= %(month)s GROUP BY rp.project_id),
    ms AS (SELECT project_id, SUM(CASE WHEN planned_date <= %(as_of)s THEN 1 ELSE 0 END) AS due,
                  SUM(CASE WHEN planned_date <= %(as_of)s AND actual_date <= %(as_of)s
                           AND status IN ('met', 'partial') THEN 1 ELSE 0 END) AS met
           FROM projects_milestone GROUP BY project_id)
    SELECT {GROUP_COLUMNS[group]} AS grp, COALESCE(SUM(COALESCE(plan.plan, 0)), 0), COALESCE(SUM(COALESCE(ytd.ytd, 0)), 0),
      COUNT(*),
      SUM(CASE WHEN p.actual_start IS NOT NULL OR p.stage IN {STARTED_STAGES} THEN 1 ELSE 0 END),
      SUM(CASE WHEN p.planned_start <= %(as_of)s THEN 1 ELSE 0 END),
      SUM(CASE WHEN p.planned_start <= %(as_of)s AND (p.actual_start IS NOT NULL OR p.stage IN {STARTED_STAGES})
               THEN 1 ELSE 0 END),
      SUM(COALESCE(ms.due, 0)), SUM(COALESCE(ms.met, 0)),
      SUM(CASE WHEN plan.plan > 0 AND COALESCE(ytd.ytd, 0) >= %(time)s * plan.plan THEN 1 ELSE 0 END),
      SUM(CASE WHEN plan.plan > 0 THEN 1 ELSE 0 END),
      COALESCE(SUM(p.total_investment), 0)
    FROM projects_project p JOIN tracked t ON t.id = p.id
    LEFT JOIN plan ON plan.project_id = p.id LEFT JOIN ytd ON ytd.project_id = p.id
    LEFT JOIN ms ON ms.project_id = p.id
    LEFT JOIN org_department d ON d.id = p.lead_department_id LEFT JOIN org_person pe ON pe.id = p.leader_id
    LEFT JOIN projects_category c ON c.id = p.category_id
    {"" if group == "total" else f"GROUP BY {GROUP_COLUMNS[group]}"}"""


def anchor_figures(scene) -> dict:
    as_of, top = scene.as_of, scene.top
    p = {"year": as_of.year, "month": as_of.month, "as_of": as_of, "path": top.path + "%",
         "time": time_progress(as_of)}
    result = {}
    for group in GROUP_COLUMNS:
        result[group] = {row[0]: row[1:] for row in rows(_rows_sql(group), p)}
    result["stages"] = rows(f"""
      SELECT COUNT(*), SUM(CASE WHEN p.actual_start IS NOT NULL OR p.stage IN {STARTED_STAGES} THEN 1 ELSE 0 END),
        COALESCE(SUM(p.total_investment), 0),
        SUM(CASE WHEN p.stage = 'planning' THEN 1 ELSE 0 END),
        SUM(CASE WHEN p.stage IN ('promotion', 'pending') THEN 1 ELSE 0 END),
        SUM(CASE WHEN p.stage = 'construction' THEN 1 ELSE 0 END),
        SUM(CASE WHEN p.stage = 'completed' THEN 1 ELSE 0 END), SUM(CASE WHEN p.stage = 'effective' THEN 1 ELSE 0 END)
      FROM projects_project p JOIN org_region r ON r.id = p.region_id WHERE r.path LIKE %(path)s""", p)[0]
    result["problems"] = rows(f"""
      SELECT COUNT(*), SUM(CASE WHEN pr.deadline < %(as_of)s THEN 1 ELSE 0 END) FROM dispatch_problem pr
      JOIN projects_project p ON p.id = pr.project_id JOIN org_region r ON r.id = p.region_id
      WHERE r.path LIKE %(path)s AND pr.status IN {OPEN}""", p)[0]
    result["monthly"] = dict(rows(f"""
      SELECT per.month, SUM(rp.invest_month) FROM dispatch_progressreport rp
      JOIN dispatch_period per ON per.id = rp.period_id
      WHERE rp.status IN {COUNTED} AND per.year = %(year)s AND per.month <= %(month)s AND rp.project_id IN (
        SELECT m.project_id FROM projects_listmembership m JOIN projects_programmelist l ON l.id = m.programme_id
        JOIN projects_project p ON p.id = m.project_id JOIN org_region r ON r.id = p.region_id
        WHERE l.year = %(year)s AND r.path LIKE %(path)s)
      GROUP BY per.month""", p))
    levels = anchor_levels(top, as_of, scene.period.region_id, load_rules())
    result["warnings"] = {"red": sum(1 for v in levels.values() if v == "red"),
                          "yellow": sum(1 for v in levels.values() if v == "yellow")}
    return result


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def agree(ours: dict, theirs: dict) -> str:
    t = ours["totals"]
    total = theirs["total"]["all"]
    expected = (_money(t["annual_plan"]), _money(t["completed_ytd"]), t["projects"], t["started"],
                t["due_to_start"], t["started_of_due"])
    got = (_money(total[0]), _money(total[1]), total[2], total[3], total[4], total[5])
    assert expected == got, f"totals: {expected} vs {got}"
    assert ours["double_half"] == {"achieved": total[8], "of": total[9]}, (ours["double_half"], total[8:10])
    assert _money(ours["total_investment"]) == _money(total[10])
    s = ours["stages"]
    st = theirs["stages"]
    assert (s["total"], s["started"], _money(s["total_investment_sum"]), *[c for _, _, c in s["groups"]]) == (
        st[0], st[1], _money(st[2]), *st[3:]), (s, st)
    assert (ours["problems"]["open"], ours["problems"]["overdue"]) == (theirs["problems"][0],
                                                                       theirs["problems"][1] or 0)
    assert ours["warnings"] == theirs["warnings"], (ours["warnings"], theirs["warnings"])
    running = Decimal(0)
    for row in ours["monthly"]:
        if row["completed"] is None:
            continue
        running += Decimal(str(theirs["monthly"].get(row["month"], 0) or 0))
        assert _money(row["completed"]) == _money(running), (row, running)
    for key in ("by_department", "by_leader", "by_category"):
        mine = {g["name"]: (g["projects"], _money(g["completed_ytd"])) for g in ours[key]}
        them = {name or "（未明确）": (r[2], _money(r[1])) for name, r in theirs[key].items()}
        assert mine == them, f"{key}: {mine} vs {them}"
    return (f"{t['projects']} tracked projects, 1-{ours['as_of'].month}月 {t['completed_ytd']:,.0f} 万元, "
            f"warnings {ours['warnings']}")


def cases(scene) -> list[Case]:
    as_of = scene.as_of
    client = Client()
    client.force_login(scene.leader)
    url = f"/dashboard/?as_of={as_of.isoformat()}"

    def figures():
        return dashboard(scene.leader, as_of=as_of)

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def page_agrees(response, figures_) -> str:
        f = response.context["f"]
        assert f["totals"]["completed_ytd"] == figures_["totals"]["completed_ytd"]
        assert f["warnings"] == figures_["warnings"]
        return f"page of {len(response.content) // 1024} KB shows the same figures"

    return [
        Case("dashboard figures, current period", "hand-written SQL, same figures", 1.3, figures,
             lambda: anchor_figures(scene), agree, order=1),
        Case("dashboard page, full HTTP render (leader)", "the dashboard figures alone", 1.5, page, figures,
             page_agrees, order=2),
    ]
