"""Faithfulness: the share of an answer's claims supported by the passages they cite.

Claims are the answer's sentences (``split_claims``: lead-in lines ending with ':' are not
claims); a claim's evidence is the text of each passage it cites (see ``evidence.py``), judged
together. A claim with no citation is unsupported.

An abstention makes no claims: it is excluded from the mean and counted separately (``None`` here),
never scored NaN or 0. An answer that is not an abstention but has no claim is also ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.evals.judges import Judge
from assistant.verification import split_claims


@dataclass(frozen=True)
class FaithfulnessInput:
    answer: str
    abstained: bool
    evidence: Mapping[int, str]  # citation number -> passage text


@dataclass(frozen=True)
class ClaimVerdict:
    text: str
    cited: tuple[int, ...]
    supported: bool
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FaithfulnessScore:
    score: float | None  # None: abstained or no claims
    claims: list[ClaimVerdict]
    abstained: bool


def cited_texts(cited: tuple[int, ...], evidence: Mapping[int, str]) -> list[str]:
    return [evidence[n] for n in cited if evidence.get(n)]


def score_faithfulness(item: FaithfulnessInput, judge: Judge) -> FaithfulnessScore:
    if item.abstained:
        return FaithfulnessScore(None, [], True)
    verdicts = []
    for claim in split_claims(item.answer):
        v = judge.judge(claim.text, cited_texts(claim.cited, item.evidence))
        verdicts.append(
            ClaimVerdict(claim.text, claim.cited, v.supported, round(v.score, 6), list(v.reasons))
        )
    if not verdicts:
        return FaithfulnessScore(None, [], False)
    return FaithfulnessScore(sum(v.supported for v in verdicts) / len(verdicts), verdicts, False)
