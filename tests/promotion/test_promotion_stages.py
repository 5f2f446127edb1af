"""The allowed moves and the guards, in one place (stages.py)."""

from datetime import date
from types import SimpleNamespace

import pytest

from tuijin.promotion.stages import ALLOWED, NO_FACTS, ORDER, LeadStage, MoveFacts, move_problems, path_to

TODAY = date(2025, 6, 30)


def lead_at(stage, started_on=None):
    return SimpleNamespace(stage=stage, started_on=started_on)


def problems(stage, target, facts=NO_FACTS, signed=None, funds=False, started_on=None):
    return move_problems(lead_at(stage, started_on), target, facts, first_signed_on=signed, has_funds=funds,
                         today=TODAY)


def test_each_stage_moves_one_step_forward_or_back_and_may_end():
    for index, stage in enumerate(ORDER[:-1]):
        assert ORDER[index + 1] in ALLOWED[stage]
        assert LeadStage.TERMINATED in ALLOWED[stage]
    assert LeadStage.TERMINATED not in ALLOWED[LeadStage.FUNDED]
    assert ALLOWED[LeadStage.TERMINATED] == {LeadStage.CLUE}


def test_skipping_a_stage_is_refused_in_chinese():
    assert problems(LeadStage.CLUE, LeadStage.NEGOTIATION) == {"stage": "不能从“线索”直接转到“在谈”。"}


def test_stepping_back_and_ending_need_a_reason():
    assert "reason" in problems(LeadStage.INSPECTION, LeadStage.CONTACT)
    assert "reason" in problems(LeadStage.CONTACT, LeadStage.TERMINATED)
    assert problems(LeadStage.CONTACT, LeadStage.TERMINATED, MoveFacts(reason="投资方放弃")) == {}


def test_signing_needs_a_recorded_contract():
    assert problems(LeadStage.NEGOTIATION, LeadStage.SIGNED)["stage"].startswith("转为签约须先登记签约合同")
    assert problems(LeadStage.NEGOTIATION, LeadStage.SIGNED, signed=date(2025, 3, 1)) == {}


@pytest.mark.parametrize("started_on, message", [
    (None, "转为开工须填写开工日期。"),
    (date(2025, 7, 1), "开工日期不能晚于今天。"),
    (date(2025, 2, 1), "开工日期不能早于签约日期（2025-03-01）。"),
])
def test_starting_needs_a_sensible_start_date(started_on, message):
    found = problems(LeadStage.PENDING_START, LeadStage.STARTED, MoveFacts(started_on=started_on),
                     signed=date(2025, 3, 1))
    assert found == {"started_on": message}


def test_funded_needs_funds_in_place():
    assert problems(LeadStage.STARTED, LeadStage.FUNDED) == {"stage": "转为到资须先登记到位资金。"}
    assert problems(LeadStage.STARTED, LeadStage.FUNDED, funds=True) == {}


def test_path_walks_forward_only():
    assert path_to(LeadStage.CLUE, LeadStage.INSPECTION) == [LeadStage.CONTACT, LeadStage.INSPECTION]
    assert path_to(LeadStage.SIGNED, LeadStage.CLUE) == []
