"""The floor: exact top-k by brute force over the same unit vectors (NumPy, one matrix product)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class ExactIndex:
    """Exact cosine top-k over a matrix of unit vectors: the recall reference and latency floor."""

    def __init__(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        self.ids = list(ids)
        self.matrix = np.ascontiguousarray(vectors, dtype=np.float32)

    def top(self, vector: Sequence[float], k: int) -> list[str]:
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        k = min(k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best])]
        return [self.ids[i] for i in best]


def active_vectors(store: object) -> ExactIndex:
    """Every active chunk's stored embedding, read back from Chroma page by page."""
    collection = store.chunks  # type: ignore[attr-defined]
    versions = {k: r.version for k, r in store.sources().items()}  # type: ignore[attr-defined]
    ids: list[str] = []
    rows: list[np.ndarray] = []
    offset = 0
    while True:
        got = collection.get(include=["embeddings", "metadatas"], limit=5000, offset=offset)
        if not got["ids"]:
            break
        for chunk_id, vector, meta in zip(got["ids"], got["embeddings"], got["metadatas"]):
            if versions.get(str(meta["source_id"])) == meta["version"]:
                ids.append(chunk_id)
                rows.append(np.asarray(vector, dtype=np.float32))
        offset += len(got["ids"])
    return ExactIndex(ids, np.vstack(rows))


def recall(found: Sequence[str], exact: Sequence[str], k: int) -> float:
    return len(set(found[:k]) & set(exact[:k])) / max(1, min(k, len(exact)))
