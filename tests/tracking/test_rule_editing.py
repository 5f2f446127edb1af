"""Editing the warning rules (tracking.services.rule_update and the rules pages): who may, what is refused,
what the trail keeps, and that evaluations and tracking.progress.progress_level follow the change at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.helpers import AuditLog
from tuijin.tracking.models import WarningRule
from tuijin.tracking.progress import progress_level, progress_thresholds
from tuijin.tracking.rules import explain
from tuijin.tracking.services import rule_update
from tuijin.tracking.warnings import evaluate

from .builders import JUNE_30, of, one

D = Decimal
pytestmark = pytest.mark.django_db


def rule(kind) -> WarningRule:
    return WarningRule.objects.get(kind=kind)


def snapshot_of_rules():
    return list(WarningRule.objects.order_by("kind").values("kind", "enabled", "yellow", "red", "explanation"))


def test_the_coordinator_changes_a_threshold_audited_and_the_sentence_follows(coordinator_user):
    log = AuditLog()
    updated = rule_update(actor=coordinator_user, rule=rule("progress"), data={"yellow": D(5), "red": D(20)},
                          reason="对标市里口径")
    assert (updated.yellow, updated.red) == (D(5), D(20))
    assert updated.explanation == explain("progress", D(5), D(20))
    assert "5至20个百分点" in rule("progress").explanation
    event = log.one()
    assert (event.action, event.actor, event.reason, event.target_label) == (
        "warning_rule.update", coordinator_user, "对标市里口径", "进度滞后")
    assert event.changes["yellow"] == ["10", "5"] and event.changes["red"] == ["30", "20"]
    assert "explanation" in event.changes


def test_a_sentence_written_by_the_coordinator_is_kept(coordinator_user):
    updated = rule_update(actor=coordinator_user, rule=rule("milestone"),
                          data={"red": D(60), "explanation": "节点逾期即黄，逾期两个月以上亮红灯。"})
    assert updated.explanation == "节点逾期即黄，逾期两个月以上亮红灯。"


def test_nothing_changed_writes_nothing(coordinator_user):
    log = AuditLog()
    rule_update(actor=coordinator_user, rule=rule("start"), data={"yellow": D(0), "red": D(3)})
    assert log.new() == []


@pytest.mark.parametrize(("kind", "data", "field", "message"), [
    ("progress", {"yellow": D(30), "red": D(30)}, "red", "红色预警阈值（30）应大于黄色预警阈值（30）。"),
    ("progress", {"yellow": D(20), "red": D(10)}, "red", "应大于黄色预警阈值"),
    ("progress", {"yellow": D(-1)}, "yellow", "阈值不能为负数。"),
    ("progress", {"red": D(120)}, "red", "阈值不能超过100"),
    ("progress", {"yellow": D("10.25")}, "yellow", "最多保留一位小数"),
    ("progress", {"yellow": None}, "yellow", "请填写黄色预警阈值。"),
    ("start", {"red": D("2.5")}, "red", "未按期开工的阈值应为整数（单位：个月）。"),
    ("milestone", {"red": D(0)}, "red", "应大于黄色预警阈值"),
    ("report", {"yellow": D(0)}, "yellow", "至少为1期"),
    ("problem", {"red": D(5)}, "red", "应为1至4"),
    ("funds", {"red": D(0)}, "red", "应大于黄色预警阈值"),
])
def test_bad_thresholds_are_refused_with_a_reason_and_nothing_saved(coordinator_user, kind, data, field, message):
    before, log = snapshot_of_rules(), AuditLog()
    with pytest.raises(ValidationError) as error:
        rule_update(actor=coordinator_user, rule=rule(kind), data=data)
    assert message in " ".join(error.value.message_dict[field])
    assert snapshot_of_rules() == before
    assert log.new() == []


def test_problem_red_is_an_escalation_level_not_compared_with_days(coordinator_user):
    updated = rule_update(actor=coordinator_user, rule=rule("problem"), data={"yellow": D(15), "red": D(3)})
    assert (updated.yellow, updated.red) == (D(15), D(3))
    assert updated.explanation == "存在问题超过办结时限15天仍未解决的亮黄灯；升级到联系领导协调的亮红灯。"


@pytest.mark.parametrize("role", ["owner", "department", "leader", "auditor", "admin"])
def test_only_the_coordinator_may_edit(user_for, role):
    before, log = snapshot_of_rules(), AuditLog()
    with pytest.raises(PermissionDenied):
        rule_update(actor=user_for(role), rule=rule("progress"), data={"yellow": D(5)})
    assert snapshot_of_rules() == before
    assert log.new() == []


def test_evaluations_and_progress_level_follow_the_edited_rule_at_once(build, zone, coordinator_user):
    project = build.project("在建项目", start=date(2025, 1, 10), plan=1000)
    build.report(project, 6, 450)  # 5.0 points behind
    assert progress_level(D("5.0")) is None  # the default rule, read (and cached) first
    assert of(evaluate(as_of=JUNE_30, region=zone), project, "progress") == []
    rule_update(actor=coordinator_user, rule=rule("progress"), data={"yellow": D(5), "red": D(20)})
    assert one(evaluate(as_of=JUNE_30, region=zone), project, "progress").level == "yellow"
    assert progress_thresholds() == (D(5), D(20))
    assert progress_level(D("5.0")) == "yellow"
    assert progress_level(D("20.1")) == "red"
    rule_update(actor=coordinator_user, rule=rule("progress"), data={"enabled": False})
    assert progress_level(D("50")) is None
    assert of(evaluate(as_of=JUNE_30, region=zone), project, "progress") == []


def test_progress_level_defaults(db):
    assert progress_thresholds() == (D(10), D(30))
    assert [progress_level(D(x)) for x in ["9.9", "10.0", "30.0", "30.1"]] == [None, "yellow", "yellow", "red"]
    assert progress_level(None) is None


# --- the pages ---------------------------------------------------------------------------------------------

def test_the_coordinator_edits_a_rule_on_its_page(login, coordinator_user):
    client = login(coordinator_user)
    page = client.get("/tracking/rules/")
    assert page.status_code == 200 and "/tracking/rules/progress/" in page.content.decode()
    form = client.get("/tracking/rules/progress/")
    assert form.status_code == 200
    response = client.post("/tracking/rules/progress/", {
        "enabled": "on", "yellow": "8", "red": "25", "explanation": rule("progress").explanation, "reason": "调整"})
    assert response.status_code == 302 and response["Location"] == "/tracking/rules/"
    assert (rule("progress").yellow, rule("progress").red) == (D(8), D(25))
    assert "8至25个百分点" in client.get("/tracking/rules/").content.decode()


def test_the_rule_page_shows_a_refusal_in_chinese_and_saves_nothing(login, coordinator_user):
    before = snapshot_of_rules()
    response = login(coordinator_user).post("/tracking/rules/report/", {
        "enabled": "on", "yellow": "2", "red": "2", "explanation": ""})
    assert response.status_code == 200
    assert "红色预警阈值（2）应大于黄色预警阈值（2）。" in response.content.decode()
    assert snapshot_of_rules() == before


@pytest.mark.parametrize("role", ["owner", "department", "leader"])
def test_other_business_roles_read_the_rules_but_may_not_edit(login, user_for, role):
    client = login(user_for(role))
    page = client.get("/tracking/rules/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "10至30个百分点" in text and "/tracking/rules/progress/" not in text
    assert client.get("/tracking/rules/progress/").status_code == 403
    before = snapshot_of_rules()
    assert client.post("/tracking/rules/progress/", {"enabled": "on", "yellow": "1", "red": "2",
                                                     "explanation": "x"}).status_code == 403
    assert snapshot_of_rules() == before


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_get_403_on_the_rules(login, user_for, role):
    client = login(user_for(role))
    assert client.get("/tracking/rules/").status_code == 403
    assert client.get("/tracking/rules/progress/").status_code == 403
