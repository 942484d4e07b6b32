"""``report.html``: one self-contained page (charts embedded as base64 PNG, no network).

Summary cards with pass/fail against the thresholds, charts (per-metric bars, per-kind breakdown,
latency histogram, score distributions), the judge check, and every question with its answer,
citations and what went wrong.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape
from typing import Any

from . import plots, tables

CARD_METRICS = (
    "correctness",
    "correctness.fact",
    "correctness.multi",
    "correctness.unanswerable",
    "correctness.false_premise",
    "retrieval.recall@k",
    "retrieval.mrr",
    "abstention.precision",
    "abstention.recall",
    "false_premise.handled",
    "faithfulness",
    "citation.recall",
    "citation.precision",
    "quote_fidelity",
    "latency.p50_ms",
    "latency.p95_ms",
    "judge.accuracy",
    "judge.holdout_accuracy",
)


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _card(key: str, value: float | None, threshold: Mapping[str, Any] | None) -> str:
    from . import DISPLAY_NAMES, fmt

    label = DISPLAY_NAMES.get(key, key.replace("correctness.", "Correct: ").replace("_", " "))
    state, note = "none", "no threshold"
    if threshold is not None:
        sign = "≥" if threshold["op"] == "min" else "≤"
        note = f"threshold {sign} {fmt(key, threshold['limit'])}"
        state = "skip" if threshold["skipped"] else ("pass" if threshold["passed"] else "fail")
    badge = {"pass": "PASS", "fail": "MISSED", "skip": "N/A", "none": ""}[state]
    shown = fmt(key, value) + (" ms" if key.endswith("_ms") and value is not None else "")
    return (
        f'<div class="card {state}"><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(shown)}</div><div class="note">{escape(note)} '
        f'<span class="badge">{badge}</span></div></div>'
    )


def _charts(report: Mapping[str, Any]) -> str:
    summary, questions = report["summary"], report["questions"]
    limits = {t["metric"]: (t["op"], t["limit"], t["passed"]) for t in report.get("thresholds", [])}
    latencies: dict[str, list[float]] = {}
    for q in questions:
        latencies.setdefault(q["backend"], []).append(q["latency_ms"])
    series = {
        "faithfulness": [q["faithfulness"] for q in questions if q["faithfulness"] is not None],
        "citation precision": [
            q["citation_precision"] for q in questions if q["citation_precision"] is not None
        ],
        "claim judge score": [c["score"] for q in questions for c in q["claims"]],
    }
    series = {k: v for k, v in series.items() if v}
    imgs = [
        _img(plots.metric_bars(summary, limits), "metric bar chart"),
        _img(plots.kind_bars(report["by_kind"]), "per-kind chart"),
        _img(plots.latency_hist(latencies, summary["latency.p50_ms"], summary["latency.p95_ms"]), "latency"),
    ]
    if series:
        imgs.append(_img(plots.score_hists(series), "score distributions"))
    curves = report.get("abstention_curve") or {}
    split = "check" if "check" in curves else "all"  # check is the honest curve; all when no splits
    if split in curves:
        imgs.append(_img(plots.abstention_curve(curves[split], split), "abstention curve"))
    return '<div class="charts">' + "".join(f'<div class="chart">{i}</div>' for i in imgs) + "</div>"


def _judge_table(report: Mapping[str, Any]) -> str:
    checks = report.get("judge_check") or []
    if not checks:
        return ""
    rows = []
    for j in checks:
        cats = ", ".join(f"{escape(c)} {v['correct']}/{v['pairs']}" for c, v in j["by_category"].items())
        kind = "held out — the honest number" if j["held_out"] else "the judge was tuned on these"
        rows.append(
            f"<tr><td>{escape(j['file'])}<div class='sub'>{kind}</div></td><td>{j['pairs']}</td>"
            f"<td><b>{j['accuracy']:.3f}</b></td><td>{j['unsupported_precision']:.3f}</td>"
            f"<td>{j['unsupported_recall']:.3f}</td><td class='cats'>{cats}</td></tr>"
        )
    return (
        "<h2>Judge check</h2><table class='judge'><tr><th>labelled pairs</th><th>n</th><th>accuracy</th>"
        "<th>unsupported precision</th><th>unsupported recall</th><th>correct by category</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _table(title: str, table: tables.Table, note: str = "") -> str:
    header, rows = table
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td{' class=num' if i >= 2 else ''}>{escape(c)}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    sub = f" <span class='sub'>{escape(note)}</span>" if note else ""
    return f"<h2>{escape(title)}{sub}</h2><table class='splits'><tr>{head}</tr>{body}</table>"


def _splits_and_baseline(report: Mapping[str, Any]) -> str:
    out = _table("By split and question file", tables.split_table(report.get("splits") or {}),
                 "tune is fitted on; check is only reported")  # fmt: skip
    baseline = report.get("baseline")
    if baseline:
        out += _table(f"Ours vs the {baseline['method']} baseline", tables.versus_table(baseline),
                      "same run, same retrieved passages")  # fmt: skip
    fitted = (report.get("answer_model") or {}).get("fitted") or {}
    note = f"fitted on {fitted.get('questions', '?')} tune questions by 'assistant eval fit'"
    out += _table("Answer model", tables.model_table(report.get("answer_model") or {}), note)
    return out


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _question_row(q: Mapping[str, Any]) -> str:
    unsupported = [c for c in q["claims"] if not c["supported"]]
    classes = ["q", q["kind"], "ok" if q["correct"] else "bad"]
    if unsupported:
        classes.append("unsupported")
    history = ""
    if q["history"]:
        turns = "".join(
            f"<div><b>{escape(t['role'])}:</b> {escape(t['content'])}</div>" for t in q["history"]
        )
        summary = f"follow-up ({len(q['history'])} earlier turns)"
        history = f"<details class='hist'><summary>{summary}</summary>{turns}</details>"
    answer = escape(q["answer"]).replace("\n", "<br>")
    if q["abstained"]:
        answer = f"<span class='tag abst'>abstained</span> {answer}"
    if q["premise_corrected"]:
        answer = f"<span class='tag prem'>premise corrected</span> {answer}"
    cites = "".join(
        f"<li><b>[{c['n']}]</b> {escape(c['outlet'])} — <q>{escape(_clip(c['quote'], 300))}</q></li>"
        for c in q["citations"]
    )
    problems = [escape(r) for r in q["correct_reasons"]]
    problems += [
        f"unsupported: “{escape(c['text'])}” — {escape('; '.join(c['reasons']))}" for c in unsupported
    ]
    problems += [escape(f) for f in q["quote_failures"]]
    if q["error"]:
        problems.append("error: " + escape(q["error"]))
    retrieval = q["retrieval"]
    scores = (
        f"faith {_pct(q['faithfulness'])}<br>cite R {_pct(q['citation_recall'])}<br>"
        f"cite P {_pct(q['citation_precision'])}<br>"
        f"recall@k {_pct(None if retrieval is None else retrieval['recall@k'])}<br>"
        f"{q['latency_ms']:.0f} ms"
    )
    return (
        f"<tr class='{' '.join(classes)}'>"
        f"<td class='id'>{escape(q['id'])}<div class='sub'>{escape(q['kind'])}</div></td>"
        f"<td>{escape(q['q'])}{history}</td>"
        f"<td class='verdict'>{'✓' if q['correct'] else '✗'}</td>"
        f"<td><div class='answer'>{answer}</div>{f'<ol class=cites>{cites}</ol>' if cites else ''}"
        + (f"<div class='problems'>{'<br>'.join(problems)}</div>" if problems else "")
        + f"</td><td class='scores'>{scores}</td></tr>"
    )


def render_html(report: Mapping[str, Any]) -> str:
    meta, summary = report["meta"], report["summary"]
    limits = {t["metric"]: t for t in report.get("thresholds", [])}
    missed = [t for t in report.get("thresholds", []) if not t["passed"]]
    if not limits:
        banner = "<div class='banner none'>No thresholds checked</div>"
    elif missed:
        banner = (
            f"<div class='banner fail'>{len(missed)} threshold(s) missed: "
            + ", ".join(escape(t["metric"]) for t in missed)
            + "</div>"
        )
    else:
        banner = f"<div class='banner pass'>All {len(limits)} thresholds met</div>"
    cards = "".join(_card(k, summary.get(k), limits.get(k)) for k in CARD_METRICS if k in summary)
    counts = report["counts"]
    wrong = sum(not q["correct"] for q in report["questions"])
    rows = "".join(_question_row(q) for q in report["questions"])
    kinds = "".join(f"<option>{escape(k)}</option>" for k in report["by_kind"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eval report {escape(meta["created"])}</title>
<style>{_STYLE}</style></head><body>
<header><h1>Eval report</h1>
<div class="meta">{escape(meta["created"])} · {meta["questions"]} questions from
{escape(", ".join(meta["question_files"]))} · backend <b>{escape(", ".join(meta["backends"]))}</b> ·
judge <b>{escape(meta["judge"])}</b> · k = {meta["top_k"]} · {counts["claims"]} claims,
{counts["citations"]} citations · {meta["duration_s"]:.0f} s</div></header>
{banner}
<div class="cards">{cards}</div>
{_splits_and_baseline(report)}
{_charts(report)}
{_judge_table(report)}
<h2>Questions <span class="sub">({wrong} incorrect)</span></h2>
<div class="filters">Show: <label><input type="radio" name="f" value="all" checked> all</label>
<label><input type="radio" name="f" value="bad"> incorrect</label>
<label><input type="radio" name="f" value="unsupported"> with unsupported claims</label>
· kind <select id="kind"><option value="">any</option>{kinds}</select></div>
<table class="questions"><thead><tr><th>id</th><th>question</th><th></th><th>answer and citations</th>
<th>scores</th></tr></thead><tbody>{rows}</tbody></table>
<script>{_SCRIPT}</script>
</body></html>
"""


