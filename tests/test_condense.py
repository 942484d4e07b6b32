"""Rule-based condensing of follow-ups: entities of the history, never the answer's sentences."""

from __future__ import annotations

import re

import pytest

from assistant import (
    ANSWER_MAX_NAMES,
    PERSON,
    THING,
    TOPIC_MAX_WORDS,
    YEAR,
    condense_question,
    entities,
    is_follow_up,
)


def _turns(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    out = []
    for question, answer in pairs:
        out += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    return out


PORT = _turns(
    (
        "What did the Harbor Authority announce for the port of Velmora?",
        "The Harbor Authority announced a deep-water terminal that will double cargo capacity by 2027 [1]. "
        "Mayor Ana Ruiz said the Port Workers Union backed the plan [2].",
    )
)


def test_entities_have_a_kind_and_lose_citation_markers() -> None:
    found = {(e.text, e.kind) for e in entities(PORT)}
    assert ("Ana Ruiz", PERSON) in found  # a title before the name
    assert ("Harbor Authority", THING) in found and ("Port Workers Union", THING) in found
    assert ("2027", YEAR) in found
    assert not any("[" in text or text in {"Mayor", "The"} for text, _ in found)


def test_a_speaker_named_once_is_a_person_and_keeps_its_longest_form() -> None:
    history = _turns(
        ("Who leads the Velmora Trust?", "The trust is led by Tomas Okafor, a former banker [1]."),
        ("What did the report say about costs?", "Costs rose sharply, Okafor said [1]."),
    )
    assert condense_question("What did he say next?", history).startswith("What did Tomas Okafor say next (")


def test_he_is_the_last_person_named_in_either_turn() -> None:
    history = _turns(
        ("What did Lena Brandt say about the merger?", "Lena Brandt said the merger would close in May [1]."),
        ("Who opposed it?", "The regulator, Paul Mensah, told reporters he had concerns [1]."),
    )
    assert (condense_question("Why did he object?", history)
            == "Why did Paul Mensah object (opposed Lena Brandt merger)?")
    assert condense_question("What is his job?", history).startswith("What is Paul Mensah’s job")


def test_it_brings_the_topic_and_answer_names_not_the_answer_sentence() -> None:
    standalone = condense_question("When will it open?", PORT)
    assert standalone.startswith("When will it open (")
    assert {"Harbor", "Authority", "Velmora"} <= set(re.findall(r"[\w-]+", standalone))
    for answer_word in ("deep-water", "double", "cargo", "capacity", "backed"):
        assert answer_word not in standalone
    inside = standalone[standalone.index("(") + 1 : standalone.rindex(")")]
    topic, _, names = inside.partition("; ")
    assert (
        len(topic.split()) <= TOPIC_MAX_WORDS and len([n for n in names.split(", ") if n]) <= ANSWER_MAX_NAMES
    )


def test_they_can_name_a_group_from_the_answer() -> None:
    history = _turns(("Which group backed the terminal?", "The Port Workers Union backed the plan [1]."))
    assert "Port Workers Union" in condense_question("What did they ask for in return?", history)


def test_who_said_that_carries_the_previous_question() -> None:
    history = _turns(
        ("Is the new terminal too expensive?", "“It costs far more than promised,” one official said [1].")
    )
    standalone = condense_question("Who said that?", history)
    assert "terminal" in standalone and "expensive" in standalone and "promised" not in standalone


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        ("And what about China?", "What does the US plan for chips?", "What does China plan for chips?"),
        ("How about Lisbon?", "How many tourists visited Madrid?", "How many tourists visited Lisbon?"),
        ("And in 2023?", "How many cases were reported in 2024?", "How many cases were reported in 2023?"),
        ("And since 2019?", "What did the index do in March 2022?", "What did the index do since 2019?"),
        ("And in 2020?", "How many cases were reported?", "How many cases were reported in 2020?"),
    ],
)
def test_a_swap_replaces_the_entity_or_year_of_the_same_kind(
    question: str, previous: str, expected: str
) -> None:
    assert condense_question(question, _turns((previous, "Some answer [1]."))) == expected


def test_a_chained_follow_up_resolves_the_previous_question_first() -> None:
    history = _turns(
        ("How many cases were reported in 2024?", "About 900 cases [1]."),
        ("And in 2023?", "About 700 cases [1]."),
    )
    assert condense_question("And in 2022?", history) == "How many cases were reported in 2022?"


def test_standalone_questions_and_empty_histories_are_left_alone() -> None:
    assert (condense_question("What did the Harbor Authority announce?", PORT)
            == "What did the Harbor Authority announce?")
    assert condense_question("When will it open?", []) == "When will it open?"
    assert not is_follow_up("Does Velmora say its port will grow?")  # "its" leans on a name it gives
    stays = "Did Lena Brandt say she would stay?"
    assert condense_question(stays, PORT) == stays
    assert is_follow_up("And in 2023?") and is_follow_up("Who said that?") and is_follow_up("Why did she go?")


LICENCE = _turns(
    ("When will the new ferry licence be required?", "The transport agency delayed it until March 2027 [1].")
)


@pytest.mark.parametrize(
    "question",
    [
        "When did parliament pass the law?",  # a definite description that names nothing
        "What was the final vote?",
        "And when did Norland pass one?",  # "one" stands for a noun of the history
    ],
)
def test_other_ways_of_pointing_back_bring_the_topic(question: str) -> None:
    assert is_follow_up(question)
    standalone = condense_question(question, LICENCE)
    assert standalone.startswith(question.rstrip("?")) and "ferry licence" in standalone


def test_a_definite_description_anchored_by_a_name_or_year_stands_alone() -> None:
    for question in ("What is the capital of Norland?", "How many votes did the bill get in 2024?"):
        assert not is_follow_up(question)
        assert condense_question(question, LICENCE) == question


def test_a_subject_pronoun_takes_the_subject_of_the_last_turn() -> None:
    history = _turns(
        ("Which player did Ana Varela beat in the semi-final?",
         "Ana Varela beat Mira Lenz 6-2 to reach the final [1]."),
    )
    assert condense_question("Who did she face in the final?", history).startswith("Who did Ana Varela face")


def test_an_abbreviated_title_ends_no_sentence_and_is_no_name() -> None:
    history = _turns(("Who objected?", "Sen. Ivo Lund and Mr. Tomas Park did [1]."))
    found = {(e.text, e.kind) for e in entities(history)}
    assert ("Ivo Lund", PERSON) in found and ("Tomas Park", PERSON) in found  # a title makes a person
    assert not any(text.rstrip(".") in {"Sen", "Mr"} for text, _ in found), found
