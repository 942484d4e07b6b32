"""Ours against a same-run baseline: the key metrics of each, their difference and their ratio."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.evals.splits import SPLIT_METRICS, difference, split_key


def versus(ours: Mapping[str, float | None], baseline: Mapping[str, float | None]) -> list[dict[str, Any]]:
    """One row per key metric (overall, per split, per file) both runs have: ours, baseline, Δ, ×."""
    rows = []
    for key, value in ours.items():
        if split_key(key)[0] not in SPLIT_METRICS or key not in baseline:
            continue
        other = baseline[key]
        ratio = None if value is None or not other else round(value / other, 4)
        rows.append({"metric": key, "ours": value, "baseline": other, "delta": difference(value, other),
                     "ratio": ratio})  # fmt: skip
    return rows
