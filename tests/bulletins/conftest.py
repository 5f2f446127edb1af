"""A small zone for the bulletin tests, with figures simple enough to compute by hand.

2025年区定“三十工程” (the list `P`), period 2025-04 (序时进度 4/12 = 33.3%), bulletin dated 2025-05-08:

| project | category | lead dept | plan (P) | 1-4月 | rate  | gap  | level  | started |
|---------|----------|-----------|----------|-------|-------|------|--------|---------|
| A       | 产业项目 | 经发局    | 10000    | 4000  | 40.0% | -6.7 |        | yes     |
| B       | 产业项目 | 住建局    | 20000    | 2400  | 12.0% | 21.3 | yellow | yes     |
| C       | 基础设施 | 住建局    | 8000     | 0     | 0.0%  | 33.3 | red    | yes     |
| D       | 基础设施 | 城管局    | 2000     | 600   | 30.0% | 3.3  |        | no      |
| E       | 产业项目 | 经发局    | 5000     | 1500  | 30.0% | 3.3  |        | yes     |

F is on the city's list only (plan 3000, 1000 done); A is on the city's list too with a larger plan (12000).
H is on P but still being planned (not due to report); G belongs to another zone. Reports that do not
count: C's draft, E's returned April report, B's December 2024 report (another year).
Open problems: C 用地 (handed to 住建局, deadline 2025-04-20: overdue on 2025-05-08), B 水电气暖 (deadline
2025-06-30); A's problem is resolved and H's is not on a bulletin project.
"""

import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from docx import Document

from tuijin.core.loop import Escalation, LoopStatus
from tuijin.core.roles import Role
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.org.models import Department, Enterprise, Person, Region, User
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Category, ListMembership, ProgrammeList, Project

PASSWORD = "Bulletin-test-2025"
ISSUED_ON = date(2025, 5, 8)
LIST_NAME = "2025年区定“三十工程”"


@pytest.fixture(autouse=True)
def _files_and_hashers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TUIJIN_TEMPLATE_DIR = tmp_path / "templates"  # empty: the shipped templates are used
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TUIJIN_TIME_PROGRESS = "months"


def _user(username, role, **scope) -> User:
    user = User(username=username, role=role, first_name=username, **scope)
    user.set_password(PASSWORD)
    user.save()
    return user


