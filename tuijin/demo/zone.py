"""Builds the demo zone from data.py through the same services the pages use, so its timeline is real."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.module_loading import import_string

from tuijin.core.roles import Role
from tuijin.core.validators import uscc_check_character
from tuijin.org.models import Department, Enterprise, Person, Region, User
from tuijin.org.services import enterprise_create, user_create
from tuijin.projects import services as project_services
from tuijin.projects.lifecycle import Stage, TransitionFacts
from tuijin.projects.models import Category, Milestone, ProgrammeList, Project
from tuijin.projects.preparation import PrepItem, PrepStatus

from . import data
from .dispatch import DispatchHistory
from .extras import EXTRA_BUILDERS

DEFAULT_PASSWORD = "Tuijin-demo-2025"
MILESTONES_MET_BY = date(data.YEAR, 6, 10)
DEMO_USERS = [Role.OWNER, Role.DEPARTMENT, Role.COORDINATOR, Role.LEADER, Role.AUDITOR, Role.ADMIN]


def credit_code(serial: int) -> str:
    """A valid 统一社会信用代码 for demo enterprise number `serial` (9 = 工商, 1 = 企业, 410800 = 焦作)."""
    first17 = f"91410800MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def month_start(text: str) -> date:
    year, month = (int(x) for x in text.split("-")[:2])
    return date(year, month, 1)


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class ZoneBuilder:
    def __init__(self, password: str):
        self.password_hash = make_password(password)  # hashed once: every demo login shares it
        self.departments: dict[str, Department] = {}
        self.leaders: dict[str, Person] = {}
        self.enterprises: dict[str, Enterprise] = {}
        self.list_projects: dict[str, Project] = {}

    @transaction.atomic
    def build(self) -> dict:
        self.province = Region.objects.create(name="河南省", code="410000", level=Region.Level.PROVINCE)
        self.city = Region.objects.create(name="焦作市", code="410800", level=Region.Level.CITY, parent=self.province)
        self.zone = Region.objects.create(name="焦作高新区", code="410871", level=Region.Level.ZONE, parent=self.city)
        self._organisation()
        self.users = self._users()
        self.coordinator = self.users[Role.COORDINATOR]
        self.categories = [Category.objects.create(name=name, order=i, milestone_template=template)
                           for i, (name, template) in enumerate(data.CATEGORIES)]
        self.zone_list = ProgrammeList.objects.create(name=f"{data.YEAR}年区定“三十工程”", year=data.YEAR,
                                                      level=ProgrammeList.Level.DISTRICT, region=self.zone)
        self.city_list = ProgrammeList.objects.create(name=f"{data.YEAR}年市定“三十工程”", year=data.YEAR,
                                                      level=ProgrammeList.Level.CITY, region=self.city)
        for row in data.LIST_PROJECTS:
            self._list_project(*row)
        for row in data.RESERVE_PROJECTS:
            self._reserve_project(*row)
        DispatchHistory(zone=self.zone, coordinator=self.coordinator, departments=self.departments,
                        owner_user=self.users[Role.OWNER], password_hash=self.password_hash,
                        projects_by_key=self.list_projects).build()
        for path in EXTRA_BUILDERS:
            import_string(path)(self)
        return {"users": self.users}

    def _organisation(self) -> None:
        for order, (name, short) in enumerate(data.DEPARTMENTS):
            self.departments[short] = Department.objects.create(name=name, short_name=short, region=self.zone,
                                                                order=order)
        for order, (key, name, title) in enumerate(data.LEADERS):
            self.leaders[key] = Person.objects.create(name=name, title=title, region=self.zone, is_leader=True,
                                                      order=order)
        self.team_people = [Person.objects.create(name=name, title=title, department=self.departments[dept],
                                                  region=self.zone, order=100 + i)
                            for i, (name, title, dept) in enumerate(data.TEAM)]
        for serial, (key, name, kind) in enumerate(data.ENTERPRISES, 1):
            self.enterprises[key] = enterprise_create(actor=None, name=name, credit_code=credit_code(serial),
                                                      region=self.zone, kind=kind)

    def _users(self) -> dict[str, User]:
        scope = {
            Role.OWNER: {"enterprise": self.enterprises[data.OWNER_ENTERPRISE]},
            Role.DEPARTMENT: {"department": self.departments[data.DEPARTMENT_USER]},
            Role.COORDINATOR: {"department": self.departments["发改局"], "region": self.zone},
            Role.LEADER: {"person": self.leaders[data.LEADER_PERSON], "region": self.zone},
            Role.AUDITOR: {},
            Role.ADMIN: {},
        }
        names = {Role.OWNER: "城投公司填报员", Role.DEPARTMENT: "住建局联络员", Role.COORDINATOR: "项目办",
                 Role.LEADER: "管委会主任", Role.AUDITOR: "安全审计员", Role.ADMIN: "系统管理员"}
        return {role: user_create(actor=None, username=str(role), role=role, password=self.password_hash,
                                  prehashed=True, must_change_password=False, display_name=names[role], **scope[role])
                for role in DEMO_USERS}

    def _create(self, *, name, category, planning_field, nature, owner, lead_department, total, planned_start,
                planned_end, scale, designed_output=None, leader=None) -> Project:
        project = project_services.project_create(actor=self.coordinator, data={
            "name": name, "category": category, "planning_field": planning_field, "nature": nature,
            "region": self.zone, "owner": owner, "scale": scale, "total_investment": Decimal(total),
            "planned_start": planned_start, "planned_end": planned_end,
            "designed_output": Decimal(designed_output) if designed_output else None,
            "address": f"焦作高新区{name[:4]}片区",
        })
        team = [p for p in self.team_people if p.department == lead_department][:1] or self.team_people[:1]
        project_services.project_assign_team(actor=self.coordinator, project=project, leader=leader,
                                             lead_department=lead_department,
                                             co_departments=[self.departments["资规分局"]]
                                             if lead_department.short_name != "资规分局" else [],
                                             team=team, reason="建立五个一工作机制")
        return project

    def _list_project(self, key, name, category, field, nature, owner, leader, dept, total, annual, on_city_list,
                      actual_start, planned_start, planned_end, designed_output, production_due, scale) -> None:
        planned_start_date = month_start(planned_start)
        planned_end_date = month_start(planned_end) + timedelta(days=27)
        start = parse_date(actual_start)
        project = self._create(name=name, category=self.categories[category], planning_field=field, nature=nature,
                               owner=self.enterprises[owner], lead_department=self.departments[dept], total=total,
                               planned_start=planned_start_date, planned_end=planned_end_date, scale=scale,
                               designed_output=designed_output, leader=self.leaders[leader])
        for programme in [self.zone_list] + ([self.city_list] if on_city_list else []):
            project_services.membership_set(actor=self.coordinator, project=project, programme=programme,
                                            annual_plan=Decimal(annual), reason="列入年度计划")
        self.list_projects[key] = project
        self._prepare(project, settled=True, building_permit=start is not None)
        self._plan_milestones(project, planned_start_date, planned_end_date, start, parse_date(production_due))
        self._move(project, Stage.PENDING,
                   signed_on=planned_start_date - timedelta(days=143) if category == 0 else None,
                   promotion_first=category == 0)
        if start:
            self._move(project, Stage.CONSTRUCTION, actual_start=start)

    def _reserve_project(self, key, name, category, field, stage, owner, dept, total, scale) -> None:
        planned_start = date(data.YEAR + 1, 3, 1) if stage in {Stage.PLANNING, Stage.PROMOTION} else date(
            data.YEAR - 2, 3, 1)
        project = self._create(name=name, category=self.categories[category], planning_field=field, nature="new",
                               owner=self.enterprises[owner] if owner else None, lead_department=self.departments[dept],
                               total=total, planned_start=planned_start,
                               planned_end=planned_start + timedelta(days=700), scale=scale,
                               designed_output=total * 2 if category == 0 else None)
        self._prepare(project, settled=stage not in {Stage.PLANNING, Stage.PROMOTION}, building_permit=False,
                      partial=stage == Stage.PLANNING)
        self._plan_milestones(project, planned_start, planned_start + timedelta(days=700), None, None)
        if stage == Stage.PLANNING:
            return
        if stage == Stage.SUSPENDED:
            self._move(project, Stage.SUSPENDED, reason="市场变化，投资方调整投资计划，暂缓实施")
            return
        if stage == Stage.WITHDRAWN:
            self._move(project, Stage.WITHDRAWN, reason="不符合园区产业准入要求，经研究退出储备库")
            return
        self._move(project, Stage.PROMOTION)
        if stage == Stage.PROMOTION:
            return
        self._move(project, Stage.PENDING, signed_on=planned_start - timedelta(days=90))
        if stage == Stage.PENDING:
            return
        self._move(project, Stage.CONSTRUCTION, actual_start=planned_start)
        self._move(project, Stage.COMPLETED, actual_end=planned_start + timedelta(days=540))
        if stage == Stage.EFFECTIVE:
            self._move(project, Stage.EFFECTIVE, actual_output=project.designed_output or Decimal(total))

    def _move(self, project, stage, promotion_first=False, **facts) -> None:
        if promotion_first and project.stage == Stage.PLANNING:
            self._move(project, Stage.PROMOTION)
        fields = {k: v for k, v in facts.items() if v is not None}
        project_services.project_transition(actor=self.coordinator, project=project, to_stage=stage,
                                            facts=TransitionFacts(**fields))

    def _prepare(self, project, *, settled: bool, building_permit: bool, partial: bool = False) -> None:
        done_on = (project.planned_start or date(data.YEAR, 1, 1)) - timedelta(days=60)
        for index, item in enumerate(PrepItem):
            if item == PrepItem.BUILDING_PERMIT:
                status = PrepStatus.DONE if building_permit else PrepStatus.DOING
            elif item == PrepItem.ENERGY and project.category.name != "产业项目":
                status = PrepStatus.NOT_NEEDED
            elif settled:
                status = PrepStatus.DONE
            elif partial:
                status = PrepStatus.DONE if index < 3 else PrepStatus.DOING if index < 5 else PrepStatus.TODO
            else:
                status = PrepStatus.DONE if index < 5 else PrepStatus.DOING
            project_services.preparation_save(actor=self.coordinator, project=project, item=item, status=status,
                                              done_on=done_on if status == PrepStatus.DONE else None)

    @staticmethod
    def _keeps_to_plan(project) -> bool:
        from .dispatch import weight

        return weight(project.name, "milestones") > Decimal("0.55")  # about one project in seven runs late

    def _plan_milestones(self, project, start: date, end: date, actual_start: date | None,
                         production_due: date | None) -> None:
        """Spread the template over the planned years: steps before 开工 lead up to it, the rest follow."""
        milestones = list(project.milestones.all())
        names = [m.name for m in milestones]
        start_index = names.index("开工") if "开工" in names else 0
        after = max(len(milestones) - start_index - 1, 1)
        for index, milestone in enumerate(milestones):
            if index <= start_index:
                planned = start - timedelta(days=30 * (start_index - index))
            else:
                planned = start + (end - start) * (index - start_index) / after
            if milestone.name == "投产" and production_due:
                planned = production_due
            values = {"name": milestone.name, "planned_date": planned, "actual_date": None,
                      "status": Milestone.Status.SCHEDULED, "note": ""}
            if actual_start and index <= start_index:
                # Steps before the start were met a little late, never after the start itself.
                values["actual_date"] = actual_start if index == start_index else min(
                    planned + timedelta(days=7), actual_start)
                values["status"] = Milestone.Status.MET
            elif actual_start and planned <= MILESTONES_MET_BY and milestone.name not in {"投产", "达产"} \
                    and self._keeps_to_plan(project):
                # Most building projects met the steps due by spring; a few are late (the 节点 warnings).
                values["actual_date"] = min(planned + timedelta(days=10), MILESTONES_MET_BY)
                values["status"] = Milestone.Status.MET
            project_services.milestone_save(actor=self.coordinator, project=project, milestone=milestone,
                                            data=values)
