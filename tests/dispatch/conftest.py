"""The dispatch tests' zone, built on the shared cast of tests/conftest.py (zone, sibling zone, 住建局, enterprise
A, one user per role) with the factories of tests/factories.py, straight to the models so each test starts fast.

| project | owner | lead dept | category | stage        | started    | total | before tracking | 2025 plan |
|---------|-------|-----------|----------|--------------|------------|-------|-----------------|-----------|
| p1      | A     | 住建局    | 产业项目 | construction | 2024-06-01 | 10000 | 1000            | 3000      |
| p4      | A     | 住建局    | 基础设施 | construction | 2025-01-10 | 5000  | —               | 2000      |
| p2      | B     | 经发局    | 产业项目 | construction | 2025-02-01 | 8000  | —               | 2500      |
| p3      | A     | 经发局    | 基础设施 | pending      | —          | 6000  | —               | 1000      |
| other   | C     | (sibling) | 产业项目 | construction | 2024-01-01 | 4000  | —               | —         |

A and B are in the zone, C in the sibling zone; p1–p4 are on 2025年区定“三十工程”. p2 has 住建局 as a
co-department (it sees p2, but may neither fill nor review it). Users: one per role (the owner is A's, the
department is 住建局's, coordinator and leader are the zone's), plus `owner_b` (B), `dept_b_user` (经发局)
and `outsider` (the sibling zone's coordinator).
"""

from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import (
    CategoryFactory,
    DepartmentFactory,
    EnterpriseFactory,
    ListMembershipFactory,
    ProjectFactory,
    UserFactory,
)
from tuijin.core.roles import Role
from tuijin.projects.lifecycle import Stage

from .builders import D


@pytest.fixture
def world(zone, other_zone, category, department, other_department, enterprise, other_enterprise, programme,
          owner_user, department_user, coordinator_user, leader_user, auditor_user, admin_user):
    w = SimpleNamespace(zone=zone, zone_b=other_zone, city=zone.parent, industry=category, dept=department,
                        dept_other=other_department, ent_a=enterprise, ent_c=other_enterprise, programme=programme)
    w.infra = CategoryFactory(name="基础设施", order=1)
    w.dept_b = DepartmentFactory(name="经济发展局（高新区）", short_name="经发局", region=zone, order=2)
    w.ent_b = EnterpriseFactory(name="乙智能科技有限公司", region=zone)

    w.users = {Role.OWNER: owner_user, Role.DEPARTMENT: department_user, Role.COORDINATOR: coordinator_user,
               Role.LEADER: leader_user, Role.AUDITOR: auditor_user, Role.ADMIN: admin_user}
    w.owner, w.department, w.coordinator, w.leader = owner_user, department_user, coordinator_user, leader_user
    w.auditor, w.admin = auditor_user, admin_user
    w.owner_b = UserFactory(username="owner_b", role=Role.OWNER, enterprise=w.ent_b)
    w.dept_b_user = UserFactory(username="dept_b", role=Role.DEPARTMENT, department=w.dept_b)
    w.outsider = UserFactory(username="outsider", role=Role.COORDINATOR, region=other_zone)

    def project(name, *, owner, dept, category, stage=Stage.CONSTRUCTION, start=None, total, before=None,
                region=None, co_departments=()):
        return ProjectFactory(
            name=name, owner=owner, lead_department=dept, category=category, stage=stage, actual_start=start,
            total_investment=D(total), completed_before_tracking=D(before) if before is not None else None,
            region=region or zone, planned_start=date(2024, 3, 1), planned_end=date(2026, 12, 31),
            scale=f"{name}建设内容", co_departments=list(co_departments))

    w.p1 = project("一号产业园项目", owner=w.ent_a, dept=w.dept, category=w.industry, start=date(2024, 6, 1),
                   total=10000, before=1000)
    w.p4 = project("四号道路工程", owner=w.ent_a, dept=w.dept, category=w.infra, start=date(2025, 1, 10),
                   total=5000)
    w.p2 = project("二号智能制造项目", owner=w.ent_b, dept=w.dept_b, category=w.industry, start=date(2025, 2, 1),
                   total=8000, co_departments=[w.dept])
    w.p3 = project("三号管网工程", owner=w.ent_a, dept=w.dept_b, category=w.infra, stage=Stage.PENDING, total=6000)
    w.other = project("示范区新材料项目", owner=w.ent_c, dept=w.dept_other, category=w.industry,
                      start=date(2024, 1, 1), total=4000, region=other_zone)
    for p, plan in [(w.p1, 3000), (w.p4, 2000), (w.p2, 2500), (w.p3, 1000)]:
        ListMembershipFactory(programme=programme, project=p, annual_plan=D(plan))
    return w
