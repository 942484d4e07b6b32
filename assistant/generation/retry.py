"""Retries with exponential backoff inside a bounded total time, and a breaker that remembers an
endpoint that just failed so the next question does not wait for it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """When to try again: ``base * 2**attempt`` seconds (capped), never past the deadline."""

    retries: int
    total_s: float
    base_s: float = 0.5
    cap_s: float = 8.0
    clock: Callable[[], float] = time.monotonic
    started: float = field(default=0.0)

    def start(self) -> Backoff:
        self.started = self.clock()
        return self

    def remaining(self) -> float:
        return self.started + self.total_s - self.clock()

    def delay(self, attempt: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or ``None`` to give up."""
        if attempt >= self.retries:
            return None
        wait = min(self.cap_s, self.base_s * 2**attempt)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap_s * 4))
        if wait >= self.remaining():
            return None
        return wait


@dataclass
class Breaker:
    """Open for ``cooldown_s`` after a failure: callers skip the endpoint and fall back at once."""

    cooldown_s: float
    clock: Callable[[], float] = time.monotonic
    _until: float = 0.0
    reason: str = ""

    def trip(self, reason: str) -> None:
        self.reason = reason
        self._until = self.clock() + self.cooldown_s

    def reset(self) -> None:
        self._until = 0.0
        self.reason = ""

    @property
    def open(self) -> bool:
        return self.clock() < self._until

    def seconds_left(self) -> float:
        return max(0.0, self._until - self.clock())
