"""The keyword side of hybrid retrieval: a BM25 index (bm25s) over the active chunks.

It keeps each source's rows (chunk id, text, metadata, stemmed terms) and follows the registry
incrementally: when the set of (source id, active version) pairs changes, only the sources that
changed are dropped and re-read from Chroma (by source id); the others keep their cached terms.
bm25s is then re-indexed from the cached term lists, which costs a fraction of re-reading and
re-tokenising everything. The whole index is cached on disk, so a restart reads no chunk at all.

An index that queries may be reading is never changed: :meth:`BM25Index.updated` returns a new
index (sharing the unchanged sources' rows) and the caller swaps it in, so a query running during a
write sees the rows, model and filter columns of one state, never a mix of two.
"""

from __future__ import annotations

import copy
import hashlib
import math
import pickle
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from assistant.store import chunk_position
from assistant.text.terms import content_terms

_FORMAT = 3  # bump when the pickled layout changes: an older cache is rebuilt, never trusted


def fingerprint(versions: dict[str, str]) -> str:
    """Identifies a set of (source id, version) pairs."""
    joined = "\n".join(f"{k}\t{v}" for k, v in sorted(versions.items()))
    return hashlib.sha256(joined.encode()).hexdigest()[:20]


@dataclass
class _Source:
    """The active chunks of one source, in chunk order."""

    version: str
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metas: list[dict[str, Any]] = field(default_factory=list)
    terms: list[list[str]] = field(default_factory=list)


@dataclass
class UpdateStats:
    """What the last :meth:`BM25Index.update` did (for tests and benchmarks)."""

    removed_sources: int = 0
    read_sources: int = 0
    read_chunks: int = 0


class BM25Index:
    """Keyword scores over every active chunk, with the document frequencies answering needs."""

    def __init__(self) -> None:
        self.format = _FORMAT
        self.key = fingerprint({})
        self._sources: dict[str, _Source] = {}
        self._df: Counter[str] = Counter()
        self.last_update = UpdateStats()
        self._flatten()

    # --- keeping in step with the store -----------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> BM25Index | None:
        try:
            with path.open("rb") as handle:
                cached = pickle.load(handle)
        except Exception:  # missing, stale or partial: start empty and read from the store
            return None
        if isinstance(cached, BM25Index) and getattr(cached, "format", None) == _FORMAT:
            cached.last_update = UpdateStats()  # nothing was read to get it
            return cached
        return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    def updated(self, store: Any, versions: dict[str, str]) -> BM25Index:
        """The index brought up to ``versions``: itself when nothing changed, else a new index.

        This one is left as it is (the new one shares only its unchanged, never-mutated sources),
        so queries holding it can go on reading it while the new one is built.
        """
        if fingerprint(versions) == self.key:
            self.last_update = UpdateStats()
            return self
        new = copy.copy(self)
        new._sources = dict(self._sources)
        new._df = Counter(self._df)
        new.update(store, versions)
        return new

    def update(self, store: Any, versions: dict[str, str]) -> bool:
        """Apply the sources whose active version differs, in place; False if none.

        Only for an index no query reads yet (a fresh build); shared indexes use :meth:`updated`.
        """
        key = fingerprint(versions)
        if key == self.key:
            self.last_update = UpdateStats()
            return False
        stale = [s for s, src in self._sources.items() if versions.get(s) != src.version]
        for source_id in stale:
            for terms in self._sources.pop(source_id).terms:
                self._df.subtract(set(terms))
        wanted = {s: v for s, v in versions.items() if s not in self._sources}
        fresh = {s: _Source(v) for s, v in wanted.items()}
        read = 0
        for chunk_id, text, meta in store.chunks_of(list(wanted)) if wanted else ():
            source = fresh.get(str(meta.get("source_id")))
            if source is None or meta.get("version") != source.version:
                continue  # another (uncommitted or superseded) version of the source
            source.ids.append(chunk_id)
            source.texts.append(text)
            source.metas.append(meta)
            read += 1
        for source in fresh.values():
            positions = [chunk_position(i) for i in source.ids]
            order = sorted(range(len(source.ids)), key=positions.__getitem__)
            source.ids = [source.ids[i] for i in order]
            source.texts = [source.texts[i] for i in order]
            source.metas = [source.metas[i] for i in order]
            source.terms = [content_terms(t) for t in source.texts]
            for terms in source.terms:
                self._df.update(set(terms))
        self._sources.update(fresh)
        self._df = +self._df  # drop the zero counts of terms no active chunk has any more
        self.key = key
        self.last_update = UpdateStats(len(stale), len(fresh), read)
        self._flatten()
        return True

    def _flatten(self) -> None:
        """Row arrays over all sources (sorted by id) and the bm25s model over their terms."""
        order = sorted(self._sources)
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.metas: list[dict[str, Any]] = []
        corpus: list[list[str]] = []
        for source_id in order:
            src = self._sources[source_id]
            self.ids += src.ids
            self.texts += src.texts
            self.metas += src.metas
            corpus += src.terms
        # Columns for filters, so a filtered query builds its row mask with numpy, not a loop.
        self._source_names = order
        self._outlet_names = sorted({str(m.get("outlet", "")) for m in self.metas})
        outlet_code = {o: i for i, o in enumerate(self._outlet_names)}
        self._source_col = np.repeat(np.arange(len(order), dtype=np.int32),
                                     [len(self._sources[s].ids) for s in order])  # fmt: skip
        outlets = [outlet_code[str(m.get("outlet", ""))] for m in self.metas]
        self._outlet_col = np.array(outlets, dtype=np.int32)
        self._date_col = np.array([int(m.get("date_key", 0)) for m in self.metas], dtype=np.int64)
        self._model: bm25s.BM25 | None = None
        if corpus:
            self._model = bm25s.BM25()
            self._model.index([terms or [""] for terms in corpus], show_progress=False)

    # --- queries ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ids)

    def versions(self) -> dict[str, str]:
        return {s: src.version for s, src in self._sources.items()}

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms get the highest value."""
        n = max(len(self.ids), 1)
        return math.log(1 + (n - self._df.get(term, 0) + 0.5) / (self._df.get(term, 0) + 0.5))

    def document_frequency(self, term: str) -> int:
        return self._df.get(term, 0)

    def mask(self, sources: Sequence[str] = (), outlets: Sequence[str] = (),
             date_from: int = 0, date_to: int = 0) -> np.ndarray:  # fmt: skip
        """1.0 for rows allowed by the filters, 0.0 elsewhere (empty filters allow everything)."""
        keep = np.ones(len(self.ids), dtype=bool)
        if sources:
            keep &= np.isin(self._source_col, _codes(self._source_names, sources))
        if outlets:
            keep &= np.isin(self._outlet_col, _codes(self._outlet_names, outlets))
        if date_from:
            keep &= self._date_col >= date_from
        if date_to:
            keep &= self._date_col <= date_to
        return keep.astype(np.float32)

    def search(self, query: str, n: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``n`` (row, score) with a positive score; ``mask`` keeps only rows where it is 1."""
        terms = content_terms(query)
        if self._model is None or not terms:
            return []
        scores = self._model.get_scores(terms)
        if mask is not None:
            scores = scores * mask
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]  # O(rows), then sort only the n best
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def _codes(names: list[str], wanted: Iterable[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    return np.array([index[w] for w in wanted if w in index], dtype=np.int32)
