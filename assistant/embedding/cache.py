"""A persistent embedding cache keyed by (model id, sha256 of the text): unchanged text is never
embedded twice, across re-syncs and restarts.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

from . import Embedder


class CachedEmbedder:
    """Wraps an embedder with an SQLite cache in the data directory."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            "model TEXT, hash TEXT, vector BLOB, PRIMARY KEY (model, hash))"
        )
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: list[str]) -> list[list[float]]:
        hashes = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found = self._lookup(set(hashes))
        missing = sorted({h: t for h, t in zip(hashes, texts) if h not in found}.items())
        if missing:
            vectors = self.inner.embed([t for _, t in missing])
            new = {h: np.asarray(v, dtype=np.float32) for (h, _), v in zip(missing, vectors)}
            self._store(new)
            found.update(new)
        self.misses += len(missing)
        self.hits += len(texts) - len(missing)
        return [found[h].tolist() for h in hashes]

    def embed_query(self, text: str) -> list[float]:
        """Queries skip the cache: they rarely repeat and should not grow it."""
        return self.inner.embed([text])[0]

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