_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1340px;
padding:18px 28px;color:#1f2328;background:#f6f7f9}
h1{margin:0 0 4px;font-size:26px}h2{margin:28px 0 10px;font-size:19px}.meta{color:#555}
.sub{color:#6a737d;font-size:12px;font-weight:normal}
.banner{margin:14px 0;padding:10px 14px;border-radius:8px;font-weight:600}
.banner.pass{background:#e3f4ea;color:#17683a}.banner.fail{background:#fde7e5;color:#a12a21}
.banner.none{background:#eceff3}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:10px}
.card{background:#fff;border-radius:8px;padding:10px 12px;border-top:4px solid #c9ced6;
box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card.pass{border-top-color:#2e9d5b}.card.fail{border-top-color:#d0453b;background:#fff6f5}
.card .label{font-size:12px;color:#555;min-height:2.4em}.card .value{font-size:24px;font-weight:700}
.card .note{font-size:11px;color:#6a737d}.badge{font-weight:700;margin-left:4px}
.card.pass .badge{color:#2e9d5b}.card.fail .badge{color:#d0453b}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-top:16px}
.chart{background:#fff;border-radius:8px;padding:6px;text-align:center}.chart img{max-width:100%}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden}
th,td{padding:7px 9px;border-bottom:1px solid #e6e8eb;vertical-align:top;text-align:left}
th{background:#eceff3;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
td.cats{font-size:12px;color:#444}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.bad{background:#fff4f3}tr.bad td.verdict{color:#c0392b}td.verdict{font-size:18px;color:#2e9d5b}
td.id{white-space:nowrap;font-family:ui-monospace,monospace;font-size:12px}
td.scores{font-size:12px;white-space:nowrap;color:#444}
.answer{margin-bottom:4px}.cites{margin:4px 0;padding-left:20px;font-size:12px;color:#444}
.problems{margin-top:6px;padding:6px 8px;background:#fde7e5;border-left:3px solid #d0453b;color:#8c2019;
font-size:12px}
.tag{font-size:11px;padding:1px 6px;border-radius:10px;font-weight:600}
.tag.abst{background:#e8eaf6;color:#3949ab}
.tag.prem{background:#fff3cd;color:#8a6100}
.hist{font-size:12px;color:#555;margin-top:4px}
.filters{margin:6px 0 10px}
"""

_SCRIPT = """
function apply(){
  var f=document.querySelector('input[name=f]:checked').value, k=document.getElementById('kind').value;
  document.querySelectorAll('tr.q').forEach(function(r){
    var show=(f==='all'||r.classList.contains(f))&&(!k||r.classList.contains(k));
    r.style.display=show?'':'none';
  });
}
document.querySelectorAll('input[name=f]').forEach(function(e){e.onchange=apply;});
document.getElementById('kind').onchange=apply;
"""
