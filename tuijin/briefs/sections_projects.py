"""The two parts of a leader's brief that come from the projects and the dispatch cycle:
their projects with progress and warnings, and their open problems (entries of sections.SECTIONS).

Figures come from the functions the dashboard and the 红黄榜 use: dispatch.figures.with_period_figures for
1-N月, projects.selectors.annual_plan_subquery for the annual plan, tracking.progress for 完成率 and the gap
behind 序时进度, tracking.warnings.evaluate for the warnings (on `as_of`, and on `since` for what turned).
A leader's projects are those they are the responsible leader (责任领导) of, withdrawn ones left out."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.bulletins.context import date_text, money_text, percent_text
from tuijin.core.loop import OPEN_STATUSES, LoopStatus
from tuijin.core.models import AuditEvent
from tuijin.dispatch.figures import ZERO, with_period_figures
from tuijin.dispatch.models import Problem
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Milestone, Project
from tuijin.projects.selectors import annual_plan_subquery
from tuijin.tracking.models import Level
from tuijin.tracking.progress import task_progress
from tuijin.tracking.selectors import as_of_period
from tuijin.tracking.warnings import evaluate, project_levels

from .sections import BriefSection

LEVEL_WORDS = {Level.RED.value: gettext_lazy("红色预警"), Level.YELLOW.value: gettext_lazy("黄色预警"),
               None: gettext_lazy("正常")}


def leader_projects(person) -> QuerySet[Project]:
    return Project.objects.filter(leader=person).exclude(stage=Stage.WITHDRAWN)


_evaluations: ContextVar[dict | None] = ContextVar("brief_evaluations", default=None)


@contextmanager
def shared_evaluations():
    """Within the block, the warnings of a region on a date are evaluated once, however many sections and
    leaders ask (a brief asks up to three times; issuing every leader's brief asks once per leader). Only
    for reads that happen together: nothing is kept after the block."""
    if _evaluations.get() is not None:
        yield
        return
    token = _evaluations.set({})
    try:
        yield
    finally:
        _evaluations.reset(token)


def _warnings(region, on: date) -> list:
    cache = _evaluations.get()
    if cache is None:
        return evaluate(as_of=on, region=region)
    key = (region.pk, on)
    if key not in cache:
        cache[key] = evaluate(as_of=on, region=region)
    return cache[key]


def _levels(person, projects: QuerySet[Project], on: date) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Each of the leader's projects' worst warning level on `on`, and the reasons."""
    own = set(projects.values_list("pk", flat=True))
    warnings = [w for w in _warnings(person.region, on) if w.project_id in own]
    reasons: dict[int, list[str]] = {}
    for warning in warnings:
        reasons.setdefault(warning.project_id, []).append(f"{warning.rule}：{warning.reason}")
    return project_levels(warnings), reasons


def _in_window(since: date | None, as_of: date, field: str) -> Q:
    window = Q(**{f"{field}__lte": as_of})
    return window & Q(**{f"{field}__gt": since}) if since else window & Q(pk__in=[])


def project_changes(person, projects: QuerySet[Project], *, as_of: date, since: date | None,
                    levels_now: dict[int, str]) -> list[str]:
    """Since the last brief: stage moves recorded in the trail, milestones met, warnings that turned."""
    if since is None:
        return []
    names = dict(projects.values_list("pk", "name"))
    lines = []
    moves = AuditEvent.objects.filter(action="project.stage", project__in=projects.values("pk"),
                                      at__date__gt=since, at__date__lte=as_of).order_by("at", "id")
    for event in moves:
        old, new = event.changes.get("stage", [None, None])
        if old in Stage.values and new in Stage.values:
            lines.append(_("“%(p)s”由%(a)s转入%(b)s（%(d)s）") % {
                "p": names.get(event.project_id, event.target_label), "a": Stage(old).label, "b": Stage(new).label,
                "d": date_text(event.at.date())})
    met = Milestone.objects.filter(_in_window(since, as_of, "actual_date"), project__in=projects.values("pk"),
                                   status__in=[Milestone.Status.MET, Milestone.Status.PARTIAL]).order_by(
        "actual_date", "project_id")
    for milestone in met:
        lines.append(_("“%(p)s”完成节点“%(m)s”（%(d)s）") % {
            "p": names[milestone.project_id], "m": milestone.name, "d": date_text(milestone.actual_date)})
    levels_then, _reasons = _levels(person, projects, since)
    for pk in sorted(set(levels_then) | set(levels_now)):
        then, now = levels_then.get(pk), levels_now.get(pk)
        if then == now:
            continue
        if now is None:
            lines.append(_("“%(p)s”%(a)s解除，转为正常（绿色）") % {"p": names[pk], "a": LEVEL_WORDS[then]})
        elif then is None:
            lines.append(_("“%(p)s”新出现%(b)s") % {"p": names[pk], "b": LEVEL_WORDS[now]})
        else:
            lines.append(_("“%(p)s”由%(a)s转为%(b)s") % {"p": names[pk], "a": LEVEL_WORDS[then], "b": LEVEL_WORDS[now]})
    return lines


def projects_section(person, *, as_of: date, since: date | None) -> BriefSection | None:
    """分管项目推进情况: each project's stage, annual plan, 1-N月 completed, 完成率 and warnings; red first."""
    projects = leader_projects(person)
    if not projects.exists():
        return None
    period = as_of_period(person.region, as_of)
    rows = with_period_figures(projects, period).annotate(
        annual_plan=Coalesce(annual_plan_subquery(year=as_of.year, programme=None), ZERO)).order_by("id")
    levels, reasons = _levels(person, projects, as_of)
    order = {Level.RED.value: 0, Level.YELLOW.value: 1}
    rows = sorted(rows, key=lambda p: (order.get(levels.get(p.pk), 2), p.pk))
    cumulative = period.cumulative_label
    return BriefSection(
        title=_("分管项目推进情况"),
        columns=[_("项目名称"), _("阶段"), _("年度计划（万元）"), _("%(c)s完成（万元）") % {"c": cumulative},
                 _("完成率"), _("预警")],
        rows=[[p.name, p.get_stage_display(), money_text(p.annual_plan) if p.annual_plan else "—",
               money_text(p.completed_ytd), percent_text(task_progress(p.completed_ytd, p.annual_plan)),
               "；".join([str(LEVEL_WORDS[levels[p.pk]]), *reasons[p.pk]]) if p.pk in levels else str(LEVEL_WORDS[None])]
              for p in rows],
        changes=project_changes(person, projects, as_of=as_of, since=since, levels_now=levels),
    )


def open_on(as_of: date) -> Q:
    """Open on `as_of`: open now, or closed after it (the rule tracking.warnings uses for problems)."""
    return Q(status__in=OPEN_STATUSES) | Q(closed_on__gt=as_of)


def problems_section(person, *, as_of: date, since: date | None) -> BriefSection | None:
    """分管项目存在问题: the open problems of the leader's projects, overdue first; and those closed since."""
    problems = Problem.objects.filter(project__in=leader_projects(person).values("pk")).select_related(
        "project", "department")
    open_now = list(problems.filter(open_on(as_of)).order_by("deadline", "id"))
    closed = list(problems.filter(_in_window(since, as_of, "closed_on")).order_by("closed_on", "id"))
    if not open_now and not closed:
        return None

    def state(problem: Problem) -> str:
        overdue = problem.deadline is not None and problem.deadline < as_of
        parts = [_("逾期%(n)s天") % {"n": (as_of - problem.deadline).days}] if overdue else []
        if problem.escalation:
            parts.append(_("已升级至%(l)s") % {"l": problem.get_escalation_display()})
        return "，".join(parts) or _("办理中")

    open_now.sort(key=lambda p: (not (p.deadline and p.deadline < as_of), p.deadline or date.max, p.pk))
    return BriefSection(
        title=_("分管项目存在问题"),
        columns=[_("项目名称"), _("问题类型"), _("问题描述"), _("责任单位"), _("办结时限"), _("办理情况")],
        rows=[[p.project.name, p.get_kind_display(), p.description, str(p.department or _("待交办")),
               date_text(p.deadline) if p.deadline else "—", state(p)] for p in open_now],
        changes=[(_("已解决") if p.status == LoopStatus.RESOLVED else _("无法解决")) + _("：“%(p)s”%(d)s（%(on)s）") % {
            "p": p.project.name, "d": p.description, "on": date_text(p.closed_on)} for p in closed],
    )


def key_figures(person, *, as_of: date) -> dict:
    """The figures a brief keeps (Brief.snapshot) so the next one can set them beside its own."""
    projects = leader_projects(person)
    period = as_of_period(person.region, as_of)
    totals = with_period_figures(projects, period).annotate(
        annual_plan=Coalesce(annual_plan_subquery(year=as_of.year, programme=None), ZERO)).aggregate(
        plan=Coalesce(Sum("annual_plan"), ZERO), done=Coalesce(Sum("completed_ytd"), ZERO))
    levels, _reasons = _levels(person, projects, as_of)
    problems = Problem.objects.filter(open_on(as_of), project__in=projects.values("pk"))
    return {
        "projects": projects.count(),
        "annual_plan": money_text(totals["plan"]),
        "completed_ytd": money_text(totals["done"]),
        "task_progress": percent_text(task_progress(totals["done"], totals["plan"])),
        "red": sum(1 for level in levels.values() if level == Level.RED),
        "yellow": sum(1 for level in levels.values() if level == Level.YELLOW),
        "open_problems": problems.count(),
        "overdue_problems": problems.filter(deadline__lt=as_of).count(),
    }


KEY_FIGURE_LABELS = {
    "projects": gettext_lazy("分管项目（个）"),
    "annual_plan": gettext_lazy("年度计划投资（万元）"),
    "completed_ytd": gettext_lazy("本年累计完成投资（万元）"),
    "task_progress": gettext_lazy("完成率"),
    "red": gettext_lazy("红色预警项目（个）"),
    "yellow": gettext_lazy("黄色预警项目（个）"),
    "open_problems": gettext_lazy("未解决问题（个）"),
    "overdue_problems": gettext_lazy("其中逾期（个）"),
}
