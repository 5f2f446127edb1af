from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from tests.factories import DepartmentFactory, UserFactory
from tests.helpers import AuditLog
from tuijin.core.roles import Role
from tuijin.tours import services
from tuijin.tours.models import Criterion, Score, Stop, Tour

from .conftest import marks_for


def test_a_new_tour_starts_from_the_default_sheet_and_is_recorded(coordinator_user, zone):
    log = AuditLog()
    tour = services.tour_create(actor=coordinator_user, region=zone, title=" 观摩 ", held_on=date(2025, 5, 7))
    assert [(c.name, c.weight) for c in tour.criteria.all()] == [
        ("项目规模", 25), ("建设进度", 30), ("质量形象", 25), ("达效情况", 20)]
    assert tour.title == "观摩"
    event = log.one()
    assert event.action == "tour.create" and event.actor == coordinator_user


@pytest.mark.parametrize("role", ["owner", "department", "leader"])
def test_only_the_project_office_plans_tours(user_for, zone, role):
    with pytest.raises(PermissionDenied):
        services.tour_create(actor=user_for(role), region=zone, title="观摩", held_on=date(2025, 5, 7))
    assert not Tour.objects.exists()


def test_a_tour_in_another_region_is_refused(coordinator_user, other_zone):
    with pytest.raises(ValidationError) as error:
        services.tour_create(actor=coordinator_user, region=other_zone, title="观摩", held_on=date(2025, 5, 7))
    assert "管辖范围" in str(error.value)


def test_the_sheet_is_edited_per_tour(tour, coordinator_user):
    log = AuditLog()
    services.tour_set_criteria(actor=coordinator_user, tour=tour, criteria=[
        {"name": "建设进度", "weight": 60}, {"name": "质量形象", "weight": 40, "hint": "文明施工"},
        {"name": "", "weight": None}])
    assert [(c.name, c.weight, c.hint) for c in tour.criteria.all()] == [
        ("建设进度", 60, ""), ("质量形象", 40, "文明施工")]
    assert log.one().changes["criteria"][1] == ["建设进度 60", "质量形象 40"]


def test_weights_must_add_up_to_one_hundred(tour, coordinator_user):
    with pytest.raises(ValidationError) as error:
        services.tour_set_criteria(actor=coordinator_user, tour=tour, criteria=[
            {"name": "建设进度", "weight": 60}, {"name": "质量形象", "weight": 30}])
    assert error.value.message_dict["criteria"] == ["各评分项目分值合计应为100分，现为90分。"]
    assert Criterion.objects.filter(tour=tour).count() == 4


@pytest.mark.parametrize("rows, message", [
    ([{"name": "进度", "weight": 50}, {"name": "进度", "weight": 50}], "第2行：评分项目“进度”重复。"),
    ([{"name": "进度", "weight": "五十"}, {"name": "形象", "weight": 50}], "第1行“进度”：分值应为1到100的整数。"),
    ([{"name": "", "weight": 100}], "第1行：请填写评分项目名称。"),
    ([{"name": "进度", "weight": 0}, {"name": "形象", "weight": 100}], "第1行“进度”：分值应为1到100的整数。"),
    ([], "评分表至少要有一个评分项目。"),
])
def test_a_bad_sheet_line_is_named(tour, coordinator_user, rows, message):
    with pytest.raises(ValidationError) as error:
        services.tour_set_criteria(actor=coordinator_user, tour=tour, criteria=rows)
    assert message in error.value.message_dict["criteria"]


def test_the_sheet_is_fixed_once_someone_has_scored(tour, leader_user, coordinator_user):
    services.score_save(actor=leader_user, stop=tour.stops.first(), marks=marks_for(tour, 20, 25, 20, 15))
    with pytest.raises(ValidationError) as error:
        services.tour_set_criteria(actor=coordinator_user, tour=tour, criteria=[{"name": "进度", "weight": 100}])
    assert "已有观摩人员开始评分" in str(error.value)


def test_a_stale_edit_is_refused(tour, coordinator_user):
    stale = tour.version
    services.tour_update(actor=coordinator_user, tour=tour, data={"title": "新名称"}, expected_version=stale)
    with pytest.raises(ValidationError) as error:
        services.tour_update(actor=coordinator_user, tour=tour, data={"title": "另一个"}, expected_version=stale)
    assert error.value.code == "stale"
    tour.refresh_from_db()
    assert tour.title == "新名称"


