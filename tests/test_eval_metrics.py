"""Each eval metric on hand-made cases where the right score is known."""

from __future__ import annotations

import math

import pytest

from assistant import Citation, EvalError, Passage
from assistant.embedding import Embedder
from assistant.evals import CachedJudge, mean
from assistant.evals.metrics import (
    AbstentionCase,
    CitationInput,
    CorrectnessInput,
    FaithfulnessInput,
    FalsePremiseCase,
    LatencyCase,
    RetrievalInput,
    citation_evidence,
    percentile,
    score_abstention,
    score_citations,
    score_correctness,
    score_faithfulness,
    score_false_premise,
    score_latency,
    score_quote_fidelity,
    score_retrieval,
)
from assistant.text import contains, normalise
from tests.eval_helpers import KeywordJudge

# --- text --------------------------------------------------------------------------------------


def test_normalise_quotes_whitespace_case() -> None:
    assert normalise("  “Quoted”\n  it’s\tHERE ") == '"quoted" it\'s here'
    assert contains("He said “we are not doing anything.”", 'said "We are  not doing anything.')
    assert not contains("two completely different paths", "three paths")


# --- retrieval ---------------------------------------------------------------------------------


def test_retrieval_recall_and_mrr() -> None:
    passages = ["Nothing here.", "Spence said “the gap is small”.", "Other text about the 2.7 percent lead."]
    score = score_retrieval(
        RetrievalInput(passages, support=['the gap is small"', "not there"]), ks=[1, 2, 3]
    )
    assert score is not None
    assert score.recall_at == {1: 0.0, 2: 1.0, 3: 1.0}
    assert score.reciprocal_rank == 0.5 and score.first_rank == 2


def test_retrieval_support_all_counts_each_string() -> None:
    passages = ["the 2.7 percent lead", "nothing"]
    item = RetrievalInput(passages, support_all=["2.7 percent", "development philosophy"])
    score = score_retrieval(item, ks=[1, 6])
    assert score is not None and score.recall_at == {1: 0.5, 6: 0.5} and score.reciprocal_rank == 1.0
    assert score.targets == 2 and score.found == 1


def test_retrieval_no_targets_is_not_scored_and_bad_k_is_an_error() -> None:
    assert score_retrieval(RetrievalInput(["anything"]), ks=[3]) is None
    miss = score_retrieval(RetrievalInput(["anything"], support=["absent"]), ks=[3])
    assert miss is not None and miss.reciprocal_rank == 0.0 and miss.first_rank is None
    with pytest.raises(EvalError, match="k >= 1"):
        score_retrieval(RetrievalInput(["x"], support=["x"]), ks=[0])


# --- correctness -------------------------------------------------------------------------------


def test_correctness_fact_needs_every_group_and_no_forbidden_string() -> None:
    expect = [["2.7 percent", "2.7%"], ["Spence"]]
    ok = score_correctness(CorrectnessInput("fact", "Spence: a lead of 2.7% [1].", False, expect))
    assert ok.correct and ok.score == 1.0
    missing = score_correctness(CorrectnessInput("fact", "A lead of 2.7 percent [1].", False, expect))
    assert not missing.correct and missing.reasons == ["missing: Spence"]
    forbidden = score_correctness(CorrectnessInput("fact", "Spence: 2.7% or 12%.", False, expect, ["12%"]))
    assert not forbidden.correct and "12%" in forbidden.reasons[0]
    abstained = score_correctness(CorrectnessInput("multi", "Spence 2.7%", True, expect))
    assert not abstained.correct and abstained.reasons == ["abstained"]


def test_correct_abstention_scores_one_not_nan() -> None:
    right = score_correctness(CorrectnessInput("unanswerable", "The articles do not say.", True))
    assert right.correct and right.score == 1.0 and not math.isnan(right.score)
    wrong = score_correctness(CorrectnessInput("unanswerable", "It was 2013 [1].", False))
    assert not wrong.correct and wrong.score == 0.0


