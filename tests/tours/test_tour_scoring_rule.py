from decimal import Decimal as D

from tuijin.tours.scoring import ranks, stop_average


def test_the_mean_of_every_total_when_fewer_scorers_than_the_rule_needs():
    result = stop_average([D(80), D(90), D(100), D(70)], drop_extremes=True, min_scorers=5)
    assert (result.score, result.counted, result.dropped) == (D("85.00"), 4, False)


def test_the_highest_and_the_lowest_are_left_out_once_there_are_enough_scorers():
    result = stop_average([D(80), D(90), D(100), D(70), D(85)], drop_extremes=True, min_scorers=5)
    assert (result.score, result.counted, result.scorers, result.dropped) == (D("85.00"), 3, 5, True)
    assert result.kept == frozenset({0, 1, 4})


def test_only_one_of_several_equal_highest_totals_is_left_out():
    result = stop_average([D(90), D(90), D(90), D(60), D(75)], drop_extremes=True, min_scorers=5)
    assert result.score == D("85.00")  # (90 + 90 + 75) / 3


def test_nothing_is_left_out_when_the_tour_does_not_drop_extremes():
    result = stop_average([D(80), D(90), D(100), D(70), D(85)], drop_extremes=False, min_scorers=5)
    assert (result.score, result.counted, result.dropped) == (D("85.00"), 5, False)


def test_the_mean_is_rounded_half_up_to_two_places():
    assert stop_average([D("80.5"), D(80), D(80)], drop_extremes=False, min_scorers=5).score == D("80.17")
    assert stop_average([D("80.01"), D(80)], drop_extremes=False, min_scorers=5).score == D("80.01")
    assert stop_average([D("0.01"), D(0)], drop_extremes=False, min_scorers=5).score == D("0.01")


def test_a_stop_nobody_scored_has_no_score():
    result = stop_average([], drop_extremes=True, min_scorers=5)
    assert (result.score, result.counted, result.scorers) == (None, 0, 0)


def test_equal_scores_share_a_rank_and_the_next_is_skipped():
    assert ranks([D(90), D(85), D(85), D(70), None]) == [1, 2, 2, 4, None]
