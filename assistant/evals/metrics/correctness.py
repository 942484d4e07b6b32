"""Correctness: does the answer say what the question set expects, and nothing it must not?

* ``fact`` / ``multi``: not an abstention, every ``expect`` group matched (any alternative of the
  group in the answer text), no ``expect_not`` string in it.
* ``unanswerable``: correct iff the assistant abstained. A correct abstention scores 1.
* ``false_premise``: correct iff it did not abstain and the correction is in the text, i.e. the
  ``expect`` groups (which hold the fact that contradicts the premise) match and no ``expect_not``
  does. The ``premise_corrected`` flag is *not* required: a backend that corrects the premise in its
  own words is right too; the flag is reported separately (see ``false_premise.py``).

Matching is substring matching after normalising quotes, whitespace and case.

Correct also means concise: an answer (not an abstention) longer than its kind's length budget is
not correct, however right its words. The length is counted on the answer text with citation
markers ("[1]", "[1, 2]") removed, so citing more does not cost. The budgets are set in the
thresholds file's ``[budget]`` table; ``BUDGET_CHARS`` holds the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant import EvalError, strip_markers
from assistant.evals.dataset import KINDS
from assistant.text import normalise

# Characters an answer of each kind may take (citation markers not counted): a fact in a sentence
# or two, a false premise with its correction, a multi-part answer a short paragraph per part.
BUDGET_CHARS: Mapping[str, int] = {"fact": 450, "false_premise": 600, "multi": 900}


def answer_length(text: str) -> int:
    """Characters of ``text`` without citation markers and surrounding whitespace."""
    return len(strip_markers(text))


@dataclass(frozen=True)
class CorrectnessInput:
    kind: str
    answer: str
    abstained: bool
    expect: Sequence[Sequence[str]] = ()
    expect_not: Sequence[str] = ()
    budget: Mapping[str, int] = field(default_factory=lambda: dict(BUDGET_CHARS))


@dataclass(frozen=True)
class CorrectnessScore:
    correct: bool
    reasons: list[str] = field(default_factory=list)  # why not, when not correct

    @property
    def score(self) -> float:
        return 1.0 if self.correct else 0.0


def score_correctness(item: CorrectnessInput) -> CorrectnessScore:
    if item.kind not in KINDS:
        raise EvalError(f"unknown question kind {item.kind!r} (one of {', '.join(KINDS)})")
    if item.kind == "unanswerable":
        if item.abstained:
            return CorrectnessScore(True)
        return CorrectnessScore(False, ["answered an unanswerable question"])
    if item.kind != "unanswerable" and not item.expect:
        raise EvalError(f"a {item.kind} question needs 'expect' groups to be scored")
    if item.abstained:
        return CorrectnessScore(
            False,
            ["abstained" + (" instead of correcting the premise" if item.kind == "false_premise" else "")],
        )
    text = normalise(item.answer)
    reasons = []
    for group in item.expect:
        if not any(normalise(alt) in text for alt in group):
            reasons.append("missing: " + " | ".join(group))
    for bad in item.expect_not:
        if normalise(bad) in text:
            reasons.append(f"says what it must not: {bad}")
    limit = item.budget.get(item.kind)
    length = answer_length(item.answer)
    if limit is not None and length > limit:
        reasons.append(f"over budget: {length} > {limit} chars")
    return CorrectnessScore(not reasons, reasons)
