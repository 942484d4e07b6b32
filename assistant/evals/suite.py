"""The whole eval: run the questions, score them, check the judge and the thresholds -> one report.

``assistant eval run`` is this plus writing the files; tests call it directly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from assistant import Assistant
from assistant.evals.dataset import Question
from assistant.evals.judge_check import JudgeCheck, check_files
from assistant.evals.judges import CachedJudge, Judge
from assistant.evals.metrics.correctness import BUDGET_CHARS
from assistant.evals.ragas_export import write_ragas
from assistant.evals.report import write_reports
from assistant.evals.runner import Run, collect, load_documents
from assistant.evals.scoring import score_run, summarise
from assistant.evals.splits import abstention_curves, breakdown, flat_keys
from assistant.evals.thresholds import Threshold, check_thresholds
from assistant.evals.versus import versus
from assistant.generation import load_model

# What the report keeps of each baseline answer (the rest is in the main run's record).
_BASELINE_FIELDS = ("id", "kind", "split", "set", "answer", "abstained", "correct", "correct_reasons",
                    "citations", "faithfulness", "quote_fidelity", "latency_ms")  # fmt: skip


def _pooled_accuracy(checks: Sequence[JudgeCheck]) -> float | None:
    pairs = sum(c.pairs for c in checks)
    return sum(c.correct for c in checks) / pairs if pairs else None


def run_suite(
    assistant: Assistant,
    questions: Sequence[Question],
    judge: Judge,
    *,
    question_files: Sequence[Path] = (),
    label_files: Sequence[Path] = (),
    thresholds: Sequence[Threshold] = (),
    budget: Mapping[str, int] | None = None,
    baseline: Assistant | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Answer and score ``questions`` (and with ``baseline`` too); the returned dict is ``report.json``."""
    started = time.perf_counter()
    runs = collect(assistant, questions, progress=progress)
    baseline_runs = None
    if baseline is not None:
        baseline_runs = collect(baseline, questions, progress=progress, desc=baseline.generator.name)
    report = build_report(
        runs, judge, load_documents(assistant), assistant.settings.top_k,
        label_files=label_files, thresholds=thresholds, budget=budget, baseline_runs=baseline_runs,
    )  # fmt: skip
    if any(b.startswith("extractive") for b in report["meta"]["backends"]):
        report["answer_model"] = load_model().to_dict()
    report["meta"].update({
        "question_files": [str(p) for p in question_files],
        "backend_setting": assistant.settings.backend,
        "duration_s": round(time.perf_counter() - started, 1),
    })  # fmt: skip
    return report


def build_report(
    runs: Sequence[Run],
    judge: Judge,
    documents: Mapping[str, str],
    k: int,
    *,
    label_files: Sequence[Path] = (),
    thresholds: Sequence[Threshold] = (),
    budget: Mapping[str, int] | None = None,
    baseline_runs: Sequence[Run] | None = None,
) -> dict[str, Any]:
    """Score collected runs (and a baseline's), check the judge on the labelled files and the thresholds."""
    judge = CachedJudge(judge)
    budget = dict(budget or BUDGET_CHARS)
    records = [score_run(run, judge, documents, k, budget) for run in runs]
    checks = check_files(judge, list(label_files))
    report: dict[str, Any] = summarise(records)
    report["splits"] = breakdown(records)
    report["summary"].update(flat_keys(report["splits"]))
    report["abstention_curve"] = abstention_curves(records)
    report["baseline"] = None
    if baseline_runs is not None:
        report["baseline"] = _score_baseline(baseline_runs, judge, documents, k, budget, report["summary"])
    report["summary"]["judge.accuracy"] = _pooled_accuracy([c for c in checks if not c.held_out])
    report["summary"]["judge.holdout_accuracy"] = _pooled_accuracy([c for c in checks if c.held_out])
    report["thresholds"] = [t.to_dict() for t in check_thresholds(report["summary"], list(thresholds))]
    report["judge_check"] = [c.to_dict() for c in checks]
    report["meta"] = {
        "created": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "question_files": [],
        "questions": len(records),
        "backend_setting": "",
        "backends": sorted({r["backend"] for r in records}),
        "judge": judge.name,
        "top_k": k,
        "budget": budget,
        "label_files": [str(p) for p in label_files],
        "duration_s": 0.0,
    }
    report["questions"] = records
    order = ("meta", "summary", "thresholds", "splits", "by_kind", "counts", "latency", "abstention_curve",
             "baseline", "judge_check", "questions")  # fmt: skip
    return {key: report[key] for key in order}


def _score_baseline(runs: Sequence[Run], judge: Judge, documents: Mapping[str, str], k: int,
                    budget: Mapping[str, int],
                    ours: Mapping[str, float | None]) -> dict[str, Any]:  # fmt: skip
    """The baseline's answers scored like ours, and ours against it (Δ and ×) per split and file."""
    records = [score_run(run, judge, documents, k, budget) for run in runs]
    scored = summarise(records)
    splits = breakdown(records)
    summary = {**scored["summary"], **flat_keys(splits)}
    return {
        "method": records[0]["backend"] if records else "",
        "summary": summary,
        "splits": splits,
        "versus": versus(ours, summary),
        "questions": [{key: r[key] for key in _BASELINE_FIELDS} for r in records],
    }


def write_run(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """report.json/.md/.html and the ragas export (ragas.jsonl, ragas.csv) into ``out_dir``."""
    paths = write_reports(report, out_dir)
    return [*paths, *write_ragas(report["questions"], out_dir)]


def missed(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in report["thresholds"] if not t["passed"]]
