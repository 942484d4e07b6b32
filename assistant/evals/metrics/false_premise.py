"""False-premise handling: on questions that assume something the articles contradict.

* handled rate: the share of ``false_premise`` questions answered (not abstained) with the
  correction in the text — the same test as correctness for this kind;
* flagged rate: the share where the answer also set ``premise_corrected`` (the assistant said in
  so many words that the premise is wrong).

``None`` (shown as n/a) when the run has no false-premise questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FalsePremiseCase:
    correct: bool  # correctness of the answer (the correction is in it)
    premise_corrected: bool


@dataclass(frozen=True)
class FalsePremiseScore:
    handled: float | None
    flagged: float | None
    questions: int


def score_false_premise(cases: Sequence[FalsePremiseCase]) -> FalsePremiseScore:
    if not cases:
        return FalsePremiseScore(None, None, 0)
    handled = sum(c.correct for c in cases) / len(cases)
    flagged = sum(c.correct and c.premise_corrected for c in cases) / len(cases)
    return FalsePremiseScore(handled, flagged, len(cases))
