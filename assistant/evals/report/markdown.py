"""``report.md``: the run's figures as Markdown tables, and the failing questions with reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.evals.splits import split_key

from .tables import model_table, split_table, versus_table


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    aligns = ["---" if i < 2 else "---:" for i in range(len(header))]
    return ["| " + " | ".join(header) + " |", "|" + "|".join(aligns) + "|",
            *("| " + " | ".join(_cell(c) for c in r) + " |" for r in rows)]  # fmt: skip


def _splits_and_baseline(report: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    header, rows = split_table(report.get("splits") or {})
    if rows:
        out += ["", "## By split and question file", "", *_table(header, rows)]
    if report.get("baseline"):
        header, rows = versus_table(report["baseline"])
        out += ["", f"## Ours vs the {report['baseline']['method']} baseline (same run)", "",
                *_table(header, rows)]  # fmt: skip
    header, rows = model_table(report.get("answer_model") or {})
    if rows:
        out += ["", "## Answer model (fitted on tune questions by `assistant eval fit`)", "",
                *_table(header, rows)]  # fmt: skip
    for split, curve in (report.get("abstention_curve") or {}).items():
        out += ["", f"Abstention curve ({split}, {curve['questions']} questions, {len(curve['points'])} "
                f"thresholds): operating point precision {curve['operating_precision']:.3f}, recall "
                f"{curve['operating_recall']:.3f} (plotted in report.html)"]  # fmt: skip
    return out


def render_markdown(report: Mapping[str, Any]) -> str:
    from . import DISPLAY_NAMES, fmt

    meta, summary = report["meta"], report["summary"]
    limits = {t["metric"]: t for t in report.get("thresholds", [])}
    out = [
        f"# Eval report — {meta['created']}",
        "",
        f"Questions: {meta['questions']} from {', '.join(meta['question_files'])} · backend: "
        f"{', '.join(meta['backends'])} · judge: **{meta['judge']}** · k = {meta['top_k']}",
        "",
        "## Summary",
        "",
        "| metric | value | threshold | |",
        "|---|---:|---:|---|",
    ]
    for key, value in summary.items():
        t = limits.get(key)
        if split_key(key)[1] and t is None:  # per split or file: in its own table
            continue
        limit = "" if t is None else f"{'≥' if t['op'] == 'min' else '≤'} {t['limit']:g}"
        status = (
            "" if t is None else ("skipped" if t["skipped"] else ("pass" if t["passed"] else "**MISSED**"))
        )
        out.append(f"| {DISPLAY_NAMES.get(key, key)} (`{key}`) | {fmt(key, value)} | {limit} | {status} |")
    out += _splits_and_baseline(report)
    kinds = report["by_kind"]
    cols = [
        "questions",
        "abstained",
        "correctness",
        "retrieval.recall@k",
        "retrieval.mrr",
        "faithfulness",
        "citation.recall",
        "citation.precision",
        "quote_fidelity",
        "latency.p50_ms",
    ]
    out += ["", "## By kind", "", "| kind | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for kind, row in kinds.items():
        cells = [str(row[c]) if c in ("questions", "abstained") else fmt(c, row.get(c)) for c in cols]
        out.append(f"| {kind} | " + " | ".join(cells) + " |")
    out += [
        "",
        "## Latency by backend",
        "",
        "| backend | n | p50 ms | p95 ms | mean ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for backend, row in report["latency"].items():
        out.append(
            f"| {backend} | {row['n']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['mean_ms']:.0f} |"
        )
    if report.get("judge_check"):
        out += [
            "",
            f"## Judge check ({meta['judge']})",
            "",
            "| file | pairs | accuracy | unsupported precision | unsupported recall |",
            "|---|---:|---:|---:|---:|",
        ]
        for j in report["judge_check"]:
            name = j["file"] + (" (held out)" if j["held_out"] else " (judge tuned on these)")
            out.append(
                f"| {name} | {j['pairs']} | {j['accuracy']:.3f} | {j['unsupported_precision']:.3f} | "
                f"{j['unsupported_recall']:.3f} |"
            )
        for j in report["judge_check"]:
            if j["mistakes"]:
                out += ["", f"Judge mistakes on {j['file']}:", ""]
                for m in j["mistakes"]:
                    labelled = "supported" if m["labelled"] else "unsupported"
                    judged = "supported" if m["judged"] else "unsupported"
                    out.append(
                        f"- `{m['id']}` ({m['category']}): labelled {labelled}, judged {judged} — "
                        f"{_cell(m['sentence'])}"
                    )
    failing = [q for q in report["questions"] if not q["correct"]]
    out += ["", f"## Incorrect answers ({len(failing)})", ""]
    for q in failing:
        out.append(f"- `{q['id']}` ({q['kind']}) {_cell(q['q'])} — {_cell('; '.join(q['correct_reasons']))}")
        out.append(f"  - answer: {_cell(q['answer'])[:400]}")
    unfaithful = [q for q in report["questions"] if q["faithfulness"] is not None and q["faithfulness"] < 1]
    out += ["", f"## Answers with unsupported claims ({len(unfaithful)})", ""]
    for q in unfaithful:
        for c in q["claims"]:
            if not c["supported"]:
                out.append(f"- `{q['id']}`: {_cell(c['text'])} — {_cell('; '.join(c['reasons']))}")
    return "\n".join(out) + "\n"
