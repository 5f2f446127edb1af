from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from tests.factories import LeaderFactory, PersonFactory, UserFactory
from tests.helpers import AuditLog
from tuijin.briefs.context import brief_context
from tuijin.briefs.models import Brief
from tuijin.briefs.services import brief_issue
from tuijin.core.roles import Role

from .conftest import AS_OF, SINCE


def test_issuing_keeps_the_figures_and_the_document_and_is_recorded(portfolio, leader_person, coordinator_user):
    log = AuditLog()
    brief = brief_issue(actor=coordinator_user, person=leader_person, as_of=SINCE, issued_on=date(2025, 4, 2))
    assert (brief.as_of, brief.since, brief.issued_on, brief.issued_by) == (SINCE, None, date(2025, 4, 2),
                                                                           coordinator_user)
    assert brief.snapshot["figures"]["completed_ytd"] == "300.00"
    assert brief.snapshot["sections"] == {"分管项目推进情况": 1, "分管项目存在问题": 2}
    text = "\n".join(p.text for p in Document(brief.document.path).paragraphs)
    assert "班子成员近期工作情况汇报" in text and "首次汇报" in text
    event = log.one()
    assert event.action == "brief.issue" and event.changes["as_of"] == [None, "2025-03-31"]


def test_the_next_brief_compares_with_the_last_one_issued(portfolio, leader_person, coordinator_user):
    brief_issue(actor=coordinator_user, person=leader_person, as_of=SINCE)
    context = brief_context(leader_person, as_of=AS_OF)
    assert context["since"] == SINCE
    figures = {row["label"]: (row["then"], row["now"]) for row in context["figures"]}
    assert figures["本年累计完成投资（万元）"] == ("300.00", "400.00")
    assert figures["分管项目存在问题（条）"] == (2, 1)
    assert "“紫荆大道建设工程”完成节点“主体完工”（2025年4月20日）" in context["changes"]
    later = brief_issue(actor=coordinator_user, person=leader_person, as_of=AS_OF)
    assert later.since == SINCE


@pytest.mark.parametrize("role", ["leader", "department", "owner"])
def test_only_the_project_office_issues(portfolio, leader_person, user_for, role):
    with pytest.raises(PermissionDenied):
        brief_issue(actor=user_for(role), person=leader_person, as_of=AS_OF)
    assert not Brief.objects.exists()


def test_a_coordinator_of_another_region_cannot_issue(portfolio, leader_person, other_zone):
    outsider = UserFactory(username="outsider", role=Role.COORDINATOR, region=other_zone)
    with pytest.raises(PermissionDenied):
        brief_issue(actor=outsider, person=leader_person, as_of=AS_OF)


@pytest.mark.parametrize("as_of, issued_on, field", [
    (date.today() + timedelta(days=1), None, "as_of"),
    (AS_OF, date.today() + timedelta(days=1), "issued_on"),
    (AS_OF, AS_OF - timedelta(days=1), "issued_on"),
])
def test_bad_dates_are_refused(portfolio, leader_person, coordinator_user, as_of, issued_on, field):
    with pytest.raises(ValidationError) as error:
        brief_issue(actor=coordinator_user, person=leader_person, as_of=as_of, issued_on=issued_on)
    assert field in error.value.message_dict
    assert not Brief.objects.exists()


def test_the_same_date_is_issued_once(portfolio, leader_person, coordinator_user):
    brief_issue(actor=coordinator_user, person=leader_person, as_of=AS_OF)
    with pytest.raises(ValidationError) as error:
        brief_issue(actor=coordinator_user, person=leader_person, as_of=AS_OF)
    assert "已经印发过" in str(error.value)
    assert Brief.objects.count() == 1


def test_only_leaders_have_briefs(zone, coordinator_user):
    with pytest.raises(ValidationError):
        brief_issue(actor=coordinator_user, person=PersonFactory(region=zone), as_of=AS_OF)


def test_the_word_document_has_each_sections_own_columns(portfolio, leader_person, coordinator_user):
    brief = brief_issue(actor=coordinator_user, person=leader_person, as_of=AS_OF)
    tables = Document(brief.document.path).tables
    figures, projects, problems = tables
    assert [c.text for c in projects.rows[0].cells] == ["项目名称", "阶段", "年度计划（万元）", "1-4月完成（万元）",
                                                      "完成率", "预警"]
    assert [c.text for c in projects.rows[1].cells][:5] == ["紫荆大道建设工程", "在建", "1,000.00", "400.00", "40.0%"]
    assert len(problems.rows) == 2 and problems.rows[1].cells[2].text == "施工用电增容未落实"
    assert figures.rows[1].cells[0].text == "分管项目（个）"


def test_a_leader_with_nothing_gets_a_brief_that_says_so(zone, coordinator_user):
    brief = brief_issue(actor=coordinator_user, person=LeaderFactory(region=zone), as_of=AS_OF)
    text = "\n".join(p.text for p in Document(brief.document.path).paragraphs)
    assert "无分管事项。" in text
