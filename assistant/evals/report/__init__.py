"""Eval reports: ``report.json`` (the data), ``report.md`` and ``report.html`` (for people)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .html import render_html
from .markdown import render_markdown
from .tables import split_lines, split_table, versus_table

__all__ = ["DISPLAY_NAMES", "fmt", "render_html", "render_markdown", "split_lines", "split_table",
           "versus_table", "write_reports"]  # fmt: skip

DISPLAY_NAMES = {
    "correctness": "Correct answers",
    "retrieval.recall@1": "Support recall@1",
    "retrieval.recall@3": "Support recall@3",
    "retrieval.recall@k": "Support recall@k",
    "retrieval.mrr": "Support MRR",
    "abstention.precision": "Abstention precision",
    "abstention.recall": "Abstention recall",
    "abstention.over_abstention": "Over-abstention",
    "false_premise.handled": "False premises corrected",
    "false_premise.flagged": "False premises flagged",
    "faithfulness": "Faithfulness",
    "citation.recall": "Citation recall",
    "citation.precision": "Citation precision",
    "quote_fidelity": "Quote fidelity",
    "sides_cited": "Every side cited (comparisons)",
    "old_news.wrong": "Wrong among answers marked old news",
    "latency.p50_ms": "Latency p50 (ms)",
    "latency.p95_ms": "Latency p95 (ms)",
    "judge.accuracy": "Judge accuracy (tuning pairs)",
    "judge.holdout_accuracy": "Judge accuracy (held out)",
}


def write_reports(report: Mapping[str, Any], out_dir: Path) -> list[Path]:
    """Write report.json, report.md and report.html into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html"]
    paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    paths[1].write_text(render_markdown(report), encoding="utf-8")
    paths[2].write_text(render_html(report), encoding="utf-8")
    return paths


def fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if metric.endswith("_ms"):
        return f"{value:.0f}"
    return f"{value:.3f}"
