"""The 招商 pages per role: who sees what, who may write, and that a refused write changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tuijin.core.models import AuditEvent
from tuijin.promotion.models import ContactLog, Lead, Signing
from tuijin.promotion.stages import LeadStage

from .conftest import sign


@pytest.mark.parametrize("role, status", [("coordinator", 200), ("leader", 200), ("department", 200),
                                          ("owner", 403), ("auditor", 403), ("admin", 403)])
def test_the_board_list_and_kpis_per_role(lead, user_for, login, role, status):
    client = login(user_for(role))
    for name in ("promotion:board", "promotion:leads", "promotion:kpis", "promotion:export"):
        assert client.get(reverse(name)).status_code == status, name


def test_a_department_gets_404_for_a_lead_it_has_nothing_to_do_with(centre_lead, other_lead, department_user, login):
    client = login(department_user)
    for lead in (centre_lead, other_lead):
        assert client.get(reverse("promotion:detail", args=[lead.pk])).status_code == 404


def test_a_department_reads_a_team_lead_but_may_not_edit_it(team_lead, department_user, login):
    client = login(department_user)
    assert client.get(reverse("promotion:detail", args=[team_lead.pk])).status_code == 200
    assert client.get(reverse("promotion:edit", args=[team_lead.pk])).status_code == 403
    response = client.post(reverse("promotion:contact_add", args=[team_lead.pk]),
                           {"kind": "visit", "date": "2025-02-01", "who": "x", "note": "y"})
    assert response.status_code == 403 and not ContactLog.objects.exists()


def test_the_list_filters_and_flags_stale_leads(lead, centre_lead, coordinator_user, login):
    client = login(coordinator_user)
    response = client.get(reverse("promotion:leads"), {"department": lead.department_id})
    assert [row.pk for row in response.context["rows"]] == [lead.pk]
    response = client.get(reverse("promotion:leads"), {"stale": "on", "as_of": "2025-06-30"})
    assert {row.pk for row in response.context["rows"]} == {lead.pk, centre_lead.pk}
    assert all(row.is_stale for row in response.context["rows"])
    assert "久未对接" in response.content.decode()


def test_the_office_creates_a_lead_through_the_form(zone, coordinator_user, login):
    client = login(coordinator_user)
    response = client.post(reverse("promotion:create"), {
        "name": "高纯石墨项目", "region": zone.pk, "source": "walk_in", "received_on": "2025-02-03",
        "investor_name": "焦作华碳新材料有限公司", "intended_investment": "9000"})
    lead = Lead.objects.get()
    assert response.status_code == 302 and response.url == reverse("promotion:detail", args=[lead.pk])
    assert lead.intended_investment == Decimal(9000)


def test_bad_form_input_is_named_and_saves_nothing(zone, coordinator_user, login):
    client = login(coordinator_user)
    response = client.post(reverse("promotion:create"), {
        "name": "x", "region": zone.pk, "source": "walk_in", "received_on": "2025-02-30",
        "investor_name": "y", "investor_credit_code": "123", "intended_investment": "很多"})
    html = response.content.decode()
    assert response.status_code == 200 and not Lead.objects.exists()
    assert "登记日期" in html and "请输入有效日期" in html
    assert "请输入数字金额" in html and "应为18位" in html


def test_an_edit_from_a_stale_form_is_refused(lead, coordinator_user, login):
    client = login(coordinator_user)
    Lead.objects.filter(pk=lead.pk).update(version=5, next_action="别人的修改")
    data = {"name": lead.name, "region": lead.region_id, "source": lead.source, "received_on": "2025-01-10",
            "investor_name": lead.investor_name, "next_action": "我的修改", "version": 1}
    response = client.post(reverse("promotion:edit", args=[lead.pk]), data)
    assert "已被他人修改" in response.content.decode()
    lead.refresh_from_db()
    assert lead.next_action == "别人的修改"


def test_the_board_moves_a_lead_with_htmx_and_refuses_what_is_not_allowed(lead, coordinator_user, login):
    client = login(coordinator_user)
    url = reverse("promotion:move", args=[lead.pk])
    response = client.post(url, {"to_stage": "contact", "version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-board' in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == LeadStage.CONTACT
    response = client.post(url, {"to_stage": "signed", "version": 2}, HTTP_HX_REQUEST="true")
    assert "不能从“接洽”直接转到“签约”" in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == LeadStage.CONTACT


def test_a_leader_may_not_move_a_lead(lead, leader_user, login):
    response = login(leader_user).post(reverse("promotion:move", args=[lead.pk]), {"to_stage": "contact"})
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.stage == LeadStage.CLUE


def test_signing_funds_and_conversion_from_the_lead_page(lead, coordinator_user, login, category):
    client = login(coordinator_user)
    response = client.post(reverse("promotion:sign", args=[lead.pk]), {
        "kind": "new", "signed_on": "2025-03-01", "contract_amount": "12000", "version": 1})
    assert response.status_code == 302
    assert Signing.objects.get().contract_amount == Decimal(12000)
    client.post(reverse("promotion:fund_add", args=[lead.pk]), {"date": "2025-03-20", "amount": "3000"})
    detail = client.get(reverse("promotion:detail", args=[lead.pk]))
    html = detail.content.decode()
    assert "3,000.00" in html and "转入项目库" in html
    response = client.post(reverse("promotion:convert", args=[lead.pk]), {"category": category.pk, "version": 3})
    lead.refresh_from_db()
    assert lead.project is not None
    assert response.url == reverse("projects:detail", args=[lead.project.pk])


def test_a_refused_signing_says_which_field(lead, coordinator_user, login):
    client = login(coordinator_user)
    response = client.post(reverse("promotion:sign", args=[lead.pk]), {
        "kind": "increase", "signed_on": "2025-03-01", "contract_amount": "12000", "version": 1}, follow=True)
    assert "其中新增投资（万元）：增资须填写其中新增投资额" in response.content.decode()
    assert not Signing.objects.exists()


def test_kpi_page_and_drill_down_agree(lead, centre_lead, coordinator_user, login):
    sign(lead, date(2025, 2, 1), 1000)
    sign(centre_lead, date(2025, 3, 1), 2000)
    client = login(coordinator_user)
    page = client.get(reverse("promotion:kpis"), {"period": "2025Q1"})
    assert page.context["figures"]["signed"] == 2 and page.context["figures"]["signed_amount"] == Decimal(3000)
    drill = client.get(reverse("promotion:leads"), {"metric": "signed", "period": "2025Q1"})
    assert drill.context["page"].paginator.count == 2
    bad = client.get(reverse("promotion:kpis"), {"period": "2025Q9"}, follow=True)
    assert "格式不对" in bad.content.decode()


def test_the_dashboard_gains_a_promotion_block_for_business_roles_that_use_it(lead, coordinator_user, owner_user,
                                                                            login):
    sign(lead, date(2025, 2, 1), 1000)
    html = login(coordinator_user).get(reverse("dashboard:index"), {"as_of": "2025-03-31"}).content.decode()
    assert "招商引资" in html and 'data-figure="quarter-signed">1<' in html
    html = login(owner_user).get(reverse("dashboard:index"), {"as_of": "2025-03-31"}).content.decode()
    assert 'data-figure="quarter-signed"' not in html


def test_every_export_is_audited(lead, leader_user, login):
    before = AuditEvent.objects.filter(action="export.lead_ledger").count()
    login(leader_user).get(reverse("promotion:export"))
    assert AuditEvent.objects.filter(action="export.lead_ledger").count() == before + 1


def test_board_and_list_queries_do_not_grow_with_leads(zone, department, coordinator_user, login,
                                                       django_assert_max_num_queries):
    from .conftest import make_lead

    client = login(coordinator_user)
    for n in range(3):
        make_lead(region=zone, department=department, name=f"项目{n}")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("promotion:board"))
    with django_assert_max_num_queries(12):
        client.get(reverse("promotion:leads"))
    for n in range(3, 15):
        make_lead(region=zone, department=department, name=f"项目{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("promotion:board"))


def test_contacts_and_tasks_from_the_lead_page(lead, department_user, team_person, login):
    client = login(department_user)
    client.post(reverse("promotion:contact_add", args=[lead.pk]),
                {"kind": "talk", "date": "2025-02-01", "who": "住建局", "note": "商谈供地"})
    client.post(reverse("promotion:task_add", args=[lead.pk]),
                {"kind": "duty", "title": "办理用地预审", "owner_person": team_person.pk, "due": "2025-07-01"})
    task = lead.tasks.get()
    response = client.post(reverse("promotion:task_status", args=[lead.pk, task.pk]), {"status": "done"},
                           follow=True)
    assert "完成日期：任务标为已完成须填写完成日期" in response.content.decode()
    client.post(reverse("promotion:task_status", args=[lead.pk, task.pk]), {"status": "done", "done_on": "2025-05-02"})
    task.refresh_from_db()
    assert (task.status, task.done_on) == ("done", date(2025, 5, 2))
    assert lead.contacts.get().note == "商谈供地"
    page = client.get(reverse("promotion:detail", args=[lead.pk])).content.decode()
    assert "办理用地预审" in page and "对接记录" in page
