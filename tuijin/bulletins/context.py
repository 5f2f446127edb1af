"""What a 调度通报 says, computed from the data (never typed): the figures, the tables and the words.

One dict feeds both the Word template (docxtpl) and the HTML preview, so what the coordinator previews is
what is issued. Every figure comes from SQL in a fixed number of queries, whatever the number of projects:
the project rows, the totals, the two grouped tables and the open problems.

Rules used here (and nowhere else for the bulletin):
- the projects are those due to report in the period (dispatch.selectors.expected_projects), restricted to
  the chosen list; a project's annual plan is its plan on that list, else the largest of its lists that year;
- 完成率 = 1-N月 completed ÷ annual plan; 序时进度 is taken at the period's last day (tracking.progress);
- a project counts as started when it started by the period's last day (or is under construction without
  a recorded start date): the bulletin speaks as of the end of the month it covers;
- red / yellow follow tracking.progress.progress_level of each project's gap behind 序时进度;
- open problems are those of the bulletin's projects still 待协调 or 协调中; overdue means past their
  deadline on the day of issue.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tuijin.core.loop import OPEN_STATUSES
from tuijin.dispatch.figures import ZERO, counted_reports, with_period_figures
from tuijin.dispatch.models import Period, Problem
from tuijin.dispatch.selectors import expected_projects
from tuijin.dispatch.services import period_end
from tuijin.projects.lifecycle import STARTED_STAGES
from tuijin.projects.models import ListMembership, ProgrammeList, Project
from tuijin.projects.selectors import annual_plan_subquery
from tuijin.tracking.progress import (
    RED_ABOVE_POINTS,
    YELLOW_FROM_POINTS,
    gap_points,
    percent,
    progress_level,
    task_progress,
    time_progress,
)

DEFAULT_OFFICE_NAME = "高新区重点项目建设指挥部办公室"
YI = Decimal(10000)
CENT = Decimal("0.01")


def office_name() -> str:
    return getattr(settings, "TUIJIN_OFFICE_NAME", DEFAULT_OFFICE_NAME)


# ---------------------------------------------------------------------------------------------------------
# Numbers in words, as official documents write them.


def amount_text(wan: Decimal | None) -> str:
    """An amount for prose: 1亿元 and above in 亿元 with two decimals (12.35亿元), below in 万元 (8500万元,
    3456.5万元: two decimals at most, trailing zeros dropped)."""
    wan = Decimal(wan or 0)
    if wan >= YI:
        return _("%(n)s亿元") % {"n": f"{(wan / YI).quantize(CENT, rounding=ROUND_HALF_UP)}"}
    text = f"{wan.quantize(CENT, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _("%(n)s万元") % {"n": text}


def money_text(wan: Decimal | None) -> str:
    """An amount in a table, in 万元 with two decimals and thousands separators."""
    if wan is None:
        return "—"
    return f"{Decimal(wan).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def percent_text(fraction: Decimal | None) -> str:
    value = percent(fraction)
    return "—" if value is None else f"{value}%"


def date_text(day: date | None) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day} if day else "—"


def month_text(day: date | None) -> str:
    return _("%(y)s年%(m)s月") % {"y": day.year, "m": day.month} if day else "—"


def paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines; the lines of one paragraph are joined (Chinese needs no space)."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return [joined for block in blocks if (joined := "".join(line.strip() for line in block.split("\n")))]


def default_requirements() -> str:
    """The closing section the coordinator starts from and edits before issuing."""
    return "\n\n".join([
        _("一、对标对表抓进度。各责任单位要对照年度计划和节点安排，倒排工期、挂图作战，"
          "对落后序时进度的项目逐一分析原因、制定赶超措施，确保实现时间任务“双过半”。"),
        _("二、聚焦问题抓协调。对本通报列出的存在问题，各责任单位要主动对接、限时办结；"
          "逾期未解决的，按程序提级督办。"),
        _("三、加快开工抓转化。未开工项目要加快办理前期手续、落实建设条件，力争早日开工建设。"),
        _("四、严格时限抓报送。各项目单位和责任单位要按时如实报送项目进展，确保数据真实准确。"),
    ])


# ---------------------------------------------------------------------------------------------------------
# The queries.


def started_q(period: Period) -> Q:
    """Started by the end of the period: a start date on or before its last day, or under construction
    (or beyond) without a recorded date."""
    return Q(actual_start__lte=period_end(period)) | Q(actual_start__isnull=True, stage__in=STARTED_STAGES)


def bulletin_projects(period: Period, programme: ProgrammeList | None = None) -> QuerySet[Project]:
    """The bulletin's projects with their figures for `period` (annotated in SQL)."""
    projects = Project.objects.filter(pk__in=expected_projects(period).values("pk"))
    if programme is not None:
        projects = projects.filter(pk__in=ListMembership.objects.filter(programme=programme).values("project_id"))
    report_text = counted_reports().filter(period=period, project=OuterRef("pk")).values("progress_text")[:1]
    projects = with_period_figures(projects, period).annotate(
        annual_plan=Coalesce(annual_plan_subquery(year=period.year, programme=programme.pk if programme else None),
                             ZERO),
        progress_text=Subquery(report_text),
        started=ExpressionWrapper(started_q(period), output_field=BooleanField()),
    )
    return projects


