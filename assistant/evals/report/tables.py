"""The per-split and ours-vs-baseline tables as header + rows of strings (Markdown, HTML and CLI)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.evals.dataset import SPLITS
from assistant.evals.splits import ALL, SPLIT_METRICS, split_key

Table = tuple[list[str], list[list[str]]]


def rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.3f}"


def times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"


def split_table(groups: Mapping[str, Mapping[str, Any]]) -> Table:
    """One row per question file and key metric: all, tune, check, and the tune − check gap."""
    split = any(s in entry for entry in groups.values() for s in SPLITS)
    header = ["question file", "metric", "all", *(["tune", "check", "tune − check"] if split else [])]
    rows = []
    for name, entry in groups.items():
        label = "all files" if name == ALL else name
        counts = [str(entry["questions"])]
        if split:
            counts += [str(entry[s]["questions"]) for s in SPLITS] + [""]
        rows.append([label, "questions", *counts])
        for m in SPLIT_METRICS:
            cells = [rate(entry[ALL][m])]
            if split:
                cells += [rate(entry[s][m]) for s in SPLITS] + [signed(entry["gap"][m])]
            if any(c != "n/a" for c in cells):
                rows.append([label, m, *cells])
    return header, rows


def _group_order(group: str) -> tuple[int, str]:
    """Overall first, then the splits, then each file (its whole, then its splits)."""
    if not group:
        return (0, "")
    if group in SPLITS:
        return (1, str(SPLITS.index(group)))
    return (2, group)


def versus_table(baseline: Mapping[str, Any]) -> Table:
    """One row per group (overall, split, file) and key metric: ours, the baseline, Δ and ×."""
    header = ["split / file", "metric", "ours", baseline["method"] or "baseline", "Δ", "×"]
    keyed = []
    for row in baseline["versus"]:
        metric, group = split_key(row["metric"])
        if row["ours"] is None and row["baseline"] is None:
            continue
        keyed.append(((_group_order(group), SPLIT_METRICS.index(metric)), group or "all", metric, row))
    keyed.sort(key=lambda item: item[0])
    rows = [[group, metric, rate(r["ours"]), rate(r["baseline"]), signed(r["delta"]), times(r["ratio"])]
            for _, group, metric, r in keyed]  # fmt: skip
    return header, rows


def split_lines(report: Mapping[str, Any]) -> list[str]:
    """The per-split table and ours vs the baseline as aligned text for the terminal."""
    lines = []
    tables = [("By split and file", split_table(report.get("splits") or {}))]
    if report.get("baseline"):
        tables.append((f"Ours vs {report['baseline']['method']}", versus_table(report["baseline"])))
    for title, (header, rows) in tables:
        if not rows:
            continue
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        lines += ["", f"  {title}:"]
        for r in [header, *rows]:
            lines.append("    " + "  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                                           for i, (c, w) in enumerate(zip(r, widths))))  # fmt: skip
    return lines


def model_table(model: Mapping[str, Any]) -> Table:
    """The answer model's fitted weights (standardised features, largest first) and decision points."""
    weights = model.get("weights") or {}
    rows = [[name, "weight", f"{w:+.3f}"] for name, w in sorted(weights.items(), key=lambda kv: -abs(kv[1]))]
    gate = (model.get("gate") or {}).get("weights") or {}
    rows += [[name, "gate weight", f"{w:+.3f}"] for name, w in gate.items()]
    if weights:
        below = "gate probability" if gate else "probability"
        rows += [["abstain below", below, f"{model['abstain_below']:.3f}"],
                 ["second sentence at", "share of the best", f"{model['second_share']:.2f}"]]  # fmt: skip
    return ["feature", "kind", "value"], rows

