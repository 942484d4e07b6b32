"""Contrasts in news: a sentence set against the one before leans on it, and a follow-up about
the other party can be answered by a sentence that sets the two apart (general rules, text written
for the test)."""

from __future__ import annotations

import pytest

from assistant import Assistant, Passage
from assistant.generation import Decision, ExtractiveGenerator, GenerationContext, Sentence

PASSAGE = Passage("p-0", "ports", "x", 0, 1, "Ports", "Harbour Times", "2024-05-02", score=1.0, rank=1)


@pytest.mark.parametrize(
    "text",
    [
        "The northern port, in contrast, ships mostly grain.",
        "In contrast, the southern port ships cars.",
        "By contrast, rail freight fell.",
        "Meanwhile, the ferry company raised its fares.",
        "Mayor Okafor, on the other hand, wants a second bridge.",
    ],
)
def test_a_sentence_set_against_the_one_before_leans_on_it(text: str) -> None:
    assert Sentence(text, 0, len(text), PASSAGE, 0).needs_context()


@pytest.mark.parametrize(
    "text",
    [
        "The port ships grain in contrast to its rival.",
        "Prices rose, meanwhile the index fell.",
        "Northern ports ship grain.",
    ],
)
def test_a_contrast_inside_the_sentence_does_not_lean_on_the_one_before(text: str) -> None:
    assert not Sentence(text, 0, len(text), PASSAGE, 0).needs_context()


PORTS = (
    "The harbour board surveyed Northfield and Southport on Monday. "
    "Northfield handles container ships, while Southport is building a new grain terminal. "
    "Southport also runs a small ferry to the islands."
)
FIRST = "What does Northfield handle?"


def _decide(seeded: Assistant, question: str, standalone: str, history: list[dict[str, str]]) -> Decision:
    passage = Passage("p-0", "ports", PORTS, 0, len(PORTS), "Two ports", "Harbour Times", "2024-05-02",
                      score=1.0, rank=1)  # fmt: skip
    settings = seeded.settings
    generator = ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences)
    # One hand-written passage: every term is taken to be in the index, with the same weight.
    context = GenerationContext(question=question, standalone=standalone, history=history,
                                follow_up=bool(history), embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    return generator.decide([passage], context)


def test_a_follow_up_about_the_other_party_takes_the_sentence_that_sets_them_apart(seeded: Assistant) -> None:
    history = [{"role": "user", "content": FIRST},
               {"role": "assistant", "content": "Northfield handles container ships [1]."}]  # fmt: skip
    decision = _decide(seeded, "And what about Southport?", "What is Southport building?", history)
    assert decision.kind == "answer", decision
    assert "grain terminal" in " ".join(s.text for s in decision.chosen)


FEES = (
    "Northfield charges ships a flat fee for every visit. "
    "Southport, by contrast, bills by the tonne. "
    "Southport also charges ships for fresh water and for pilots."
)


def test_and_what_about_b_takes_the_sentence_set_against_the_last_answer(seeded: Assistant) -> None:
    passage = Passage("f-0", "fees", FEES, 0, len(FEES), "Port fees", "Harbour Times", "2024-05-02",
                      score=1.0, rank=1)  # fmt: skip
    generator = ExtractiveGenerator(seeded.settings.prompts_dir, max_sentences=1)  # the lead alone
    answer = "Northfield charges ships a flat fee for every visit [1]."
    history = [{"role": "user", "content": "How does Northfield charge ships?"},
               {"role": "assistant", "content": answer}]  # fmt: skip
    context = GenerationContext(question="And Southport?", standalone="How does Southport charge ships?",
                                history=history, follow_up=True, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    decision = generator.decide([passage], context)
    assert decision.kind == "answer", decision
    assert "by the tonne" in " ".join(s.text for s in decision.chosen)
