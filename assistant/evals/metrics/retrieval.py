"""Retrieval: did the passages the assistant retrieved contain the text that answers the question?

A question's *targets* are "any of ``support``" (one target, when ``support`` is given) and each
string of ``support_all`` (one target each). A passage contains a target when the support string is
in it after normalising quotes, whitespace and case.

* recall@k: the share of targets found in the first k passages;
* reciprocal rank: 1 / the rank of the first passage containing any target (0 when none does).

Questions without targets (unanswerable ones) are not scored: the result is ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant import EvalError
from assistant.text import normalise


@dataclass(frozen=True)
class RetrievalInput:
    passages: Sequence[str]  # passage texts in rank order (rank 1 first)
    support: Sequence[str] = ()
    support_all: Sequence[str] = ()


@dataclass(frozen=True)
class RetrievalScore:
    recall_at: dict[int, float]  # k -> recall@k
    reciprocal_rank: float
    first_rank: int | None  # rank of the first passage with a target; None when none has one
    targets: int
    found: int  # targets found anywhere in the passages


def score_retrieval(item: RetrievalInput, ks: Sequence[int]) -> RetrievalScore | None:
    """Recall@k for each k in ``ks`` and the reciprocal rank; ``None`` when there are no targets."""
    if not ks or any(k < 1 for k in ks):
        raise EvalError(f"recall@k needs k >= 1, got {list(ks)}")
    targets: list[tuple[str, ...]] = []
    if item.support:
        targets.append(tuple(normalise(s) for s in item.support))
    targets.extend((normalise(s),) for s in item.support_all)
    if not targets:
        return None
    texts = [normalise(p) for p in item.passages]

    def first_hit(target: tuple[str, ...]) -> int | None:
        return next((rank for rank, t in enumerate(texts, 1) if any(s in t for s in target)), None)

    hits = [first_hit(t) for t in targets]
    recall = {k: sum(1 for h in hits if h is not None and h <= k) / len(targets) for k in ks}
    ranks = [h for h in hits if h is not None]
    first = min(ranks) if ranks else None
    return RetrievalScore(recall, 1.0 / first if first else 0.0, first, len(targets), len(ranks))
