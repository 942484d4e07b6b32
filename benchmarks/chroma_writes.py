"""What Chroma's write cost depends on: the same vectors written with different collection settings.

    python -m benchmarks.chroma_writes [--size 100000] [--out benchmarks/out/] [--repeat 2]

Writes the benchmark corpus's chunks (vectors from the shared embedding cache; what it lacks is
embedded first, not timed) into fresh embedded collections, in 2,000-row upserts as the indexer
does, with the product's five metadata keys. Variants, interleaved and repeated because one HNSW
build differs from the next:

* ``default``: what the product writes (chunk text as Chroma documents, ``construction_ef`` 100);
* ``ef64``: ``hnsw:construction_ef`` 64;
* ``no-documents``: the chunk text left out (Chroma stores it and indexes it for full-text search).

Prints write wall and CPU seconds as ratios to ``default`` and dense recall@5/@10 against the exact
top-k of the benchmark's own text queries.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import chromadb
import numpy as np

from assistant.embedding import CachedEmbedder, OnnxMiniLM
from benchmarks import corpus
from benchmarks.run import _chunks

VARIANTS: dict[str, dict[str, Any]] = {
    "default": {"metadata": {}, "documents": True},
    "ef64": {"metadata": {"hnsw:construction_ef": 64}, "documents": True},
    "no-documents": {"metadata": {}, "documents": False},
}
_BATCH = 2000


def _metadatas(metas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The five keys a product chunk carries (source id, version, outlet, date key, start)."""
    out, position = [], 0
    for i, m in enumerate(metas):
        position = 0 if i == 0 or m["source_id"] != metas[i - 1]["source_id"] else position + 1
        date_key = int((m["date"] or "0").replace("-", "")[:8].ljust(8, "0"))
        out.append({"source_id": m["source_id"], "version": "v1", "outlet": m["outlet"],
                    "date_key": date_key, "start": position * 150})  # fmt: skip
    return out


def _write(folder: Path, variant: str, ids: list[str], texts: list[str], vectors: np.ndarray,
           metadatas: list[dict[str, Any]]) -> tuple[Any, float, float]:  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    spec = VARIANTS[variant]
    collection = chromadb.PersistentClient(str(folder)).get_or_create_collection(
        "chunks", embedding_function=None, metadata={"hnsw:space": "cosine", **spec["metadata"]}
    )
    cpu, wall = time.process_time(), time.perf_counter()
    for first in range(0, len(ids), _BATCH):
        part = slice(first, first + _BATCH)
        documents = texts[part] if spec["documents"] else None
        collection.upsert(ids=ids[part], embeddings=vectors[part], metadatas=metadatas[part],  # type: ignore[arg-type]
                          documents=documents)  # fmt: skip
    return collection, time.perf_counter() - wall, time.process_time() - cpu


def _recall(collection: Any, queries: np.ndarray, exact: list[list[str]], k: int) -> float:
    found = collection.query(query_embeddings=queries, n_results=k, include=[])["ids"]
    return statistics.mean(len(set(f) & set(e[:k])) / k for f, e in zip(found, exact))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="chunks (short shape)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)

    folder = args.out / "corpus" / f"short-{args.size}"
    queries = corpus.generate(folder, args.size, "short", queries=args.queries)
    ids, texts, metas, _ = _chunks(folder, corpus.CHUNK_CHARS["short"])
    embedder = CachedEmbedder(OnnxMiniLM(), args.out / "embedding-cache.sqlite")
    vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
    print(f"{len(ids)} chunks ({embedder.misses} embedded first), {len(queries)} queries", flush=True)
    query_vectors = np.asarray(embedder.inner.embed([q.text for q in queries]), dtype=np.float32)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    order = np.argsort(-(query_vectors @ unit.T), axis=1)[:, :10]
    exact = [[ids[j] for j in row] for row in order]
    metadatas = _metadatas(metas)

    figures: dict[str, list[tuple[float, float, float, float]]] = {v: [] for v in VARIANTS}
    for round_ in range(args.repeat):
        for variant in VARIANTS:
            # a fresh folder each round: chromadb caches its clients by path
            path = args.out / "runs" / f"chroma-writes-{variant}-{round_ + 1}"
            collection, wall, cpu = _write(path, variant, ids, texts, vectors, metadatas)
            r5, r10 = (_recall(collection, query_vectors, exact, k) for k in (5, 10))
            figures[variant].append((wall, cpu, r5, r10))
            print(f"  round {round_ + 1} {variant:13} wall {wall:6.1f} s  cpu {cpu:6.1f} s  "
                  f"recall@5 {r5:.3f}  @10 {r10:.3f}", flush=True)  # fmt: skip
            del collection
            shutil.rmtree(path, ignore_errors=True)

    base_wall = statistics.mean(f[0] for f in figures["default"])
    base_cpu = statistics.mean(f[1] for f in figures["default"])
    print(f"\n{'variant':13} {'wall / default':>15} {'cpu / default':>14} {'recall@5 (range)':>20}")
    for variant, rows in figures.items():
        wall = statistics.mean(r[0] for r in rows) / base_wall
        cpu = statistics.mean(r[1] for r in rows) / base_cpu
        low, high = min(r[2] for r in rows), max(r[2] for r in rows)
        print(f"{variant:13} {wall:14.2f}x {cpu:13.2f}x {low:9.3f}-{high:.3f}")


if __name__ == "__main__":
    main()
