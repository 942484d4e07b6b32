"""Okapi BM25 over short term lists (sentences), with the corpus's IDF: one implementation for the
answer model's ``bm25`` feature and the naive baseline's sentence ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

BM25_K1, BM25_B = 1.2, 0.75  # the usual saturation and length normalisation (Robertson, 2009)


def bm25_scores(weights: Mapping[str, float], docs: Sequence[Sequence[str]]) -> np.ndarray:
    """Each term list in ``docs`` scored for the query terms, ``weights`` being their IDF."""
    lengths = np.array([len(d) for d in docs], dtype=float)
    if not len(lengths):
        return np.zeros(0)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(float(lengths.mean()), 1.0))
    scores = np.zeros(len(docs))
    for term, weight in weights.items():
        tf = np.array([d.count(term) for d in docs], dtype=float)
        scores += weight * tf * (BM25_K1 + 1) / (tf + norm)
    return scores
