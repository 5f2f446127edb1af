"""The lifecycle guards: each says in Chinese what a move still lacks; refused jumps are named."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tuijin.projects.lifecycle import (
    ALLOWED,
    WATCHED_FOR,
    Stage,
    TransitionFacts,
    is_backwards,
    transition_problems,
)

TODAY = date(2025, 6, 15)


@dataclass
class P:
    """Just the fields the guards read."""

    stage: str = Stage.PLANNING
    signed_on: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    actual_output: Decimal | None = None
    designed_output: Decimal | None = None
    stage_before_suspension: str = ""


def problems(project, target, **facts):
    return transition_problems(project, target, TransitionFacts(**facts), TODAY)


def test_every_stage_is_watched_for_something_in_the_seeds_words():
    assert {str(v) for v in WATCHED_FOR.values()} >= {"盯前期", "盯签约", "盯开工", "盯进度", "盯达效"}
    assert set(WATCHED_FOR) == set(Stage)


# --- the allowed forward moves ---------------------------------------------------------------------------

@pytest.mark.parametrize("project, target, facts", [
    (P(Stage.PLANNING), Stage.PROMOTION, {}),
    (P(Stage.PLANNING), Stage.PENDING, {}),
    (P(Stage.PROMOTION), Stage.PENDING, {"signed_on": date(2025, 1, 5)}),
    (P(Stage.PROMOTION, signed_on=date(2025, 1, 5)), Stage.PENDING, {}),
    (P(Stage.PENDING), Stage.CONSTRUCTION, {"actual_start": date(2025, 3, 1)}),
    (P(Stage.PENDING), Stage.CONSTRUCTION, {"actual_start": TODAY}),
    (P(Stage.PENDING, actual_start=date(2025, 3, 1)), Stage.CONSTRUCTION, {}),
    (P(Stage.CONSTRUCTION, actual_start=date(2024, 3, 1)), Stage.COMPLETED, {"actual_end": date(2025, 5, 1)}),
    (P(Stage.COMPLETED, designed_output=Decimal(100)), Stage.EFFECTIVE, {"actual_output": Decimal(100)}),
    (P(Stage.COMPLETED, designed_output=Decimal(100), actual_output=Decimal(120)), Stage.EFFECTIVE, {}),
    (P(Stage.COMPLETED, designed_output=Decimal(100)), Stage.EFFECTIVE,
     {"actual_output": Decimal(60), "effective_by_decision": True, "reason": "管委会第5次主任办公会认定"}),
])
def test_allowed_moves_with_their_facts_have_no_problems(project, target, facts):
    assert problems(project, target, **facts) == {}


# --- the guards ------------------------------------------------------------------------------------------

def test_construction_needs_an_actual_start():
    assert problems(P(Stage.PENDING), Stage.CONSTRUCTION) == {"actual_start": "转为在建须填写实际开工日期。"}


def test_actual_start_may_not_be_in_the_future():
    assert problems(P(Stage.PENDING), Stage.CONSTRUCTION, actual_start=date(2025, 6, 16)) == {
        "actual_start": "实际开工日期不能晚于今天。"}


def test_completed_needs_an_end_date():
    assert problems(P(Stage.CONSTRUCTION, actual_start=date(2024, 1, 1)), Stage.COMPLETED) == {
        "actual_end": "转为建成投产须填写实际建成日期。"}


def test_completed_end_may_not_precede_the_start():
    result = problems(P(Stage.CONSTRUCTION, actual_start=date(2025, 3, 1)), Stage.COMPLETED,
                      actual_end=date(2025, 2, 28))
    assert result == {"actual_end": "实际建成日期不能早于实际开工日期（2025-03-01）。"}


def test_completed_end_on_the_start_day_is_fine():
    assert problems(P(Stage.CONSTRUCTION, actual_start=date(2025, 3, 1)), Stage.COMPLETED,
                    actual_end=date(2025, 3, 1)) == {}


def test_completed_end_may_not_be_in_the_future():
    assert problems(P(Stage.CONSTRUCTION, actual_start=date(2025, 3, 1)), Stage.COMPLETED,
                    actual_end=date(2025, 7, 1)) == {"actual_end": "实际建成日期不能晚于今天。"}


def test_effective_needs_output_at_least_designed():
    result = problems(P(Stage.COMPLETED, designed_output=Decimal(100)), Stage.EFFECTIVE,
                      actual_output=Decimal("99.99"))
    assert set(result) == {"actual_output"}
    assert "实际产值不低于设计产值（100万元）" in result["actual_output"]
    assert "经研究认定达效" in result["actual_output"]


def test_effective_without_a_designed_output_needs_a_decision():
    result = problems(P(Stage.COMPLETED), Stage.EFFECTIVE, actual_output=Decimal(50))
    assert "设计产值（未填万元）" in result["actual_output"]


def test_effective_by_decision_needs_its_grounds():
    result = problems(P(Stage.COMPLETED, designed_output=Decimal(100)), Stage.EFFECTIVE,
                      actual_output=Decimal(60), effective_by_decision=True)
    assert result == {"reason": "经研究认定达效须写明认定依据。"}
    assert problems(P(Stage.COMPLETED, designed_output=Decimal(100)), Stage.EFFECTIVE,
                    actual_output=Decimal(60), effective_by_decision=True, reason="   ") == result


@pytest.mark.parametrize("current", [Stage.PLANNING, Stage.PROMOTION, Stage.PENDING, Stage.CONSTRUCTION])
def test_suspension_needs_a_reason(current):
    project = P(current, actual_start=date(2025, 1, 1))
    assert problems(project, Stage.SUSPENDED) == {"reason": "转为“暂缓”须写明原因。"}
    assert problems(project, Stage.SUSPENDED, reason="投资方调整计划") == {}


@pytest.mark.parametrize("current", [Stage.PLANNING, Stage.PROMOTION, Stage.PENDING])
def test_withdrawal_needs_a_reason(current):
    assert problems(P(current), Stage.WITHDRAWN) == {"reason": "转为“退库”须写明原因。"}
    assert problems(P(current), Stage.WITHDRAWN, reason="不符合产业准入要求") == {}


@pytest.mark.parametrize("current, target", [(Stage.PROMOTION, Stage.PLANNING), (Stage.PENDING, Stage.PROMOTION)])
def test_backward_moves_need_a_reason(current, target):
    assert is_backwards(current, target)
    assert problems(P(current), target) == {"reason": f"转为“{Stage(target).label}”须写明原因。"}
    assert problems(P(current), target, reason="投资方重新洽谈") == {}


def test_forward_moves_are_not_backwards():
    assert not is_backwards(Stage.PLANNING, Stage.PROMOTION)
    assert not is_backwards(Stage.SUSPENDED, Stage.PLANNING)


def test_promotion_to_pending_needs_the_signing_date():
    assert problems(P(Stage.PROMOTION), Stage.PENDING) == {"signed_on": "招商项目转为待开工，须填写签约日期。"}


def test_several_problems_are_reported_together():
    """A suspended construction project resumed without a reason or a start date lacks both."""
    project = P(Stage.SUSPENDED, stage_before_suspension=Stage.CONSTRUCTION)
    assert problems(project, Stage.CONSTRUCTION) == {"reason": "转为“在建”须写明原因。",
                                                     "actual_start": "转为在建须填写实际开工日期。"}


# --- refused jumps ---------------------------------------------------------------------------------------

def test_planning_straight_to_construction_is_refused_in_chinese():
    assert problems(P(Stage.PLANNING), Stage.CONSTRUCTION, actual_start=date(2025, 3, 1)) == {
        "stage": "不能从“谋划”直接转到“在建”。"}


def test_moving_to_the_same_stage_is_refused():
    assert problems(P(Stage.CONSTRUCTION), Stage.CONSTRUCTION) == {"stage": "项目已处于“在建”阶段。"}


REFUSED = [(a, b) for a in Stage for b in Stage if a != b and b not in ALLOWED[a]]


@pytest.mark.parametrize("current, target", REFUSED, ids=[f"{a.label}→{b.label}" for a, b in REFUSED])
def test_every_move_outside_the_table_is_refused(current, target):
    result = problems(P(current, actual_start=date(2025, 1, 1), actual_end=date(2025, 5, 1),
                        designed_output=Decimal(1), actual_output=Decimal(2)),
                      target, reason="说明", actual_start=date(2025, 1, 1), actual_end=date(2025, 5, 1),
                      signed_on=date(2024, 12, 1))
    assert result == {"stage": f"不能从“{current.label}”直接转到“{target.label}”。"}


def test_refused_jumps_include_the_ones_that_skip_the_guards():
    assert (Stage.PLANNING, Stage.CONSTRUCTION) in REFUSED
    assert (Stage.PENDING, Stage.COMPLETED) in REFUSED
    assert (Stage.CONSTRUCTION, Stage.EFFECTIVE) in REFUSED
    assert (Stage.CONSTRUCTION, Stage.PENDING) in REFUSED
    assert all((Stage.EFFECTIVE, s) in REFUSED for s in Stage if s != Stage.EFFECTIVE)


# --- suspension --------------------------------------------------------------------------------------------

def test_suspended_project_resumes_only_to_its_previous_stage():
    project = P(Stage.SUSPENDED, stage_before_suspension=Stage.PENDING)
    assert problems(project, Stage.PENDING, reason="投资方恢复投资") == {}
    assert problems(project, Stage.PLANNING, reason="重新谋划") == {
        "stage": "暂缓的项目只能恢复到暂缓前的“待开工”阶段，或退库。"}
    assert problems(project, Stage.PROMOTION, reason="重新招商") == {
        "stage": "暂缓的项目只能恢复到暂缓前的“待开工”阶段，或退库。"}


def test_suspended_project_may_be_withdrawn_with_a_reason():
    project = P(Stage.SUSPENDED, stage_before_suspension=Stage.CONSTRUCTION)
    assert problems(project, Stage.WITHDRAWN) == {"reason": "转为“退库”须写明原因。"}
    assert problems(project, Stage.WITHDRAWN, reason="项目终止") == {}


def test_resuming_needs_a_reason():
    project = P(Stage.SUSPENDED, stage_before_suspension=Stage.PROMOTION)
    assert problems(project, Stage.PROMOTION) == {"reason": "转为“招商”须写明原因。"}


def test_resuming_construction_keeps_the_start_guard():
    project = P(Stage.SUSPENDED, stage_before_suspension=Stage.CONSTRUCTION, actual_start=date(2025, 1, 1))
    assert problems(project, Stage.CONSTRUCTION, reason="复工") == {}


def test_withdrawn_project_may_only_return_to_planning_with_a_reason():
    assert problems(P(Stage.WITHDRAWN), Stage.PLANNING) == {"reason": "转为“谋划”须写明原因。"}
    assert problems(P(Stage.WITHDRAWN), Stage.PLANNING, reason="重新纳入谋划") == {}
    assert problems(P(Stage.WITHDRAWN), Stage.PROMOTION, reason="x") == {"stage": "不能从“退库”直接转到“招商”。"}
