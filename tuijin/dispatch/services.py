"""Writes of the dispatch cycle: periods, reports and their review, corrections, problems."""

import calendar
import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit, loop_services
from tuijin.core.batch import Refused
from tuijin.projects import permissions as project_permissions
from tuijin.projects import services as project_services
from tuijin.projects.lifecycle import STARTED_STAGES
from tuijin.projects.models import Milestone
from tuijin.projects.permissions import require

from . import permissions
from .figures import ReportBasis, report_basis, report_basis_by_project
from .models import Period, Problem, ProgressReport

REPORT_FIELDS = ["invest_month", "progress_text", "progress_pct", "workers", "not_started_reason",
                 "since_start_override"]


def _or_blank(name: str, value):
    """An empty form value: none for the optional numbers, zero for the month's figure, "" for text."""
    if value is not None or name in {"progress_pct", "workers"}:
        return value
    return Decimal(0) if name == "invest_month" else ""


def period_end(period: Period) -> date:
    return date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])


@transaction.atomic
def period_open(*, actor, region, year: int, month: int, deadline: date) -> Period:
    require(permissions.can_run_periods(actor), _("只有项目办可以开启调度期。"))
    if actor.region_id and not region.path.startswith(actor.region.path):
        raise ValidationError({"region": _("所选区域不在您的管辖范围内。")})
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份应为1到12。")})
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("不能开启未来月份（%(y)s年%(m)s月）的调度期。") % {"y": year, "m": month}})
    if deadline < date(year, month, 1):
        raise ValidationError({"deadline": _("填报截止日期不能早于该月第一天。")})
    if Period.objects.filter(region=region, year=year, month=month).exists():
        raise ValidationError({"month": _("%(y)s年%(m)s月的调度期已存在。") % {"y": year, "m": month}})
    period = Period.objects.create(region=region, year=year, month=month, deadline=deadline)
    audit.record(actor=actor, action="period.open", target=period,
                 changes={"period": [None, period.label], "deadline": [None, deadline.isoformat()]})
    return period


@transaction.atomic
def period_close(*, actor, period: Period, reason: str = "") -> Period:
    require(permissions.can_run_periods(actor), _("只有项目办可以关闭调度期。"))
    period = Period.objects.select_for_update().get(pk=period.pk)
    require(permissions.can_run_period(actor, period), _("此调度期不在您的管辖范围内。"))
    if not period.is_open:
        raise ValidationError(_("调度期 %(p)s 已经关闭。") % {"p": period.label})
    period.status, period.closed_at = Period.Status.CLOSED, timezone.now()
    period.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, action="period.close", target=period, changes={"status": ["open", "closed"]},
                 reason=reason)
    # The month's 红黄榜 is kept as it stood at its close, so it can be read again later.
    from tuijin.tracking.services import snapshot  # tracking reads dispatch; imported here to avoid a cycle

    snapshot(period=period, actor=actor)
    return period


def check_report_figures(report: ProgressReport, *, typed_ytd: Decimal | None = None,
                         typed_since_start: Decimal | None = None,
                         basis: ReportBasis | None = None) -> dict[str, str]:
    """The rules every report obeys, whatever the path (form, import, correction): {field: message}.
    `basis`: the project's other reports around this one (read here when not given; an import reads them for
    all its projects at once)."""
    problems: dict[str, str] = {}
    if basis is None:
        basis = report_basis(report.project, report.period)
    figures = basis.figures(report.project, report.invest_month)
    if typed_ytd is not None and typed_ytd != figures["completed_ytd"]:
        problems["typed_ytd"] = _(
            "填写的%(c)s完成投资 %(t)s 万元与各期相加 %(d)s 万元不一致：本年累计由各期“本期完成投资”相加得出，"
            "请核对本期或以前各期的数字。") % {"c": report.period.cumulative_label, "t": f"{typed_ytd:,.2f}",
                                            "d": f"{figures['completed_ytd']:,.2f}"}
    if typed_since_start is not None and typed_since_start != figures["completed_since_start"]:
        problems["typed_since_start"] = _("填写的开工以来累计完成投资 %(t)s 万元与推算值 %(d)s 万元不一致。") % {
            "t": f"{typed_since_start:,.2f}", "d": f"{figures['completed_since_start']:,.2f}"}
    total = report.project.total_investment
    if total is not None:
        # A figure changed in an earlier month carries into every later month's since-start: check the latest.
        since_start = figures["completed_since_start"] + basis.later
        overridden = report.since_start_override.strip() or basis.later_explained
        if since_start > total and not overridden:
            problems["since_start_override"] = _(
                "开工以来累计完成投资 %(s)s 万元将超过总投资 %(t)s 万元；如属实（如投资调增），请在“累计超总投资说明”中写明。"
            ) % {"s": f"{since_start:,.2f}", "t": f"{total:,.2f}"}
    return problems