def test_false_premise_correct_when_the_correction_is_stated() -> None:
    expect = [["Beijing"]]
    flagged = score_correctness(
        CorrectnessInput("false_premise", "Not Shanghai: it opened in Beijing [1].", False, expect)
    )
    assert flagged.correct
    abstained = score_correctness(CorrectnessInput("false_premise", "No idea.", True, expect))
    assert not abstained.correct and "instead of correcting" in abstained.reasons[0]
    silent = score_correctness(
        CorrectnessInput("false_premise", "It was held in Shanghai [1].", False, expect)
    )
    assert not silent.correct


def test_correctness_validates_its_input() -> None:
    with pytest.raises(EvalError, match="unknown question kind"):
        score_correctness(CorrectnessInput("trivia", "x", False, [["x"]]))
    with pytest.raises(EvalError, match="needs 'expect'"):
        score_correctness(CorrectnessInput("fact", "x", False, []))


# --- abstention and false premise ---------------------------------------------------------------


def test_abstention_precision_recall() -> None:
    cases = [
        AbstentionCase("unanswerable", True),
        AbstentionCase("unanswerable", True),
        AbstentionCase("unanswerable", False),
        AbstentionCase("fact", True),
        AbstentionCase("fact", False),
        AbstentionCase("false_premise", False),
    ]
    s = score_abstention(cases)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    assert s.over_abstention == pytest.approx(1 / 3)
    assert (s.true_abstentions, s.false_abstentions, s.missed) == (2, 1, 1)


def test_abstention_zero_denominators_are_defined() -> None:
    never = score_abstention([AbstentionCase("fact", False), AbstentionCase("multi", False)])
    assert (never.precision, never.recall, never.over_abstention) == (1.0, 1.0, 0.0)
    only_unanswerable = score_abstention([AbstentionCase("unanswerable", True)])
    assert (only_unanswerable.precision, only_unanswerable.recall, only_unanswerable.over_abstention) == (
        1,
        1,
        0,
    )
    missed_all = score_abstention([AbstentionCase("unanswerable", False)])
    assert missed_all.precision == 1.0 and missed_all.recall == 0.0
    with pytest.raises(EvalError):
        score_abstention([AbstentionCase("weird", True)])


def test_false_premise_rates() -> None:
    s = score_false_premise(
        [
            FalsePremiseCase(True, True),
            FalsePremiseCase(True, False),
            FalsePremiseCase(False, True),
            FalsePremiseCase(False, False),
        ]
    )
    assert (s.handled, s.flagged, s.questions) == (0.5, 0.25, 4)
    assert score_false_premise([]).handled is None


# --- faithfulness and citations ----------------------------------------------------------------


def test_faithfulness_share_of_supported_claims() -> None:
    evidence = {1: "ALPHA rose.", 2: "BETA fell."}
    answer = "ALPHA rose. [1] BETA rose too. [1] GAMMA is unrelated. [2] Uncited claim with DELTA."
    s = score_faithfulness(FaithfulnessInput(answer, False, evidence), KeywordJudge())
    assert s.score == pytest.approx(1 / 4)
    assert [c.supported for c in s.claims] == [True, False, False, False]
    assert s.claims[3].cited == ()


def test_faithfulness_skips_lead_in_and_excludes_abstentions() -> None:
    answer = (
        "The articles do not support the premise of the question (12 percent). What they say:\nALPHA. [1]"
    )
    s = score_faithfulness(FaithfulnessInput(answer, False, {1: "ALPHA"}), KeywordJudge())
    assert s.score == 1.0 and len(s.claims) == 1
    abstained = score_faithfulness(FaithfulnessInput("The articles do not say.", True, {}), KeywordJudge())
    assert abstained.score is None and abstained.abstained
    # Excluded from the mean, not counted as 0 and never NaN.
    assert mean([1.0, abstained.score, 0.5]) == 0.75
    assert mean([None, None]) is None


def test_faithfulness_with_the_real_judge(embedder: Embedder) -> None:
    from assistant.verification import SupportJudge

    passage = "As of March 2026, the leading US model held only a narrow advantage of around 2.7 percent."
    answer = (
        "As of March 2026, the leading US model held only a narrow advantage of around 2.7 percent. [1] "
        "In March 2026 the US lead was about 12 percent. [1]"
    )
    s = score_faithfulness(FaithfulnessInput(answer, False, {1: passage}), SupportJudge(embedder.embed))
    assert s.score == 0.5 and [c.supported for c in s.claims] == [True, False]


