"""Embedding caches: a persistent one for the indexed text, a bounded memory for the rest.

Indexed text (chunks and, by default, their candidate sentences) goes through
:meth:`CachedEmbedder.embed_documents`: an SQLite cache keyed by (model id, sha256 of the text), so
unchanged text is never embedded twice, across re-syncs and restarts. Everything else (questions,
LLM sentences: :meth:`embed`, :meth:`embed_query`) reads that cache but is only remembered in
memory, for the last ``memo_size`` texts: what one answer embeds several times is embedded once,
and neither the file nor the process grows with every question asked.

The indexer records which document version each cached text belongs to (:meth:`own`) and lets go
of a version when it is replaced or removed (:meth:`release`): a vector no version holds any more
is deleted, so editing and removing documents does not grow the file. A vector no document
version was ever recorded for (cached before owners were recorded, of a document removed since) is
kept.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from . import Embedder

LOCK_WAIT_S = 120.0
"""How long a cache read or write waits for another process's lock on the file."""


class CachedEmbedder:
    """Wraps an embedder with the persistent cache in the data directory and a bounded memo."""

    def __init__(self, inner: Embedder, path: Path, memo_size: int = 0) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Another process's write (an index, a compaction after removals) locks the file for a
        # while: wait for it rather than fail an answer.
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=LOCK_WAIT_S)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            "model TEXT, hash TEXT, vector BLOB, PRIMARY KEY (model, hash))"
        )
        # Which document version (of which index: ``scope``) holds each cached text.
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS owners (scope TEXT, source_id TEXT, version TEXT, hash TEXT, "
            "PRIMARY KEY (scope, source_id, version, hash)) WITHOUT ROWID"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS owners_by_hash ON owners (hash)")
        self._db.commit()
        self._lock = threading.Lock()
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._memo_size = memo_size
        self.hits = 0
        self.misses = 0  # texts the model embedded

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of indexed text: read from and added to the persistent cache."""
        return self._embed(texts, persist=True)

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Vectors of any other text: the persistent cache is read, not written."""
        return self._embed(texts, persist=False)

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def own(self, scope: str, held: Iterable[tuple[str, str, list[str]]]) -> None:
        """Record which texts each (source id, version) of the index ``scope`` holds."""
        rows = {(scope, source_id, version, _hash(t)) for source_id, version, texts in held for t in texts}
        with self._lock, self._db:
            self._db.executemany("INSERT OR IGNORE INTO owners VALUES (?, ?, ?, ?)", sorted(rows))

    def release(self, scope: str, source_id: str, keep_version: str | None = None) -> int:
        """Let go of every version of a document but ``keep_version`` (all when None) and delete
        the vectors of texts no version of any document holds any more; returns how many. Frees
        the file's space once more than half of it is free.
        """
        where = "scope = ? AND source_id = ?" + (" AND version != ?" if keep_version is not None else "")
        args = (scope, source_id) if keep_version is None else (scope, source_id, keep_version)
        with self._lock:
            with self._db:
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS released (hash TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM released")
                self._db.execute(f"INSERT OR IGNORE INTO released SELECT hash FROM owners WHERE {where}",
                                 args)  # fmt: skip
                self._db.execute(f"DELETE FROM owners WHERE {where}", args)
                deleted = self._db.execute(
                    "DELETE FROM embeddings WHERE hash IN (SELECT hash FROM released) "
                    "AND hash NOT IN (SELECT hash FROM owners)"
                ).rowcount
            if deleted and self._mostly_free():
                self._db.execute("VACUUM")
        return int(deleted)

    def _mostly_free(self) -> bool:
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        return bool(self._db.execute("PRAGMA freelist_count").fetchone()[0] * 2 > pages)

    def owned_sources(self, scope: str) -> set[str]:
        """The documents of index ``scope`` that hold cached texts."""
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT source_id FROM owners WHERE scope = ?", (scope,))
            return {r[0] for r in rows.fetchall()}

    def _embed(self, texts: list[str], persist: bool) -> list[list[float]]:
        hashes = [_hash(t) for t in texts]
        found = self._recall(set(hashes))
        found.update(self._lookup({h for h in hashes if h not in found}))
        missing = sorted({h: t for h, t in zip(hashes, texts) if h not in found}.items())
        if missing:
            vectors = self.inner.embed([t for _, t in missing])
            new = {h: np.asarray(v, dtype=np.float32) for (h, _), v in zip(missing, vectors)}
            if persist:
                self._store(new)
            found.update(new)
        if not persist:
            self._remember(found)
        self.misses += len(missing)
        self.hits += len(texts) - len(missing)
        return [found[h].tolist() for h in hashes]

    def _recall(self, hashes: set[str]) -> dict[str, np.ndarray]:
        with self._lock:
            out = {h: self._memo[h] for h in hashes if h in self._memo}
            for h in out:
                self._memo.move_to_end(h)
        return out

    def _remember(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            for h, v in vectors.items():
                self._memo[h] = v
                self._memo.move_to_end(h)
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)

    def _lookup(self, hashes: set[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        items = list(hashes)
        with self._lock:
            for first in range(0, len(items), 500):
                part = items[first : first + 500]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT hash, vector FROM embeddings WHERE model = ? AND hash IN ({marks})",
                    [self.model_id, *part],
                ).fetchall()
                for h, blob in rows:
                    out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings (model, hash, vector) VALUES (?, ?, ?)",
                [(self.model_id, h, v.tobytes()) for h, v in vectors.items()],
            )


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
