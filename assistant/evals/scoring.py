"""Score collected runs with every metric: per-question records and the run's summary.

The output is plain JSON-ready data (``report.json`` is exactly this), so reports, ``compare`` and
thresholds all read one format. Only latency varies between runs of the same inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.evals.dataset import KINDS
from assistant.evals.judges import Judge
from assistant.evals.metrics.abstention import AbstentionCase, score_abstention
from assistant.evals.metrics.citations import CitationInput, score_citations
from assistant.evals.metrics.correctness import (
    BUDGET_CHARS,
    CorrectnessInput,
    CorrectnessScore,
    score_correctness,
)
from assistant.evals.metrics.evidence import citation_evidence
from assistant.evals.metrics.faithfulness import FaithfulnessInput, score_faithfulness
from assistant.evals.metrics.false_premise import FalsePremiseCase, score_false_premise
from assistant.evals.metrics.latency import LatencyCase, score_latency
from assistant.evals.metrics.quote_fidelity import score_quote_fidelity
from assistant.evals.metrics.retrieval import RetrievalInput, score_retrieval
from assistant.evals.metrics.sides import SidesInput, sides_cited
from assistant.evals.runner import Run


def question_set(origin: str) -> str:
    """The question file a question came from, by stem ("evals/dev.jsonl:7" -> "dev"); "" if unknown."""
    return Path(origin.rsplit(":", 1)[0]).stem if origin else ""


def correctness_of(run: Run, budget: Mapping[str, int] | None = None) -> CorrectnessScore:
    """The correctness of one answer, within the length budgets per kind (default ``BUDGET_CHARS``)."""
    q, a = run.question, run.answer
    return score_correctness(
        CorrectnessInput(q.kind, a.text, a.abstained, q.expect, q.expect_not, budget or BUDGET_CHARS)
    )


def score_run(run: Run, judge: Judge, documents: Mapping[str, str], k: int,
              budget: Mapping[str, int] | None = None) -> dict[str, Any]:  # fmt: skip
    """Every per-question measurement for one answer (``budget``: length budgets per kind)."""
    q, a = run.question, run.answer
    ks = sorted({1, 3, k})
    evidence = citation_evidence(a.citations, a.passages)
    correctness = correctness_of(run, budget)
    retrieval = score_retrieval(RetrievalInput([p.text for p in a.passages], q.support, q.support_all), ks)
    faith = score_faithfulness(FaithfulnessInput(a.text, a.abstained, evidence), judge)
    cites = score_citations(CitationInput(a.text, a.abstained, evidence), judge)
    fidelity = score_quote_fidelity(a.citations, documents)
    return {
        **q.to_dict(),
        "origin": q.origin,
        "set": question_set(q.origin),
        "answer": a.text,
        "abstained": a.abstained,
        "confidence": None if a.confidence is None else round(a.confidence, 6),
        "premise_corrected": a.premise_corrected,
        "backend": a.backend,
        "standalone_question": a.standalone_question,
        "error": run.error,
        "notes": a.notes,
        "old_news": a.old_news,
        "citations": [c.to_dict() for c in a.citations],
        "passages": [
            {
                "rank": i,
                "chunk_id": p.chunk_id,
                "source_id": p.source_id,
                "outlet": p.outlet,
                "title": p.title,
                "score": round(p.score, 6),
                "text": p.text,
            }
            for i, p in enumerate(a.passages, 1)
        ],
        "latency_ms": round(a.timings_ms.get("total", 0.0), 1),
        "correct": correctness.correct,
        "correct_reasons": correctness.reasons,
        "retrieval": None
        if retrieval is None
        else {
            **{f"recall@{n}": v for n, v in retrieval.recall_at.items()},
            "recall@k": retrieval.recall_at[k],
            "rr": retrieval.reciprocal_rank,
            "first_rank": retrieval.first_rank,
            "targets": retrieval.targets,
            "found": retrieval.found,
        },
        "faithfulness": faith.score,
        "claims": [
            {
                "text": c.text,
                "cited": list(c.cited),
                "supported": c.supported,
                "score": c.score,
                "reasons": c.reasons,
            }
            for c in faith.claims
        ],
        "citation_recall": cites.recall,
        "citation_precision": cites.precision,
        "citation_marks": cites.citations,
        "relevant_citations": cites.relevant_citations,
        "quote_fidelity": fidelity.score,
        "quote_failures": fidelity.failures,
        "sides_cited": sides_cited(SidesInput(q.id, q.kind, a.text, a.abstained, q.expect)),
    }


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values; ``None`` (n/a) when there are none."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _retrieval(records: Sequence[Mapping[str, Any]], key: str) -> float | None:
    return mean(r["retrieval"][key] for r in records if r["retrieval"] is not None)


def _quality(records: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """The metrics that are means over questions (used for the whole run and for each kind)."""
    checked = sum(len(r["citations"]) for r in records)
    verbatim = sum(len(r["citations"]) - len(r["quote_failures"]) for r in records)
    return {
        "correctness": mean(1.0 if r["correct"] else 0.0 for r in records),
        "retrieval.recall@1": _retrieval(records, "recall@1"),
        "retrieval.recall@3": _retrieval(records, "recall@3"),
        "retrieval.recall@k": _retrieval(records, "recall@k"),
        "retrieval.mrr": _retrieval(records, "rr"),
        "faithfulness": mean(r["faithfulness"] for r in records),
        "citation.recall": mean(r["citation_recall"] for r in records),
        "citation.precision": mean(r["citation_precision"] for r in records),
        "quote_fidelity": verbatim / checked if checked else None,
        "sides_cited": sides_share(records),
        "old_news.wrong": old_news_wrong(records),
    }


def old_news_wrong(records: Sequence[Mapping[str, Any]]) -> float | None:
    """Of the answers marked old news, the share that are wrong (an unanswerable question answered
    counts as wrong): how much the mark is worth to a reader (``None``: none marked).
    """
    return mean(0.0 if r["correct"] else 1.0 for r in records if r.get("old_news"))


def sides_share(records: Sequence[Mapping[str, Any]]) -> float | None:
    """Share of comparison questions whose answer cites every side (``None``: no comparisons)."""
    return mean(float(r["sides_cited"]) for r in records if r.get("sides_cited") is not None)


def summarise(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The run's headline metrics (``summary``), the same per kind (``by_kind``), and counts."""
    kinds = [k for k in KINDS if any(r["kind"] == k for r in records)]
    abst = score_abstention([AbstentionCase(r["kind"], r["abstained"]) for r in records])
    fp = score_false_premise(
        [
            FalsePremiseCase(r["correct"], r["premise_corrected"])
            for r in records
            if r["kind"] == "false_premise"
        ]
    )
    latency = score_latency([LatencyCase(r["backend"], r["latency_ms"]) for r in records])
    all_latency = score_latency([LatencyCase("all", r["latency_ms"]) for r in records])["all"]
    summary: dict[str, float | None] = _quality(records)
    for kind in KINDS:
        of_kind = [r for r in records if r["kind"] == kind]
        summary[f"correctness.{kind}"] = mean(1.0 if r["correct"] else 0.0 for r in of_kind)
    summary.update(
        {
            "abstention.precision": abst.precision,
            "abstention.recall": abst.recall,
            "abstention.over_abstention": abst.over_abstention,
            "false_premise.handled": fp.handled,
            "false_premise.flagged": fp.flagged,
            "latency.p50_ms": round(all_latency.p50_ms, 1),
            "latency.p95_ms": round(all_latency.p95_ms, 1),
        }
    )
    by_kind = {}
    for kind in kinds:
        of_kind = [r for r in records if r["kind"] == kind]
        by_kind[kind] = {
            "questions": len(of_kind),
            "abstained": sum(r["abstained"] for r in of_kind),
            **_quality(of_kind),
            "latency.p50_ms": round(
                score_latency([LatencyCase("k", r["latency_ms"]) for r in of_kind])["k"].p50_ms, 1
            ),
        }
    counts = {
        "questions": len(records),
        "by_kind": {k: sum(r["kind"] == k for r in records) for k in kinds},
        "errors": sum(bool(r["error"]) for r in records),
        "abstained": sum(r["abstained"] for r in records),
        "old_news": sum(bool(r.get("old_news")) for r in records),
        "true_abstentions": abst.true_abstentions,
        "false_abstentions": abst.false_abstentions,
        "missed_abstentions": abst.missed,
        "faithfulness_scored": sum(r["faithfulness"] is not None for r in records),
        "faithfulness_excluded_abstained": sum(r["abstained"] for r in records),
        "faithfulness_excluded_no_claims": sum(
            not r["abstained"] and r["faithfulness"] is None for r in records
        ),
        "claims": sum(len(r["claims"]) for r in records),
        "claims_supported": sum(c["supported"] for r in records for c in r["claims"]),
        "citations": sum(len(r["citations"]) for r in records),
        "quote_failures": sum(len(r["quote_failures"]) for r in records),
        "retrieval_scored": sum(r["retrieval"] is not None for r in records),
    }
    latency_by_backend = {
        b: {
            "p50_ms": round(s.p50_ms, 1),
            "p95_ms": round(s.p95_ms, 1),
            "mean_ms": round(s.mean_ms, 1),
            "n": s.n,
        }
        for b, s in latency.items()
    }
    return {"summary": summary, "by_kind": by_kind, "counts": counts, "latency": latency_by_backend}
