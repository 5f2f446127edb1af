"""前期 maturity: a score from the eleven items and the three kinds of readiness."""

import pytest

from tuijin.projects.preparation import APPROVALS, FEASIBILITY, PrepItem, PrepStatus, maturity

DONE, DOING, TODO, NA = PrepStatus.DONE, PrepStatus.DOING, PrepStatus.TODO, PrepStatus.NOT_NEEDED


def all_items(status):
    return dict.fromkeys(PrepItem, status)


def test_the_items_are_the_five_elements_and_six_approvals():
    assert [PrepItem(i).label for i in FEASIBILITY] == ["项目选址", "建设内容", "建设方案", "投资估算", "融资筹措"]
    assert [PrepItem(i).label for i in APPROVALS] == ["立项/备案", "用地", "规划许可", "环评", "能评", "施工许可"]
    assert len(PrepItem) == 11


def test_nothing_done():
    result = maturity({})
    assert result["score"] == 0
    assert not any(r["ok"] for r in result["ready"].values())
    assert result["ready"]["promotable"]["missing"] == ["项目选址", "建设内容", "投资估算"]
    assert result["ready"]["fundable"]["missing"] == ["立项/备案", "建设内容", "投资估算", "融资筹措"]
    assert result["ready"]["implementable"]["missing"] == [
        "项目选址", "建设内容", "建设方案", "投资估算", "融资筹措", "立项/备案", "用地", "规划许可", "环评"]


def test_everything_done():
    result = maturity(all_items(DONE))
    assert result["score"] == 100
    assert all(r["ok"] and r["missing"] == [] for r in result["ready"].values())
    assert [r["label"] for r in result["ready"].values()] == ["对上可争取", "对外可招商", "对内可实施"]


def test_everything_not_needed_counts_as_complete():
    assert maturity(all_items(NA))["score"] == 100


def test_an_item_under_way_earns_half():
    assert maturity({PrepItem.SITE: DOING})["score"] == round(100 * 0.5 / 11)  # 5
    assert maturity(all_items(DOING))["score"] == 50


def test_not_needed_leaves_the_denominator():
    statuses = all_items(DONE) | {PrepItem.ENERGY: NA, PrepItem.BUILDING_PERMIT: TODO}
    assert maturity(statuses)["score"] == 90  # 9 of 10 applicable items


@pytest.mark.parametrize("key, items", [
    ("promotable", [PrepItem.SITE, PrepItem.CONTENT, PrepItem.ESTIMATE]),
    ("fundable", [PrepItem.FILING, PrepItem.CONTENT, PrepItem.ESTIMATE, PrepItem.FINANCING]),
    ("implementable", [*FEASIBILITY, PrepItem.FILING, PrepItem.LAND, PrepItem.PLANNING_PERMIT, PrepItem.EIA]),
])
def test_each_readiness_needs_exactly_its_items(key, items):
    ready = maturity(dict.fromkeys(items, DONE))["ready"][key]
    assert ready["ok"] and ready["missing"] == []
    for item in items:
        # Under way is not settled; 不涉及 is.
        short = maturity(dict.fromkeys(items, DONE) | {item: DOING})["ready"][key]
        assert not short["ok"] and short["missing"] == [PrepItem(item).label]
        assert maturity(dict.fromkeys(items, DONE) | {item: NA})["ready"][key]["ok"]


def test_promotable_but_not_implementable():
    result = maturity({PrepItem.SITE: DONE, PrepItem.CONTENT: DONE, PrepItem.ESTIMATE: DONE})
    assert result["ready"]["promotable"]["ok"]
    assert not result["ready"]["implementable"]["ok"]
    assert result["score"] == round(100 * 3 / 11)
