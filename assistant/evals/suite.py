"""The whole eval: run the questions, score them, check the judge and the thresholds -> one report.

``assistant eval run`` is this plus writing the files; tests call it directly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from assistant.assistant import Assistant
from assistant.evals.dataset import Question
from assistant.evals.judge_check import JudgeCheck, check_files
from assistant.evals.judges import CachedJudge, Judge
from assistant.evals.ragas_export import write_ragas
from assistant.evals.report import write_reports
from assistant.evals.runner import Run, collect, load_documents
from assistant.evals.scoring import score_run, summarise
from assistant.evals.thresholds import Threshold, check_thresholds


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
    progress: bool = True,
) -> dict[str, Any]:
    """Answer and score ``questions``; the returned dict is ``report.json``."""
    started = time.perf_counter()
    runs = collect(assistant, questions, progress=progress)
    report = build_report(
        runs, judge, load_documents(assistant), assistant.settings.top_k,
        label_files=label_files, thresholds=thresholds,
    )  # fmt: skip
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
) -> dict[str, Any]:
    """Score collected runs, check the judge on the labelled files and the thresholds."""
    judge = CachedJudge(judge)
    records = [score_run(run, judge, documents, k) for run in runs]
    checks = check_files(judge, list(label_files))
    report: dict[str, Any] = summarise(records)
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
        "label_files": [str(p) for p in label_files],
        "duration_s": 0.0,
    }
    report["questions"] = records
    order = ("meta", "summary", "thresholds", "by_kind", "counts", "latency", "judge_check", "questions")
    return {key: report[key] for key in order}


def write_run(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """report.json/.md/.html and the ragas export (ragas.jsonl, ragas.csv) into ``out_dir``."""
    paths = write_reports(report, out_dir)
    return [*paths, *write_ragas(report["questions"], out_dir)]


def missed(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in report["thresholds"] if not t["passed"]]