def _report(period, project, amount, status=ProgressReport.Status.APPROVED, text=""):
    return ProgressReport.objects.create(period=period, project=project, invest_month=Decimal(amount), status=status,
                                         progress_text=text)


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.city = Region.objects.create(name="焦作市", level=Region.Level.CITY)
    w.zone = Region.objects.create(name="焦作高新区", level=Region.Level.ZONE, parent=w.city)
    w.other_zone = Region.objects.create(name="焦作示范区", level=Region.Level.ZONE, parent=w.city)
    w.industry = Category.objects.create(name="产业项目", order=0)
    w.infra = Category.objects.create(name="基础设施", order=1)
    # Department order differs from the completion-rate order the bulletin sorts by.
    w.housing = Department.objects.create(name="住房和城乡建设局", short_name="住建局", region=w.zone, order=0)
    w.economy = Department.objects.create(name="经济发展局", short_name="经发局", region=w.zone, order=1)
    w.urban = Department.objects.create(name="城市管理局", short_name="城管局", region=w.zone, order=2)
    w.office = Department.objects.create(name="发展改革和统计局（项目办）", short_name="发改局", region=w.zone, order=3)
    w.leader_industry = Person.objects.create(name="副主任（工业）", title="管委会副主任", region=w.zone, is_leader=True)
    w.leader_urban = Person.objects.create(name="副主任（城建）", title="管委会副主任，分管城建", region=w.zone,
                                           is_leader=True)
    w.ruiqing = Enterprise.objects.create(name="瑞庆汽车发动机（焦作）有限公司", region=w.zone)
    w.platform = Enterprise.objects.create(name="焦作高新区建设投资有限公司", region=w.zone,
                                           kind=Enterprise.Kind.PLATFORM)

    def project(name, category, department, leader, total, stage=Stage.CONSTRUCTION, actual_start=None,
                planned_start=None, region=None, owner=None):
        return Project.objects.create(name=name, category=category, region=region or w.zone,
                                      lead_department=department, leader=leader, total_investment=Decimal(total),
                                      stage=stage, actual_start=actual_start, planned_start=planned_start,
                                      owner=owner or w.platform)

    w.a = project("瑞庆混动发动机项目", w.industry, w.economy, w.leader_industry, 20000,
                  actual_start=date(2025, 2, 10), planned_start=date(2025, 2, 1), owner=w.ruiqing)
    w.b = project("澳特盛新材料项目", w.industry, w.housing, w.leader_industry, 50000, actual_start=date(2024, 9, 1))
    w.c = project("紫荆大道改造工程", w.infra, w.housing, w.leader_urban, 30000, actual_start=date(2025, 3, 1))
    w.d = project("玉溪路小学建设项目", w.infra, w.urban, w.leader_urban, 6000, stage=Stage.PENDING,
                  planned_start=date(2025, 6, 1))
    w.e = project("卓立膜材料扩产项目", w.industry, w.economy, w.leader_industry, 10000,
                  actual_start=date(2024, 5, 1))
    w.f = project("城市规划展览馆项目", w.infra, w.urban, w.leader_urban, 9000, actual_start=date(2024, 10, 1))
    w.g = project("示范区物流园项目", w.industry, None, None, 40000, actual_start=date(2025, 1, 1),
                  region=w.other_zone)
    w.h = project("氢能装备产业园项目", w.industry, w.economy, w.leader_industry, 80000, stage=Stage.PLANNING)

    w.programme = ProgrammeList.objects.create(name=LIST_NAME, year=2025, level=ProgrammeList.Level.DISTRICT,
                                               region=w.zone)
    w.city_list = ProgrammeList.objects.create(name="2025年市定“三十工程”", year=2025,
                                               level=ProgrammeList.Level.CITY, region=w.city)
    w.other_list = ProgrammeList.objects.create(name="2025年示范区重点项目", year=2025,
                                                level=ProgrammeList.Level.DISTRICT, region=w.other_zone)
    for p, plan in [(w.a, 10000), (w.b, 20000), (w.c, 8000), (w.d, 2000), (w.e, 5000), (w.h, 1000)]:
        ListMembership.objects.create(programme=w.programme, project=p, annual_plan=Decimal(plan))
    ListMembership.objects.create(programme=w.city_list, project=w.a, annual_plan=Decimal(12000))
    ListMembership.objects.create(programme=w.city_list, project=w.f, annual_plan=Decimal(3000))
    ListMembership.objects.create(programme=w.other_list, project=w.g, annual_plan=Decimal(10000))

    def period(year, month, region=None):
        return Period.objects.create(region=region or w.zone, year=year, month=month,
                                     deadline=date(year, month, 28), status=Period.Status.CLOSED)

    w.dec = period(2024, 12)
    w.mar = period(2025, 3)
    w.apr = period(2025, 4)
    w.other_apr = period(2025, 4, region=w.other_zone)
    _report(w.dec, w.b, 5000)
    _report(w.mar, w.a, 1500)
    _report(w.apr, w.a, 2500, ProgressReport.Status.SUBMITTED, text="主体厂房封顶，设备进场")
    _report(w.mar, w.b, 1000)
    _report(w.apr, w.b, 1400, text="厂房钢结构施工")
    _report(w.apr, w.c, 900, ProgressReport.Status.DRAFT)
    _report(w.mar, w.d, 600)
    _report(w.mar, w.e, 1500)
    _report(w.apr, w.e, 700, ProgressReport.Status.RETURNED)
    _report(w.apr, w.f, 1000)
    _report(w.other_apr, w.g, 3000)

    w.land = Problem.objects.create(project=w.c, kind=Problem.Kind.LAND, description="道路红线内征地手续未办结，影响路基施工",
                                    department=w.housing, deadline=date(2025, 4, 20), status=LoopStatus.WORKING,
                                    escalation=Escalation.DEPUTY)
    w.power = Problem.objects.create(project=w.b, kind=Problem.Kind.UTILITIES, description="电力增容方案待供电公司批复",
                                     department=w.economy, deadline=date(2025, 6, 30))
    w.solved = Problem.objects.create(project=w.a, kind=Problem.Kind.APPROVAL, description="施工许可证办理",
                                      department=w.housing, deadline=date(2025, 3, 1), status=LoopStatus.RESOLVED)
    w.planning_problem = Problem.objects.create(project=w.h, kind=Problem.Kind.FUNDS, description="资金未落实",
                                                department=w.economy, deadline=date(2025, 3, 1))

    w.coordinator = _user("coord", Role.COORDINATOR, region=w.zone, department=w.office)
    w.other_coordinator = _user("coord2", Role.COORDINATOR, region=w.other_zone)
    w.owner = _user("owner", Role.OWNER, enterprise=w.ruiqing)
    w.department = _user("housing", Role.DEPARTMENT, department=w.housing)
    w.leader = _user("leader", Role.LEADER, region=w.zone, person=w.leader_urban)
    w.auditor = _user("auditor", Role.AUDITOR, is_staff=True)
    w.admin = _user("admin", Role.ADMIN, is_staff=True)
    return w


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def read_docx(content: bytes) -> dict:
    """The body paragraphs and every table cell of a .docx (opened with python-docx)."""
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return {"paragraphs": paragraphs, "cells": cells, "all": "\n".join(paragraphs + cells)}


@pytest.fixture
def docx_text():
    return read_docx