@transaction.atomic
def report_save(*, actor, period: Period, project, data: dict, submit: bool, milestones_met=(),
                expected_version: int | None = None, typed_ytd: Decimal | None = None,
                typed_since_start: Decimal | None = None) -> ProgressReport:
    """Save the report of `project` for `period` as a draft or submit it. Only this period's figure is typed."""
    require(permissions.can_fill(actor, project), _("您不能填报此项目。"))
    period = Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_open:
        raise ValidationError(_("调度期 %(p)s 已关闭，不能再填报；如需更正请联系项目办。") % {"p": period.label})
    existing = ProgressReport.objects.select_for_update().filter(period=period, project=project).first()
    # A form opened before any report existed carries version 0: someone else's first save makes it stale too.
    if expected_version is not None and (existing.version if existing else 0) != expected_version:
        raise ValidationError(_("保存未成功：此报告在您打开之后已被他人修改，请刷新后再填。"), code="stale")
    report = existing or ProgressReport.objects.create(period=period, project=project)
    if report.status in {ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED}:
        raise ValidationError(_("此报告已报送（%(s)s），不能再修改；如需修改请责任单位退回。") % {
            "s": report.get_status_display()})
    before = {name: getattr(report, name) for name in REPORT_FIELDS} | {"status": report.status}
    for name in REPORT_FIELDS:
        if name in data:
            setattr(report, name, _or_blank(name, data[name]))
    report.full_clean(exclude=["period", "project"])
    if submit:
        problems = check_report_figures(report, typed_ytd=typed_ytd, typed_since_start=typed_since_start)
        if problems:
            raise ValidationError(problems)
        report.status = ProgressReport.Status.SUBMITTED
        report.submitted_by, report.submitted_at = actor, timezone.now()
        report.return_reason = ""
    else:
        report.status = ProgressReport.Status.DRAFT
    report.version += 1
    report.save()
    met = [m for m in milestones_met if m.project_id == project.pk]
    report.milestones_met.set(met)
    if submit:
        for milestone in met:
            if milestone.status != Milestone.Status.MET:
                project_services.milestone_save(
                    actor=actor, project=project, milestone=milestone,
                    data={"status": Milestone.Status.MET,
                          "actual_date": milestone.actual_date or min(period_end(period), timezone.localdate())},
                    reason=_("%(p)s调度报告") % {"p": period.label})
    after = {name: getattr(report, name) for name in REPORT_FIELDS} | {"status": report.status}
    audit.record(actor=actor, action="report.submit" if submit else "report.save", target=report, project=project,
                 changes=audit.diff(before, after))
    return report


def _reviewable(actor, report: ProgressReport) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().select_related("period", "project").get(pk=report.pk)
    require(permissions.can_review(actor, report.project), _("您不能审核此项目的报告。"))
    if not report.period.is_open:
        raise ValidationError(_("调度期已关闭，不能再审核。"))
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(_("只有“已报送”的报告可以审核，此报告为“%(s)s”。") % {"s": report.get_status_display()})
    return report


@transaction.atomic
def report_return(*, actor, report: ProgressReport, reason: str) -> ProgressReport:
    report = _reviewable(actor, report)
    if not reason.strip():
        raise ValidationError({"return_reason": _("退回须写明原因。")})
    report.status, report.return_reason = ProgressReport.Status.RETURNED, reason
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.version += 1
    report.save()
    audit.record(actor=actor, action="report.return", target=report, project=report.project,
                 changes={"status": ["submitted", "returned"]}, reason=reason)
    return report


