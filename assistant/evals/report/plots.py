"""The report's charts, drawn with matplotlib (Agg, no display) and returned as PNG bytes."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

RATE_METRICS = (
    "correctness",
    "retrieval.recall@k",
    "retrieval.mrr",
    "abstention.precision",
    "abstention.recall",
    "false_premise.handled",
    "faithfulness",
    "citation.recall",
    "citation.precision",
    "quote_fidelity",
)
KIND_METRICS = ("correctness", "retrieval.recall@k", "faithfulness", "citation.precision")
GREEN, RED, GREY, BLUE = "#2e9d5b", "#d0453b", "#9aa0a6", "#3b6fd0"
PALETTE = ("#3b6fd0", "#e08a2c", "#2e9d5b", "#8a56c2")


def _figure(width: float, height: float, ncols: int = 1) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "eval",
            "axes.titleweight": "bold",
        }
    )
    return plt.subplots(1, ncols, figsize=(width, height), dpi=110)


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def metric_bars(summary: Mapping[str, float | None], limits: Mapping[str, tuple[str, float, bool]]) -> bytes:
    """One bar per rate metric; a black tick at its threshold; red when the threshold is missed."""
    names = [m for m in RATE_METRICS if m in summary]
    fig, ax = _figure(7.0, 4.2)
    values = [summary[m] or 0.0 for m in names]
    colours = [
        RED if m in limits and not limits[m][2] else (GREY if summary[m] is None else GREEN) for m in names
    ]
    y = list(range(len(names)))[::-1]
    ax.barh(y, values, color=colours, height=0.62)
    for yi, m, v in zip(y, names, values):
        ax.text(v + 0.012, yi, "n/a" if summary[m] is None else f"{v:.2f}", va="center", fontsize=9)
        if m in limits:
            ax.plot([limits[m][1]] * 2, [yi - 0.4, yi + 0.4], color="black", lw=2)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1.1)  # room for the value labels right of a full bar
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_title("Metrics (black tick = threshold)")
    return _png(fig)


def kind_bars(by_kind: Mapping[str, Mapping[str, Any]]) -> bytes:
    """Grouped bars: a few metrics for each question kind."""
    kinds = list(by_kind)
    fig, ax = _figure(7.0, 4.2)
    width = 0.8 / len(KIND_METRICS)
    for i, metric in enumerate(KIND_METRICS):
        xs = [k + (i - (len(KIND_METRICS) - 1) / 2) * width for k in range(len(kinds))]
        vals = [by_kind[k].get(metric) for k in kinds]
        ax.bar(xs, [v or 0.0 for v in vals], width * 0.95, label=metric, color=PALETTE[i])
        for x, v in zip(xs, vals):
            if v is None:
                ax.text(x, 0.02, "n/a", ha="center", fontsize=7, rotation=90, color="#555")
    ax.set_xticks(range(len(kinds)), [f"{k}\n(n={by_kind[k]['questions']})" for k in kinds])
    ax.set_ylim(0, 1.05)
    ax.legend(
        fontsize=8, ncols=len(KIND_METRICS), loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False
    )
    ax.set_title("By question kind")
    return _png(fig)


def latency_hist(latencies: Mapping[str, Sequence[float]], p50: float, p95: float) -> bytes:
    fig, ax = _figure(7.0, 3.6)
    for i, (backend, values) in enumerate(sorted(latencies.items())):
        ax.hist(values, bins=20, alpha=0.75, label=backend, color=PALETTE[i % len(PALETTE)])
    top = ax.get_ylim()[1]
    for value, label, height in ((p50, "p50", 0.95), (p95, "p95", 0.8)):
        ax.axvline(value, color="black", ls="--", lw=1)
        ax.text(
            value,
            top * height,
            f" {label} {value:.0f} ms",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        )
    ax.set_xlabel("answer time (ms)")
    ax.set_ylabel("questions")
    ax.legend(fontsize=8)
    ax.set_title("Latency")
    return _png(fig)


def score_hists(series: Mapping[str, Sequence[float]]) -> bytes:
    """Per-question score distributions, one small panel per score."""
    fig, axes = _figure(7.0, 3.0, ncols=len(series))
    for i, (ax, (name, values)) in enumerate(zip(axes, series.items())):
        ax.hist(values, bins=[x / 10 for x in range(11)], color=PALETTE[i % len(PALETTE)], edgecolor="white")
        ax.set_title(f"{name}\n(n={len(values)})", fontsize=9)
        ax.set_xlim(0, 1)
    axes[0].set_ylabel("count")
    fig.suptitle("Score distributions", fontweight="bold", fontsize=10)
    return _png(fig)


def abstention_curve(curve: Mapping[str, Any], split: str) -> bytes:
    """Abstention precision vs recall as the confidence threshold moves; the operating point marked."""
    points = [p for p in curve["points"] if p["precision"] is not None]
    fig, ax = _figure(7.0, 4.2)
    ax.plot([p["recall"] for p in points], [p["precision"] for p in points], marker=".", color=BLUE,
            label="abstain when confidence < threshold")  # fmt: skip
    ax.plot([curve["operating_recall"]], [curve["operating_precision"]], marker="*", ms=14, color=RED,
            ls="none", label="operating point (actual abstentions)")  # fmt: skip
    share = curve["unanswerable"] / curve["questions"]
    ax.axhline(share, color=GREY, ls="--", lw=1, label=f"chance ({share:.2f} unanswerable)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("abstention recall (unanswerable questions declined)")
    ax.set_ylabel("abstention precision")
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(f"Abstention curve ({split}, n={curve['questions']})")
    return _png(fig)
