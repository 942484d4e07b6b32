"""A follow-up asks for something new: the sentence the last answer already gave is not the answer
again (general rule, an article written for the test)."""

from __future__ import annotations

from assistant import Assistant, Passage
from assistant.generation import Decision, ExtractiveGenerator, GenerationContext

COUNCIL = (
    "The city council approved a new tram line on Tuesday. "
    "Residents of the northern districts had waited a decade for it. "
    "The council also approved a cycle lane along the river."
)
FIRST = "What did the city council approve on Tuesday?"


def _decide(seeded: Assistant, question: str, history: list[dict[str, str]]) -> Decision:
    passage = Passage("c-0", "council", COUNCIL, 0, len(COUNCIL), "Council backs tram", "City Post",
                      "2024-05-02", score=1.0, rank=1)  # fmt: skip
    settings = seeded.settings
    generator = ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences)
    standalone = f"{question} (city council approve Tuesday)" if history else question
    # One hand-written passage: every term is taken to be in the index, with the same weight.
    context = GenerationContext(question=question, standalone=standalone, history=history,
                                follow_up=bool(history), embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    return generator.decide([passage], context)


def test_a_follow_up_is_not_answered_with_the_sentence_just_given(seeded: Assistant) -> None:
    first = _decide(seeded, FIRST, [])
    assert first.kind == "answer" and first.chosen[0].text.startswith("The city council approved")
    history = [{"role": "user", "content": FIRST},
               {"role": "assistant", "content": f"{first.chosen[0].text} [1]"}]  # fmt: skip
    follow_up = _decide(seeded, "What else did it approve?", history)
    assert follow_up.kind == "answer", follow_up
    texts = [s.text for s in follow_up.chosen]
    assert any(t.startswith("The council also approved a cycle lane") for t in texts), texts
    assert not any(t.startswith("The city council approved") for t in texts), texts


def test_a_sentence_that_adds_to_the_last_answer_can_still_answer(seeded: Assistant) -> None:
    # The last answer gave part of the sentence; the rest of it is new, so it is not a repeat.
    history = [{"role": "user", "content": FIRST},
               {"role": "assistant", "content": "The council approved a tram line [1]."}]  # fmt: skip
    follow_up = _decide(seeded, "On which day did the city council approve it?", history)
    assert follow_up.kind == "answer"
    assert "Tuesday" in " ".join(s.text for s in follow_up.chosen)