@dataclass
class Tally:
    """The projects of a group (all, a category, a department) and their plan and completed sums."""

    name: str = ""
    order: int = 0
    count: int = 0
    plan_sum: Decimal = Decimal(0)
    done_sum: Decimal = Decimal(0)

    def add(self, plan: Decimal, done: Decimal) -> None:
        self.count += 1
        self.plan_sum += plan
        self.done_sum += done

    def row(self) -> dict:
        rate = task_progress(self.done_sum, self.plan_sum)
        return {
            "name": self.name, "count": self.count,
            "annual_plan": self.plan_sum, "annual_plan_text": money_text(self.plan_sum),
            "completed": self.done_sum, "completed_text": money_text(self.done_sum),
            "rate": rate, "rate_text": percent_text(rate),
        }


def _department_rows(tallies: list[Tally]) -> list[dict]:
    """By lead department, the best completion rate first (those without a plan last, then by name)."""
    rows = [tally.row() | {"order": tally.order} for tally in tallies]
    rows.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0), r["order"], r["name"]))
    for number, row in enumerate(rows, 1):
        row["no"] = number
    return rows


def _open_problems(projects: QuerySet, issued_on: date) -> list[dict]:
    problems = Problem.objects.filter(project__in=projects.values("pk"), status__in=OPEN_STATUSES).annotate(
        late=Case(When(deadline__lt=issued_on, then=Value(1)), default=Value(0), output_field=IntegerField()),
    ).select_related("project", "department").order_by("-late", F("deadline").asc(nulls_last=True), "id")
    rows = []
    for number, problem in enumerate(problems, 1):
        overdue = bool(problem.late)
        rows.append({
            "no": number, "project": problem.project.name, "kind": problem.get_kind_display(),
            "description": problem.description,
            "department": str(problem.department) if problem.department else _("待交办"),
            "deadline": problem.deadline, "deadline_text": date_text(problem.deadline),
            "escalation": problem.get_escalation_display(),
            "overdue": overdue, "overdue_text": _("是") if overdue else _("否"),
        })
    return rows


# ---------------------------------------------------------------------------------------------------------
# The words.


def _pace(gap: Decimal | None, time_pct: str) -> str:
    """快于 / 慢于 / 持平 序时进度, by the sign of the gap (in percentage points, positive = behind)."""
    if gap is None:
        return ""
    if gap > 0:
        return _("慢于序时进度（%(t)s）%(g)s个百分点") % {"t": time_pct, "g": gap}
    if gap < 0:
        return _("快于序时进度（%(t)s）%(g)s个百分点") % {"t": time_pct, "g": -gap}
    return _("与序时进度（%(t)s）持平") % {"t": time_pct}


