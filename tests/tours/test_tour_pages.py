import re
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.helpers import AuditLog
from tuijin.tours import services
from tuijin.tours.models import Score, Tour

from .conftest import marks_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def _post_marks(tour, *values):
    return {f"c{c.pk}": v for c, v in zip(tour.criteria.all(), values, strict=True)}


def test_the_scoring_page_fits_a_phone(tour, login, department_user):
    stop = tour.stops.first()
    page = login(department_user).get(reverse("tours:score", args=[tour.pk, stop.pk])).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<table" not in page  # nothing with a fixed width to scroll sideways at 375 px
    assert page.count('inputmode="decimal"') == 4 and page.count("form-control-lg") == 4
    assert 'hx-post="' in page and "第1站 / 共2站" in page and "css/tours.css" in page


def test_a_stop_saved_with_htmx_answers_with_the_form_only(tour, login, department_user):
    stop = tour.stops.first()
    response = login(department_user).post(reverse("tours:score", args=[tour.pk, stop.pk]),
                                           _post_marks(tour, "20", "25", "20", "15.5"), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "已保存，合计 80.5 分。" in page and "1✓" in page  # the stop buttons say it is done
    assert Score.objects.filter(observer=department_user, stop=stop).count() == 4


def test_without_htmx_saving_moves_on_to_the_next_stop(tour, login, department_user):
    first, second = tour.stops.all()
    response = login(department_user).post(reverse("tours:score", args=[tour.pk, first.pk]),
                                           _post_marks(tour, 20, 25, 20, 15))
    assert response.status_code == 302 and response.url == reverse("tours:score", args=[tour.pk, second.pk])


def test_the_sheet_opens_where_the_observer_left_off(tour, login, leader_user):
    first, second = tour.stops.all()
    services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 20, 25, 20, 15))
    response = login(leader_user).get(reverse("tours:score_start", args=[tour.pk]))
    assert response.url == reverse("tours:score", args=[tour.pk, second.pk])


def test_a_bad_mark_is_shown_beside_its_field_and_nothing_is_saved(tour, login, department_user):
    stop = tour.stops.first()
    page = login(department_user).post(reverse("tours:score", args=[tour.pk, stop.pk]),
                                       _post_marks(tour, "30", "25", "20", "15"), **HTMX).content.decode()
    assert "“项目规模”的得分应在0到25分之间。" in page and "is-invalid" in page
    assert 'value="30"' in page  # what was typed stays to be corrected
    assert not Score.objects.exists()


def test_a_closed_tour_shows_the_frozen_marks_and_refuses_changes(tour, login, leader_user, coordinator_user):
    stop = tour.stops.first()
    services.score_save(actor=leader_user, stop=stop, marks=marks_for(tour, 20, 25, 20, 15))
    services.tour_close(actor=coordinator_user, tour=tour)
    client = login(leader_user)
    page = client.get(reverse("tours:score", args=[tour.pk, stop.pk])).content.decode()
    assert "评分已固定" in page and "disabled" in page and "保存本站评分" not in page
    page = client.post(reverse("tours:score", args=[tour.pk, stop.pk]), _post_marks(tour, 25, 30, 25, 20),
                       **HTMX).content.decode()
    assert "已关闭" in page
    assert Score.objects.get(observer=leader_user, criterion__name="项目规模").value == D(20)


def test_the_owner_who_is_not_named_cannot_open_the_sheet(tour, login, owner_user):
    stop = tour.stops.first()
    assert login(owner_user).get(reverse("tours:score", args=[tour.pk, stop.pk])).status_code == 404


@pytest.mark.parametrize("role, status", [("coordinator", 200), ("leader", 200), ("department", 403),
                                          ("owner", 404), ("auditor", 403)])
def test_results_are_for_the_office_and_the_leaders(tour, login, user_for, role, status):
    assert login(user_for(role)).get(reverse("tours:detail", args=[tour.pk])).status_code == status
    assert login(user_for(role)).get(reverse("tours:export", args=[tour.pk])).status_code == status


