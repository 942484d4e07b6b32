"""Key metrics per split (tune / check) and per question file, side by side, and the tune − check gap.

A question set fitted on its ``tune`` half and reported on ``check`` is only honest if both are
shown: the gap says how much of the tune figure is fitting. Each group's figures are also flat
summary keys (``correctness@check``, ``correctness.fact@tune``, ``correctness@dev``,
``correctness@dev/check``) so a thresholds file can gate on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.evals.dataset import KINDS, SPLITS
from assistant.evals.metrics.abstention import AbstentionCase, score_abstention
from assistant.evals.metrics.abstention_curve import CurveCase, abstention_curve
from assistant.evals.scoring import mean, old_news_wrong, sides_share

SPLIT_METRICS = (
    "correctness",
    *(f"correctness.{kind}" for kind in KINDS),
    "abstention.precision",
    "abstention.recall",
    "retrieval.recall@k",
    "sides_cited",
    "old_news.wrong",
)
ALL = "all"  # the group of every question file together


def split_key(key: str) -> tuple[str, str]:
    """``correctness.fact@check`` -> (``correctness.fact``, ``check``); a plain key's group is ""."""
    metric, _, group = key.rpartition("@")
    return (metric, group) if metric in SPLIT_METRICS else (key, "")


def key_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """The ``SPLIT_METRICS`` of a group of scored questions (``None`` where undefined)."""
    abst = score_abstention([AbstentionCase(r["kind"], r["abstained"]) for r in records])
    out: dict[str, float | None] = {"correctness": mean(float(r["correct"]) for r in records)}
    for kind in KINDS:
        out[f"correctness.{kind}"] = mean(float(r["correct"]) for r in records if r["kind"] == kind)
    out["abstention.precision"] = abst.precision if records else None
    out["abstention.recall"] = abst.recall if records and abst.unanswerable else None
    out["retrieval.recall@k"] = mean(r["retrieval"]["recall@k"] for r in records if r["retrieval"])
    out["sides_cited"] = sides_share(records)
    out["old_news.wrong"] = old_news_wrong(records)
    return out


def difference(a: float | None, b: float | None) -> float | None:
    """``a - b``, or ``None`` when either is undefined."""
    return None if a is None or b is None else round(a - b, 6)


def _gap(tune: Mapping[str, float | None], check: Mapping[str, float | None]) -> dict[str, float | None]:
    return {m: difference(tune[m], check[m]) for m in SPLIT_METRICS}


def breakdown(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Group ("all", then each question file when there are several) -> its figures per split.

    Each group: ``questions``, ``all`` (every question of the group), and when the questions carry
    splits ``tune``, ``check`` (with their ``questions`` counts) and ``gap`` (tune − check).
    """
    sets = sorted({r.get("set", "") for r in records})
    groups = {ALL: list(records)}
    if len(sets) > 1:
        groups.update({s: [r for r in records if r.get("set", "") == s] for s in sets})
    split = any(r.get("split") for r in records)
    out: dict[str, dict[str, Any]] = {}
    for name, rows in groups.items():
        entry: dict[str, Any] = {"questions": len(rows), ALL: key_metrics(rows)}
        if split:
            for s in SPLITS:
                of_split = [r for r in rows if r.get("split") == s]
                entry[s] = {"questions": len(of_split), **key_metrics(of_split)}
            entry["gap"] = _gap(entry["tune"], entry["check"])
        out[name] = entry
    return out


def flat_keys(groups: Mapping[str, Mapping[str, Any]]) -> dict[str, float | None]:
    """Summary keys: ``metric@split`` for every question, ``metric@set`` and ``metric@set/split``.

    ``metric@tune`` and ``metric@check`` are always there (``None`` when no question has a split), so
    one thresholds file can gate them for any question set: n/a is skipped, a typo is an error.
    """
    out: dict[str, float | None] = {}
    for name, entry in groups.items():
        prefix = "" if name == ALL else name
        if prefix:
            out.update({f"{m}@{prefix}": entry[ALL][m] for m in SPLIT_METRICS})
        for s in SPLITS:
            tag = f"{prefix}/{s}" if prefix else s
            if s in entry:
                out.update({f"{m}@{tag}": entry[s][m] for m in SPLIT_METRICS})
            elif not prefix:
                out.update({f"{m}@{tag}": None for m in SPLIT_METRICS})
    return out


def abstention_curves(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Split ("all", "tune", "check") -> its abstention curve; splits without one are left out."""
    groups = {ALL: list(records), **{s: [r for r in records if r.get("split") == s] for s in SPLITS}}
    out = {}
    for name, rows in groups.items():
        curve = abstention_curve([CurveCase(r["kind"], r["abstained"], r.get("confidence")) for r in rows])
        if curve is not None:
            out[name] = curve.to_dict()
    return out
