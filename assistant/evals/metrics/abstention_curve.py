"""Abstention precision vs recall over confidence thresholds (answerable vs unanswerable questions).

A backend that scores its answers (``Answer.confidence``) abstains when the score is below a
threshold. Sweeping the threshold over every score seen gives the trade-off the operating point
sits on: at threshold t a question is declined when its confidence is below t. A question without
a confidence (e.g. nothing was retrieved) keeps the decision it got at every threshold. Precision
and recall are as in ``abstention.py``, except that precision is ``None`` at a threshold where
nothing is declined (no point to plot). The operating point is the answers' actual ``abstained``
flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from assistant.evals.metrics.abstention import AbstentionCase, score_abstention


@dataclass(frozen=True)
class CurveCase:
    kind: str
    abstained: bool
    confidence: float | None


@dataclass(frozen=True)
class CurvePoint:
    threshold: float
    precision: float | None
    recall: float
    abstentions: int


@dataclass(frozen=True)
class AbstentionCurve:
    points: list[CurvePoint]
    operating_precision: float
    operating_recall: float
    questions: int
    unanswerable: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _declined(case: CurveCase, threshold: float) -> bool:
    return case.abstained if case.confidence is None else case.confidence < threshold


def abstention_curve(cases: Sequence[CurveCase]) -> AbstentionCurve | None:
    """The curve, or ``None`` when no case has a confidence (or there is nothing to abstain on)."""
    scores = sorted({c.confidence for c in cases if c.confidence is not None})
    unanswerable = sum(c.kind == "unanswerable" for c in cases)
    if not scores or not unanswerable:
        return None
    # Every score seen, and just above the highest (where everything scored is declined).
    thresholds = [*scores, scores[-1] + 1e-9]
    points = []
    for t in thresholds:
        declined = [c for c in cases if _declined(c, t)]
        right = sum(c.kind == "unanswerable" for c in declined)
        precision = right / len(declined) if declined else None
        points.append(CurvePoint(round(t, 6), precision, right / unanswerable, len(declined)))
    actual = score_abstention([AbstentionCase(c.kind, c.abstained) for c in cases])
    return AbstentionCurve(points, actual.precision, actual.recall, len(cases), unanswerable)
