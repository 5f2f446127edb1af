"""The blocks other domains add below the project figures on the leaders' dashboard (招商, 争资, 经济运行,
安全, 督办 …).

Each entry names a function `block(user, *, as_of) -> DashboardBlock | None`; it computes its figures
with its own app's selectors, in the user's scope, and returns None when the user has nothing to see
there. The list fixes the order in which the blocks appear."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.module_loading import import_string

BLOCKS: list[str] = [
    "tuijin.promotion.dashboard.block",
    "tuijin.funding.dashboard.block",
    "tuijin.economy.dashboard.block",
    "tuijin.assist.dashboard.block",
    "tuijin.safety.dashboard.block",
    "tuijin.tasks.dashboard.block",
]


@dataclass(frozen=True)
class DashboardBlock:
    template: str  # rendered with `block` in its context
    title: str
    context: dict = field(default_factory=dict)


def dashboard_blocks(user, *, as_of: date) -> list[DashboardBlock]:
    blocks = (import_string(path)(user, as_of=as_of) for path in BLOCKS)
    return [block for block in blocks if block is not None]
