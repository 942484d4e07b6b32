"""Hybrid retrieval: dense similarity (Chroma) and BM25 fused by reciprocal rank, with filters."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from assistant.bm25_index import BM25Index
from assistant.errors import StoreError
from assistant.store import ChromaStore, SourceRecord, chunk_end, date_key
from assistant.types import Passage


@dataclass(frozen=True)
class Filters:
    """Optional restrictions: any of these sources / outlets, and a date range (ISO dates)."""

    sources: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    def where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.sources:
            clauses.append({"source_id": {"$in": list(self.sources)}})
        if self.outlets:
            clauses.append({"outlet": {"$in": list(self.outlets)}})
        if self.date_from:
            clauses.append({"date_key": {"$gte": date_key(self.date_from)}})
        if self.date_to:
            clauses.append({"date_key": {"$lte": end_key(self.date_to)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    @property
    def active(self) -> bool:
        return bool(self.sources or self.outlets or self.date_from or self.date_to)


def recent_filters(filters: Filters | None, as_of: str, days: int) -> Filters:
    """``filters`` narrowed to the ``days`` before ``as_of`` (dated articles only); a ``date_to``
    earlier than ``as_of`` still holds.
    """
    narrowed = as_of_filters(filters, as_of)
    start = (date.fromisoformat(as_of[:10]) - timedelta(days=days)).isoformat()
    return dataclasses.replace(narrowed, date_from=max(narrowed.date_from, start))


def as_of_filters(filters: Filters | None, as_of: str) -> Filters:
    """``filters`` narrowed to articles dated on or before ``as_of`` (undated ones stay)."""
    filters = filters or Filters()
    if filters.date_to and end_key(filters.date_to) <= end_key(as_of):
        return filters
    return dataclasses.replace(filters, date_to=as_of)


def end_key(date: str) -> int:
    """The last key a date prefix covers: 2026 -> 20261299, 2026-05 -> 20260599."""
    key = date_key(date)
    if key % 100 == 0:
        key += 99 if key % 10000 else 1299
    return key


@dataclass(frozen=True)
class IndexSnapshot:
    """One consistent view of the index: the registry and the BM25 rows built from exactly it.

    Never changed once made: a write builds a new snapshot and the assistant swaps it in, so a
    question that took this one at its start reads one state from beginning to end.
    """

    bm25: BM25Index
    records: Mapping[str, SourceRecord]

    @property
    def versions(self) -> dict[str, str]:
        return {source_id: r.version for source_id, r in self.records.items()}


MAX_IDS_PER_QUERY = 50_000
"""Above this many allowed chunks a filtered query uses Chroma's metadata filter instead of ids."""


@dataclass
class Retrieved:
    passages: list[Passage]
    query_vector: list[float] = field(default_factory=list)
    # Chunk ids of passages retrieved for the answer to choose from but shown only when cited.
    unshown: frozenset[str] = frozenset()


def joined(retrieved: Retrieved, more: list[Passage]) -> Retrieved:
    """``retrieved`` with the passages of ``more`` it lacks after its own, ranked on from its last
    (a joined passage scores no higher than the last one before it: the first ranking leads).
    """
    passages = list(retrieved.passages)
    have = {p.chunk_id for p in passages}
    for p in more:
        if p.chunk_id in have:
            continue
        floor = passages[-1].score if passages else p.score
        passages.append(dataclasses.replace(p, score=min(p.score, floor), rank=len(passages) + 1))
        have.add(p.chunk_id)
    return Retrieved(passages, retrieved.query_vector, retrieved.unshown - {p.chunk_id for p in more})