def test_stops_keep_the_visiting_order_and_take_projects_or_free_text(tour, project):
    assert [(s.order, s.project_id, s.label) for s in tour.stops.all()] == [
        (1, project.pk, "紫荆大道"), (2, None, "金沙社区")]


def test_a_project_outside_the_region_cannot_be_a_stop(tour, coordinator_user, other_project):
    with pytest.raises(ValidationError) as error:
        services.tour_set_stops(actor=coordinator_user, tour=tour, stops=[{"project": other_project, "site": ""}])
    assert error.value.message_dict["stops"] == ["第1个观摩点：项目不在本区域的项目库中。"]
    assert tour.stops.count() == 2


def test_a_tour_needs_a_stop(tour, coordinator_user):
    with pytest.raises(ValidationError) as error:
        services.tour_set_stops(actor=coordinator_user, tour=tour, stops=[{"project": None, "site": "  "}])
    assert "请至少安排一个观摩点。" in error.value.message_dict["stops"]


def test_a_scored_stop_cannot_be_removed_but_others_can_be_added(tour, leader_user, coordinator_user):
    first, second = tour.stops.all()
    services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 20, 25, 20, 15))
    with pytest.raises(ValidationError) as error:
        services.tour_set_stops(actor=coordinator_user, tour=tour, stops=[{"id": second.pk, "site": "金沙社区"}])
    assert "观摩点“紫荆大道”已有评分，不能删除。" in error.value.message_dict["stops"]
    services.tour_set_stops(actor=coordinator_user, tour=tour, stops=[
        {"id": second.pk, "site": "金沙社区"}, {"id": first.pk, "project": first.project, "site": "紫荆大道"},
        {"site": "玉溪路小学"}])
    assert [s.label for s in tour.stops.all()] == ["金沙社区", "紫荆大道", "玉溪路小学"]
    assert Score.objects.filter(stop=first).count() == 4


def test_observers_come_from_the_region(tour, coordinator_user, other_zone):
    stranger = UserFactory(username="stranger", role=Role.DEPARTMENT,
                           department=DepartmentFactory(region=other_zone))
    with pytest.raises(ValidationError) as error:
        services.tour_set_observers(actor=coordinator_user, tour=tour, observers=[stranger])
    assert "不能作为本次观摩的评分人员" in str(error.value)
    assert tour.observers.count() == 3


def test_an_observer_who_scored_stays(tour, coordinator_user, leader_user):
    services.score_save(actor=leader_user, stop=tour.stops.first(), marks=marks_for(tour, 20, 25, 20, 15))
    with pytest.raises(ValidationError):
        services.tour_set_observers(actor=coordinator_user, tour=tour, observers=[coordinator_user])
    assert tour.observers.count() == 3


def test_an_observer_scores_a_stop_and_it_is_recorded(tour, department_user):
    log = AuditLog()
    stop = tour.stops.first()
    services.score_save(actor=department_user, stop=stop, marks=marks_for(tour, "20", "25.5", 20, 15))
    assert sorted(Score.objects.filter(observer=department_user).values_list("value", flat=True)) == [
        D(15), D(20), D(20), D("25.5")]
    event = log.one()
    assert event.action == "tour.score" and event.changes["total"] == [None, "80.5"]


def test_scoring_a_stop_again_replaces_the_marks(tour, department_user):
    stop = tour.stops.first()
    services.score_save(actor=department_user, stop=stop, marks=marks_for(tour, 20, 25, 20, 15))
    services.score_save(actor=department_user, stop=stop, marks=marks_for(tour, 21, 25, 20, 15))
    assert Score.objects.filter(observer=department_user).count() == 4
    assert Score.objects.get(observer=department_user, criterion__name="项目规模").value == D(21)


def test_someone_not_named_on_the_tour_cannot_score(tour, owner_user):
    with pytest.raises(PermissionDenied):
        services.score_save(actor=owner_user, stop=tour.stops.first(), marks=marks_for(tour, 20, 25, 20, 15))
    assert not Score.objects.exists()


