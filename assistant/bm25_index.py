"""The keyword side of hybrid retrieval: a BM25 index (bm25s) over the active chunks.

It is rebuilt from the Chroma collection whenever the set of indexed document versions changes
(the fingerprint), and cached on disk, so it is always in step with Chroma after adds and removes.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from assistant.text.terms import content_terms


def fingerprint(versions: dict[str, str]) -> str:
    """Identifies a set of (source id, version) pairs."""
    joined = "\n".join(f"{k}\t{v}" for k, v in sorted(versions.items()))
    return hashlib.sha256(joined.encode()).hexdigest()[:20]


@dataclass
class _Rows:
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metas: list[dict[str, Any]] = field(default_factory=list)


class BM25Index:
    """Keyword scores over every active chunk, with the document frequencies answering needs."""

    def __init__(self, rows: _Rows, key: str) -> None:
        self.key = key
        self.ids = rows.ids
        self.texts = rows.texts
        self.metas = rows.metas
        self._row = {chunk_id: i for i, chunk_id in enumerate(rows.ids)}
        corpus = [content_terms(t) for t in rows.texts]
        self._df: Counter[str] = Counter()
        for terms in corpus:
            self._df.update(set(terms))
        self._model: bm25s.BM25 | None = None
        if corpus:
            self._model = bm25s.BM25()
            self._model.index([terms or [""] for terms in corpus], show_progress=False)

    @classmethod
    def build(cls, store: Any, versions: dict[str, str]) -> BM25Index:
        rows = _Rows()
        for chunk_id, text, meta in store.iter_chunks():
            if versions.get(str(meta.get("source_id"))) == meta.get("version"):
                rows.ids.append(chunk_id)
                rows.texts.append(text)
                rows.metas.append(meta)
        return cls(rows, fingerprint(versions))

    @classmethod
    def load_or_build(cls, store: Any, versions: dict[str, str], path: Path) -> BM25Index:
        key = fingerprint(versions)
        if path.exists():
            try:
                with path.open("rb") as handle:
                    cached = pickle.load(handle)
                if isinstance(cached, BM25Index) and cached.key == key:
                    return cached
            except Exception:  # a stale or partial cache is rebuilt, never trusted
                pass
        index = cls.build(store, versions)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(index, handle)
        tmp.replace(path)
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms get the highest value."""
        n = max(len(self.ids), 1)
        return math.log(1 + (n - self._df.get(term, 0) + 0.5) / (self._df.get(term, 0) + 0.5))

    def document_frequency(self, term: str) -> int:
        return self._df.get(term, 0)

    def search(self, query: str, n: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``n`` (row, score) with a positive score; ``mask`` keeps only rows where it is 1."""
        terms = content_terms(query)
        if self._model is None or not terms:
            return []
        scores = self._model.get_scores(terms)
        if mask is not None:
            scores = scores * mask
        top = np.argsort(-scores)[:n]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def row(self, chunk_id: str) -> int | None:
        return self._row.get(chunk_id)
