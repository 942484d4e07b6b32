"""The deterministic support judge on hand-made cases and on the labelled pairs."""

from __future__ import annotations

import json

import pytest

from assistant.embedding.onnx_minilm import OnnxMiniLM
from assistant.settings import PROJECT_ROOT
from assistant.verification.claims import split_claims
from assistant.verification.judge import SupportJudge

PASSAGE = (
    "As of March 2026, the leading US model held only a narrow advantage of around 2.7 percent. "
    "Economist Michael Spence said the gap has become extremely small."
)


@pytest.fixture(scope="module")
def judge() -> SupportJudge:
    return SupportJudge(OnnxMiniLM().embed)


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("As of March 2026, the leading US model held only a narrow advantage of around 2.7 percent.", True),
        ("In March 2026 the top US model was ahead by only about 2.7 percent.", True),
        ("In March 2026 the top US model was ahead by about 12 percent.", False),
        ("Economist Zhu Min said the gap has become extremely small.", False),
        ("Michael Spence said the gap has not become small.", False),
        ("The European Union said the gap has become extremely small.", False),
        ("Bananas are a good source of potassium.", False),
    ],
)
def test_hand_made_cases(judge: SupportJudge, sentence: str, supported: bool) -> None:
    verdict = judge.judge(sentence, [PASSAGE])
    assert verdict.supported is supported, verdict.reasons


def test_no_passage_is_unsupported(judge: SupportJudge) -> None:
    assert not judge.judge("Anything at all.", []).supported


def test_deterministic(judge: SupportJudge) -> None:
    a = judge.judge("The US model led by about 2.7 percent in March 2026.", [PASSAGE])
    b = judge.judge("The US model led by about 2.7 percent in March 2026.", [PASSAGE])
    assert (a.supported, a.score, a.reasons) == (b.supported, b.score, b.reasons)


def test_accuracy_on_labelled_pairs(judge: SupportJudge) -> None:
    rows = [json.loads(line) for line in (PROJECT_ROOT / "evals" / "judge_labels.jsonl").open()]
    assert len(rows) >= 50
    correct = sum(judge.judge(r["sentence"], [r["passage"]]).supported == r["supported"] for r in rows)
    # Measured 69/71 (the thresholds were set on these pairs; see evals/ for the held-out figure).
    assert correct / len(rows) >= 0.95


def test_split_claims_keeps_markers_with_their_sentences() -> None:
    claims = split_claims("The articles disagree. What they say:\nA is b. [1] C said “dog.” [2] Eels [1, 3].")
    assert [(c.text, c.cited) for c in claims] == [
        ("A is b.", (1,)),
        ("C said “dog.”", (2,)),
        ("Eels.", (1, 3)),
    ]
