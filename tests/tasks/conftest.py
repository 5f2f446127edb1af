"""The key-task tests' world, on the shared cast of tests/conftest.py: a task of the zone led by the leader and
handed to 住建局 with two sub-steps, and a task of the sibling zone handed to its own department."""

import contextlib
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tuijin.core.loop import LoopStep
from tuijin.core.models import AuditEvent
from tuijin.tasks import services
from tuijin.tasks.models import KeyTask, TaskStep
from tuijin.tasks.themes import seed_themes

from ..factories import LeaderFactory, UserFactory


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def db_state() -> dict:
    return {
        "tasks": list(KeyTask.objects.order_by("pk").values()),
        "steps": list(TaskStep.objects.order_by("pk").values()),
        "loop": LoopStep.objects.count(),
        "events": AuditEvent.objects.exclude(action__in=["login", "logout", "access.denied"]).count(),
    }


@contextlib.contextmanager
def nothing_saved():
    before = db_state()
    yield
    assert db_state() == before


@pytest.fixture
def world(zone, other_zone, department, other_department, leader_person, owner_user, department_user,
          coordinator_user, leader_user, auditor_user, admin_user):
    themes = seed_themes()
    w = SimpleNamespace(zone=zone, dept=department, dept_b=other_department, leader_person=leader_person,
                        themes=themes, owner=owner_user, department=department_user, coordinator=coordinator_user,
                        leader=leader_user, auditor=auditor_user, admin=admin_user)
    w.year = timezone.localdate().year
    w.task = services.task_create(actor=coordinator_user, region=zone, year=w.year, theme=themes["改革赋能"],
                                  title="推行“标准地”改革", lead_leader=leader_person, department=department,
                                  deadline=days(60), goal="新供工业用地全部按“标准地”出让")
    w.first = services.step_add(actor=coordinator_user, task=w.task, title="制定方案", due_on=days(-5))
    w.second = services.step_add(actor=coordinator_user, task=w.task, title="首批出让", due_on=days(30))
    w.other_coordinator = UserFactory(username="coordinator_b", role="coordinator", region=other_zone)
    w.other_task = services.task_create(
        actor=w.other_coordinator, region=other_zone, year=w.year, theme=themes["创新引领"], title="高企倍增",
        lead_leader=LeaderFactory(name="示范区主任", region=other_zone), department=other_department,
        deadline=days(90))
    return w


def fresh(task) -> KeyTask:
    return KeyTask.objects.get(pk=task.pk)