def _summary(*, cumulative: str, subject: str, totals: dict, time_pct: str, red: int, yellow: int,
             problems: int, overdue: int) -> str:
    words = {"c": cumulative, "s": subject, "n": totals["count"], "done": amount_text(totals["completed"]),
             "started": totals["started"], "sr": totals["started_rate_text"]}
    if totals["rate"] is None:
        first = _("%(c)s，%(s)s%(n)s个项目完成投资%(done)s（年度计划投资未填报）；已开工%(started)s个，开工率%(sr)s。") % words
    else:
        first = _("%(c)s，%(s)s%(n)s个项目完成投资%(done)s，占年度计划的%(r)s，%(pace)s；已开工%(started)s个，"
                  "开工率%(sr)s。") % (words | {"r": totals["rate_text"], "pace": _pace(totals["gap"], time_pct)})
    warnings = []
    if red:
        warnings.append(_("红色预警项目（落后序时进度%(n)s个百分点以上）%(c)s个") % {"n": RED_ABOVE_POINTS, "c": red})
    if yellow:
        warnings.append(_("黄色预警项目（落后序时进度%(y)s至%(n)s个百分点）%(c)s个") % {
            "y": YELLOW_FROM_POINTS, "n": RED_ABOVE_POINTS, "c": yellow})
    warnings = "，".join(warnings) or _("无落后序时进度%(y)s个百分点以上的项目") % {"y": YELLOW_FROM_POINTS}
    if problems and overdue:
        issues = _("尚有未解决问题%(p)s个，其中逾期%(o)s个") % {"p": problems, "o": overdue}
    elif problems:
        issues = _("尚有未解决问题%(p)s个") % {"p": problems}
    else:
        issues = _("无未解决问题")
    return first + _("%(w)s；%(i)s。") % {"w": warnings, "i": issues}


def _subject(period: Period, programme: ProgrammeList | None) -> tuple[str, str]:
    """(how the summary names the projects, how the title names them)."""
    if programme is None:
        return _("全区纳入调度的"), _("重点项目")
    prefix = f"{period.year}年"
    short = programme.name[len(prefix):] if programme.name.startswith(prefix) else programme.name
    return programme.name, short


# ---------------------------------------------------------------------------------------------------------


