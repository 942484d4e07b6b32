"""Compare two eval runs: per-metric deltas and the questions that got fixed or broken."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import EvalError

LOWER_IS_BETTER = ("latency.", "abstention.over_abstention")


def load_report(path: Path) -> dict[str, Any]:
    """A ``report.json``, given its path or the run directory holding it."""
    path = Path(path)
    if path.is_dir():
        path = path / "report.json"
    if not path.is_file():
        raise EvalError(f"{path}: no report.json there (give a run directory or its report.json)")
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}: not valid JSON ({exc.msg})") from exc
    if not isinstance(report, dict) or "summary" not in report or "questions" not in report:
        raise EvalError(f"{path}: not an eval report (no 'summary'/'questions')")
    return report


@dataclass(frozen=True)
class MetricDelta:
    metric: str
    a: float | None
    b: float | None

    @property
    def delta(self) -> float | None:
        return None if self.a is None or self.b is None else self.b - self.a

    @property
    def verdict(self) -> str:
        d = self.delta
        if d is None or abs(d) < 1e-9:
            return ""
        better = d < 0 if self.metric.startswith(LOWER_IS_BETTER) else d > 0
        return "better" if better else "worse"


@dataclass(frozen=True)
class QuestionChange:
    id: str
    kind: str
    change: str  # "fixed", "broken", "new", "removed", "faithfulness"
    detail: str = ""


@dataclass
class Comparison:
    a: str
    b: str
    metrics: list[MetricDelta] = field(default_factory=list)
    questions: list[QuestionChange] = field(default_factory=list)

    @property
    def fixed(self) -> list[QuestionChange]:
        return [q for q in self.questions if q.change == "fixed"]

    @property
    def broken(self) -> list[QuestionChange]:
        return [q for q in self.questions if q.change == "broken"]


def compare_reports(
    a: Mapping[str, Any], b: Mapping[str, Any], name_a: str = "A", name_b: str = "B"
) -> Comparison:
    keys = list(a["summary"]) + [k for k in b["summary"] if k not in a["summary"]]
    out = Comparison(name_a, name_b, [MetricDelta(k, a["summary"].get(k), b["summary"].get(k)) for k in keys])
    qa = {q["id"]: q for q in a["questions"]}
    qb = {q["id"]: q for q in b["questions"]}
    for qid, before in qa.items():
        after = qb.get(qid)
        if after is None:
            out.questions.append(QuestionChange(qid, before["kind"], "removed"))
        elif before["correct"] != after["correct"]:
            why = "; ".join(before["correct_reasons"] if after["correct"] else after["correct_reasons"])
            out.questions.append(
                QuestionChange(qid, after["kind"], "fixed" if after["correct"] else "broken", why)
            )
        elif before.get("faithfulness") != after.get("faithfulness"):
            out.questions.append(
                QuestionChange(
                    qid,
                    after["kind"],
                    "faithfulness",
                    f"{_fmt(before.get('faithfulness'))} -> {_fmt(after.get('faithfulness'))}",
                )
            )
    for qid, after in qb.items():
        if qid not in qa:
            out.questions.append(
                QuestionChange(qid, after["kind"], "new", "correct" if after["correct"] else "")
            )
    return out


def _fmt(value: float | None, signed: bool = False, ms: bool = False) -> str:
    if value is None:
        return "n/a"
    if ms or abs(value) >= 10:
        return f"{value:+.0f}" if signed else f"{value:.0f}"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def _rows(c: Comparison) -> tuple[list[list[str]], list[list[str]]]:
    metrics = []
    for m in c.metrics:
        ms = m.metric.endswith("_ms")
        metrics.append([m.metric, _fmt(m.a, ms=ms), _fmt(m.b, ms=ms), _fmt(m.delta, True, ms), m.verdict])
    questions = [[q.id, q.kind, q.change, q.detail] for q in c.questions]
    return metrics, questions


def format_table(c: Comparison) -> str:
    """Plain-text tables for the terminal."""
    metrics, questions = _rows(c)
    lines = [f"A = {c.a}", f"B = {c.b}", ""]
    lines += _text_table(["metric", "A", "B", "delta", ""], metrics)
    lines += ["", f"{len(c.fixed)} fixed, {len(c.broken)} broken"]
    if questions:
        lines += [""] + _text_table(["question", "kind", "change", "detail"], questions)
    return "\n".join(lines)


def format_markdown(c: Comparison) -> str:
    metrics, questions = _rows(c)
    out = [
        f"# Eval comparison\n\nA: `{c.a}`  \nB: `{c.b}`\n",
        "| metric | A | B | delta | |",
        "|---|---:|---:|---:|---|",
    ]
    out += ["| " + " | ".join(row) + " |" for row in metrics]
    out += ["", f"**{len(c.fixed)} fixed, {len(c.broken)} broken**", ""]
    if questions:
        out += ["| question | kind | change | detail |", "|---|---|---|---|"]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in questions]
    return "\n".join(out) + "\n"


def _text_table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    widths[-1] = min(widths[-1], 80)
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header).rstrip(), fmt.format(*("-" * w for w in widths))] + [
        fmt.format(*[cell[:80] for cell in row]).rstrip() for row in rows
    ]
