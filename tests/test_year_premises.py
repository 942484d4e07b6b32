"""A year a question asserts, against what the retrieved articles say (general rules, an article
written for the test)."""

from __future__ import annotations

from assistant import Assistant, Passage
from assistant.generation import Decision, ExtractiveGenerator, GenerationContext, analyse

HARBOUR = (
    "The port authority opened the new harbour wall in 2019. Two years later, the town added a "
    "ferry terminal beside it. The terminal cost 40 million euros and serves 3,000 passengers a day."
)


def _decide(seeded: Assistant, question: str) -> Decision:
    passage = Passage("h-0", "harbour", HARBOUR, 0, len(HARBOUR), "Harbour grows", "Coast News",
                      "2024-05-02", score=1.0, rank=1)  # fmt: skip
    settings = seeded.settings
    generator = ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences)
    # The article is not indexed: every term counts as seen in one chunk, so that the year rules decide.
    context = GenerationContext(question=question, standalone=question, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    return generator.decide([passage], context)


def test_a_tag_question_asserts_its_premise() -> None:
    assert analyse("And the terminal opened in 2018, right?").presupposes
    assert not analyse("When did the terminal open?").presupposes


def test_a_wrong_year_is_corrected_from_a_relative_date_and_its_antecedent(seeded: Assistant) -> None:
    decision = _decide(seeded, "The ferry terminal was added in 2018, right?")
    assert decision.kind == "correct"
    texts = " ".join(s.text for s in decision.chosen)
    assert "Two years later" in texts and "2019" in texts  # the year comes from the sentence before


def test_a_year_the_article_is_dated_in_is_no_premise_to_correct(seeded: Assistant) -> None:
    # The article (dated 2024) says "a day" without the year: "In 2024" dates the question.
    decision = _decide(seeded, "In 2024, how many passengers does the ferry terminal serve a day?")
    assert decision.kind == "answer"
    assert "3,000 passengers" in " ".join(s.text for s in decision.chosen)


PLAN = (
    "The regional council adopted its 5th Transport Plan (2025-29) in March. "
    "Councillor Adeyemi said the plan puts buses before new roads."
)


def test_a_wrong_ordinal_of_a_named_plan_is_corrected_not_declined(seeded: Assistant) -> None:
    passage = Passage("t-0", "plan", PLAN, 0, len(PLAN), "Council plan", "Coast News", "2024-05-02",
                      score=1.0, rank=1)  # fmt: skip
    settings = seeded.settings
    generator = ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences)
    question = "What does the council's 4th Transport Plan (2025-29) put first, according to Adeyemi?"
    # "4" is in no article; every other term is.
    context = GenerationContext(question=question, standalone=question, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0,
                                document_frequency=lambda term: 0 if term == "4" else 1)  # fmt: skip
    decision = generator.decide([passage], context)
    assert decision.kind == "correct", decision
    assert "5th Transport Plan" in " ".join(s.text for s in decision.chosen)


def test_a_year_the_article_is_dated_in_is_no_renumbered_premise(seeded: Assistant) -> None:
    text = "This year's Harbour Festival drew record crowds. The 2023 Harbour Festival was rained off."
    passage = Passage("t-1", "fest", text, 0, len(text), "Festival", "Coast News", "2024-07-02",
                      score=1.0, rank=1)  # fmt: skip
    generator = ExtractiveGenerator(seeded.settings.prompts_dir, seeded.settings.max_answer_sentences)
    question = "What happened at the 2024 Harbour Festival?"
    context = GenerationContext(question=question, standalone=question, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    assert generator.decide([passage], context).kind != "correct"
