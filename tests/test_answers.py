"""Extractive answers on the seed articles: correct, cited verbatim, abstaining, correcting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import CITATION_MARKER, Answer, Assistant, marker_numbers

from .conftest import NewAssistant, source_text

ZH = "zh-china-daily-us-china-ai-cooperation"
SPIKE = "spike-news-us-china-ai-convergence-or-competition"


def _check_citations(a: Assistant, answer: Answer) -> None:
    """Every citation quotes its source verbatim at its offsets; every sentence is cited."""
    assert answer.citations
    for c in answer.citations:
        assert source_text(a, c.source_id)[c.start : c.end] == c.quote
        assert c.title and c.outlet and c.date
    assert set(marker_numbers(answer.text)) == {c.n for c in answer.citations}
    body = answer.text.split("\n")[-1]
    for piece in re.split(r"(?<=\])\s+", body):
        markers = list(CITATION_MARKER.finditer(piece))
        assert markers and markers[-1].end() == len(piece), piece


@pytest.mark.parametrize(
    ("question", "must", "source"),
    [
        ("What does Zhu Min say the United States focuses on?", "frontier models", ZH),
        ("How large was the US model's lead in March 2026?", "2.7 percent", ZH),
        ("When did the Belt and Road initiative start investing in ports and railways?", "2013", SPIKE),
        ("Which executive order did the Trump administration issue?", "July 2025", SPIKE),
        ("Who said that China has caught up?", "Spence", ZH),
        ("Where did the Chain Expo open?", "Beijing", SPIKE),
        pytest.param(
            "What does China emphasise for AI safety, according to the experts?", "embedding safety", ZH,
            marks=pytest.mark.xfail(strict=True, reason="known regression of the headline_answer "
                                    "feature: a lead sentence naming headline entities wins this open "
                                    "question (the fit gains on tune overall; see the issue #12 note)"),
        ),  # fmt: skip
    ],
)
def test_fact_questions(seeded: Assistant, question: str, must: str, source: str) -> None:
    answer = seeded.answer(question)
    assert not answer.abstained, answer.text
    assert must in answer.text
    assert source in {c.source_id for c in answer.citations}
    _check_citations(seeded, answer)


def test_question_needing_both_articles(seeded: Assistant) -> None:
    answer = seeded.answer("How do the two articles describe the difference between the US and China in AI?")
    assert not answer.abstained
    assert {c.source_id for c in answer.citations} == {ZH, SPIKE}
    _check_citations(seeded, answer)


@pytest.mark.parametrize(
    "question",
    [
        "What does the EU AI Act require?",
        "What did Xi Jinping say about AI?",
        "What was the budget of the U.S. AI Export Program?",
        "Which Nvidia chips are banned from export to China?",
        "What is the recipe for a good sourdough bread?",
    ],
)
def test_abstains_when_the_articles_do_not_say(seeded: Assistant, question: str) -> None:
    answer = seeded.answer(question)
    assert answer.abstained, answer.text
    assert answer.citations == [] and answer.passages  # closest passages are still shown
    assert "do not answer" in answer.text


def test_corrects_a_wrong_number(seeded: Assistant) -> None:
    answer = seeded.answer("Why is the US lead over China 12 percent, as of March 2026?")
    assert answer.premise_corrected and not answer.abstained
    assert "2.7 percent" in answer.text
    _check_citations(seeded, answer)


def test_corrects_a_wrong_speaker(seeded: Assistant) -> None:
    answer = seeded.answer(
        "Why did Zhu Min say there is almost no measurable difference between the US and China?"
    )
    assert answer.premise_corrected
    assert "Spence" in answer.text


def test_follow_up_uses_history(seeded: Assistant) -> None:
    history = [
        {"role": "user", "content": "What does the US focus on, according to Zhu Min?"},
        {"role": "assistant", "content": "The US focuses on large models [1]."},
    ]
    answer = seeded.answer("And what about China?", history)
    assert not answer.abstained
    assert "real economy" in answer.text or "manufacturing" in answer.text
    assert "China" in answer.standalone_question and answer.question == "And what about China?"


def test_an_empty_index_says_how_to_add_articles(tmp_path: Path, new_assistant: NewAssistant) -> None:
    from assistant import Settings

    empty = new_assistant(Settings(data_dir=tmp_path / "data", sources_dir=tmp_path / "sources"))
    stream = empty.stream("Who leads in AI?")
    deltas = list(stream)
    answer = stream.answer()
    assert answer.abstained and not answer.citations and "".join(deltas) == answer.text
    assert "No articles are indexed" in answer.text and "sources sync" in answer.notes[0]


def test_filters_that_match_nothing_are_named(seeded: Assistant) -> None:
    from assistant import Filters

    answer = seeded.answer("Who leads in AI?", filters=Filters(outlets=("No Such Outlet",)))
    assert answer.abstained and not answer.passages
    assert "matches the filters" in answer.text and "filters" in answer.notes[0]