@transaction.atomic
def report_approve(*, actor, report: ProgressReport, note: str = "") -> ProgressReport:
    report = _reviewable(actor, report)
    project = report.project
    started = project.actual_start is not None or project.stage in STARTED_STAGES
    if not started and not report.not_started_reason.strip():
        raise ValidationError({"not_started_reason": _(
            "项目“%(p)s”尚未开工，审核通过前须由填报单位说明未开工原因（可退回补充）。") % {"p": project.name}})
    report.status = ProgressReport.Status.APPROVED
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.version += 1
    report.save()
    audit.record(actor=actor, action="report.approve", target=report, project=project,
                 changes={"status": ["submitted", "approved"]}, reason=note)
    return report


@transaction.atomic
def report_correct(*, actor, report: ProgressReport, invest_month: Decimal, reason: str,
                   expected_version: int | None = None) -> ProgressReport:
    """After a period is closed its figures change only here: recorded with old, new, who and why. Like every
    other write of a report it is refused when someone changed the report since the form was opened."""
    require(permissions.can_run_periods(actor), _("只有项目办可以更正已关闭调度期的数字。"))
    report = ProgressReport.objects.select_for_update().select_related("period", "project").get(pk=report.pk)
    require(permissions.can_review(actor, report.project), _("此项目不在您的管辖范围内。"))
    if expected_version is not None and report.version != expected_version:
        raise ValidationError(_("更正未成功：此报告在您打开之后已被他人修改，请刷新后再更正。"), code="stale")
    if report.period.is_open:
        raise ValidationError(_("调度期尚未关闭，请直接退回由填报单位修改。"))
    if not reason.strip():
        raise ValidationError({"reason": _("更正须写明原因。")})
    if invest_month < 0:
        raise ValidationError({"invest_month": _("金额不能为负数。")})
    old = report.invest_month
    report.invest_month = invest_month
    problems = check_report_figures(report)
    if problems:
        raise ValidationError(problems)
    report.version += 1
    report.save()
    audit.record(actor=actor, action="report.correct", target=report, project=report.project,
                 changes={"invest_month": [audit.plain(old), audit.plain(invest_month)]}, reason=reason)
    return report


@transaction.atomic
def problem_raise(*, actor, project, kind: str, description: str, department=None, deadline: date | None = None,
                  report: ProgressReport | None = None) -> Problem:
    require(permissions.can_raise_problem(actor, project), _("您不能为此项目提出问题。"))
    if not description.strip():
        raise ValidationError({"description": _("请描述存在的问题。")})
    if kind not in Problem.Kind.values:
        raise ValidationError({"kind": _("未知的问题类型。")})
    problem = Problem.objects.create(project=project, report=report, kind=kind, description=description.strip(),
                                     department=department, deadline=deadline, raised_by=actor)
    audit.record(actor=actor, action="problem.raise", target=problem, project=project,
                 changes={"description": [None, problem.description], "kind": [None, problem.get_kind_display()]})
    return problem


@transaction.atomic
def problem_handover(*, actor, problem: Problem, department, deadline: date | None, note: str = "",
                     today: date | None = None):
    require(permissions.can_direct_problem(actor, problem), _("只有项目办可以交办问题。"))
    return loop_services.loop_handover(actor=actor, item=problem, department=department, deadline=deadline,
                                       note=note, project=problem.project, today=today)


@transaction.atomic
def problem_escalate(*, actor, problem: Problem, note: str):
    require(permissions.can_direct_problem(actor, problem), _("只有项目办可以升级问题。"))
    return loop_services.loop_escalate(actor=actor, item=problem, note=note, project=problem.project)


@transaction.atomic
def problem_progress(*, actor, problem: Problem, note: str):
    require(permissions.can_work_problem(actor, problem), _("您不能办理此问题。"))
    return loop_services.loop_progress(actor=actor, item=problem, note=note, project=problem.project)


@transaction.atomic
def problem_close(*, actor, problem: Problem, resolved: bool, resolution: str, closed_on: date | None = None):
    require(permissions.can_work_problem(actor, problem), _("您不能办理此问题。"))
    return loop_services.loop_close(actor=actor, item=problem, resolved=resolved, resolution=resolution,
                                    closed_on=closed_on, project=problem.project)


