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
