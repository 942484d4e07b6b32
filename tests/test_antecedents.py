"""An answer sentence that names what is asked only by reference brings the earlier sentence that
names it: "The comedian will return ..." for "Which comedian ...?", and "Halvorsen is ..." after
"Priya Halvorsen ..." for "Who ...?" (articles written for the test)."""

from __future__ import annotations

from assistant import Assistant, Passage
from assistant.generation import Decision, ExtractiveGenerator, GenerationContext

# The answer's name is in the sentence before the one that matches the question.
EPITHET = (
    "Mara Quill is heading back to the studio. The comedian will return to host the late-night "
    "television show every Monday next month, the network announced on Wednesday. Late-night "
    "television ratings fell last month, the network announced."
)
SURNAME = (
    "Priya Halvorsen, who lives in Eastmere, will appear on the programme. Halvorsen, a teacher, is "
    "one of 12 contestants chosen from the town for the national cooking contest, the broadcaster "
    "said. Filming starts in the capital in June."
)


def _decide(seeded: Assistant, text: str, question: str) -> Decision:
    passage = Passage("a-0", "a", text, 0, len(text), "Town news", "Coast News", "2024-05-02",
                      score=1.0, rank=1)  # fmt: skip
    settings = seeded.settings
    generator = ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences)
    # Not indexed: every term counts as seen in one chunk, so that no name is unknown.
    context = GenerationContext(question=question, standalone=question, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    return generator.decide([passage], context)


def test_a_definite_description_of_the_asked_kind_brings_the_sentence_naming_it(seeded: Assistant) -> None:
    decision = _decide(seeded, EPITHET, "Which comedian announced he will return to late-night television?")
    texts = [s.text for s in decision.chosen]
    assert decision.kind == "answer" and any(t.startswith("The comedian will return") for t in texts)
    assert any("Mara Quill" in t for t in texts), texts
    # It took the runner-up's place.
    assert not any(t.startswith("Late-night television ratings") for t in texts)


def test_a_surname_brings_the_first_mention_with_the_full_name(seeded: Assistant) -> None:
    decision = _decide(seeded, SURNAME, "Who from the town was chosen for the national cooking contest?")
    texts = [s.text for s in decision.chosen]
    assert decision.kind == "answer" and any(t.startswith("Halvorsen, a teacher") for t in texts), texts
    assert any("Priya Halvorsen" in t for t in texts), texts
