"""Thresholds: the committed floor (and latency ceiling) a run must meet, from a TOML file.

    [min]
    correctness = 0.80          # a run below this fails
    [max]
    "latency.p95_ms" = 3000     # a run above this fails
    [budget]
    fact = 450                  # characters a correct answer of this kind may take (optional)

Keys are names from the report's ``summary``; a key that is not one is an error (a typo must not
silently switch a gate off). ``correctness@check``, ``correctness.fact@tune``, ``correctness@dev``
(a question file's stem) and the like gate one split or question file. A metric the run could not
measure (n/a: e.g. no false-premise questions in the file) is reported as skipped, not failed.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant import EvalError
from assistant.evals.metrics.correctness import BUDGET_CHARS

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


def _read(path: Path) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise EvalError(f"{path}: thresholds file not found (pass --thresholds FILE or --no-thresholds)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"{path}: not valid TOML ({exc})") from exc
    unknown = set(data) - {"min", "max", "budget"}
    if unknown:
        raise EvalError(f"{path}: unknown table(s) {sorted(unknown)}; use [min], [max] and [budget]")
    return data


def load_budget(path: Path | None) -> dict[str, int]:
    """Length budgets per question kind: the file's ``[budget]`` over the defaults (no file: these)."""
    budget = dict(BUDGET_CHARS)
    if path is None:
        return budget
    for kind, chars in (_read(path).get("budget") or {}).items():
        if kind not in BUDGET_CHARS:
            raise EvalError(f"{path}: [budget] {kind!r} is not one of {', '.join(BUDGET_CHARS)}")
        if isinstance(chars, bool) or not isinstance(chars, int) or chars <= 0:
            raise EvalError(f"{path}: [budget] {kind} must be a positive whole number, got {chars!r}")
        budget[kind] = chars
    return budget


def load_thresholds(path: Path) -> list[Threshold]:
    data = _read(path)
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
