"""The demo zone's dispatch history: 2024 for the projects already building then; January–May 2025 reported,
reviewed and closed; June open, with some units reported, some returned, some still missing; problems at every
step of their loop."""

import hashlib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tuijin.core.roles import Role
from tuijin.dispatch import services as dispatch
from tuijin.dispatch.models import Problem
from tuijin.org.models import User
from tuijin.org.services import user_create
from tuijin.projects.models import ListMembership, Project

from . import data

# Investment in China is back-loaded: the share of the annual plan each month usually carries.
MONTH_SHARE = [Decimal("0.06"), Decimal("0.08"), Decimal("0.11"), Decimal("0.12"), Decimal("0.13"), Decimal("0.14")]
CLOSED_MONTHS = [1, 2, 3, 4, 5]
OPEN_MONTH = 6
# The shape of a year's spending, month by month (per cent): the prior year the forecast learns from.
PRIOR_YEAR_SHAPE = [3, 4, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13]
PRIOR_YEAR = data.YEAR - 1

PROBLEMS = [
    # project key, kind, description, department, deadline, then what happened: handover/escalate/close
    ("hydrogen", "land", "项目用地尚有12亩未完成土地征收，影响开工", "资规分局", date(2025, 4, 20), ["handover", "escalate"]),
    ("sensor", "approval", "施工许可办理中，消防设计审查意见未回复", "住建局", date(2025, 5, 31), ["handover"]),
    ("zijing", "demolition", "东延段3户房屋未完成征迁，影响路基施工", "住建局", date(2025, 5, 15),
     ["handover", "escalate", "escalate"]),
    ("water", "utilities", "加压站临时用电未接入", "经发局", date(2025, 6, 30), ["handover"]),
    ("ruiqing", "utilities", "试验车间天然气管道接入手续", "住建局", date(2025, 4, 15), ["handover", "close"]),
    ("elderly", "funds", "专项债资金拨付滞后，施工单位资金紧张", "财政局", date(2025, 5, 20), ["handover"]),
    ("clinic", "approval", "规划方案调整，需重新审查", "资规分局", None, []),
]


def weight(key: str, salt: str) -> Decimal:
    """A stable multiplier 0.40–1.40 per project, so the demo has leaders, laggards and reds."""
    digest = hashlib.sha256(f"{key}:{salt}".encode()).digest()[0]
    return Decimal("0.40") + Decimal(digest) / Decimal(255)


