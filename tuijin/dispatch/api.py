"""The dispatch cycle over the JSON API: periods, reports and their review, problems. Same selectors, forms
and services as the dispatch pages."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError
from tuijin.api.schemas import Id, Input, LoopStepOut, Money, Ref, Version, ref, responses
from tuijin.core.loop_services import steps_of
from tuijin.org.models import Department
from tuijin.projects.permissions import require
from tuijin.projects.selectors import get_visible_project

from . import permissions, selectors, services
from .figures import project_figures
from .forms import CloseForm, HandoverForm, NoteForm, PeriodOpenForm, ProblemForm, ReportForm, ReturnForm
from .models import Period, Problem, ProgressReport

router = Router(tags=["调度"])


# --- shapes ---------------------------------------------------------------------------------------------

class PeriodOut(Schema):
    id: int
    label: str
    year: int
    month: int
    region: Ref
    deadline: date
    status: str
    status_label: str
    closed_at: datetime | None

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class PeriodOpenIn(Input):
    month: str  # YYYY-MM
    deadline: date


class ReasonIn(Input):
    reason: str = ""


class ReportBody(Schema):
    id: int
    status: str
    status_label: str
    invest_month: Money
    progress_text: str
    progress_pct: int | None
    workers: int | None
    not_started_reason: str
    since_start_override: str
    return_reason: str
    version: Version
    submitted_at: datetime | None
    reviewed_at: datetime | None
    milestones_met: list[int]

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_milestones_met(obj) -> list[int]:
        return sorted(obj.milestones_met.values_list("pk", flat=True))


class ReportFigures(Schema):
    invest_month: Money
    completed_ytd: Money
    completed_since_start: Money


class ReportOut(Schema):
    period: PeriodOut
    project: Ref
    report: ReportBody | None
    figures: ReportFigures
    can_fill: bool
    can_review: bool


class ReportIn(Input):
    version: Version = 0  # the report's version when read; 0 when there was none yet
    submit: bool = False
    invest_month: Decimal
    progress_text: str = ""
    progress_pct: int | None = None
    workers: int | None = None
    not_started_reason: str = ""
    since_start_override: str = ""
    milestones_met: list[Id] = []
    typed_ytd: Decimal | None = None
    typed_since_start: Decimal | None = None


class NoteIn(Input):
    note: str = ""



class ProblemOut(Schema):
    id: int
    project: Ref
    kind: str
    kind_label: str
    description: str
    department: Ref | None
    deadline: date | None
    status: str
    status_label: str
    escalation: int
    escalation_label: str
    resolution: str
    closed_on: date | None
    created_at: datetime
    overdue: bool

    @staticmethod
    def resolve_project(obj):
        return ref(obj.project)

    @staticmethod
    def resolve_department(obj):
        return ref(obj.department)

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_escalation_label(obj) -> str:
        return str(obj.get_escalation_display())

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()


class ProblemDetail(ProblemOut):
    steps: list[LoopStepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(steps_of(obj))


class ProblemQuery(Input):
    status: str = "open"  # open (待协调+协调中), "" for all, or one status
    department: Id | None = None
    kind: str = ""
    project: Id | None = None
    limit: int = 500


class ProblemIn(Input):
    kind: str
    description: str
    department: Id | None = None
    deadline: date | None = None
    report: Id | None = None


class HandoverIn(Input):
    department: Id
    deadline: date
    note: str = ""


class CloseIn(Input):
    outcome: str  # resolved | unresolvable
    resolution: str
    closed_on: date | None = None


# --- helpers ----------------------------------------------------------------------------------------------

def _period(user, pk: int) -> Period:
    return get_object_or_404(selectors.visible_periods(user), pk=pk)


def _departments(project) -> QuerySet[Department]:
    """The departments a problem of `project` may go to: those of its region and the regions above (as the
    problem forms on the pages offer)."""
    return Department.objects.filter(region__in=project.region_chain())


def _report_view(user, period: Period, project) -> dict:
    report = ProgressReport.objects.filter(period=period, project=project).first()
    return {
        "period": period, "project": ref(project), "report": report,
        "figures": project_figures(project, period),
        "can_fill": permissions.can_fill(user, project) and period.is_open
        and (report is None or report.status in {"draft", "returned"}),
        "can_review": report is not None and report.status == "submitted" and period.is_open
        and permissions.can_review(user, project),
    }


def _report_project(user, period: Period, project_id: int):
    """The project, if `user` sees it and it reports (or has reported) in `period`; else 404, as on the page."""
    project = get_visible_project(user, project_id)
    if not selectors.expected_projects(period).filter(pk=project.pk).exists() and not ProgressReport.objects.filter(
            period=period, project=project).exists():
        raise Http404
    return project


def _report(user, report_id: int) -> ProgressReport:
    report = get_object_or_404(ProgressReport.objects.select_related("period__region", "project"), pk=report_id)
    get_visible_project(user, report.project_id)
    return report


def _problem(user, pk: int) -> Problem:
    return get_object_or_404(selectors.visible_problems(user), pk=pk)


# --- periods ----------------------------------------------------------------------------------------------

@router.get("/periods", response=responses(list[PeriodOut]), url_name="periods")
def period_list(request):
    return selectors.visible_periods(request.auth)


@router.post("/periods", response=responses(PeriodOut, ok_status=201), url_name="period_open")
def period_open(request, payload: PeriodOpenIn):
    """开启调度期（项目办），在本人所辖区域。"""
    user = request.auth
    require(permissions.can_run_periods(user), _("只有项目办可以开启调度期。"))
    data = clean(PeriodOpenForm(form_data(payload.dict())))
    year, month = (int(x) for x in data["month"].split("-"))
    period = services.period_open(actor=user, region=selectors.default_region(user), year=year, month=month,
                                  deadline=data["deadline"])
    return Status(201, period)


@router.post("/periods/{int:period_id}/close", response=responses(PeriodOut), url_name="period_close")
def period_close(request, period_id: Id, payload: ReasonIn):
    period = _period(request.auth, period_id)
    return services.period_close(actor=request.auth, period=period, reason=payload.reason)


# --- reports ----------------------------------------------------------------------------------------------

@router.get("/periods/{int:period_id}/reports/{int:project_id}", response=responses(ReportOut), url_name="report")
def report_detail(request, period_id: Id, project_id: Id):
    """一个项目本期的报告（尚未填报时 report 为 null）和由各期推算的数字。"""
    period = _period(request.auth, period_id)
    return _report_view(request.auth, period, _report_project(request.auth, period, project_id))


@router.put("/periods/{int:period_id}/reports/{int:project_id}", response=responses(ReportOut),
            url_name="report_save")
def report_save(request, period_id: Id, project_id: Id, payload: ReportIn):
    """填报：`submit` 为 true 时报送，否则存草稿。只填本期完成投资；累计由各期推算。"""
    user = request.auth
    period = _period(user, period_id)
    project = _report_project(user, period, project_id)
    require(permissions.can_fill(user, project), _("您不能填报此项目。"))
    report = ProgressReport.objects.filter(period=period, project=project).first()
    values = payload.dict()
    submit, version = values.pop("submit"), values.pop("version")
    data = clean(ReportForm(form_data(values), instance=report, project=project))
    services.report_save(actor=user, period=period, project=project,
                         data={k: data[k] for k in ReportForm.Meta.fields}, submit=submit,
                         milestones_met=data["milestones_met"], expected_version=version,
                         typed_ytd=data["typed_ytd"], typed_since_start=data["typed_since_start"])
    return _report_view(user, period, project)


@router.post("/reports/{int:report_id}/return", response=responses(ReportOut), url_name="report_return")
def report_return(request, report_id: Id, payload: ReasonIn):
    report = _report(request.auth, report_id)
    require(permissions.can_review(request.auth, report.project), _("您不能审核此项目的报告。"))
    data = clean(ReturnForm(form_data({"return_reason": payload.reason})))
    services.report_return(actor=request.auth, report=report, reason=data["return_reason"])
    return _report_view(request.auth, report.period, report.project)


@router.post("/reports/{int:report_id}/approve", response=responses(ReportOut), url_name="report_approve")
def report_approve(request, report_id: Id, payload: NoteIn):
    report = _report(request.auth, report_id)
    services.report_approve(actor=request.auth, report=report, note=payload.note)
    return _report_view(request.auth, report.period, report.project)


# --- problems ---------------------------------------------------------------------------------------------

@router.get("/problems", response=responses(list[ProblemOut]), url_name="problems")
def problem_list(request, filters: Query[ProblemQuery]):
    """存在问题：逾期在前，再按时限；默认只列未办结的。"""
    if not 1 <= filters.limit <= 500:
        raise ApiError(400, "invalid", _("每页条数应为1到500。"), {"limit": _("每页条数应为1到500。")})
    rows = selectors.problem_list(request.auth, status=filters.status, department=filters.department,
                                  kind=filters.kind, project=filters.project)
    return list(rows[: filters.limit])


@router.get("/problems/{int:problem_id}", response=responses(ProblemDetail), url_name="problem")
def problem_detail(request, problem_id: Id):
    return _problem(request.auth, problem_id)


@router.post("/projects/{int:project_id}/problems", response=responses(ProblemDetail, ok_status=201),
             url_name="problem_raise")
def problem_raise(request, project_id: Id, payload: ProblemIn):
    user = request.auth
    project = get_visible_project(user, project_id)
    require(permissions.can_raise_problem(user, project), _("您不能为此项目提出问题。"))
    values = payload.dict()
    report_id = values.pop("report")
    data = clean(ProblemForm(form_data(values), departments=_departments(project)))
    report = None
    if report_id is not None:
        report = ProgressReport.objects.filter(pk=report_id, project=project).first()
        if report is None:
            raise ApiError(400, "invalid", _("所指报告不属于此项目。"), {"report": _("所指报告不属于此项目。")})
    problem = services.problem_raise(actor=user, project=project, report=report, **data)
    return Status(201, _problem(user, problem.pk))


@router.post("/problems/{int:problem_id}/handover", response=responses(ProblemDetail), url_name="problem_handover")
def problem_handover(request, problem_id: Id, payload: HandoverIn):
    """交办（项目办）：责任单位和办结时限。"""
    problem = _problem(request.auth, problem_id)
    require(permissions.can_direct_problem(request.auth, problem), _("只有项目办可以交办问题。"))
    data = clean(HandoverForm(form_data(payload.dict()), departments=_departments(problem.project)))
    services.problem_handover(actor=request.auth, problem=problem, **data)
    return _problem(request.auth, problem.pk)


@router.post("/problems/{int:problem_id}/escalate", response=responses(ProblemDetail), url_name="problem_escalate")
def problem_escalate(request, problem_id: Id, payload: NoteIn):
    """升级一级：分管领导 → 责任单位主要负责人 → 联系领导 → 主要领导。"""
    problem = _problem(request.auth, problem_id)
    require(permissions.can_direct_problem(request.auth, problem), _("只有项目办可以升级问题。"))
    data = clean(NoteForm(form_data(payload.dict())))
    services.problem_escalate(actor=request.auth, problem=problem, note=data["note"])
    return _problem(request.auth, problem.pk)


@router.post("/problems/{int:problem_id}/close", response=responses(ProblemDetail), url_name="problem_close")
def problem_close(request, problem_id: Id, payload: CloseIn):
    """办结：已解决，或无法解决并写明原因。"""
    problem = _problem(request.auth, problem_id)
    require(permissions.can_work_problem(request.auth, problem), _("您不能办理此问题。"))
    data = clean(CloseForm(form_data(payload.dict())))
    services.problem_close(actor=request.auth, problem=problem, resolved=data["outcome"] == "resolved",
                           resolution=data["resolution"], closed_on=data["closed_on"])
    return _problem(request.auth, problem.pk)
