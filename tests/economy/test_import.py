"""The bureau's table as it really comes: title and note rows, merged two-row headers, 1-3月 headers,
%-signs, units in headers, blank rows; row-numbered errors; preview → confirm; nothing half-saved."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tuijin.economy.models import IndicatorValue
from tuijin.economy.sheet import column_field, read_indicator_sheet
from tuijin.exchange.sheet_source import SheetError

from .conftest import put


def workbook(rows, merges=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MERGED = workbook([
    ["2025年1-3月高新区主要经济指标完成情况"],
    ["单位：亿元、%"],
    [],
    ["序号", "指标名称", "单位", "1-3月", None, "全市", "全省", "全年目标", "全市位次"],
    [None, None, None, "绝对值", "增速(%)", "增速(%)", "增速(%)", "增速(%)", None],
    ["1", "地区生产总值", "亿元", 68.42, "5.6%", "5.9%", 5.9, "6.5", "第5位"],
    [None, None, None, None, None, None, None, None, None],
    ["2", "规上工业增加值", "", None, 7.8, 8.3, 8.1, 8.0, 6],
    ["3", "其中：高技术制造业增加值", "", None, "11.8", "9.4", None, None, None],
    ["4", "固定资产投资（不含农户）", "", None, "9.6％", "6.2", "5.7", "10", 2],
    ["5", "旅游总收入", "亿元", 3.2, 4.0, 5.0, None, None, None],
    ["注：规上工业增加值按可比价计算。"],
], merges=["D4:E4", "A4:A5", "B4:B5", "C4:C5", "I4:I5"])


@pytest.mark.parametrize("text, field", [
    ("指标名称", "name"), ("计量单位", "unit"), ("1-3月绝对值", "value"), ("1-3月增速(%)", "growth"),
    ("同比增长%", "growth"), ("全市增速(%)", "city_growth"), ("全省增速", "province_growth"),
    ("全年目标增速(%)", "target_growth"), ("全年目标", "target_value"), ("全市位次", "rank"), ("备注", None)])
def test_headers_are_matched_by_meaning(text, field):
    assert column_field(text) == field


def test_a_merged_two_row_header_is_read(indicators):
    sheet = read_indicator_sheet(MERGED, indicators=indicators.values())
    assert sheet.period_hint == (2025, 3)
    assert not sheet.errors
    rows = {r.indicator.name: r for r in sheet.rows}
    assert set(rows) == {"地区生产总值", "规模以上工业增加值", "高技术制造业增加值", "固定资产投资"}
    gdp = rows["地区生产总值"].figures
    assert gdp["value"] == D("68.42") and gdp["growth"] == D("5.60") and gdp["city_growth"] == D("5.90")
    assert gdp["target_growth"] == D("6.50") and gdp["rank"] == 5
    assert rows["固定资产投资"].figures["growth"] == D("9.60") and rows["固定资产投资"].row == 10
    assert sheet.skipped == [{"row": 11, "name": "旅游总收入", "reason": "指标不在指标目录中，未导入"}]


def test_a_one_row_header_with_a_unit_converts_to_the_catalogue_unit(indicators):
    content = workbook([["指标", "1-3月累计(万元)", "同比±%", "全市增长%"],
                        ["一般公共预算收入", "41,200", "8.7", "5.1"]])
    sheet = read_indicator_sheet(content, indicators=indicators.values())
    assert sheet.rows[0].figures["value"] == D("4.1200")  # 万元 → 亿元
    assert sheet.period_hint is None


def test_bad_cells_are_reported_by_row_and_column(indicators):
    content = workbook([["指标名称", "增速(%)", "全市位次"], ["固定资产投资", "十二", "前列"]])
    sheet = read_indicator_sheet(content, indicators=indicators.values())
    assert [str(e) for e in sheet.errors] == ["第2行“增速(%)”：“十二”不是百分数",
                                              "第2行“全市位次”：“前列”不是位次（应为 1、2、3…）"]


def test_a_unit_that_cannot_be_converted_is_an_error(indicators):
    content = workbook([["指标名称", "单位", "1-3月", "增速"], ["商品房销售面积", "平方米", 68500, 9.9]])
    sheet = read_indicator_sheet(content, indicators=indicators.values())
    assert "单位为“平方米”" in sheet.errors[0].message


def test_a_sheet_without_indicator_headers_is_refused(indicators):
    with pytest.raises(SheetError, match="找不到表头"):
        read_indicator_sheet(workbook([["项目名称", "总投资"], ["某项目", 100]]), indicators=indicators.values())


def _upload(client, content, period="2025-03"):
    return client.post(reverse("economy:import"), {
        "period": period, "file": SimpleUploadedFile("表.xlsx", content)})


def test_preview_then_confirm_writes_the_period(login, coordinator_user, indicators):
    client = login(coordinator_user)
    response = _upload(client, MERGED)
    assert response.status_code == 200 and not IndicatorValue.objects.exists()
    token = response.context["token"]
    assert "旅游总收入" in response.content.decode()
    response = client.post(reverse("economy:import"), {"token": token})
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(region=coordinator_user.region, year=2025, month=3).count() == 4


def test_a_period_other_than_the_sheet_s_is_refused_with_nothing_saved(login, coordinator_user, indicators):
    response = _upload(login(coordinator_user), MERGED, period="2025-04")
    assert "表格标明的期间为2025年1-3月" in response.context["errors"][0]
    assert "token" not in response.context and not IndicatorValue.objects.exists()


def test_a_row_the_service_refuses_shows_in_the_preview(login, coordinator_user, indicators):
    content = workbook([["指标名称", "1-3月绝对值", "增速(%)"], ["固定资产投资", 120, None]])
    response = _upload(login(coordinator_user), content)
    assert response.context["errors"] == ["第2行：“固定资产投资”按增速发布，请填写同比增长。"]
    assert "token" not in response.context


def test_a_file_that_is_not_excel_is_refused(login, coordinator_user, indicators):
    response = _upload(login(coordinator_user), b"name,value\n")
    assert "文本文件" in response.context["form"].errors["file"][0]


def test_export_holds_the_period_and_is_audited(login, leader_user, zone, indicators):
    put(zone, indicators["固定资产投资"], 3, "9.6", "6.2")
    response = login(leader_user).get(reverse("economy:export") + "?period=2025-03")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"2025年1-3月{zone.name}主要经济指标"
    assert rows[3][:7] == ("固定资产投资", None, None, 9.6, 6.2, None, "是")
    from tuijin.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="export.indicators", actor=leader_user).exists()


def test_an_exported_table_reads_back(login, coordinator_user, zone, indicators):
    put(zone, indicators["地区生产总值"], 3, "5.6", "5.9", value="68.42", rank=5)
    content = login(coordinator_user).get(reverse("economy:export") + "?period=2025-03").content
    sheet = read_indicator_sheet(content, indicators=indicators.values())
    assert sheet.period_hint == (2025, 3) and not sheet.errors
    figures = sheet.rows[0].figures
    assert (figures["value"], figures["growth"], figures["city_growth"], figures["rank"]) == (
        D("68.42"), D("5.60"), D("5.90"), 5)
