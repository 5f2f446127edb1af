"""The warning rules as one measurement reads them: once, at its first need.

A measurement (a bulletin, a progress table) starts from tracking.progress.time_progress and may then ask
tracking.progress.progress_level for every row. Reading the stored progress rule for every row would cost a
query a row; keeping it in a process-wide cache would let a change made in one app server go unseen in the
others. So the rules are read at the first need after a measurement starts (time_progress marks the start)
and kept for that measurement only: one query per measurement, always the rules in force. A memo older than
MEMO_SECONDS is read again even without a new start (a thread that never calls time_progress).

This module imports no models, so tracking.progress can use it at import time.
"""

import time
from contextvars import ContextVar

MEMO_SECONDS = 30
_memo: ContextVar[tuple[float, dict] | None] = ContextVar("tuijin_warning_rules", default=None)


def start() -> None:
    """A new measurement begins: the next read goes to the database."""
    _memo.set(None)


def rules() -> dict:
    """The rules of the current measurement (tracking.rules.load_rules, read once)."""
    memo = _memo.get()
    now = time.monotonic()
    if memo is None or now - memo[0] > MEMO_SECONDS:
        from .rules import load_rules

        memo = (now, load_rules())
        _memo.set(memo)
    return memo[1]
