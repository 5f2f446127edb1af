import json
from decimal import Decimal as D

import pytest
from django.urls import reverse

from tuijin.dashboard.blocks import dashboard_blocks
from tuijin.economy.dashboard import block
from tuijin.economy.models import IndicatorValue

from .conftest import put


@pytest.fixture
def figures(zone, indicators):
    put(zone, indicators["固定资产投资"], 3, "9.6", "6.2")
    put(zone, indicators["规模以上工业增加值"], 2, "7.1", "7.9")
    put(zone, indicators["规模以上工业增加值"], 3, "7.8", "8.3")
    put(zone, indicators["高技术制造业增加值"], 3, "11.8", "9.4")


@pytest.mark.parametrize("role", ["coordinator", "leader", "department"])
def test_readers_see_the_table_the_paragraph_and_the_chart_data(login, user_for, role, figures):
    response = login(user_for(role)).get(reverse("economy:monitor") + "?period=2025-03")
    assert response.status_code == 200
    page = response.content.decode()
    assert "其中，固定资产投资指标增速高于全市平均水平" in response.context["paragraph"]
    assert 'id="economy-data"' in page and "<script>" not in page.replace('<script id="economy-data"', "")
    charts = json.loads(page.split('<script id="economy-data" type="application/json">')[1].split("</script>")[0])
    assert charts["compare"]["names"] == ["规模以上工业增加值", "固定资产投资", "高技术制造业增加值"]
    assert charts["trend"]["periods"] == ["1-2月", "1-3月"]
    edit_link = reverse("economy:value_edit", args=[response.context["rows"][0].indicator.pk])
    assert (edit_link in page) == (role == "coordinator")


@pytest.mark.parametrize("role", ["owner", "auditor", "admin"])
def test_owners_and_non_business_roles_are_refused(login, user_for, role, figures):
    assert login(user_for(role)).get(reverse("economy:monitor")).status_code == 403


def test_the_latest_period_is_shown_by_default(login, leader_user, figures):
    response = login(leader_user).get(reverse("economy:monitor"))
    assert response.context["period"] == "2025-03"


def test_the_office_fills_one_indicator_period_by_form(login, coordinator_user, indicators):
    client = login(coordinator_user)
    url = reverse("economy:value_edit", args=[indicators["工业投资"].pk]) + "?period=2025-03"
    response = client.post(url, {"period": "2025-03", "growth": "26.4", "city_growth": "15.1", "version": "0"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicators["工业投资"]).growth == D("26.4")


def test_a_bad_figure_in_the_form_is_explained_and_not_saved(login, coordinator_user, indicators):
    url = reverse("economy:value_edit", args=[indicators["工业投资"].pk]) + "?period=2025-03"
    response = login(coordinator_user).post(url, {"period": "2025-03", "growth": "", "value": "3"})
    assert "按增速发布" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_leader_cannot_post_figures(login, leader_user, indicators):
    url = reverse("economy:value_edit", args=[indicators["工业投资"].pk]) + "?period=2025-03"
    assert login(leader_user).post(url, {"growth": "1"}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_the_catalogue_form_adds_an_indicator(login, coordinator_user, indicators):
    response = login(coordinator_user).post(reverse("economy:catalogue"), {
        "name": "进出口总额", "unit": "亿元", "published": "both", "group": "table", "order": 20, "active": "on"})
    assert response.status_code == 302


def test_the_dashboard_block_compares_key_indicators_with_the_city(leader_user, figures):
    from datetime import date

    card = block(leader_user, as_of=date(2025, 5, 10))
    assert card.context["label"] == "2025年1-3月"
    assert [r.name for r in card.context["rows"]] == ["规模以上工业增加值", "固定资产投资", "高技术制造业增加值"]
    assert card.context["above_count"] == 2 and "period=2025-03" in card.context["url"]
    assert block(leader_user, as_of=date(2025, 1, 31)) is None
    assert any(b.title == "经济运行" for b in dashboard_blocks(leader_user, as_of=date(2025, 5, 10)))


def test_owners_get_no_economy_block(owner_user, figures):
    from datetime import date

    assert block(owner_user, as_of=date(2025, 5, 10)) is None


def test_the_office_starts_an_empty_period_from_the_page(login, coordinator_user, indicators):
    client = login(coordinator_user)
    assert 'type="month" name="period"' in client.get(reverse("economy:monitor")).content.decode()
    response = client.get(reverse("economy:monitor") + "?period=2025-03")
    assert response.context["periods"][0] == ("2025-03", "2025年1-3月")
    assert reverse("economy:value_edit", args=[indicators["工业投资"].pk]) in response.content.decode()


def test_the_leader_s_brief_has_the_economy_section(leader_person, figures):
    from datetime import date

    from tuijin.economy.brief import section

    brief = section(leader_person, as_of=date(2025, 5, 10), since=date(2025, 4, 1))
    assert brief.title == "经济运行（2025年1-3月）"
    assert ["固定资产投资", "9.60", "6.20", "高于全市"] in brief.rows
    assert "其中，固定资产投资指标增速高于全市平均水平" in brief.changes[0]
    assert section(leader_person, as_of=date(2025, 1, 31), since=None) is None


def test_two_people_filling_the_same_empty_period_do_not_overwrite(login, coordinator_user, zone, indicators):
    put(zone, indicators["工业投资"], 3, "26.4", "15.1")  # filled by someone else after the form was opened
    url = reverse("economy:value_edit", args=[indicators["工业投资"].pk]) + "?period=2025-03"
    response = login(coordinator_user).post(url, {"period": "2025-03", "growth": "20", "version": "0"})
    assert "已被他人修改" in response.content.decode()
    assert IndicatorValue.objects.get().growth == D("26.4")
