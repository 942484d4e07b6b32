"""Thresholds: the committed floor (and latency ceiling) a run must meet, from a TOML file.

    [min]
    correctness = 0.80          # a run below this fails
    [max]
    "latency.p95_ms" = 3000     # a run above this fails

Keys are names from the report's ``summary``; a key that is not one is an error (a typo must not
silently switch a gate off). A metric the run could not measure (n/a: e.g. no false-premise
questions in the file) is reported as skipped, not failed.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.errors import EvalError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Threshold:
    metric: str
    op: str  # "min" or "max"
    limit: float


@dataclass(frozen=True)
class ThresholdResult:
    metric: str
    op: str
    limit: float
    value: float | None
    passed: bool
    skipped: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        sign = ">=" if self.op == "min" else "<="
        if self.skipped:
            return f"{self.metric}: n/a (skipped; needs {sign} {self.limit:g})"
        status = "ok" if self.passed else "MISSED"
        return f"{self.metric}: {self.value:.4g} {status} (needs {sign} {self.limit:g})"


def load_thresholds(path: Path) -> list[Threshold]:
    path = Path(path)
    if not path.is_file():
        raise EvalError(f"{path}: thresholds file not found (pass --thresholds FILE or --no-thresholds)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"{path}: not valid TOML ({exc})") from exc
    unknown = set(data) - {"min", "max"}
    if unknown:
        raise EvalError(f"{path}: unknown table(s) {sorted(unknown)}; use [min] and [max]")
    out = []
    for op in ("min", "max"):
        for metric, limit in (data.get(op) or {}).items():
            if isinstance(limit, bool) or not isinstance(limit, (int, float)):
                raise EvalError(f"{path}: [{op}] {metric} must be a number, got {limit!r}")
            out.append(Threshold(metric, op, float(limit)))
    return out


def check_thresholds(
    summary: Mapping[str, float | None], thresholds: list[Threshold]
) -> list[ThresholdResult]:
    unknown = [t.metric for t in thresholds if t.metric not in summary]
    if unknown:
        raise EvalError(
            f"thresholds name unknown metric(s) {', '.join(unknown)}; known: {', '.join(sorted(summary))}"
        )
    results = []
    for t in thresholds:
        value = summary[t.metric]
        if value is None:
            results.append(ThresholdResult(t.metric, t.op, t.limit, None, True, True))
            continue
        passed = value >= t.limit if t.op == "min" else value <= t.limit
        results.append(ThresholdResult(t.metric, t.op, t.limit, value, passed, False))
    return results
