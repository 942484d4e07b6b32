"""Latency: p50 and p95 of the total answer time, per backend.

:func:`percentile` is the project's one percentile (the evals and every benchmark use it): linear
interpolation between the closest ranks (numpy's default), in plain Python. Latency is the one
measurement that is not deterministic; it is kept out of the determinism check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant import EvalError


@dataclass(frozen=True)
class LatencyCase:
    backend: str
    total_ms: float


@dataclass(frozen=True)
class LatencyScore:
    p50_ms: float
    p95_ms: float
    mean_ms: float
    n: int


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; values must not be empty."""
    if not values:
        raise EvalError("percentile of no values")
    if not 0 <= q <= 100:
        raise EvalError(f"percentile must be within 0..100, got {q}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def score_latency(cases: Sequence[LatencyCase]) -> dict[str, LatencyScore]:
    """Backend name -> its latency percentiles."""
    for c in cases:
        if c.total_ms < 0:
            raise EvalError(f"negative latency {c.total_ms} ms for backend {c.backend!r}")
    by_backend: dict[str, list[float]] = {}
    for c in cases:
        by_backend.setdefault(c.backend, []).append(c.total_ms)
    return {
        b: LatencyScore(percentile(v, 50), percentile(v, 95), sum(v) / len(v), len(v))
        for b, v in sorted(by_backend.items())
    }
