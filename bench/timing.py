"""Timing: a warm-up (the runner's agreement check serves as one), then several runs in this one process; the
median is what the table shows."""

import gc
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class Timing:
    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def measure(work, *, repeats: int, warmup=None, budget: float = 60.0) -> Timing:
    """Run `warmup` (default: `work` itself) once, then `work` `repeats` times — fewer when one run is so slow
    that the runs would exceed `budget` seconds (never fewer than one)."""
    (warmup or work)()
    timing = Timing()
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        work()
        timing.runs.append(time.perf_counter() - started)
        if sum(timing.runs) > budget:
            break
    return timing
