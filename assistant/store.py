"""Chroma, embedded (a persistent folder) or a server (``chroma run``), behind one small API.

Two collections: ``<name>`` holds the chunks, ``<name>__sources`` one record per indexed document
(its active version and metadata). The record is the commit point of a document replace: chunks
of any other version are invisible to queries and removed on the next sync.

Chroma's write cost grows with the number of metadata keys (each is a row in its SQLite metadata
table: 9 keys cost ~25 % more than 5 at 100k chunks), so a chunk stores only what queries filter or
cite by: source id, version, outlet, date key and start offset. Its end offset is ``start +
len(text)``, its position is the last part of its id, and title and date come from the registry.
A registry record keeps its version as a key and the rest as one JSON value; it is read by id,
never searched, so it carries no embedding of its own. A file in the sources folder is stored by
its path relative to that folder (``rel``), so an index means the same from any working directory.

The layout has a number (:data:`INDEX_FORMAT`, kept in the collections' metadata). An index of
another layout is not decoded: its collections are dropped and the next sync rebuilds them from
the sources folder (the embedding cache makes that cheap: unchanged chunks are not re-embedded).
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from assistant.embedding import Embedder
from assistant.errors import StoreError
from assistant.settings import Settings
from assistant.types import Chunk, Document

_PAGE = 2000  # rows per get/upsert call: bounded request sizes for the server
# Bump when what a chunk or a record stores changes: an index of another format is rebuilt.
# 2: chunks without title/date/end/index, packed records with ``rel`` paths, no registry vectors.
INDEX_FORMAT = 2
# Chroma stores a vector with every row; a record's is this constant one (never searched).
_RECORD_VECTOR = [1.0]
_log = logging.getLogger(__name__)


class _ChromaEmbedding(EmbeddingFunction[Documents]):
    """Hands Chroma our embedder, so it never builds its downloading default."""

    def __init__(self, embedder: Embedder | None) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        if self._embedder is None:  # rebuilt from a stored config: load the packaged model now
            from assistant.embedding.onnx_minilm import OnnxMiniLM

            self._embedder = OnnxMiniLM()
        return [np.asarray(v, dtype=np.float32) for v in self._embedder.embed(list(input))]

    @staticmethod
    def name() -> str:
        return "news-assistant"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self._embedder.model_id if self._embedder else "unknown"}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> EmbeddingFunction[Documents]:
        """Chroma calls this when it reads a collection's config; nothing loads until used."""
        return _ChromaEmbedding(None)

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"


@dataclass(frozen=True)
class SourceRecord:
    """What the registry knows of one indexed document."""

    source_id: str
    version: str
    title: str
    outlet: str
    date: str
    path: str  # absolute (resolved against the sources folder)
    chunks: int
    indexed_at: float
    extra: dict[str, Any]


def date_key(date: str) -> int:
    """A sortable integer for an ISO date prefix: 2026-05-25 -> 20260525, 2026-06 -> 20260600."""
    parts = re.findall(r"\d+", date)[:3]
    if not parts:
        return 0
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 0
    day = int(parts[2]) if len(parts) > 2 else 0
    return year * 10000 + month * 100 + day


