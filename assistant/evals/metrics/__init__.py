"""Eval metrics: one small unit each, typed input and output, scores computed in plain Python.

Undefined values (a rate over zero questions) are ``None`` and shown as "n/a", never NaN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.evals.metrics.abstention import AbstentionCase, score_abstention
    from assistant.evals.metrics.abstention_curve import CurveCase
    from assistant.evals.metrics.abstention_curve import abstention_curve as score_abstention_curve
    from assistant.evals.metrics.citations import CitationInput, score_citations
    from assistant.evals.metrics.correctness import (
        BUDGET_CHARS,
        CorrectnessInput,
        answer_length,
        score_correctness,
    )
    from assistant.evals.metrics.evidence import citation_evidence
    from assistant.evals.metrics.faithfulness import FaithfulnessInput, score_faithfulness
    from assistant.evals.metrics.false_premise import FalsePremiseCase, score_false_premise
    from assistant.evals.metrics.latency import LatencyCase, percentile, score_latency
    from assistant.evals.metrics.quote_fidelity import score_quote_fidelity
    from assistant.evals.metrics.retrieval import RetrievalInput, score_retrieval
    from assistant.evals.metrics.sides import SidesInput, sides_cited

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        ".abstention": ["AbstentionCase", "score_abstention"],
        ".abstention_curve": ["CurveCase", "abstention_curve as score_abstention_curve"],
        ".citations": ["CitationInput", "score_citations"],
        ".correctness": [
            "BUDGET_CHARS", "CorrectnessInput", "answer_length", "score_correctness",
        ],
        ".evidence": ["citation_evidence"],
        ".faithfulness": ["FaithfulnessInput", "score_faithfulness"],
        ".false_premise": ["FalsePremiseCase", "score_false_premise"],
        ".latency": ["LatencyCase", "percentile", "score_latency"],
        ".quote_fidelity": ["score_quote_fidelity"],
        ".retrieval": ["RetrievalInput", "score_retrieval"],
        ".sides": ["SidesInput", "sides_cited"],
    })
