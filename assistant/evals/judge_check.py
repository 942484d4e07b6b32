"""How good is the support judge? Its verdicts against human labels on sentence/passage pairs.

Reports accuracy, precision and recall of *unsupported* detection (the positive class is
"unsupported": a judge that misses unsupported claims inflates faithfulness), and accuracy per
category (paraphrase, wrong number, wrong passage, ...). The judge's own thresholds were set on
``evals/judge_labels.jsonl``, so the honest number is the one on a held-out file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.evals.dataset import LabelledPair, load_labelled_pairs
from assistant.evals.judges import Judge


@dataclass(frozen=True)
class JudgeCheck:
    file: str
    held_out: bool
    pairs: int
    correct: int
    accuracy: float
    unsupported_precision: float  # of the pairs the judge called unsupported, the share that are
    unsupported_recall: float  # of the unsupported pairs, the share the judge caught
    by_category: dict[str, dict[str, float]] = field(default_factory=dict)
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_judge(
    judge: Judge, pairs: Sequence[LabelledPair], file: str = "", held_out: bool = False
) -> JudgeCheck:
    """Score ``judge`` on labelled pairs (each passage judged alone, as one citation)."""
    verdicts = [judge.judge(p.sentence, [p.passage]) for p in pairs]
    right = [v.supported == p.supported for v, p in zip(verdicts, pairs)]
    flagged = [not v.supported for v in verdicts]
    truly = [not p.supported for p in pairs]
    tp = sum(f and t for f, t in zip(flagged, truly))
    categories: dict[str, dict[str, float]] = {}
    for pair, ok in zip(pairs, right):
        cat = categories.setdefault(pair.category, {"pairs": 0, "correct": 0, "accuracy": 0.0})
        cat["pairs"] += 1
        cat["correct"] += ok
    for cat in categories.values():
        cat["accuracy"] = cat["correct"] / cat["pairs"]
    mistakes = [
        {
            "id": p.id,
            "category": p.category,
            "sentence": p.sentence,
            "labelled": p.supported,
            "judged": v.supported,
            "reasons": list(v.reasons),
        }
        for p, v, ok in zip(pairs, verdicts, right)
        if not ok
    ]
    return JudgeCheck(
        file=file,
        held_out=held_out,
        pairs=len(pairs),
        correct=sum(right),
        accuracy=sum(right) / len(pairs) if pairs else 0.0,
        unsupported_precision=tp / sum(flagged) if sum(flagged) else 1.0,
        unsupported_recall=tp / sum(truly) if sum(truly) else 1.0,
        by_category=dict(sorted(categories.items())),
        mistakes=mistakes,
    )


def is_held_out(path: Path) -> bool:
    """Files named like ``*holdout*`` hold pairs the judge was not tuned on."""
    return "holdout" in path.name or "held_out" in path.name


def check_files(judge: Judge, paths: Sequence[Path]) -> list[JudgeCheck]:
    return [check_judge(judge, load_labelled_pairs(p), p.name, is_held_out(p)) for p in paths]
