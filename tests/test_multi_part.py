"""Multi-part questions are split into sub-questions, each answered from its own best evidence."""

from __future__ import annotations

from assistant.generation import split_parts


def test_a_later_part_inherits_the_first_parts_words_as_written() -> None:
    question = "What did the city council approve for the EU harbour project, and what is the verdict on it?"
    parts = split_parts(question)
    assert parts[0] == "What did the city council approve for the EU harbour project?"
    # Words as written, which the embedding model knows; not stems ("approv").
    assert parts[1] == "what is the verdict on it? (city council approve EU harbour project)"


def test_a_later_part_with_its_own_subject_stands_alone() -> None:
    parts = split_parts("Who founded the bakery chain? And where did the founder open the first shop?")
    assert parts == ["Who founded the bakery chain?", "And where did the founder open the first shop?"]


def test_a_single_question_is_one_part() -> None:
    question = "When did the museum reopen after the flood?"
    assert split_parts(question) == [question]


def test_a_leading_frame_belongs_to_the_question_after_it() -> None:
    # "In 2020, ...", "According to X, ...", "Apart from X, ..." are not questions of their own.
    for question in (
        "In 2020, how many boats did the harbour register?",
        "According to the port authority's report, what kind of ships dock there?",
        "Apart from fishing, what would the new harbour fees cover?",
    ):
        assert split_parts(question) == [question]


def test_a_frame_stays_with_its_own_part_when_the_question_has_two() -> None:
    parts = split_parts("Last week, who won the ferry contract, and what did the losing bidder say?")
    assert parts[0] == "Last week, who won the ferry contract?"
    assert parts[1].startswith("what did the losing bidder say?")


def test_a_request_and_its_questions_are_parts() -> None:
    parts = split_parts("Summarise the ferry plan: who would run it, and what would islanders pay?")
    asked = ["Summarise the ferry plan", "who would run it", "what would islanders pay"]
    assert [p.split("?")[0] for p in parts] == asked
