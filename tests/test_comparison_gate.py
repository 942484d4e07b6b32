"""A comparison is answered when the articles speak to what it is on, and declined when they never
mention it (invented articles, not the seeds)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from assistant import Assistant, Passage, Settings
from assistant.generation import ExtractiveGenerator, GenerationContext, load_model

from .conftest import NewAssistant

ARTICLES = {
    "harbour-gazette.md": (
        "---\ntitle: Ferry fares rise on the island route\noutlet: Harbour Gazette\ndate: 2025-03-02\n---\n"
        "The island ferry company raised its fares by ten percent on Monday. "
        "Commuters said the ferries were already the most expensive way to reach the mainland. "
        "The harbour master said the new timetable adds two evening crossings.\n"
    ),
    "valley-courier.md": (
        "---\ntitle: Valley towns plan a bus link\noutlet: Valley Courier\ndate: 2025-03-03\n---\n"
        "Three valley towns agreed to fund a shared bus line to the coast. "
        "The mayor of the largest town said the buses would be cheaper than the ferries. "
        "Construction of the new stops starts in the summer.\n"
    ),
}


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory, new_assistant: NewAssistant) -> Assistant:
    root = tmp_path_factory.mktemp("towns")
    sources = root / "sources"
    sources.mkdir()
    for name, text in ARTICLES.items():
        (sources / name).write_text(text, encoding="utf-8")
    a = new_assistant(Settings(data_dir=root / "data", sources_dir=Path(sources)))
    a.sync()
    return a


def test_a_short_comparison_the_articles_speak_to_is_answered(towns: Assistant) -> None:
    answer = towns.answer("What do the two articles say about ferries?")
    assert not answer.abstained
    assert {s.label for s in answer.sections} == {"Harbour Gazette", "Valley Courier"}
    assert all("ferries" in " ".join(s.sentences) for s in answer.sections)


def test_a_comparison_on_what_the_articles_never_mention_is_declined(towns: Assistant) -> None:
    answer = towns.answer("How do the Harbour Gazette and the Valley Courier differ on space tourism?")
    assert answer.abstained
    assert "never mention" in answer.text and "tourism" in answer.text


def test_a_comparison_on_a_phrase_with_known_words_is_not_declined_for_the_others(towns: Assistant) -> None:
    # "how the towns plan their transport": "plan" and "towns" are in the articles, "transport" is not.
    answer = towns.answer("What do the two articles say about how the towns plan their transport?")
    assert "never mention" not in answer.text


def test_the_gate_does_not_decline_a_comparison_on_what_the_passages_hold(towns: Assistant) -> None:
    # A gate that declines everything still lets a comparison through when a passage holds its
    # aspect; a fact question it declines.
    strict = dataclasses.replace(load_model(), abstain_below=1.01)
    generator = ExtractiveGenerator(towns.settings.prompts_dir, towns.settings.max_answer_sentences, strict)
    bodies = {name: text.split("---\n")[-1] for name, text in ARTICLES.items()}
    passages = [Passage(f"p{i}", name, body, 0, len(body), name, name, "2025-03-02", score=1.0, rank=i + 1)
                for i, (name, body) in enumerate(bodies.items())]  # fmt: skip

    def decide(question: str) -> str:
        context = GenerationContext(question=question, standalone=question, embed=towns.embedder.embed,
                                    idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
        return generator.decide(passages, context).kind

    assert decide("What do the two articles say about ferries?") == "answer"
    assert decide("How many evening crossings does the new timetable add?") == "abstain"