class ChromaStore:
    """Chunk and registry storage in Chroma, with errors turned into :class:`StoreError`."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self._settings = settings
        self._embedder = embedder
        self._function = _ChromaEmbedding(embedder)
        self._client = self._connect()
        self.chunks, self.registry = self._open()
        found = (self.chunks.metadata or {}).get("index_format")
        if found != INDEX_FORMAT:
            _log.warning("The index %r has format %s, this version writes %s: it is rebuilt on the next "
                         "sync.", settings.collection, found or 1, INDEX_FORMAT)  # fmt: skip
            for name in self._names:
                self._call("drop the old-format index", self._client.delete_collection, name=name)
            self.chunks, self.registry = self._open()
        stored_model = (self.chunks.metadata or {}).get("embedding_model")
        if stored_model and stored_model != embedder.model_id:
            raise StoreError(
                f"The collection {settings.collection!r} was indexed with {stored_model!r}, but the "
                f"embedder is {embedder.model_id!r}. Set ASSISTANT_COLLECTION to a new name (or "
                "delete the data directory) to re-index with the new embedder."
            )

    @property
    def _names(self) -> tuple[str, str]:
        return self._settings.collection, self._settings.collection + "__sources"

    def _open(self) -> tuple[Any, Any]:
        """The chunk and registry collections (created, in the current format, if missing)."""
        metadata = {"hnsw:space": "cosine", "embedding_model": self._embedder.model_id,
                    "index_format": INDEX_FORMAT}  # fmt: skip
        try:
            chunks, registry = (
                self._client.get_or_create_collection(name, embedding_function=self._function,
                                                      metadata=metadata)  # fmt: skip
                for name in self._names
            )
        except Exception as exc:
            raise self._error("open the collections", exc) from exc
        return chunks, registry

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        s = self._settings
        try:
            if s.server_mode:
                client = chromadb.HttpClient(
                    host=str(s.chroma_host), port=s.chroma_port, ssl=s.chroma_ssl,
                    settings=chroma_settings,
                )  # fmt: skip
                self._set_timeout(client, s.chroma_timeout_s)
                client.heartbeat()
                return client
            s.chroma_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(s.chroma_dir), settings=chroma_settings)
        except Exception as exc:
            raise self._error("connect", exc) from exc

    @staticmethod
    def _set_timeout(client: Any, seconds: float) -> None:
        """Chroma's HTTP client waits forever by default; a vanished server must not hang us."""
        import httpx

        server = getattr(client, "_server", None)
        session = getattr(server, "_session", None)
        if isinstance(session, httpx.Client):
            session.timeout = httpx.Timeout(seconds, connect=min(seconds, 5.0))

    def _error(self, action: str, exc: Exception) -> StoreError:
        s = self._settings
        where = (
            f"the Chroma server at {s.chroma_host}:{s.chroma_port} "
            "(ASSISTANT_CHROMA_HOST / ASSISTANT_CHROMA_PORT)"
            if s.server_mode
            else f"the embedded Chroma at {s.chroma_dir} (ASSISTANT_DATA_DIR)"
        )
        return StoreError(f"Could not {action} on {where}: {type(exc).__name__}: {exc}")

    # --- registry -------------------------------------------------------------------------

    def sources(self) -> dict[str, SourceRecord]:
        """Every indexed document's record, by source id."""
        out = {}
        for ids, metas in self._pages(self.registry, include=["metadatas"]):
            for source_id, meta in zip(ids, metas):
                out[source_id] = _record(source_id, meta, self._settings.sources_dir)
        return out

    def put_sources(self, items: Sequence[tuple[Document, str, int]]) -> None:
        """Write (document, active version, chunk count) records: the commit point of a replace."""
        if not items:
            return
        metas = [
            {"version": version, "record": json.dumps({
                "title": doc.title, "outlet": doc.outlet, "date": doc.date,
                **_stored_path(doc.path, self._settings.sources_dir),
                "chunks": chunks, "indexed_at": time.time(), "extra": doc.extra,
            }, default=str)}  # fmt: skip
            for doc, version, chunks in items
        ]
        self._call("save source records", self.registry.upsert,
                   ids=[doc.source_id for doc, _, _ in items], documents=[doc.title for doc, _, _ in items],
                   metadatas=metas, embeddings=[_RECORD_VECTOR] * len(items))  # fmt: skip

    def delete_source_record(self, source_id: str) -> None:
        self._call("delete a source record", self.registry.delete, ids=[source_id])

    # --- chunks ---------------------------------------------------------------------------

    def add_chunks(self, items: Sequence[tuple[Document, str, Sequence[Chunk]]],
                   vectors: Sequence[Sequence[float]]) -> None:  # fmt: skip
        """Write the chunks of several document versions (``vectors`` in the same order)."""
        rows = [(doc, version, c) for doc, version, chunks in items for c in chunks]
        for first in range(0, len(rows), _PAGE):
            part = rows[first : first + _PAGE]
            metas = [
                {
                    "source_id": doc.source_id,
                    "version": version,
                    "outlet": doc.outlet,
                    "date_key": date_key(doc.date),
                    "start": c.start,
                }  # fmt: skip
                for doc, version, c in part
            ]
            self._call("add chunks", self.chunks.upsert,
                       ids=[c.chunk_id for _, _, c in part], documents=[c.text for _, _, c in part],
                       metadatas=metas, embeddings=list(vectors[first : first + _PAGE]))  # fmt: skip

    def delete_chunks(self, source_ids: Sequence[str]) -> None:
        """Remove every chunk of these sources, one call per page of them."""
        for where in _of_sources(source_ids):
            self._call("delete chunks", self.chunks.delete, where=where)

    def delete_stale_chunks(self, active: dict[str, str]) -> None:
        """Remove the chunks of these sources whose version is not the given active one.

        One call per page of sources: a chunk whose version is any listed active version is kept,
        which can only spare (invisible) chunks whose version hash another listed source shares.
        """
        items = sorted(active.items())
        for first in range(0, len(items), 500):
            part = items[first : first + 500]
            where: dict[str, Any] = {"$and": [
                {"source_id": {"$in": [s for s, _ in part]}},
                {"version": {"$nin": sorted({v for _, v in part})}},
            ]}  # fmt: skip
            if len(part) == 1:
                where = {"$and": [{"source_id": part[0][0]}, {"version": {"$ne": part[0][1]}}]}
            self._call("delete old chunks", self.chunks.delete, where=where)

    def delete_unrecorded_chunks(self, keep: Collection[str]) -> None:
        """Remove the chunks of every source not in ``keep``: rows that a write killed before its
        record left behind, which nothing else removes once the document's file is gone.
        """
        self._call("delete unrecorded chunks", self.chunks.delete,
                   where={"source_id": {"$nin": sorted(keep) or [""]}})  # fmt: skip

    def chunks_of(self, source_ids: Sequence[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The stored chunks (any version) of these sources as (id, text, metadata)."""
        for where in _of_sources(source_ids):
            for got_ids, metas, docs in self._pages(self.chunks, ["metadatas", "documents"], where):
                yield from zip(got_ids, docs, metas)

    def chunk_count(self) -> int:
        return int(self._call("count chunks", self.chunks.count))

    def iter_chunks(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every stored chunk as (id, text, metadata), page by page."""
        for ids, metas, docs in self._pages(self.chunks, include=["metadatas", "documents"]):
            yield from zip(ids, docs, metas)

    def query(
        self, vector: list[float], n: int, where: dict[str, Any] | None, ids: Sequence[str] | None = None
    ) -> list[tuple[str, str, dict[str, Any], float]]:
        """Nearest chunks as (id, text, metadata, cosine similarity), among ``ids`` if given.

        Chroma finds the nearest ids, then reads their rows in a second step: a chunk deleted in
        between (a concurrent remove or replace) comes back without text and metadata, and is left
        out. Rows deleted by another process stay in this process's in-memory vector index (until
        a restart) and would take the top places of every search; so while a search loses rows
        that way and finds fewer than ``n``, it asks again for more (up to ``max_query_rows``).
        """
        total = self.chunk_count()
        if total == 0 or (ids is not None and not ids):
            return []
        want = min(n, total)
        ask = want
        while True:
            got = self._call("query", self.chunks.query, query_embeddings=[vector], n_results=ask,
                             where=where or None, ids=list(ids) if ids is not None else None,
                             include=["documents", "metadatas", "distances"])  # fmt: skip
            found = got["ids"][0]
            hits = [
                (i, d, m, 1.0 - float(dist))
                for i, d, m, dist in zip(found, got["documents"][0], got["metadatas"][0], got["distances"][0])
                if m is not None and d is not None
            ]
            lost = len(found) - len(hits)
            if len(hits) >= want or not lost or len(found) < ask or ask >= self._settings.max_query_rows:
                return hits[:want]
            ask = min(2 * ask + lost, self._settings.max_query_rows)

    # --- plumbing -------------------------------------------------------------------------

    def _call(self, action: str, fn: Any, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except StoreError:
            raise
        except Exception as exc:
            raise self._error(action, exc) from exc

    def _pages(self, collection: Any, include: list[str],
               where: dict[str, Any] | None = None) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        offset = 0
        while True:
            got = self._call("read", collection.get, include=include, where=where, limit=_PAGE,
                             offset=offset)  # fmt: skip
            ids = got["ids"]
            if not ids:
                return
            yield (ids, *[got[key] for key in include])
            if len(ids) < _PAGE:
                return
            offset += len(ids)


def chunk_end(text: str, meta: dict[str, Any]) -> int:
    """A chunk's end offset: its start plus its length (the text is stored as it is in the document)."""
    return int(meta["start"]) + len(text)


def chunk_position(chunk_id: str) -> int:
    """A chunk's position in its document: the last part of its id ``{source}:{version}:{n}``."""
    tail = chunk_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _stored_path(path: str, folder: Path) -> dict[str, str]:
    """``{"rel": ...}`` (POSIX, relative to the sources folder) for a file inside it, else the
    absolute ``{"path": ...}``.
    """
    if not path:
        return {"path": ""}
    root = Path(os.path.abspath(folder))
    try:
        return {"rel": Path(os.path.abspath(path)).relative_to(root).as_posix()}
    except ValueError:
        return {"path": os.path.abspath(path)}


def resolve_path(meta: dict[str, Any], folder: Path) -> str:
    """A record's file as an absolute path (``rel`` is under the sources folder)."""
    if "rel" in meta:
        return str(Path(os.path.abspath(folder)) / str(meta["rel"]))
    return str(meta.get("path", ""))


def _record(source_id: str, meta: dict[str, Any], folder: Path) -> SourceRecord:
    meta = {**json.loads(str(meta["record"])), "version": meta.get("version", "")}
    extra = meta.get("extra", {})
    return SourceRecord(
        source_id=source_id,
        version=str(meta.get("version", "")),
        title=str(meta.get("title", "")),
        outlet=str(meta.get("outlet", "")),
        date=str(meta.get("date", "")),
        path=resolve_path(meta, folder),
        chunks=int(meta.get("chunks", 0)),
        indexed_at=float(meta.get("indexed_at", 0.0)),
        extra=extra if isinstance(extra, dict) else {},
    )


def _of_sources(source_ids: Sequence[str], page: int = 200) -> Iterator[dict[str, Any]]:
    """Chroma ``where`` filters selecting the chunks of these sources, ``page`` sources at a time."""
    ids = sorted(source_ids)
    for first in range(0, len(ids), page):
        part = ids[first : first + page]
        yield {"source_id": {"$in": part}} if len(part) > 1 else {"source_id": part[0]}
