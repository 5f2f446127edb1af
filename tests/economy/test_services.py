from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuijin.economy import services
from tuijin.economy.models import Indicator, IndicatorValue
from tuijin.economy.services import ImportRow

from ..helpers import AuditLog

FIGURES = {"value": None, "growth": D("9.6"), "city_growth": D("6.2"), "province_growth": None,
           "target_growth": D("10"), "target_value": None, "rank": 2}


def test_coordinator_adds_an_indicator_with_an_audit_event(coordinator_user):
    log = AuditLog()
    indicator = services.indicator_create(actor=coordinator_user, data={
        "name": " 进出口总额 ", "unit": "亿元", "published": "both", "group": "table", "aliases": "", "order": 1,
        "active": True})
    assert indicator.name == "进出口总额"
    event = log.one()
    assert event.action == "indicator.create" and event.changes["name"] == [None, "进出口总额"]


def test_a_duplicate_name_is_refused_naming_the_field(coordinator_user, indicators):
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(actor=coordinator_user, data={"name": "固定资产投资", "published": "growth"})
    assert "已在目录中" in caught.value.message_dict["name"][0]


@pytest.mark.parametrize("role", ["leader", "department", "owner"])
def test_only_the_office_keeps_the_catalogue(user_for, role, indicators):
    with pytest.raises(PermissionDenied):
        services.indicator_create(actor=user_for(role), data={"name": "新指标", "published": "growth"})
    with pytest.raises(PermissionDenied):
        services.value_save(actor=user_for(role), region=user_for("coordinator").region,
                            indicator=indicators["固定资产投资"], year=2025, month=3, figures=FIGURES)


def test_a_stale_catalogue_edit_is_refused(coordinator_user, indicators):
    indicator = indicators["工业投资"]
    services.indicator_update(actor=coordinator_user, indicator=indicator, data={"unit": "%"}, expected_version=1)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.indicator_update(actor=coordinator_user, indicator=indicator, data={"unit": ""}, expected_version=1)


def test_value_save_creates_then_updates_with_old_and_new_in_the_trail(coordinator_user, zone, indicators):
    indicator = indicators["固定资产投资"]
    record = services.value_save(actor=coordinator_user, region=zone, indicator=indicator, year=2025, month=3,
                                 figures=FIGURES)
    log = AuditLog()
    services.value_save(actor=coordinator_user, region=zone, indicator=indicator, year=2025, month=3,
                        figures={**FIGURES, "growth": D("9.8")}, expected_version=record.version)
    assert IndicatorValue.objects.get().growth == D("9.8")
    assert log.one().changes["growth"] == ["9.6", "9.8"]


def test_a_stale_value_form_is_refused(coordinator_user, zone, indicators):
    kwargs = {"actor": coordinator_user, "region": zone, "indicator": indicators["固定资产投资"], "year": 2025,
              "month": 3}
    services.value_save(**kwargs, figures=FIGURES)
    services.value_save(**kwargs, figures=FIGURES, expected_version=1)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.value_save(**kwargs, figures={**FIGURES, "growth": D(1)}, expected_version=1)


def test_another_zone_is_out_of_the_office_s_reach(coordinator_user, other_zone, indicators):
    with pytest.raises(PermissionDenied):
        services.value_save(actor=coordinator_user, region=other_zone, indicator=indicators["固定资产投资"],
                            year=2025, month=3, figures=FIGURES)


@pytest.mark.parametrize("name, figures, field, words", [
    ("固定资产投资", {"growth": None}, "growth", "按增速发布"),
    ("地区生产总值", {"value": None, "growth": None}, "growth", "至少填写"),
    ("固定资产投资", {"growth": D("-150")}, "growth", "不合理"),
    ("固定资产投资", {"rank": 0}, "rank", "位次从1开始"),
])
def test_bad_figures_are_refused_by_field(coordinator_user, zone, indicators, name, figures, field, words):
    with pytest.raises(ValidationError) as caught:
        services.value_save(actor=coordinator_user, region=zone, indicator=indicators[name], year=2025, month=3,
                            figures={**FIGURES, **figures})
    assert words in caught.value.message_dict[field][0]
    assert not IndicatorValue.objects.exists()


def test_level_only_indicator_needs_its_level(coordinator_user, zone):
    indicator = Indicator.objects.create(name="税收收入", unit="亿元", published="level")
    with pytest.raises(ValidationError, match="按总量发布"):
        services.value_save(actor=coordinator_user, region=zone, indicator=indicator, year=2025, month=3,
                            figures={"growth": D(5)})


def test_an_import_with_one_bad_row_saves_nothing_and_names_every_row(coordinator_user, zone, indicators):
    rows = [ImportRow(5, indicators["固定资产投资"], FIGURES),
            ImportRow(6, indicators["规模以上工业增加值"], {"growth": None}),
            ImportRow(7, indicators["固定资产投资"], FIGURES)]
    log = AuditLog()
    with pytest.raises(ValidationError) as caught:
        services.values_import(actor=coordinator_user, region=zone, year=2025, month=3, rows=rows)
    assert any(m.startswith("第6行") and "按增速发布" in m for m in caught.value.messages)
    assert any(m.startswith("第7行") and "与第5行重复" in m for m in caught.value.messages)
    assert not IndicatorValue.objects.exists() and not log.new()


def test_an_import_writes_each_row_and_one_summary_event(coordinator_user, zone, indicators):
    log = AuditLog()
    result = services.values_import(actor=coordinator_user, region=zone, year=2025, month=3, filename="表.xlsx",
                                    rows=[ImportRow(5, indicators["固定资产投资"], FIGURES)])
    assert (result.created, result.updated) == (1, 0)
    assert [e.action for e in log.new()] == ["indicator_value.create", "indicator_value.import"]