@transaction.atomic
def problem_reopen(*, actor, problem: Problem, note: str):
    require(permissions.can_direct_problem(actor, problem), _("只有项目办可以重新打开问题。"))
    return loop_services.loop_reopen(actor=actor, item=problem, note=note, project=problem.project)


@dataclass(frozen=True)
class ImportedFigure:
    """One project's figure for the period, as an imported sheet gives it."""

    project: object
    invest_month: Decimal
    progress_text: str = ""


IMPORT_FIELDS = ["invest_month", "progress_text", "status"]


@transaction.atomic
def reports_import(*, actor, period: Period, figures: list[ImportedFigure], source: str = "") -> list[ProgressReport]:
    """Record the figures of an imported sheet for `period`: each checked by the report rules against the
    project's other reports (read for all of them at once), then written together, each report with its audit
    event. The project office stands behind the sheet it imports, so the reports are approved by the importer;
    a figure replaced is kept in the trail. A project given twice keeps its last figure. Nothing is written if
    any figure is refused (core.batch.Refused says which)."""
    require(permissions.can_run_period(actor, period)
            and all(project_permissions.can_edit(actor, figure.project) for figure in figures),
            _("只有本区域的项目办可以导入本区域项目的调度数据。"))
    if not period.is_open:
        raise ValidationError(_("调度期 %(p)s 已关闭，不能导入；如需更正请逐项更正并说明原因。") % {"p": period.label})
    ids = {figure.project.pk for figure in figures}
    stored = {report.project_id: report for report in
              ProgressReport.objects.select_for_update().filter(period=period, project_id__in=ids)}
    bases = report_basis_by_project(ids, period)
    kept: dict[int, ProgressReport] = {}
    before: dict[int, dict] = {}
    problems: dict[int, ValidationError] = {}
    for index, figure in enumerate(figures):
        pk = figure.project.pk
        report = copy.copy(kept.get(pk) or stored.get(pk) or ProgressReport(period=period, project=figure.project))
        report.project = figure.project  # the caller's, with any opening balance it has just set
        before.setdefault(pk, {name: getattr(report, name) for name in IMPORT_FIELDS})
        report.invest_month = figure.invest_month
        if figure.progress_text:
            report.progress_text = figure.progress_text
        found = check_report_figures(report, basis=bases.get(pk, ReportBasis()))
        if found:
            problems[index] = ValidationError(found)
        else:
            kept[pk] = report
    if problems:
        raise Refused(problems)
    now = timezone.now()
    for report in kept.values():
        report.status = ProgressReport.Status.APPROVED
        report.submitted_by, report.submitted_at = report.submitted_by or actor, report.submitted_at or now
        report.reviewed_by, report.reviewed_at = actor, now
        report.version += 1
    stored_ones = [report for report in kept.values() if report.pk is not None]
    ProgressReport.objects.bulk_create([report for report in kept.values() if report.pk is None])
    ProgressReport.objects.bulk_update(
        stored_ones, [*IMPORT_FIELDS, "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "version"],
        batch_size=500)
    audit.record_many(actor=actor, action="report.import", reason=source, events=[
        (report, report.project, audit.diff(before[pk], {name: getattr(report, name) for name in IMPORT_FIELDS}))
        for pk, report in kept.items()])
    return [kept[figure.project.pk] for figure in figures]


PHOTO_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def report_add_photos(*, actor, report: ProgressReport, files, caption: str = "") -> list:
    """Attach optional photos to a report still being filled. Checked by content: JPEG or PNG only."""
    from tuijin.core.uploads import require_kind

    from .models import ReportPhoto

    require(permissions.can_fill(actor, report.project), _("您不能为此项目上传照片。"))
    if not report.period.is_open:
        raise ValidationError(_("调度期已关闭，不能再上传照片。"))
    for upload in files:
        require_kind(upload, {"jpeg", "png"}, max_bytes=PHOTO_MAX_BYTES)
    photos = [ReportPhoto.objects.create(report=report, image=upload, caption=caption, uploaded_by=actor)
              for upload in files]
    audit.record(actor=actor, action="report.photos", target=report, project=report.project,
                 changes={"photos": [None, [p.image.name for p in photos]]})
    return photos