def bulletin_context(*, period: Period, programme: ProgrammeList | None = None, requirements: str, number: int,
                     issued_on: date) -> dict:
    projects = bulletin_projects(period, programme)
    as_of = period_end(period)
    time = time_progress(as_of)
    time_pct = percent_text(time)
    cumulative = period.cumulative_label

    rows, not_started, red, yellow = [], [], [], []
    by_category: dict[int, dict] = {}
    # Every sum is added up from the rows read once (as SQL aggregates, each re-ran every project's figures).
    total, categories, departments = Tally(), {}, {}
    investment, started = Decimal(0), 0
    for project in projects.select_related("category", "lead_department", "leader").order_by(
            "category__order", "category_id", "id"):
        task = task_progress(project.completed_ytd, project.annual_plan)
        gap = gap_points(time, task)
        level = progress_level(gap)
        department = str(project.lead_department) if project.lead_department else _("未明确")
        leader = project.leader.name if project.leader else "—"
        total.add(project.annual_plan, project.completed_ytd)
        categories.setdefault(project.category_id, Tally(project.category.name)).add(
            project.annual_plan, project.completed_ytd)
        lead = project.lead_department
        departments.setdefault(project.lead_department_id, Tally(
            (str(lead) if lead else "") or _("未明确责任单位"), (lead and lead.order) or 0)).add(
            project.annual_plan, project.completed_ytd)
        investment += project.total_investment or 0
        started += bool(project.started)
        row = {
            "name": project.name, "category": project.category.name, "department": department, "leader": leader,
            "total_investment_text": money_text(project.total_investment),
            "annual_plan": project.annual_plan, "annual_plan_text": money_text(project.annual_plan),
            "completed": project.completed_ytd, "completed_text": money_text(project.completed_ytd),
            "since_start_text": money_text(project.completed_since_start),
            "rate": task, "rate_text": percent_text(task), "gap": gap, "level": level or "",
            "level_text": {"red": _("红"), "yellow": _("黄")}.get(level, ""),
            "started": bool(project.started), "progress_text": project.progress_text or "",
        }
        group = by_category.setdefault(project.category_id, {"name": project.category.name, "projects": []})
        row["no"] = len(rows) + 1
        rows.append(row)
        group["projects"].append(row)
        if not project.started:
            not_started.append({"name": project.name, "planned_start": project.planned_start,
                                "planned_start_text": month_text(project.planned_start),
                                "department": department, "leader": leader})
        if level:
            reason = _("完成率%(r)s，落后序时进度%(g)s个百分点") % {"r": percent_text(task), "g": gap}
            (red if level == "red" else yellow).append(
                {"name": project.name, "department": department, "leader": leader, "rate_text": percent_text(task),
                 "gap": gap, "reason": reason})
    red.sort(key=lambda r: -r["gap"])
    yellow.sort(key=lambda r: -r["gap"])
    for listing in (not_started, red, yellow):
        for number_in_list, row in enumerate(listing, 1):
            row["no"] = number_in_list
    for category_id, group in by_category.items():
        group["count"] = categories[category_id].count

    rate = task_progress(total.done_sum, total.plan_sum)
    started_rate = task_progress(Decimal(started), Decimal(total.count))
    totals = {
        "count": total.count,
        "total_investment": investment, "total_investment_text": money_text(investment),
        "total_investment_words": amount_text(investment),
        "annual_plan": total.plan_sum, "annual_plan_text": money_text(total.plan_sum),
        "annual_plan_words": amount_text(total.plan_sum),
        "completed": total.done_sum, "completed_text": money_text(total.done_sum),
        "completed_words": amount_text(total.done_sum),
        "rate": rate, "rate_text": percent_text(rate), "gap": gap_points(time, rate),
        "started": started, "not_started": total.count - started,
        "started_rate": started_rate, "started_rate_text": percent_text(started_rate),
    }
    problems = _open_problems(projects, issued_on)
    overdue = sum(1 for p in problems if p["overdue"])
    subject, title_subject = _subject(period, programme)
    summary = _summary(cumulative=cumulative, subject=subject, totals=totals, time_pct=time_pct, red=len(red),
                       yellow=len(yellow), problems=len(problems), overdue=overdue)
    title = _("关于%(y)s年%(c)s%(s)s推进情况的通报") % {"y": period.year, "c": cumulative, "s": title_subject}
    return {
        "masthead": _("重点项目建设调度通报"),
        "title": title,
        "number": number, "number_text": _("第%(n)s期") % {"n": number},
        "issued_on": issued_on, "date_text": date_text(issued_on),
        "office": office_name(),
        "period_label": period.label, "year": period.year, "month": period.month, "cumulative": cumulative,
        "as_of": as_of, "as_of_text": date_text(as_of),
        "programme_name": programme.name if programme else "", "subject": subject,
        "time_progress": time, "time_text": time_pct,
        "red_above": RED_ABOVE_POINTS, "yellow_from": YELLOW_FROM_POINTS,
        "totals": totals,
        "summary": summary,
        "by_category": [tally.row() for tally in categories.values()],  # in the rows' order: by category
        "by_department": _department_rows(list(departments.values())),
        "projects": rows,
        "groups": list(by_category.values()),
        "not_started": not_started,
        "red": red,
        "yellow": yellow,
        "problems": problems,
        "overdue_count": overdue,
        "requirements": paragraphs(requirements),
        "requirements_text": requirements,
    }
