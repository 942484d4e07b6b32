"""The answer model: its fit, its stored form, its features and its place in the report."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from assistant import ConfigError
from assistant.evals import Example, Question, fit_answer_model, question_weights, replay
from assistant.evals.report import render_markdown
from assistant.generation import (
    FEATURES,
    GATE_FEATURES,
    MODEL_FILE,
    ExtractiveGenerator,
    asked_kind,
    fit_logistic,
    follow_on,
    from_dict,
    load_model,
)


def _examples(n: int = 40, seed: int = 0) -> list[Example]:
    """Questions whose answering sentence has a high first feature (and noise elsewhere)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        x = rng.normal(size=(8, len(FEATURES)))
        y = np.zeros(8)
        right = int(rng.integers(8))
        x[right, 0] += 3.0
        y[right] = 1.0
        texts = [f"sentence {j} of question {i}" + (" ANSWER" if j == right else "") for j in range(8)]
        q = Question(id=f"q{i}", kind="fact", q="?", expect=(("answer",),), split="tune")
        out.append(Example(q, x, texts, y, gated=False, set_name="a" if i % 2 else "b"))
    return out


def test_logistic_fit_finds_the_informative_feature() -> None:
    examples = _examples()
    x = np.vstack([e.features for e in examples])
    y = np.concatenate([e.labels for e in examples])
    model = fit_logistic(x, y)
    assert int(np.argmax(model.weights)) == 0 and model.weights[0] > 1.0
    p = model.probabilities(x)
    assert p[y == 1].mean() > 3 * p[y == 0].mean()


def test_fit_replays_the_selection_and_picks_the_best_sentence() -> None:
    model = fit_answer_model(_examples())
    result = replay(_examples(seed=1), model, model.second_share, model.abstain_below)
    assert result["answerable_correct"] >= 0.8  # held-out synthetic questions
    assert 0.0 <= model.abstain_below < 1.0 and model.fitted["questions"] == 40


def test_each_question_and_each_set_weigh_the_same() -> None:
    examples = _examples(4)
    examples[0].texts = examples[0].texts[:2]
    examples[0].features = examples[0].features[:2]
    w = question_weights(examples)
    sums = np.add.reduceat(w, np.cumsum([0] + [len(e.texts) for e in examples[:-1]]))
    assert np.allclose(sums, sums[0])


def test_the_packaged_model_loads_and_names_every_feature() -> None:
    model = load_model(MODEL_FILE)
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert list(data["weights"]) == list(FEATURES)
    assert model.fitted["questions"] > 0 and "check" not in json.dumps(data["fitted"]["sets"])


def test_a_model_missing_a_feature_says_to_refit(tmp_path: Path) -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    del data["weights"]["similarity"]
    with pytest.raises(ConfigError, match="eval fit"):
        from_dict(data)
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    del data["gate"]["weights"]["closest_similarity"]
    with pytest.raises(ConfigError, match="gate has no weight for closest_similarity"):
        from_dict(data)


def test_the_model_round_trips_through_its_file(tmp_path: Path) -> None:
    model = dataclasses.replace(load_model(MODEL_FILE), passages=9)
    model.save(tmp_path / "m.json")
    again = load_model(tmp_path / "m.json")
    assert again.gate is not None and again.to_dict() == model.to_dict()
    assert again.passages == 9  # the depth it was fitted at is read back
    assert ExtractiveGenerator(Path("prompts"), model=again).depth == 9
    assert ExtractiveGenerator(Path("prompts"), model=again, passages=4).depth == 4  # the setting wins


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which airline grounded its fleet this week?", "airline"),
        ("What is the name of the ship that sank off the coast?", "ship"),
        ("What type of fish was found in the lake?", "fish"),
        ("Which social media platform banned the account?", "social media platform"),
        ("Who won the election?", ""),
    ],
)
def test_the_asked_kind(question: str, kind: str) -> None:
    assert asked_kind(question) == kind


def test_the_report_lists_the_model_weights() -> None:
    report = {"meta": {"questions": 0, "backends": ["extractive"], "judge": "deterministic",
                       "top_k": 6, "created": "", "question_files": []},
              "summary": {}, "thresholds": [], "by_kind": {}, "counts": {}, "latency": {},
              "judge_check": [], "questions": [], "answer_model": load_model().to_dict()}  # fmt: skip
    text = render_markdown(report)
    assert "## Answer model" in text and "abstain below" in text and "similarity" in text
    assert "gate weight" in text and "closest_similarity" in text


def test_a_runner_up_joins_only_when_it_is_close_fits_and_adds() -> None:
    lead = (0.9, 200, {"storm", "coast"})
    ranked = [
        (0.8, 300, {"storm", "wind"}),  # close, but over the 450-character budget with the lead
        (0.7, 100, {"storm", "coast"}),  # fits, but says what the lead says
        (0.6, 150, {"rain", "flood"}),  # fits and adds
        (0.5, 50, {"river"}),  # a third sentence: a fact answer has two
    ]
    assert follow_on(*lead, ranked, share=0.2, most=2, budget=450) == [2]
    assert follow_on(*lead, ranked, share=0.7, most=2, budget=450) == []  # none close enough
    assert follow_on(*lead, ranked, share=0.2, most=3, budget=450) == [2, 3]


def _negatives(n: int = 20, seed: int = 2) -> list[Example]:
    """Questions asked over articles that lack the answer: no sentence stands out, and none is
    as close in meaning to the question as an answering sentence is."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        x = rng.normal(size=(8, len(FEATURES)))
        x[:, FEATURES.index("similarity")] -= 1.5
        q = Question(id=f"n{i}", kind="unanswerable", q="?", split="tune")
        out.append(Example(q, x, [f"s{j}" for j in range(8)], np.zeros(8), gated=False,
                           set_name="neg", negative=True))  # fmt: skip
    return out


def _answerable(seed: int) -> list[Example]:
    examples = _examples(seed=seed)
    for e in examples:  # an answering sentence is also close to the question in meaning
        e.features[e.labels == 1, FEATURES.index("similarity")] += 1.5
    return examples


def test_negative_sets_fit_the_gate_not_the_sentence_weights() -> None:
    plain, with_negatives = fit_answer_model(_answerable(0)), fit_answer_model(_answerable(0) + _negatives())
    assert with_negatives.weights == plain.weights  # the ranking is fitted on answerable sets only
    assert plain.gate is None and with_negatives.gate is not None
    assert with_negatives.fitted["negative_sets"] == ["neg"]
    gate = dict(zip(GATE_FEATURES, with_negatives.gate.weights))
    assert gate["closest_similarity"] > 0 and gate["best_probability"] > 0
    held_out = _answerable(1) + _negatives(seed=3)
    m, p = with_negatives, plain
    gated = replay(held_out, m, m.second_share, m.abstain_below)
    assert gated["unanswerable_abstained"] >= 0.8  # unseen negatives are declined ...
    assert gated["over_abstention"] <= 0.1  # ... and answerable questions still answered
    assert gated["unanswerable_abstained"] > replay(held_out, p, p.second_share, p.abstain_below)[
        "unanswerable_abstained"]