class DispatchHistory:
    def __init__(self, *, zone, coordinator, departments, owner_user, password_hash, projects_by_key):
        self.zone, self.coordinator, self.password_hash = zone, coordinator, password_hash
        self.departments, self.projects = departments, projects_by_key
        self.owner_user = owner_user
        self.filers: dict[int, User] = {}

    def build(self) -> None:
        self._department_accounts()
        self._prior_year()
        for month in CLOSED_MONTHS:
            period = dispatch.period_open(actor=self.coordinator, region=self.zone, year=data.YEAR, month=month,
                                          deadline=date(data.YEAR, month + 1, 5))
            self._reports(period, approve=True)
            dispatch.period_close(actor=self.coordinator, period=period, reason="按期关闭")
        period = dispatch.period_open(actor=self.coordinator, region=self.zone, year=data.YEAR, month=OPEN_MONTH,
                                      deadline=date(data.YEAR, OPEN_MONTH + 1, 5))
        self._reports(period, approve=False)
        self._problems()

    def _prior_year(self) -> None:
        """2024, for the projects building then: 35% of what remained beyond this year's plan, spread over their
        months of that year in the usual back-loaded shape."""
        plans = dict(ListMembership.objects.filter(programme__year=data.YEAR).values_list("project_id", "annual_plan"))
        for project in self.projects.values():
            project.refresh_from_db()  # the stage moves set actual_start after these objects were made
        building = {key: p for key, p in self.projects.items() if p.actual_start and p.actual_start.year == PRIOR_YEAR}
        for month in range(1, 13):
            period = dispatch.period_open(actor=self.coordinator, region=self.zone, year=PRIOR_YEAR, month=month,
                                          deadline=date(PRIOR_YEAR + (month == 12), month % 12 + 1, 5))
            for project in building.values():
                first = project.actual_start.month
                if month < first:
                    continue
                spent = (project.total_investment - plans[project.pk]) * Decimal("0.35")
                share = Decimal(PRIOR_YEAR_SHAPE[month - 1]) / Decimal(sum(PRIOR_YEAR_SHAPE[first - 1:]))
                report = dispatch.report_save(
                    actor=self._filer(project), period=period, project=project, submit=True,
                    data={"invest_month": (spent * share).quantize(Decimal(1), rounding=ROUND_HALF_UP),
                          "progress_text": self._progress_text(project, month - first + 1, True)})
                dispatch.report_approve(actor=self.department_users[project.lead_department_id], report=report)
            dispatch.period_close(actor=self.coordinator, period=period, reason="按期关闭")

    def _department_accounts(self) -> None:
        """Every bureau has a liaison account; the demo `department` login is 住建局's."""
        existing = {u.department_id: u for u in User.objects.filter(role=Role.DEPARTMENT)}
        for short, department in self.departments.items():
            if department.pk not in existing:
                existing[department.pk] = user_create(
                    actor=None, username=f"dept{department.order:02d}", role=Role.DEPARTMENT,
                    password=self.password_hash, prehashed=True, must_change_password=False, department=department,
                    display_name=f"{short}联络员")
        self.department_users = existing

    def _filer(self, project: Project) -> User:
        if project.owner_id == self.owner_user.enterprise_id:
            return self.owner_user
        return self.department_users[project.lead_department_id]

    def _reports(self, period, *, approve: bool) -> None:
        plans = dict(ListMembership.objects.filter(programme__year=data.YEAR).values_list("project_id", "annual_plan"))
        for key, project in self.projects.items():
            project.refresh_from_db()
            if project.pk not in plans:
                continue
            started = project.actual_start is not None and project.actual_start <= date(data.YEAR, period.month, 28)
            amount = Decimal(0)
            if started:
                amount = (plans[project.pk] * MONTH_SHARE[period.month - 1] * weight(key, "pace")).quantize(
                    Decimal("1"), rounding=ROUND_HALF_UP)
            position = weight(key, f"open-{period.month}")
            if not approve and position < Decimal("0.62"):
                continue  # the open month: these units have not reported yet
            filer = self._filer(project)
            report = dispatch.report_save(
                actor=filer, period=period, project=project, submit=True, data={
                    "invest_month": amount,
                    "progress_text": self._progress_text(project, period.month, started),
                    "progress_pct": min(95, 10 + period.month * 12) if started else None,
                    "workers": int(40 + 200 * position) if started else None,
                    "not_started_reason": "" if started else "前期手续办理中，计划按节点开工",
                })
            reviewer = self.department_users[project.lead_department_id]
            if approve:
                dispatch.report_approve(actor=reviewer, report=report)
            elif position > Decimal("1.25"):
                dispatch.report_return(actor=reviewer, report=report, reason="形象进度描述过于简单，请补充本月完成的具体工程量")
            elif position > Decimal("0.95"):
                dispatch.report_approve(actor=reviewer, report=report)

    @staticmethod
    def _progress_text(project, month: int, started: bool) -> str:
        if not started:
            return "正在办理开工前手续"
        stages = ["场地平整、临建搭设", "基础施工", "主体结构施工", "主体结构施工、设备采购", "设备安装调试"]
        return f"{stages[min(month - 1, len(stages) - 1)]}，完成月度计划"

    def _problems(self) -> None:
        for key, kind, description, dept, deadline, steps in PROBLEMS:
            project = self.projects[key]
            problem = dispatch.problem_raise(actor=self.coordinator, project=project, kind=kind,
                                             description=description)
            for step in steps:
                problem.refresh_from_db()
                if step == "handover":
                    self._handover(problem, dept, deadline)
                elif step == "escalate":
                    dispatch.problem_escalate(actor=self.coordinator, problem=problem,
                                              note="逾期未解决，提请上一级领导协调")
                elif step == "close":
                    dispatch.problem_close(actor=self.department_users[problem.department_id], problem=problem,
                                           resolved=True, resolution="已协调燃气公司完成接入", closed_on=date(2025, 4, 10))

    def _handover(self, problem: Problem, dept: str, deadline) -> None:
        # Handed over in spring 2025, as the history happened.
        dispatch.problem_handover(actor=self.coordinator, problem=problem, department=self.departments[dept],
                                  deadline=deadline, note="请按时限协调解决并反馈", today=date(data.YEAR, 4, 1))
