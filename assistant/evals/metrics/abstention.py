"""Abstention: does the assistant decline exactly the questions the articles cannot answer?

Positive class: ``unanswerable`` questions. Over all questions of a run:

* precision = abstentions on unanswerable questions / all abstentions;
* recall = abstentions on unanswerable questions / unanswerable questions;
* over-abstention = abstentions on answerable questions / answerable questions.

When a denominator is 0 the value is defined, not NaN: precision is 1.0 when the assistant never
abstained (no abstention was wrong), recall is 1.0 when there is nothing to abstain on, and
over-abstention is 0.0 when every question is unanswerable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant import EvalError
from assistant.evals.dataset import KINDS


@dataclass(frozen=True)
class AbstentionCase:
    kind: str
    abstained: bool


@dataclass(frozen=True)
class AbstentionScore:
    precision: float
    recall: float
    over_abstention: float
    true_abstentions: int
    false_abstentions: int  # abstained on an answerable question
    missed: int  # answered an unanswerable question
    unanswerable: int
    answerable: int


def score_abstention(cases: Sequence[AbstentionCase]) -> AbstentionScore:
    for case in cases:
        if case.kind not in KINDS:
            raise EvalError(f"unknown question kind {case.kind!r} (one of {', '.join(KINDS)})")
    should = [c for c in cases if c.kind == "unanswerable"]
    should_not = [c for c in cases if c.kind != "unanswerable"]
    tp = sum(c.abstained for c in should)
    fp = sum(c.abstained for c in should_not)
    fn = len(should) - tp
    return AbstentionScore(
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / len(should) if should else 1.0,
        over_abstention=fp / len(should_not) if should_not else 0.0,
        true_abstentions=tp,
        false_abstentions=fp,
        missed=fn,
        unanswerable=len(should),
        answerable=len(should_not),
    )
