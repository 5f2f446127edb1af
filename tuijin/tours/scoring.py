"""The scoring rule of a tour, in one place (docs/tours.md says the same in words).

Each observer gives each stop a mark for every criterion, from 0 up to the criterion's weight; the weights
add up to 100, so an observer's total for a stop is out of 100.

A stop's score is the mean of its observers' totals. When the tour says so (`drop_extremes`) and at least
`min_scorers` observers scored the stop, the single highest and the single lowest total are left out first
(one of each, even when several observers gave the same total). The mean is rounded half up to two
decimals. Stops are ranked by that score, highest first; equal scores share a rank and the next rank is
skipped (1, 2, 2, 4); a stop nobody scored has no score and no rank and is listed last.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Average:
    score: Decimal | None  # None when nobody scored
    counted: int  # totals the mean is taken over
    scorers: int  # observers who scored
    dropped: bool  # the highest and lowest totals were left out
    kept: frozenset = field(default_factory=frozenset)  # indexes into the totals that were counted


def stop_average(totals: list[Decimal], *, drop_extremes: bool, min_scorers: int) -> Average:
    """The score of one stop from its observers' totals, by the rule in the module docstring."""
    scorers = len(totals)
    if not scorers:
        return Average(None, 0, 0, False)
    order = sorted(range(scorers), key=lambda i: (totals[i], i))
    dropped = drop_extremes and scorers >= max(min_scorers, 3)
    kept = order[1:-1] if dropped else order
    mean = sum((totals[i] for i in kept), Decimal(0)) / Decimal(len(kept))
    return Average(mean.quantize(CENT, rounding=ROUND_HALF_UP), len(kept), scorers, dropped, frozenset(kept))


def ranks(scores: list[Decimal | None]) -> list[int | None]:
    """Competition ranks for `scores` (highest first, ties share a rank, None gets no rank)."""
    ranked = sorted((s for s in scores if s is not None), reverse=True)
    return [None if s is None else ranked.index(s) + 1 for s in scores]
