"""Header matching, units in notes and headers, and the period a sheet's title or notes name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuijin.exchange.sheet_headers import (
    SYNONYMS,
    UnknownUnit,
    match_column,
    match_header,
    note_period,
    note_unit,
)

ALL_SYNONYMS = [(field, name) for field, names in SYNONYMS.items() for name in names]


@pytest.mark.parametrize(("field", "name"), ALL_SYNONYMS)
def test_every_synonym_names_its_field(field, name):
    match = match_header(name)
    assert match.field == field
    assert match.exact


@pytest.mark.parametrize(("text", "field", "unit"), [
    ("总投资\n（万元）", "total_investment", "万元"),
    ("总 投 资(亿元)", "total_investment", "亿元"),
    ("总投资【亿元】", "total_investment", "亿元"),
    ("总投资（单位：亿元）", "total_investment", "亿元"),
    ("总投资/亿元", "total_investment", "亿元"),
    ("总投资万元", "total_investment", "万元"),
    ("*项目名称", "name", None),
    ("项目名称（全称）", "name", None),
    ("项目代码（全国投资项目在线审批监管平台赋码）", "code", None),
    ("2025年计划投资（万元）", "annual_plan", "万元"),
    ("2025年度计划投资", "annual_plan", None),
    ("全年计划投资", "annual_plan", None),
    ("2025年1-4月完成投资（万元）", "completed_ytd", "万元"),
    ("1—4月份完成投资", "completed_ytd", None),
    ("1至4月累计完成投资", "completed_ytd", None),
    ("一至四月完成投资", "completed_ytd", None),
    ("截至4月底累计完成投资", "completed_ytd", None),
    ("4月份完成投资", "completed_month", None),
    ("开工以来累计完成投资（亿元）", "completed_since_start", "亿元"),
    ("完成率（%）", "completion_rate", None),
    ("完成率%", "completion_rate", None),
    ("1-4月完成占年度计划比例", "completion_rate", None),
    ("县（市、区）", "region", None),
    ("县(市、区)", "region", None),
    ("项目建设单位名称", "owner", None),
    ("计划开工时间（年月）", "planned_start", None),
    ("计划竣工投产时间", "planned_end", None),
    ("是否开工（是/否）", "started", None),
    ("责任单位（牵头）", "department", None),
    ("区级分包领导", "leader", None),
    ("主要建设内容及规模（限100字）", "scale", None),
])
def test_header_variants(text, field, unit):
    match = match_header(text)
    assert (match.field, match.unit) == (field, unit)


@pytest.mark.parametrize("text", ["联系电话", "项目单位联系人", "用地面积（亩）", "就业人数", "", None, "责任领导及联系电话"])
def test_headers_that_name_no_field(text):
    match = match_header(text)
    assert match is None or match.field is None


def test_header_details():
    match = match_header("2025年1-4月完成投资（亿元）")
    assert (match.ytd_month, match.year, match.unit) == (4, 2025, "亿元")
    assert match_header("完成率（%）").per_cent
    assert not match_header("完成率").per_cent
    assert match_header("总投资（万美元）").bad_unit == "万美元"
    assert match_header("总投资（万元）").bad_unit is None
    assert match_header("1-12月完成投资").ytd_month == 12


@pytest.mark.parametrize(("texts", "field"), [
    (["2025年投资", "计划"], "annual_plan"),
    (["2025年投资", "1-4月完成"], "completed_ytd"),
    (["2025年投资", "完成率"], "completion_rate"),
    (["本年度投资", "完成"], "completed_ytd"),
    (["年度投资", "计划"], "annual_plan"),
    (["开工以来", "累计完成"], "completed_since_start"),
    (["投资完成情况", "本月"], "completed_month"),
    (["总投资", "合计"], "total_investment"),
    (["总投资", "（万元）"], "total_investment"),
    (["计划开竣工时间", "开工"], "planned_start"),
    (["计划开竣工时间", "竣工"], "planned_end"),
    (["建设起止年限", "开工"], "planned_start"),
    (["开工时间", "计划"], "planned_start"),
    (["开工时间", "实际"], "actual_start"),
    (["项目基本情况", "项目名称"], "name"),
    (["项目名称", "项目名称"], "name"),
    (["项目名称"], "name"),
    (["项目基本情况", "建设地点"], None),
])
def test_parent_and_child(texts, field):
    match = match_column(texts)
    assert (match.field if match else None) == field


def test_parent_unit_applies_to_children_and_child_unit_wins():
    assert match_column(["2025年投资（亿元）", "计划"]).unit == "亿元"
    assert match_column(["2025年投资（亿元）", "计划（万元）"]).unit == "万元"
    assert match_column(["2025年1-4月", "完成投资"]).ytd_month == 4


UNIT_WORDS = {"万元": "万元", "万": "万元", "亿元": "亿元", "亿": "亿元", "元": "元", "人民币万元": "万元",
              "万元人民币": "万元"}


@given(st.sampled_from(sorted(UNIT_WORDS)), st.sampled_from(["单位：{u}", "单位:{u}", "（单位：{u}）", "金额单位：{u}",
                                                             "单位： {u}", "单位：{u}、个", "单位：{u}，%"]),
       st.sampled_from(["", "填报单位：高新区项目办　", "截至时间：2025年4月30日  ", "制表："]),
       st.sampled_from(["", "　截至2025年4月底", " 填报人：张三"]))
def test_unit_notes(word, pattern, before, after):
    assert note_unit(before + pattern.format(u=word) + after) == UNIT_WORDS[word]


@given(st.sampled_from(["美元", "万美元", "欧元", "港元", "港币", "日元", "万日元", "英镑元"]),
       st.sampled_from(["单位：{u}", "（单位：{u}）", "金额单位：{u}", "填报单位：某局 单位：{u}"]))
def test_unknown_currencies_raise(word, pattern):
    with pytest.raises(UnknownUnit) as caught:
        note_unit(pattern.format(u=word))
    assert caught.value.unit == word


@pytest.mark.parametrize("text", ["填报单位：高新区项目办", "建设单位：某公司", "单位：个", "2025年重点项目表", "责任单位：发改局"])
def test_notes_without_a_money_unit(text):
    assert note_unit(text) is None


def test_unit_in_brackets_of_a_title():
    assert note_unit("2025年重点项目推进情况表（亿元）") == "亿元"


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_period_from_notes_and_titles(year, month):
    expected = f"{year}-{month:02d}"
    assert note_period([f"截至{year}年{month}月底"], None) == (expected, year)
    assert note_period([f"填报单位：某局　截至时间：{year}年{month}月28日　单位：万元"], None) == (expected, year)
    assert note_period([f"截止{year}.{month}.28"], None) == (expected, year)
    assert note_period([], f"{year}年1-{month}月重点项目推进情况") == (expected, year)
    assert note_period([], f"{year}年{month}月份重点项目调度表") == (expected, year)
    assert note_period([f"截至{month}月底"], f"{year}年区定“三十工程”推进情况表") == (expected, year)
    assert note_period([], f"{year}年区定“三十工程”推进情况表") == (None, year)


def test_a_filing_date_is_not_the_period():
    assert note_period(["填报时间：2025年5月6日"], "重点项目表") == (None, 2025)
    assert note_period([], None) == (None, None)


@given(st.sampled_from(ALL_SYNONYMS), st.sampled_from(["", "（万元）", "(亿元)", "\n（元）", "（单位：万元）"]),
       st.integers(min_value=0, max_value=3), st.booleans())
def test_header_spacing_brackets_and_width_do_not_matter(pair, unit_part, gap, full_width):
    field, name = pair
    spaced = (" " * gap).join(name) if gap else name
    if full_width:
        spaced = spaced.replace("(", "（").replace(")", "）")
    match = match_header(spaced + unit_part)
    assert match.field == field
    if unit_part:
        assert match.unit == {"（万元）": "万元", "(亿元)": "亿元", "\n（元）": "元", "（单位：万元）": "万元"}[unit_part]


@pytest.mark.parametrize(("texts", "field"), [
    (["投资情况", "2025年计划"], "annual_plan"),
    (["投资情况（万元）", "总投资"], "total_investment"),
    (["总投资", "计划"], "total_investment"),
    (["总投资", "累计完成"], "completed_since_start"),
    (["2025年投资", "本月完成"], "completed_month"),
    (["2025年投资", "占年度计划%"], "completion_rate"),
])
def test_more_parents_and_children(texts, field):
    assert match_column(texts).field == field
