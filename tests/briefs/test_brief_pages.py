from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from tests.factories import LeaderFactory, UserFactory
from tests.helpers import AuditLog
from tuijin.briefs import sections
from tuijin.briefs.models import Brief
from tuijin.briefs.sections import BriefSection
from tuijin.briefs.services import brief_issue
from tuijin.core.roles import Role

from .conftest import AS_OF

ASKED = f"?as_of={AS_OF.isoformat()}"


def hazards_section(person, *, as_of, since):
    """Another domain's part, as safety or tasks would add it to SECTIONS."""
    return BriefSection(title="分管领域安全隐患", columns=["隐患", "等级", "整改时限"],
                        rows=[["燃气管道占压", "重大", "2025年5月31日"]], changes=["新增重大隐患1项"])


def test_a_leader_reads_their_own_brief_on_one_printable_page(portfolio, login, leader_user, leader_person):
    page = login(leader_user).get(reverse("briefs:brief", args=[leader_person.pk]) + ASKED).content.decode()
    assert "班子成员近期工作情况汇报" in page and "紫荆大道建设工程" in page and "施工用电增容未落实" in page
    assert "css/briefs.css" in page and "data-print" in page and "首次汇报" in page
    assert "印发" not in page.split("<article")[0].split("下载Word")[1]  # the leader has no issue button


def test_the_leader_menu_and_index_lead_to_their_own_brief(login, leader_user, leader_person):
    response = login(leader_user).get(reverse("briefs:index"))
    assert response.url == reverse("briefs:brief", args=[leader_person.pk])


def test_a_leader_cannot_read_another_leaders_brief(login, leader_user, zone):
    other = LeaderFactory(region=zone)
    assert login(leader_user).get(reverse("briefs:brief", args=[other.pk])).status_code == 403
    assert login(leader_user).get(reverse("briefs:word", args=[other.pk])).status_code == 403


@pytest.mark.parametrize("role", ["owner", "department", "auditor", "admin"])
def test_other_roles_are_refused(login, user_for, leader_person, role):
    assert login(user_for(role)).get(reverse("briefs:brief", args=[leader_person.pk])).status_code == 403


def test_a_coordinator_of_another_region_finds_nothing(login, leader_person, other_zone):
    outsider = UserFactory(username="outsider", role=Role.COORDINATOR, region=other_zone)
    assert login(outsider).get(reverse("briefs:brief", args=[leader_person.pk])).status_code == 404


def test_the_office_lists_every_leader_of_the_region(login, coordinator_user, leader_person, zone, other_zone):
    LeaderFactory(region=other_zone, name="示范区主任")
    page = login(coordinator_user).get(reverse("briefs:index")).content.decode()
    assert leader_person.name in page and "示范区主任" not in page and "尚未印发" in page


def test_the_office_issues_a_brief_from_the_page(portfolio, login, coordinator_user, leader_person):
    response = login(coordinator_user).post(reverse("briefs:issue", args=[leader_person.pk]),
                                            {"as_of": AS_OF.isoformat()})
    assert response.status_code == 302
    brief = Brief.objects.get()
    assert (brief.person, brief.as_of, brief.issued_by) == (leader_person, AS_OF, coordinator_user)
    page = login(coordinator_user).get(reverse("briefs:brief", args=[leader_person.pk]) + ASKED).content.decode()
    assert "截至此日的汇报已印发" in page and reverse("briefs:issued_file", args=[brief.pk]) in page


def test_the_word_download_is_the_brief_and_is_recorded(portfolio, login, leader_user, leader_person):
    log = AuditLog()
    response = login(leader_user).get(reverse("briefs:word", args=[leader_person.pk]) + ASKED)
    document = Document(BytesIO(response.content))
    assert any("紫荆大道建设工程" in cell.text for table in document.tables for row in table.rows
               for cell in row.cells)
    assert [e.action for e in log.new()] == ["download.brief"]


def test_an_issued_brief_downloads_as_it_was_issued(portfolio, login, leader_user, leader_person, coordinator_user):
    brief = brief_issue(actor=coordinator_user, person=leader_person, as_of=AS_OF)
    response = login(leader_user).get(reverse("briefs:issued_file", args=[brief.pk]))
    assert b"".join(response.streaming_content) == brief.document.open("rb").read()


def test_sections_from_other_domains_are_shown_whatever_their_columns(portfolio, login, coordinator_user,
                                                                     leader_person, monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", [*sections.SECTIONS, f"{__name__}.hazards_section"])
    monkeypatch.setattr("tuijin.briefs.selectors.SECTIONS", sections.SECTIONS)
    client = login(coordinator_user)
    page = client.get(reverse("briefs:brief", args=[leader_person.pk]) + ASKED).content.decode()
    assert "（三）分管领域安全隐患" in page and "燃气管道占压" in page and "整改时限" in page
    document = Document(BytesIO(client.get(reverse("briefs:word", args=[leader_person.pk]) + ASKED).content))
    hazards = document.tables[-1]
    assert [c.text for c in hazards.rows[0].cells] == ["隐患", "等级", "整改时限"]
    assert [c.text for c in hazards.rows[1].cells] == ["燃气管道占压", "重大", "2025年5月31日"]
