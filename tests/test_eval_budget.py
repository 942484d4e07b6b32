"""Correct means concise: the length budget per kind, counted without citation markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import PROJECT_ROOT, EvalError
from assistant.evals import load_budget, load_thresholds
from assistant.evals.metrics import BUDGET_CHARS, CorrectnessInput, answer_length, score_correctness


def _fact(text: str, budget: dict[str, int] | None = None) -> CorrectnessInput:
    extra = {"budget": budget} if budget is not None else {}
    return CorrectnessInput("fact", text, False, [["Beijing"]], **extra)


def test_citation_markers_do_not_count() -> None:
    assert answer_length("It opened in Beijing. [1] It grew [1, 2].") == len("It opened in Beijing. It grew.")
    assert answer_length("  Beijing [12]  ") == len("Beijing")


def test_an_answer_over_its_budget_is_not_correct() -> None:
    limit = BUDGET_CHARS["fact"]
    sentence = "It opened in Beijing. "
    fits = (sentence * (limit // len(sentence))).strip()
    assert answer_length(fits) <= limit and score_correctness(_fact(fits + " [1]")).correct
    long = sentence * (limit // len(sentence) + 1) + "And more."
    result = score_correctness(_fact(long))
    assert not result.correct
    assert result.reasons == [f"over budget: {answer_length(long)} > {limit} chars"]
    # Markers are free: the same words with a citation after every sentence still fit.
    cited = " ".join(f"{s.strip()} [1, 2]" for s in fits.split(". ") if s)
    assert score_correctness(_fact(cited)).correct


def test_budgets_differ_by_kind_and_abstention_is_judged_alone() -> None:
    text = "Not in Shanghai: it opened in Beijing. " * 14  # about 550 chars
    assert BUDGET_CHARS["fact"] < answer_length(text) <= BUDGET_CHARS["false_premise"]
    assert score_correctness(CorrectnessInput("false_premise", text, False, [["Beijing"]])).correct
    assert not score_correctness(_fact(text)).correct
    assert score_correctness(CorrectnessInput("unanswerable", "No. " * 500, True)).correct
    # A custom budget is applied as given.
    assert not score_correctness(_fact("It opened in Beijing.", {"fact": 10})).correct


def test_budget_table_in_the_thresholds_file(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("[min]\ncorrectness = 0.5\n[budget]\nfact = 300\n", encoding="utf-8")
    assert load_budget(path) == {**BUDGET_CHARS, "fact": 300}
    assert [t.metric for t in load_thresholds(path)] == ["correctness"]
    assert load_budget(None) == dict(BUDGET_CHARS)
    path.write_text("[budget]\ntrivia = 300\n", encoding="utf-8")
    with pytest.raises(EvalError, match="'trivia' is not one of"):
        load_budget(path)
    path.write_text("[budget]\nfact = -1\n", encoding="utf-8")
    with pytest.raises(EvalError, match="positive whole number"):
        load_budget(path)
    path.write_text("[budget]\nunanswerable = 10\n", encoding="utf-8")
    with pytest.raises(EvalError, match="not one of"):
        load_budget(path)


def test_committed_budget_is_the_default() -> None:
    assert load_budget(PROJECT_ROOT / "evals" / "thresholds.toml") == dict(BUDGET_CHARS)


def test_committed_realtimeqa_thresholds_load() -> None:
    path = PROJECT_ROOT / "evals" / "thresholds-realtimeqa.toml"
    metrics = {t.metric for t in load_thresholds(path)}
    assert {"correctness", "correctness@check", "quote_fidelity"} <= metrics
    assert load_budget(path) == dict(BUDGET_CHARS)
