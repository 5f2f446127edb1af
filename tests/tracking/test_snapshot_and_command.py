"""Keeping each month's 红黄榜 (tracking.services.snapshot) and reading it again; `tuijin warnings`."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import UserFactory
from tuijin.core.roles import Role
from tuijin.projects.lifecycle import Stage
from tuijin.tracking.models import WarningSnapshot
from tuijin.tracking.services import snapshot
from tuijin.tracking.warnings import evaluate, stored

from .builders import JUNE_30, of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lagging(build):
    """Two projects with warnings in May and June: one not started (planned March), one behind on progress."""
    build.period(5)
    build.period(6)
    late = build.project("氢能装备产业园项目", stage=Stage.PENDING, planned_start=date(2025, 3, 1), plan=1000)
    build.report(late, 5, 0)
    behind = build.project("紫荆大道建设工程", start=date(2025, 1, 10), plan=1000)
    build.report(behind, 5, 150)
    return late, behind


def as_rows(warnings):
    return [(w.project_id, w.level, w.kind, w.reason) for w in warnings]


def test_a_snapshot_keeps_the_periods_warnings_and_reads_them_again(build, zone, coordinator_user, lagging):
    from tests.helpers import AuditLog

    june = build.period(6)
    log = AuditLog()
    rows = snapshot(period=june, actor=coordinator_user)
    expected = evaluate(as_of=JUNE_30, region=zone)
    assert len(rows) == len(expected) > 0
    assert {r.as_of for r in rows} == {JUNE_30}
    assert as_rows(stored(period=june)) == as_rows(expected)
    event = log.one()
    assert (event.action, event.target_label) == ("warnings.snapshot", "2025-06")
    assert event.changes["warnings"] == [0, len(expected)]
    assert event.changes["red"][1] == 2  # both projects are red


def test_a_snapshot_does_not_move_when_the_data_does(build, zone, coordinator_user, lagging):
    late, behind = lagging
    june = build.period(6)
    snapshot(period=june, actor=coordinator_user)
    kept = as_rows(stored(period=june))
    late.actual_start, late.stage = date(2025, 6, 10), Stage.CONSTRUCTION
    late.save()
    assert of(evaluate(as_of=JUNE_30, region=zone), late, "start") == []
    assert as_rows(stored(period=june)) == kept


def test_each_period_keeps_its_own_and_a_new_snapshot_replaces_the_old(build, zone, coordinator_user, lagging):
    late, behind = lagging
    may, june = build.period(5), build.period(6)
    snapshot(period=may, actor=coordinator_user)
    snapshot(period=june, actor=coordinator_user)
    may_rows = as_rows(stored(period=may))
    assert {r[3] for r in may_rows} >= {"计划2025年3月开工，已过2个月仍未开工"}
    assert any("已过3个月" in r[3] for r in as_rows(stored(period=june)))
    before = WarningSnapshot.objects.filter(period=june).count()
    build.report(behind, 6, 400)  # catches up: 55% done by June
    snapshot(period=june, actor=coordinator_user)
    assert WarningSnapshot.objects.filter(period=june).count() == before - 1
    assert of(stored(period=june), behind, "progress") == []
    assert as_rows(stored(period=may)) == may_rows


def test_a_stored_board_is_read_within_the_users_scope(build, zone, coordinator_user, owner_user,
                                                       other_enterprise, lagging):
    stranger = build.project("乙的项目", stage=Stage.PENDING, planned_start=date(2025, 2, 1), owner=other_enterprise)
    june = build.period(6)
    snapshot(period=june, actor=coordinator_user)
    assert stranger.pk in {w.project_id for w in stored(period=june)}
    assert stranger.pk not in {w.project_id for w in stored(period=june, user=owner_user)}


@pytest.mark.parametrize("role", ["owner", "department", "leader", "auditor", "admin"])
def test_only_the_project_office_keeps_a_board(build, user_for, role, lagging):
    june = build.period(6)
    with pytest.raises(PermissionDenied):
        snapshot(period=june, actor=user_for(role))
    assert not WarningSnapshot.objects.exists()


def test_another_zones_office_may_not_keep_this_zones_board(build, other_zone, lagging):
    outsider = UserFactory(username="outsider", role=Role.COORDINATOR, region=other_zone)
    with pytest.raises(PermissionDenied):
        snapshot(period=build.period(6), actor=outsider)


def test_the_as_of_date_must_lie_in_the_periods_month(build, coordinator_user, lagging):
    with pytest.raises(ValidationError):
        snapshot(period=build.period(6), actor=coordinator_user, as_of=date(2025, 7, 1))


# --- tuijin warnings ---------------------------------------------------------------------------------------

def run(*args) -> str:
    out = StringIO()
    call_command("warnings", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_warnings_as_json(build, zone, coordinator_user, lagging):
    printed = json.loads(run("--as-of", "2025-06-30", "--json", "--user", "coordinator"))
    expected = [w.as_dict() for w in evaluate(as_of=JUNE_30, user=coordinator_user)]
    assert printed == expected
    assert all(set(row) == {"project", "level", "rule", "reason"} for row in printed)
    assert {"project": "氢能装备产业园项目", "level": "red", "rule": "未按期开工",
            "reason": "计划2025年3月开工，已过3个月仍未开工"} in printed
    assert {"project": "紫荆大道建设工程", "level": "red", "rule": "进度滞后",
            "reason": "完成率15.0%，落后序时进度35.0个百分点"} in printed


def test_the_command_prints_a_readable_board_and_can_keep_it(build, coordinator_user, lagging):
    text = run("--as-of", "2025-06-30", "--save")
    assert text.startswith("截至2025-06-30：红色预警项目 2 个，黄色预警项目 0 个。")
    assert "[红] 氢能装备产业园项目（住建局）" in text and "已存档 2025年6月 红黄榜。" in text
    assert WarningSnapshot.objects.filter(period=build.period(6)).exists()


def test_the_command_refuses_a_bad_date(coordinator_user):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--as-of", "2025-06-31", "--json")
