"""Ingest, re-sync, retrieval, ask and memory, side by side with a naive pipeline and the floor.

    python -m benchmarks.run [--sizes 1000 10000 100000] [--chroma-server] [--out benchmarks/out/]

Absolute times on a shared 2-core machine are noisy; every comparison is a ratio of figures taken
in the same run, and the load average is recorded with them. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant import Assistant, BM25Index, Filters, HybridRetriever, Settings, chunk_document  # noqa: E402
from assistant.embedding import CachedEmbedder, OnnxMiniLM  # noqa: E402
from assistant.evals.metrics import percentile  # noqa: E402
from assistant.loaders import load_document  # noqa: E402
from benchmarks import corpus, floor, naive, rss  # noqa: E402
from benchmarks.server import ChromaServer  # noqa: E402


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _ms(values: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(values, 50) * 1000, 2), "p95": round(percentile(values, 95) * 1000, 2)}


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {_load()[0]:.1f}] {msg}", flush=True)


def _chunks(folder: Path, chunk_chars: int) -> tuple[list[str], list[str], list[dict[str, Any]], list[str]]:
    """(ids, texts, metadatas, titles) of every chunk, as the indexer will make them."""
    ids, texts, metas, titles = [], [], [], []
    for path in sorted(folder.glob("*.md")):
        doc = load_document(path, 10**8)
        titles.append(doc.title or doc.source_id)
        for c in chunk_document(doc, chunk_chars):
            ids.append(c.chunk_id)
            texts.append(c.text)
            metas.append({"source_id": doc.source_id, "outlet": doc.outlet, "date": doc.date})
    return ids, texts, metas, titles


def _prefill(cache_path: Path, texts: list[str]) -> dict[str, float]:
    """Embed once what the shared cache lacks (not timed as ingest: the vectors are reused)."""
    cached = CachedEmbedder(OnnxMiniLM(), cache_path)
    started = time.perf_counter()
    for first in range(0, len(texts), 5000):
        cached.embed_documents(texts[first : first + 5000])
        if cached.misses:
            _log(f"  prefill {min(first + 5000, len(texts))}/{len(texts)} ({cached.misses} embedded)")
    return {"embedded": cached.misses, "seconds": round(time.perf_counter() - started, 1)}


def _raw_rate(texts: list[str], sample: int, seed: int = 3) -> dict[str, float]:
    embedder = OnnxMiniLM()
    embedder.embed(texts[:8])  # warm-up: session and allocator
    picked = texts if len(texts) <= sample else random.Random(seed).sample(texts, sample)
    started = time.perf_counter()
    embedder.embed(picked)
    seconds = time.perf_counter() - started
    rate = round(len(picked) / seconds, 1)
    return {"texts": len(picked), "seconds": round(seconds, 2), "chunks_per_s": rate}


def _fresh(settings: Settings, server: ChromaServer | None, names: list[str]) -> None:
    if settings.data_dir.exists():
        shutil.rmtree(settings.data_dir)
    if server is not None:
        server.drop(names)


def run_size(size: int, args: argparse.Namespace, server: ChromaServer | None) -> dict[str, Any]:
    out: Path = args.out
    shape = "long" if size <= args.long_up_to else "short"
    cold = size <= args.cold_up_to
    mode = "server" if server else "embedded"
    res: dict[str, Any] = {"size": size, "shape": shape, "mode": mode, "load_start": _load()}
    _log(f"== {size} chunks ({shape} chunks, {mode} Chroma) ==")
    folder = out / "corpus" / f"{shape}-{size}"
    queries = corpus.generate(folder, size, shape, queries=args.queries)
    ids, texts, metas, titles = _chunks(folder, corpus.CHUNK_CHARS[shape])
    res.update(chunks=len(texts), documents=len(titles),
               mean_chunk_chars=round(statistics.mean(len(t) for t in texts)))  # fmt: skip
    _log(f"corpus: {len(titles)} documents, {len(texts)} chunks, mean {res['mean_chunk_chars']} chars")

    run_dir = out / "runs" / f"{mode}-{shape}-{size}"
    collection = f"bench_{shape}_{size}"
    settings = Settings(
        data_dir=run_dir / "data", sources_dir=folder, chunk_chars=corpus.CHUNK_CHARS[shape],
        collection=collection, backend="extractive",
        chroma_host=server.host if server else None, chroma_port=server.port if server else 8000,
        chroma_timeout_s=120.0,
    )  # fmt: skip
    _fresh(settings, server, [collection, collection + "__sources", f"naive_{collection}"])
    shared_cache = out / "embedding-cache.sqlite"
    if not cold:
        res["prefill"] = _prefill(shared_cache, texts)
        settings.data_dir.mkdir(parents=True)
        shutil.copyfile(shared_cache, settings.data_dir / "embedding-cache.sqlite")
    res["embedding_cache"] = "cold (empty)" if cold else "warm (vectors embedded once, reused)"

    # 1. ingest -------------------------------------------------------------------------------
    _log("raw embedder rate")
    res["raw"] = _raw_rate(texts, len(texts) if cold else args.raw_sample)
    _log(f"  {res['raw']}")
    _log("ours: sync")
    a = Assistant(settings)
    t0 = time.perf_counter()
    report = a.indexer.sync()
    t1 = time.perf_counter()
    a.snapshot()
    t2 = time.perf_counter()
    res["ours_ingest"] = {
        "chunks": report.chunks_indexed, "embedded": a.embedder.misses,
        "index_seconds": round(t1 - t0, 2), "bm25_seconds": round(t2 - t1, 2),
        "chunks_per_s": round(report.chunks_indexed / (t2 - t0), 1),
    }  # fmt: skip
    _log(f"  {res['ours_ingest']}")
    # The load moves while we measure: take the raw rate again right after, and compare with the mean.
    after = _raw_rate(texts, len(texts) if cold else args.raw_sample)
    res["raw_before"], res["raw_after"] = res["raw"], after
    res["raw"] = {"chunks_per_s": round((res["raw"]["chunks_per_s"] + after["chunks_per_s"]) / 2, 1),
                  "texts": after["texts"], "note": "mean of the rates measured before and after ours"}
    _log(f"  raw again: {after}")

    _log("naive: Chroma.from_documents (our embedder)")
    inner: Any = OnnxMiniLM()
    if not cold:
        inner = CachedEmbedder(inner, settings.data_dir / "naive-cache.sqlite")
        shutil.copyfile(shared_cache, settings.data_dir / "naive-cache.sqlite")
    client = server.client() if server else None
    t0 = time.perf_counter()
    db = naive.build(texts, metas, ids, naive.WrappedEmbedder(inner), run_dir / "naive", client,
                     name=f"naive_{collection}")  # fmt: skip
    seconds = time.perf_counter() - t0
    res["naive_ingest"] = {"chunks": len(texts), "seconds": round(seconds, 2),
                           "chunks_per_s": round(len(texts) / seconds, 1)}  # fmt: skip
    _log(f"  {res['naive_ingest']}")
    if size <= args.chroma_onnx_up_to:
        _log("naive: Chroma.from_documents (chromadb's ONNXMiniLM_L6_V2, padded to 256)")
        t0 = time.perf_counter()
        wrapped = naive.WrappedEmbedder(naive.ChromaOnnxMiniLM())
        naive.build(texts, metas, ids, wrapped, run_dir / "naive-onnx",
                    server.client() if server else None, name=f"naive_onnx_{collection}")  # fmt: skip
        seconds = time.perf_counter() - t0
        res["naive_chroma_onnx_ingest"] = {"chunks": len(texts), "seconds": round(seconds, 2),
                                           "chunks_per_s": round(len(texts) / seconds, 1)}  # fmt: skip
        _log(f"  {res['naive_chroma_onnx_ingest']}")
        if server:
            server.drop([f"naive_onnx_{collection}"])

    # 2. re-sync ------------------------------------------------------------------------------
    _log("re-sync, unchanged (a fresh Assistant, as a new 'sources sync' process)")
    b = Assistant(settings)
    t0 = time.perf_counter()
    again = b.sync()
    res["resync_unchanged"] = {
        "seconds": round(time.perf_counter() - t0, 2),
        "chunks_embedded": b.embedder.misses, "unchanged": len(again.unchanged),
    }  # fmt: skip
    _log(f"  {res['resync_unchanged']}")

    edited = corpus.edit_fraction(folder, 0.01)
    _log(f"re-sync after editing {len(edited)} documents (1 %)")
    c = Assistant(settings)
    c.snapshot()  # the process already had its index loaded, as a running server would
    t0 = time.perf_counter()
    report = c.indexer.sync()
    t1 = time.perf_counter()
    snapshot = c.snapshot()
    bm25, versions = snapshot.bm25, snapshot.versions
    t2 = time.perf_counter()
    full = BM25Index()
    full.update(c.store, versions)
    t3 = time.perf_counter()
    res["resync_1pct"] = {
        "documents": len(report.updated), "chunks_embedded": c.embedder.misses,
        "index_seconds": round(t1 - t0, 2), "bm25_incremental_seconds": round(t2 - t1, 2),
        "bm25_sources_reread": bm25.last_update.read_sources,
        "bm25_full_rebuild_seconds": round(t3 - t2, 2),
    }  # fmt: skip
    del full
    _log(f"  {res['resync_1pct']}")

    # 3. retrieval ------------------------------------------------------------------------------
    _log("exact index (floor) from the stored vectors")
    exact = floor.active_vectors(c.store)
    retriever = HybridRetriever(c.store, bm25, dict(c.snapshot().records), c.embedder.embed_query,
                                settings.candidates, settings.rrf_k)  # fmt: skip
    kinds = ("embed", "dense", "floor", "hybrid", "hybrid_filtered", "naive")
    t: dict[str, list[float]] = {k: [] for k in kinds}
    rec: dict[str, list[float]] = {f"{w}@{k}": [] for w in ("dense", "hybrid", "naive") for k in (5, 10)}
    for q in queries[:3]:  # warm-up
        retriever.retrieve(q.text, 10)
        db.similarity_search(q.text, k=10)
    for q in queries:
        s = time.perf_counter()
        vector = c.embedder.embed_query(q.text)
        t["embed"].append(time.perf_counter() - s)
        s = time.perf_counter()
        dense = [hit[0] for hit in c.store.query(vector, 10, None)]
        t["dense"].append(time.perf_counter() - s)
        s = time.perf_counter()
        top = exact.top(vector, 10)
        t["floor"].append(time.perf_counter() - s)
        s = time.perf_counter()
        hybrid = [p.chunk_id for p in retriever.retrieve(q.text, 10).passages]
        t["hybrid"].append(time.perf_counter() - s)
        s = time.perf_counter()
        retriever.retrieve(q.text, 10, Filters(outlets=(q.outlet,), date_from=q.year, date_to=q.year))
        t["hybrid_filtered"].append(time.perf_counter() - s)
        s = time.perf_counter()
        naive_hits = [d.id for d in db.similarity_search(q.text, k=10)]
        t["naive"].append(time.perf_counter() - s)
        for k in (5, 10):
            rec[f"dense@{k}"].append(floor.recall(dense, top, k))
            rec[f"hybrid@{k}"].append(floor.recall(hybrid, top, k))
            rec[f"naive@{k}"].append(floor.recall([str(i) for i in naive_hits], top, k))
    res["retrieval_ms"] = {k: _ms(v) for k, v in t.items()}
    res["retrieval_ms"]["floor_with_embed"] = _ms([e + f for e, f in zip(t["embed"], t["floor"])])
    res["retrieval_ms"]["dense_with_embed"] = _ms([e + d for e, d in zip(t["embed"], t["dense"])])
    res["recall_vs_exact"] = {k: round(statistics.mean(v), 3) for k, v in rec.items()}
    res["queries"] = len(queries)
    _log(f"  {res['retrieval_ms']}")
    _log(f"  recall {res['recall_vs_exact']}")
    del exact

    # 4. ask ------------------------------------------------------------------------------------
    _log("ask (extractive)")
    asks = queries[: args.asks]
    c.answer(asks[0].text)
    times = []
    for q in asks:
        s = time.perf_counter()
        c.answer(q.text)
        times.append(time.perf_counter() - s)
    res["ask_ms"] = _ms(times)
    _log(f"  {res['ask_ms']}")

    # 5. memory ----------------------------------------------------------------------------------
    _log("resident memory of 'assistant serve' (Gradio) after answering through its API")
    res["rss"] = rss.serve_rss(settings, [q.text for q in asks[:10]], run_dir / "serve.log")
    _log(f"  {res['rss']}")
    res["load_end"] = _load()
    return res


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def table(results: dict[str, Any]) -> str:
    """One column per size; ratios computed from figures of the same run."""
    sizes = results["sizes"]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, fn: Any) -> None:
        cells = []
        for r in sizes:
            try:
                cells.append(str(fn(r)))
            except (KeyError, ZeroDivisionError, TypeError):
                cells.append("-")
        rows.append((label, cells))

    row("chunks (documents)", lambda r: f"{r['chunks']} ({r['documents']})")
    row("chunk shape / mean chars", lambda r: f"{r['shape']} / {r['mean_chunk_chars']}")
    row("embedding cache at ingest", lambda r: "cold" if r["embedding_cache"].startswith("cold") else "warm")
    row("raw embedder, chunks/s (before/after)", lambda r: (
        f"{r['raw']['chunks_per_s']} ({r['raw_before']['chunks_per_s']}/{r['raw_after']['chunks_per_s']})"))
    row("ours ingest, chunks/s", lambda r: r["ours_ingest"]["chunks_per_s"])
    row("naive ingest (our embedder), chunks/s", lambda r: r["naive_ingest"]["chunks_per_s"])
    row("naive ingest (chromadb ONNX), chunks/s", lambda r: r["naive_chroma_onnx_ingest"]["chunks_per_s"])
    row("  ours / raw embedder", lambda r: "n/a (warm)" if r["ours_ingest"]["embedded"] == 0 else
        _ratio(r["ours_ingest"]["chunks_per_s"], r["raw"]["chunks_per_s"]))
    row("  ours / naive (our embedder)",
        lambda r: _ratio(r["ours_ingest"]["chunks_per_s"], r["naive_ingest"]["chunks_per_s"]))
    row("  ours / naive (chromadb ONNX)",
        lambda r: _ratio(r["ours_ingest"]["chunks_per_s"], r["naive_chroma_onnx_ingest"]["chunks_per_s"]))
    row("re-sync unchanged, s (embedded)",
        lambda r: f"{r['resync_unchanged']['seconds']} ({r['resync_unchanged']['chunks_embedded']})")
    row("re-sync 1% edited, s (embedded)", lambda r: (
        f"{r['resync_1pct']['index_seconds'] + r['resync_1pct']['bm25_incremental_seconds']:.2f} "
        f"({r['resync_1pct']['chunks_embedded']})"))  # fmt: skip
    row("  BM25 incremental / full rebuild", lambda r: (
        f"{r['resync_1pct']['bm25_incremental_seconds']}s / "
        f"{r['resync_1pct']['bm25_full_rebuild_seconds']}s"))
    for key, label in (("hybrid", "ours hybrid"), ("hybrid_filtered", "ours hybrid + filters"),
                       ("dense_with_embed", "ours dense (Chroma)"), ("naive", "naive similarity_search"),
                       ("floor_with_embed", "floor: embed + NumPy scan"),
                       ("embed", "  query embedding alone"),
                       ("dense", "  Chroma query alone"), ("floor", "  NumPy scan alone")):  # fmt: skip
        row(f"{label}, p50/p95 ms",
            lambda r, k=key: f"{r['retrieval_ms'][k]['p50']} / {r['retrieval_ms'][k]['p95']}")
    row("  hybrid / floor (p50)", lambda r: _ratio(r["retrieval_ms"]["hybrid"]["p50"],
                                                   r["retrieval_ms"]["floor_with_embed"]["p50"]))
    row("  dense / floor (p50)", lambda r: _ratio(r["retrieval_ms"]["dense_with_embed"]["p50"],
                                                  r["retrieval_ms"]["floor_with_embed"]["p50"]))
    row("  hybrid / naive (p50)", lambda r: _ratio(r["retrieval_ms"]["hybrid"]["p50"],
                                                   r["retrieval_ms"]["naive"]["p50"]))
    for w in ("dense", "hybrid", "naive"):
        row(f"recall@5 / @10 vs exact, {w}",
            lambda r, w=w: f"{r['recall_vs_exact'][w + '@5']} / {r['recall_vs_exact'][w + '@10']}")
    row("ask (extractive) p50/p95 ms", lambda r: f"{r['ask_ms']['p50']} / {r['ask_ms']['p95']}")
    row("RSS after answering, MB (peak)", lambda r: f"{r['rss']['rss_mb']} ({r['rss']['peak_mb']})")
    row("load average at start / end", lambda r: f"{r['load_start'][0]} / {r['load_end'][0]}")
    width = max(len(label) for label, _ in rows) + 2
    col = max([len(c) for _, cells in rows for c in cells] + [12]) + 2
    lines = ["".ljust(width) + "".join(f"{r['size']:>{col}}" for r in sizes)]
    lines += [label.ljust(width) + "".join(f"{c:>{col}}" for c in cells) for label, cells in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--chroma-server", action="store_true",
                        help="start 'chroma run' on a free loopback port")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--queries", type=int, default=60, help="retrieval queries per size")
    parser.add_argument("--asks", type=int, default=25, help="questions answered per size")
    parser.add_argument("--long-up-to", type=int, default=1000, help="sizes up to this use ~800-char chunks")
    parser.add_argument("--cold-up-to", type=int, default=10000,
                        help="sizes up to this ingest from an empty embedding cache")  # fmt: skip
    parser.add_argument("--chroma-onnx-up-to", type=int, default=1000,
                        help="sizes up to this also run the naive pipeline with chromadb's ONNX")
    parser.add_argument("--raw-sample", type=int, default=3000, help="texts timed for the raw rate when warm")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "command": "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count(), "load_start": _load(),
        "sizes": [],
    }  # fmt: skip
    server = ChromaServer(args.out / "runs" / "chroma-server") if args.chroma_server else None
    try:
        for size in args.sizes:
            results["sizes"].append(run_size(size, args, server))
            _save(args.out, results)
    finally:
        if server:
            server.stop()
    results["load_end"] = _load()
    _save(args.out, results)
    print()
    print(f"{results['command']}   (load average at start {results['load_start']}, "
          f"at end {results['load_end']}, {results['cpus']} cores)")  # fmt: skip
    print(table(results))


def _save(out: Path, results: dict[str, Any]) -> None:
    mode = "server" if any(r["mode"] == "server" for r in results["sizes"]) else "embedded"
    text = json.dumps(results, indent=2)
    stamp = results["started"].replace("-", "").replace(":", "").replace(" ", "-")
    (out / f"results-{mode}-{stamp}.json").write_text(text)
    (out / f"results-{mode}-latest.json").write_text(text)


if __name__ == "__main__":
    main()
