"""Index a real news folder and time extractive answers on its questions.

    python -m benchmarks.realnews --sources ../shared/data/realtimeqa-2024/full/sources \
        --questions ../shared/data/realtimeqa-2024/full/questions.jsonl --data-dir /tmp/rtqa

Reports the sync time (0 when the data dir already holds the index) and the latency of
``Assistant.answer`` over every question, answered as of its date, twice: first with whatever the
embedding cache holds (by default the sync embedded the candidate sentences, so an answer embeds
its question), then again; then the Speakers view's listing of everyone quoted
(``SpeakerIndex.speakers``, what the tab and ``assistant speakers`` show) on a fresh speaker cache,
first (every article attributed, what ``serve`` does on a thread as it starts) and cached. Speed is
measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from assistant import Assistant, Settings
from assistant.evals import load_questions
from assistant.evals.metrics import percentile


def _percentiles(ms: list[float]) -> dict[str, float]:
    return {f"p{q}_ms": round(percentile(ms, q), 1) for q in (50, 95)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True, help="reused when it holds an index")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    assistant = Assistant(Settings(sources_dir=args.sources, data_dir=args.data_dir))
    started = time.perf_counter()
    report = assistant.sync(progress=True)
    sync_s = time.perf_counter() - started
    questions = load_questions([args.questions])
    passes = []
    for _ in range(2):
        ms = []
        misses = assistant.embedder.misses
        for q in questions:
            t0 = time.perf_counter()
            assistant.answer(q.q, history=[dict(t) for t in q.history], as_of=q.date)
            ms.append((time.perf_counter() - t0) * 1000)
        embedded = (assistant.embedder.misses - misses) / max(len(questions), 1)
        passes.append({**_percentiles(ms), "texts_embedded_per_answer": round(embedded, 1)})
    records = dict(assistant.snapshot().records)
    listing = Assistant(assistant.settings)  # its own speaker cache: the answers above filled one
    speakers_s = []
    for _ in range(2):
        t0 = time.perf_counter()
        quoted = listing.speakers.speakers(records)
        speakers_s.append(round(time.perf_counter() - t0, 2))
    figures = {
        "sources": str(args.sources),
        "documents": len(assistant.list_sources()),
        "sync_s": round(sync_s, 1),
        "chunks_indexed": report.chunks_indexed,
        "embed_sentences_at_index": assistant.settings.embed_sentences_at_index,
        "embedding_cache_mb": round(assistant.embedder.path.stat().st_size / 1e6, 1),
        "questions": len(questions),
        "ask_first_pass": passes[0],
        "ask_second_pass": passes[1],
        "speakers": len(quoted),
        "speakers_first_s": speakers_s[0],
        "speakers_cached_s": speakers_s[1],
        "load_average": os.getloadavg(),
    }
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