def test_alce_citation_recall_and_precision() -> None:
    evidence = {1: "ALPHA here.", 2: "BETA here.", 3: "ALPHA again.", 4: "nothing relevant."}
    judge = KeywordJudge()

    def run(answer: str) -> tuple[float | None, float | None]:
        s = score_citations(CitationInput(answer, False, evidence), judge)
        return s.recall, s.precision

    # Needs both passages: each is necessary, so both are relevant.
    assert run("ALPHA and BETA. [1, 2]") == (1.0, 1.0)
    # [1] supports alone; [4] neither supports alone nor is needed: irrelevant.
    assert run("ALPHA. [1, 4]") == (1.0, 0.5)
    # Both support alone: both relevant (each passes "supports alone").
    assert run("ALPHA. [1, 3]") == (1.0, 1.0)
    # An unsupported claim: recall 0 and its citation is irrelevant.
    assert run("GAMMA. [1]") == (0.0, 0.0)
    # A claim without a citation fails recall; precision counts only the other claim's citation.
    assert run("ALPHA. [1] BETA without a mark.") == (0.5, 1.0)
    # Nothing cited at all: precision 0, as ALCE defines it.
    assert run("ALPHA with no citation.") == (0.0, 0.0)


def test_citation_metrics_exclude_abstentions() -> None:
    s = score_citations(CitationInput("The articles do not say.", True, {}), KeywordJudge())
    assert (s.recall, s.precision, s.claims) == (None, None, 0)


def test_cached_judge_asks_once_and_returns_the_same_verdict() -> None:
    inner = KeywordJudge()
    judge = CachedJudge(inner)
    a = judge.judge("ALPHA.", ["ALPHA"])
    b = judge.judge("ALPHA.", ["ALPHA"])
    assert a is b and inner.calls == 1 and judge.name == "keyword"


def _citation(n: int, quote: str, start: int, end: int, chunk_id: str = "", source_id: str = "s") -> Citation:
    return Citation(n, source_id, "T", "O", "2026-01-01", quote, start, end, chunk_id)


def test_evidence_is_the_cited_passage_text_or_else_the_quote() -> None:
    passage = Passage("c1", "s", "Before. The quote. After.", 0, 25, "T", "O", "2026-01-01")
    evidence = citation_evidence(
        [_citation(1, "The quote.", 8, 18, "c1"), _citation(2, "Only a quote.", 0, 13)], [passage]
    )
    assert evidence == {1: "Before. The quote. After.", 2: "Only a quote."}


# --- quote fidelity ----------------------------------------------------------------------------


def test_quote_fidelity() -> None:
    documents = {"s": "Hello world. Second sentence."}
    good = _citation(1, "world.", 6, 12)
    shifted = _citation(2, "world.", 7, 13)
    unknown = _citation(3, "Hello", 0, 5, source_id="nope")
    outside = _citation(4, "x", 100, 101)
    s = score_quote_fidelity([good, shifted, unknown, outside], documents)
    assert s.score == 0.25 and s.checked == 4 and s.verbatim == 1
    assert len(s.failures) == 3 and "unknown source" in s.failures[1]
    assert score_quote_fidelity([good], documents).score == 1.0
    assert score_quote_fidelity([], documents).score is None


# --- latency -----------------------------------------------------------------------------------


def test_percentiles_and_latency_per_backend() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(101)), 95) == 95
    assert percentile([7], 95) == 7
    s = score_latency([LatencyCase("a", 10), LatencyCase("a", 30), LatencyCase("b", 100)])
    assert list(s) == ["a", "b"]
    assert s["a"].p50_ms == 20 and s["a"].p95_ms == pytest.approx(29) and s["b"].n == 1
    with pytest.raises(EvalError):
        percentile([], 50)
    with pytest.raises(EvalError):
        score_latency([LatencyCase("a", -1)])
