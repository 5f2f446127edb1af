"""The cases: each pairs our code with an anchor doing the same work on the same data, and a check that
the two agree before anything is timed."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Case:
    name: str
    anchor: str
    goal: float
    ours: Callable[[], object]
    anchor_fn: Callable[[], object]
    agree: Callable[[object, object], str]  # raises AssertionError if they differ; returns a note (e.g. sizes)
    order: int = 0
    extra: dict = field(default_factory=dict)
    # Further anchors for the same work (e.g. a second reader), each timed and shown as a row of its own.
    more_anchors: list[tuple[str, Callable[[], object]]] = field(default_factory=list)
