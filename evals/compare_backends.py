"""Answer quality of the extractive default beside the LLM backend, on the dev questions.

    .venv/bin/assistant llm serve --model qwen --port 8080 &      # in another shell
    .venv/bin/python evals/compare_backends.py --base-url http://127.0.0.1:8080/v1 \
        --model qwen2.5-coder-1.5b-instruct --n 32 --out eval-out/compare

Per question and backend it records the answer, whether it is correct, abstention, verified
sentences and latency (JSON lines, appended as it goes: ``--resume`` continues a run), then prints
a summary. Correctness, as in the eval suite: ``fact``/``multi``/``false_premise``: not an
abstention, every ``expect`` group matched (any alternative, case- and quote-insensitive), no
``expect_not``; ``unanswerable``: abstained. A quality run, not a test: with a 1.5B model on 2
cores one LLM answer takes 30 s to minutes. ``--report-only`` re-scores and summarises the results
already in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.assistant import Assistant  # noqa: E402
from assistant.evals.metrics.correctness import CorrectnessInput, score_correctness  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def correct(q: dict[str, Any], text: str, abstained: bool) -> tuple[bool, list[str]]:
    """The eval suite's correctness rule (``assistant/evals/metrics/correctness.py``)."""
    item = CorrectnessInput(q["kind"], text, abstained, q.get("expect", []), q.get("expect_not", []))
    score = score_correctness(item)
    return score.correct, score.reasons


def subset(questions: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` questions spread evenly over each kind, in proportion to the kind's size."""
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in questions:
        by_kind[q["kind"]].append(q)
    out = []
    for items in by_kind.values():
        take = max(1, round(n * len(items) / len(questions)))
        step = len(items) / take
        out += [items[int(i * step)] for i in range(take)]
    return out


def run_one(assistant: Assistant, q: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    first = None
    stream = assistant.stream(q["q"], q.get("history") or [])
    for _ in stream:
        if first is None:
            first = time.perf_counter() - started
    answer = stream.answer()
    elapsed = time.perf_counter() - started
    events = [e.kind for e in stream.events]
    ok, reasons = correct(q, answer.text, answer.abstained)
    return {
        "id": q["id"], "kind": q["kind"], "q": q["q"], "correct": ok, "reasons": reasons,
        "answer": answer.text, "abstained": answer.abstained, "premise_corrected": answer.premise_corrected,
        "backend": answer.backend, "sentences_total": answer.sentences_total,
        "sentences_verified": answer.sentences_verified, "notes": answer.notes,
        "re_cited": events.count("re-cited"), "citations_dropped": events.count("citation-dropped"),
        "latency_s": round(elapsed, 2), "first_text_s": round(first or elapsed, 2),
        "standalone": answer.standalone_question,
    }  # fmt: skip


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for backend in dict.fromkeys(r["run"] for r in rows):
        mine = [r for r in rows if r["run"] == backend]
        answerable = [r for r in mine if r["kind"] != "unanswerable"]
        unanswerable = [r for r in mine if r["kind"] == "unanswerable"]
        total = sum(r["sentences_total"] for r in mine)
        latencies = [r["latency_s"] for r in mine]
        out[backend] = {
            "questions": len(mine),
            "correct": round(sum(r["correct"] for r in mine) / len(mine), 3),
            "by_kind": {
                kind: f"{sum(r['correct'] for r in mine if r['kind'] == kind)}/"
                      f"{sum(1 for r in mine if r['kind'] == kind)}"
                for kind in sorted({r["kind"] for r in mine})
            },  # fmt: skip
            "abstained_unanswerable": f"{sum(r['abstained'] for r in unanswerable)}/{len(unanswerable)}",
            "abstained_answerable": f"{sum(r['abstained'] for r in answerable)}/{len(answerable)}",
            "sentences_verified_share": round(sum(r["sentences_verified"] for r in mine) / total, 3)
            if total else None,
            "sentences_total": total,
            "sentences_re_cited": sum(r["re_cited"] for r in mine),
            "citations_dropped": sum(r["citations_dropped"] for r in mine),
            "fallbacks": sum("fallback" in r["backend"] for r in mine),
            "latency_p50_s": pct(latencies, 50),
            "latency_p95_s": pct(latencies, 95),
            "first_text_p50_s": pct([r["first_text_s"] for r in mine], 50),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "evals" / "dev.jsonl")
    parser.add_argument("--n", type=int, default=32, help="questions, spread over kinds")
    parser.add_argument("--base-url", default="", help="OpenAI-compatible endpoint (none: skip the LLM)")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b-instruct")
    parser.add_argument("--backends", default="extractive,openai")
    parser.add_argument("--out", type=Path, default=ROOT / "eval-out" / "compare")
    parser.add_argument("--resume", action="store_true", help="skip questions already in the results")
    parser.add_argument("--report-only", action="store_true", help="only score and summarise --out")
    args = parser.parse_args()

    every = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    questions = subset(every, args.n)
    args.out.mkdir(parents=True, exist_ok=True)
    results = args.out / "results.jsonl"
    done = set()
    if (args.resume or args.report_only) and results.exists():
        done = {(r["run"], r["id"]) for r in map(json.loads, results.read_text().splitlines())}
    elif results.exists():
        results.unlink()
    sources = args.out / "sources"
    if not sources.exists():
        shutil.copytree(ROOT / "sources", sources)
    base = {"data_dir": args.out / "data", "sources_dir": sources}
    for backend in [] if args.report_only else args.backends.split(","):
        if backend == "openai" and not args.base_url:
            continue
        extra = {"llm_base_url": args.base_url, "llm_model": args.model} if backend == "openai" else {}
        assistant = Assistant(Settings(backend=backend, **base, **extra))  # type: ignore[arg-type]
        assistant.sync()
        for i, q in enumerate(questions, 1):
            if (backend, q["id"]) in done:
                continue
            row = {"run": backend, **run_one(assistant, q)}
            with results.open("a") as f:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(f"[{backend} {i}/{len(questions)}] {q['id']}: {'ok' if row['correct'] else 'WRONG'} "
                  f"{row['latency_s']:.1f}s verified {row['sentences_verified']}/{row['sentences_total']}",
                  flush=True)  # fmt: skip
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    by_id = {q["id"]: q for q in every}
    for row in rows:  # scored again, so a resumed run is scored by the current rule
        row["correct"], row["reasons"] = correct(by_id[row["id"]], row["answer"], row["abstained"])
    summary = summarise(rows)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
