"""The demo zone as of 30 June 2025: red and yellow warnings with reasons, the 红黄榜 kept and read again, the
rankings agreeing with `tuijin progress`. The zone is built once for the module inside a transaction that is
rolled back at the end; each test runs in a savepoint inside it."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from tuijin.dispatch.models import Period
from tuijin.org.models import User
from tuijin.tracking.rankings import rankings
from tuijin.tracking.selectors import progress
from tuijin.tracking.services import snapshot
from tuijin.tracking.warnings import board, evaluate, stored

JUNE_30 = date(2025, 6, 30)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tuijin.demo.zone import ZoneBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        built = ZoneBuilder("Demo-warnings-2025").build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def built(demo, db):
    return demo


def user(name) -> User:
    return User.objects.get(username=name)


def test_on_30_june_there_are_red_and_yellow_warnings_with_reasons(built):
    warnings = evaluate(as_of=JUNE_30, user=user("coordinator"))
    rows = board(warnings)
    assert any(r.level == "red" for r in rows) and any(r.level == "yellow" for r in rows)
    assert all(w.reason and w.rule and w.project_name for w in warnings)
    kinds = {w.kind for w in warnings}
    assert {"start", "progress", "milestone", "problem"} <= kinds
    hydrogen = [(w.level, w.reason) for w in warnings if w.project_name == "氢能装备产业园项目" and w.kind == "start"]
    assert hydrogen == [("red", "计划2025年3月开工，已过3个月仍未开工")]
    assert any(w.kind == "problem" and w.reason.startswith("问题“东延段3户房屋未完成征迁") for w in warnings)
    assert any(w.kind == "progress" and w.level == "yellow" for w in warnings)


def test_the_command_prints_the_demo_board(built):
    out = StringIO()
    call_command("warnings", "--as-of", "2025-06-30", "--json", "--user", "coordinator", stdout=out)
    printed = json.loads(out.getvalue())
    assert {row["level"] for row in printed} == {"red", "yellow"}
    assert {"project": "氢能装备产业园项目", "level": "red", "rule": "未按期开工",
            "reason": "计划2025年3月开工，已过3个月仍未开工"} in printed


def test_junes_board_is_kept_and_read_again(built):
    june = Period.objects.get(year=2025, month=6)
    rows = snapshot(period=june, actor=user("coordinator"))
    again = stored(period=june, user=user("coordinator"))
    assert len(again) == len(rows) > 0
    assert [(w.project_name, w.level, w.reason) for w in again] == [
        (w.project_name, w.level, w.reason) for w in evaluate(as_of=JUNE_30, user=user("coordinator"))]


def test_the_owner_sees_only_its_projects_on_the_board(built):
    owner = user("owner")
    own = set(owner.enterprise.projects.values_list("name", flat=True))
    names = {w.project_name for w in evaluate(as_of=JUNE_30, user=owner)}
    assert names and names <= own


def test_department_rankings_agree_with_tuijin_progress(built):
    coordinator = user("coordinator")
    ranked = {r["name"]: r for r in rankings(coordinator, as_of=JUNE_30)["groups"]["department"]}
    for group in progress(coordinator, as_of=JUNE_30)["by_department"]:
        assert (ranked[group["name"]]["annual_plan"], ranked[group["name"]]["completed_ytd"]) == (
            group["annual_plan"], group["completed_ytd"])


def test_the_pages_render_for_the_demo(built, client):
    client.force_login(user("leader"))
    response = client.get("/tracking/warnings/?month=2025-06")
    assert response.status_code == 200
    assert response.context["red_rows"] and response.context["yellow_rows"]
    assert client.get("/tracking/rankings/?month=2025-06").status_code == 200
    assert client.get("/tracking/warnings.xlsx?month=2025-06").status_code == 200