@pytest.mark.parametrize("values, field, message", [
    ((26, 25, 20, 15), "项目规模", "“项目规模”的得分应在0到25分之间。"),
    ((20, -1, 20, 15), "建设进度", "“建设进度”的得分应在0到30分之间。"),
    ((20, 25, "好", 15), "质量形象", "“质量形象”的得分“好”不是数字。"),
    ((20, 25, 20, ""), "达效情况", "“达效情况”未打分。"),
    ((20, 25, 20, "15.25"), "达效情况", "“达效情况”的得分最多保留一位小数。"),
])
def test_a_bad_mark_names_the_criterion_and_saves_nothing(tour, leader_user, values, field, message):
    with pytest.raises(ValidationError) as error:
        services.score_save(actor=leader_user, stop=tour.stops.first(), marks=marks_for(tour, *values))
    criterion = tour.criteria.get(name=field)
    assert error.value.message_dict[f"c{criterion.pk}"] == [message]
    assert not Score.objects.exists()


def test_closing_freezes_the_scores_and_keeps_the_results(tour, coordinator_user, leader_user, department_user):
    first = tour.stops.first()
    services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 20, 25, 20, 15))
    services.score_save(actor=department_user, stop=first, marks=marks_for(tour, 22, 27, 21, 16))
    log = AuditLog()
    services.tour_close(actor=coordinator_user, tour=tour, reason="观摩结束")
    tour.refresh_from_db()
    assert not tour.is_open and tour.closed_by == coordinator_user and tour.results_file
    event = log.one()
    assert event.action == "tour.close" and event.reason == "观摩结束"
    assert event.changes["ranking"][1] == ["1 紫荆大道 83.00", "— 金沙社区 —"]
    sheet = load_workbook(tour.results_file.path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][:5] == (1, "紫荆大道", "紫荆大道建设工程", 2, 2) and rows[3][-1] == 83
    with pytest.raises(ValidationError) as error:
        services.score_save(actor=leader_user, stop=first, marks=marks_for(tour, 25, 30, 25, 20))
    assert "已关闭" in str(error.value)
    assert Score.objects.get(observer=leader_user, criterion__name="项目规模").value == D(20)


def test_a_tour_nobody_scored_cannot_be_closed(tour, coordinator_user):
    with pytest.raises(ValidationError) as error:
        services.tour_close(actor=coordinator_user, tour=tour)
    assert str(error.value.messages[0]) == "还没有观摩人员评分，不能关闭。"
    tour.refresh_from_db()
    assert tour.is_open


@pytest.mark.parametrize("role", ["leader", "department"])
def test_only_the_project_office_closes(tour, user_for, role):
    services.score_save(actor=user_for(role), stop=tour.stops.first(), marks=marks_for(tour, 20, 25, 20, 15))
    with pytest.raises(PermissionDenied):
        services.tour_close(actor=user_for(role), tour=tour)
    tour.refresh_from_db()
    assert tour.is_open


def test_a_closed_tour_cannot_be_replanned(tour, coordinator_user, leader_user):
    services.score_save(actor=leader_user, stop=tour.stops.first(), marks=marks_for(tour, 20, 25, 20, 15))
    services.tour_close(actor=coordinator_user, tour=tour)
    with pytest.raises(ValidationError):
        services.tour_set_stops(actor=coordinator_user, tour=tour, stops=[{"site": "新观摩点"}])
    assert Stop.objects.filter(tour=tour).count() == 2


def test_the_rule_needs_at_least_three_scorers_to_drop_two(tour, coordinator_user):
    with pytest.raises(ValidationError) as error:
        services.tour_update(actor=coordinator_user, tour=tour, data={"min_scorers_to_drop": 2})
    assert "min_scorers_to_drop" in error.value.message_dict
    tour.refresh_from_db()
    assert tour.min_scorers_to_drop == 5


def test_a_tour_needs_a_title(tour, coordinator_user):
    with pytest.raises(ValidationError) as error:
        services.tour_update(actor=coordinator_user, tour=tour, data={"title": "  "})
    assert error.value.message_dict["title"] == ["请填写观摩活动名称。"]