def test_the_export_lists_the_ranking_and_every_sheet_and_is_recorded(tour, login, leader_user, department_user):
    first = tour.stops.first()
    services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 20, 25, 20, 15))
    services.score_save(actor=department_user, stop=first, marks=marks_for(tour, 24, 29, 24, 19))
    log = AuditLog()
    response = login(leader_user).get(reverse("tours:export", args=[tour.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "二季度观摩评比结果"
    assert rows[2] == ("名次", "观摩点", "项目名称", "评分人数", "计入人数", "项目规模（25分）", "建设进度（30分）",
                       "质量形象（25分）", "达效情况（20分）", "得分")
    assert rows[3] == (1, "紫荆大道", "紫荆大道建设工程", 2, 2, 22, 27, 22, 17, 88)
    assert rows[4][:2] == (None, "金沙社区")
    details = [r for r in rows if r and r[0] == "紫荆大道" and r[1] in {"leader", "department"}]
    assert sorted(r[6] for r in details) == [80, 96] and {r[7] for r in details} == {"计入"}
    assert [e.action for e in log.new()] == ["download.tour_results"]


def test_the_office_edits_the_sheet_on_the_page_and_sees_why_a_sheet_is_refused(tour, login, coordinator_user):
    client = login(coordinator_user)
    url = reverse("tours:detail", args=[tour.pk])
    form = {"action": "criteria", "version": tour.version, "c-TOTAL_FORMS": 2, "c-INITIAL_FORMS": 0,
            "c-0-name": "建设进度", "c-0-weight": 50, "c-1-name": "质量形象", "c-1-weight": 40}
    page = client.post(url, form).content.decode()
    assert "各评分项目分值合计应为100分，现为90分。" in page
    assert tour.criteria.count() == 4
    response = client.post(url, form | {"c-1-weight": 50})
    assert response.status_code == 302
    assert [(c.name, c.weight) for c in tour.criteria.all()] == [("建设进度", 50), ("质量形象", 50)]


def test_the_office_sets_stops_in_order_on_the_page(tour, login, coordinator_user, project):
    first, second = tour.stops.all()
    form = {"action": "stops", "version": tour.version, "s-TOTAL_FORMS": 3, "s-INITIAL_FORMS": 0,
            "s-0-id": second.pk, "s-0-site": "金沙社区", "s-1-id": first.pk, "s-1-project": project.pk,
            "s-2-site": "玉溪路小学"}
    assert login(coordinator_user).post(reverse("tours:detail", args=[tour.pk]), form).status_code == 302
    assert [s.label for s in tour.stops.all()] == ["金沙社区", "紫荆大道建设工程", "玉溪路小学"]


def test_a_leader_cannot_post_to_the_plan(tour, login, leader_user):
    response = login(leader_user).post(reverse("tours:detail", args=[tour.pk]),
                                       {"action": "basic", "title": "改名"})
    assert response.status_code == 403
    tour.refresh_from_db()
    assert tour.title == "二季度观摩"


def test_the_office_closes_the_tour_from_its_page(tour, login, coordinator_user, leader_user):
    services.score_save(actor=leader_user, stop=tour.stops.first(), marks=marks_for(tour, 20, 25, 20, 15))
    response = login(coordinator_user).post(reverse("tours:close", args=[tour.pk]), {"reason": "结束"})
    assert response.status_code == 302
    tour.refresh_from_db()
    assert not tour.is_open
    stored = login(coordinator_user).get(reverse("tours:export", args=[tour.pk]))
    assert b"".join(stored.streaming_content) == tour.results_file.open("rb").read()


def test_the_list_links_each_user_to_what_they_may_do(tour, login, department_user, coordinator_user):
    page = login(department_user).get(reverse("tours:index")).content.decode()
    assert reverse("tours:score_start", args=[tour.pk]) in page
    assert f'href="{reverse("tours:detail", args=[tour.pk])}"' not in page
    page = login(coordinator_user).get(reverse("tours:index")).content.decode()
    assert f'href="{reverse("tours:detail", args=[tour.pk])}"' in page and reverse("tours:create") in page
    assert re.search(r">观摩评比<", page)  # in the menu


def test_the_office_plans_a_tour_and_lands_on_its_page(login, coordinator_user, zone):
    response = login(coordinator_user).post(reverse("tours:create"), {
        "title": "三季度观摩", "held_on": "2025-08-20", "drop_extremes": "on", "min_scorers_to_drop": 5})
    tour = Tour.objects.get(title="三季度观摩")
    assert response.url == reverse("tours:detail", args=[tour.pk]) and tour.region == zone
    page = login(coordinator_user).post(reverse("tours:create"), {"title": "", "held_on": "明天",
                                                                   "min_scorers_to_drop": 5}).content.decode()
    assert "观摩活动名称" in page and "观摩日期" in page and Tour.objects.count() == 1
