"""The safety tests' world, on the shared cast of tests/conftest.py: an inspection at project P (enterprise A's,
in the zone) with a hazard handed to 住建局, and in the sibling zone an inspection at enterprise B with a hazard
handed to its own department — in no one's scope but the sibling zone's."""

import contextlib
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tuijin.core.loop import LoopStep
from tuijin.core.models import AuditEvent
from tuijin.safety import services
from tuijin.safety.domains import seed_domains
from tuijin.safety.models import Campaign, Hazard, HazardLevel, HazardPhoto, Inspection

from ..factories import UserFactory


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def db_state() -> dict:
    return {
        "campaigns": list(Campaign.objects.order_by("pk").values()),
        "inspections": list(Inspection.objects.order_by("pk").values()),
        "hazards": list(Hazard.objects.order_by("pk").values()),
        "photos": HazardPhoto.objects.count(),
        "steps": LoopStep.objects.count(),
        "events": AuditEvent.objects.exclude(action__in=["login", "logout", "access.denied"]).count(),
    }


@contextlib.contextmanager
def nothing_saved():
    """Wrap a refused write: the database must look exactly as before."""
    before = db_state()
    yield
    assert db_state() == before


@pytest.fixture
def world(zone, other_zone, department, other_department, enterprise, other_enterprise, project, leader_person,
          owner_user, department_user, coordinator_user, leader_user, auditor_user, admin_user):
    domains = seed_domains()
    w = SimpleNamespace(zone=zone, dept=department, dept_b=other_department, enterprise=enterprise,
                        project=project, leader_person=leader_person, domains=domains,
                        owner=owner_user, department=department_user, coordinator=coordinator_user,
                        leader=leader_user, auditor=auditor_user, admin=admin_user)
    w.other_coordinator = UserFactory(username="coordinator_b", role="coordinator", region=other_zone)
    w.inspection = services.inspection_record(actor=coordinator_user, region=zone, domain=domains["建筑施工"],
                                              inspected_on=days(-10), inspectors="质安站 张某", project=project)
    w.hazard = services.hazard_record(actor=coordinator_user, inspection=w.inspection, level=HazardLevel.GENERAL,
                                      description="脚手架连墙件缺失", department=department, deadline=days(20))
    w.other_inspection = services.inspection_record(
        actor=w.other_coordinator, region=other_zone, domain=domains["消防安全"], inspected_on=days(-5),
        inspectors="应急局 李某", enterprise=other_enterprise)
    w.other_hazard = services.hazard_record(actor=w.other_coordinator, inspection=w.other_inspection,
                                            level=HazardLevel.MAJOR, description="消防通道堵塞",
                                            department=other_department, deadline=days(10))
    return w


def plan(w, hazard=None, actor=None, **changes):
    """File a valid 五落实 plan on the world's hazard (by its department unless told)."""
    hazard = hazard or w.hazard
    data = {"responsible": "项目经理 王某", "measures": "补设连墙件，专人复查", "funds": None,
            "deadline": hazard.deadline, "contingency": "", **changes}
    return services.hazard_plan(actor=actor or w.department, hazard=hazard, **data)