class HybridRetriever:
    """Fuses the dense and keyword rankings of the active chunks."""

    def __init__(self, store: ChromaStore, bm25: BM25Index, records: Mapping[str, SourceRecord],
                 embed_query: Any, candidates: int = 30, rrf_k: int = 60,
                 max_ids: int = MAX_IDS_PER_QUERY) -> None:  # fmt: skip
        """``records``: the registry (the active version, title and date of each source);
        ``max_ids``: above this many allowed chunks, a filtered query uses Chroma's metadata filter.
        """
        self._store = store
        self._bm25 = bm25
        self._records = records
        self._embed_query = embed_query
        self._candidates = candidates
        self._rrf_k = rrf_k
        self._max_ids = max_ids

    def retrieve(self, query: str, k: int, filters: Filters | None = None, spread: bool = False,
                 recent: Filters | None = None, recent_weight: float = 0.0) -> Retrieved:  # fmt: skip
        """Top ``k`` passages; with ``spread``, taken in turn from each source that ranks
        (for questions about "both articles"). With ``recent`` (the days before an as-of date),
        the dense and keyword rankings of those days' chunks join the fusion with ``recent_weight``.
        """
        filters = filters or Filters()
        vector = self._embed_query(query)
        lists = [(filters, 1.0)]
        if recent is not None and recent_weight > 0:
            lists.append((recent, recent_weight))
        fused: dict[str, float] = {}
        info: dict[str, dict[str, Any]] = {}
        for which, weight in lists:
            mask = self._mask(which)
            dense = self._dense(vector, which, mask)
            sparse = self._bm25.search(query, self._candidates, mask)
            for rank, (chunk_id, text, meta, sim) in enumerate(dense):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (self._rrf_k + rank + 1)
                info.setdefault(chunk_id, {"text": text, "meta": meta})["dense"] = sim
            for rank, (row, score) in enumerate(sparse):
                if not self._is_active(self._bm25.metas[row]):
                    continue  # rows and registry of different states: never cite a source not in it
                chunk_id = self._bm25.ids[row]
                fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (self._rrf_k + rank + 1)
                row_info = {"text": self._bm25.texts[row], "meta": self._bm25.metas[row]}
                info.setdefault(chunk_id, row_info).setdefault("bm25", score)
        ranked = sorted(fused, key=lambda c: -fused[c])
        ranked = _round_robin(ranked, info, k) if spread else ranked[:k]
        passages = []
        for rank, chunk_id in enumerate(ranked):
            entry, meta = info[chunk_id], info[chunk_id]["meta"]
            source_id = str(meta["source_id"])
            record = self._records[source_id]  # every ranked chunk is of an active version
            passages.append(
                Passage(
                    chunk_id=chunk_id,
                    source_id=source_id,
                    text=entry["text"],
                    start=int(meta["start"]),
                    end=chunk_end(entry["text"], meta),
                    title=record.title,
                    outlet=str(meta.get("outlet", "")),
                    date=record.date,
                    score=fused[chunk_id],
                    dense_score=entry.get("dense"),
                    bm25_score=entry.get("bm25"),
                    rank=rank + 1,
                )  # fmt: skip
            )
        return Retrieved(passages, vector)

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if not filters.active:
            return None
        return self._bm25.mask(
            filters.sources, filters.outlets,
            date_key(filters.date_from) if filters.date_from else 0,
            end_key(filters.date_to) if filters.date_to else 0,
        )  # fmt: skip

    def _dense(self, vector: list[float], filters: Filters, mask: np.ndarray | None) -> list[Any]:
        """Dense candidates of the active versions.

        A filtered query names the chunks it allows by id: the BM25 index's columns give that set in
        about a millisecond, and at 100k chunks Chroma searches among named ids ~10x faster than it
        applies the same metadata filter. Very broad filters, or ids that another process has
        removed since this index was built, fall back to Chroma's metadata filter.
        """
        hits = None
        if mask is not None:
            rows = np.flatnonzero(mask)
            if len(rows) == 0:
                return []
            if len(rows) <= self._max_ids:
                ids = [self._bm25.ids[row] for row in rows]
                with contextlib.suppress(StoreError):  # an id removed since: the metadata filter below
                    hits = self._store.query(vector, self._candidates * 2, None, ids=ids)
        if hits is None:
            hits = self._store.query(vector, self._candidates * 2, filters.where())
        return [hit for hit in hits if self._is_active(hit[2])][: self._candidates]

    def _is_active(self, meta: dict[str, Any]) -> bool:
        record = self._records.get(str(meta.get("source_id")))
        return record is not None and record.version == meta.get("version")


def _round_robin(ranked: list[str], info: dict[str, dict[str, Any]], k: int) -> list[str]:
    """Interleave sources by their best ranks, keeping each source's own order."""
    by_source: dict[str, list[str]] = {}
    for chunk_id in ranked:
        by_source.setdefault(str(info[chunk_id]["meta"]["source_id"]), []).append(chunk_id)
    out: list[str] = []
    while len(out) < k and any(by_source.values()):
        for queue in by_source.values():
            if queue and len(out) < k:
                out.append(queue.pop(0))
    return out
