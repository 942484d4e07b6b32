"""What a question asks for and whether a sentence, as worded, can give it (general news English)."""

from __future__ import annotations

import pytest

from assistant import Passage
from assistant.generation import Sentence, analyse, candidate_sentences


def _sentence(text: str) -> Sentence:
    passage = Passage("c", "s", text, 0, len(text), "A title", "x.com", "2024-01-01")
    (sentence,) = candidate_sentences([passage])
    return sentence


@pytest.mark.parametrize(
    ("question", "answer_type", "detail"),
    [
        ("How long did the repairs take?", "number", "duration"),
        ("How long has the mayor served?", "number", "duration"),
        ("How long is the new tunnel?", "number", ""),  # a length, not a span of time
        ("How long ago did the mill close?", "date", ""),
        ("When will the ferry resume?", "date", ""),
        ("What percentage of the budget went to roads?", "number", "percent"),  # not "money"
        ("What share of riders pay the full fare?", "number", "share"),
        ("What is the share price of the ferry company?", "number", "money"),
        ("What was the final score of the cup match?", "number", "tally"),  # a result in points
        ("And what was the vote?", "number", "tally"),
        ("What was the vote on the ferry budget about?", "open", ""),  # the vote's subject, not its tally
        ("How many votes did the mayor win?", "number", "count:vote,did,the"),  # a count of votes
    ],
)
def test_the_asked_type(question: str, answer_type: str, detail: str) -> None:
    profile = analyse(question)
    assert (profile.answer_type, profile.detail) == (answer_type, detail)


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Which port city reopened its harbour after the storm?", "place"),
        ("Which Baltic port city reopened its harbour?", "place"),  # modifiers before the head noun
        ("Which coastal nation hosted the fisheries summit?", "place"),
        ("Which US trade official resigned on Friday?", "person"),  # "US" is no pronoun "us"
        ("Which veteran league player scored twice?", "person"),
        ("Which did the mayor announce first, the closure or the fine?", "open"),  # no modified "mayor"
        ("Which of them told us the state of the harbour?", "open"),
    ],
)
def test_modifiers_before_the_head_noun(question: str, answer_type: str) -> None:
    assert analyse(question).answer_type == answer_type


@pytest.mark.parametrize(
    ("text", "answer_type", "detail", "gives"),
    [
        ("The ferry resumes service Feb. 19 after the storm.", "date", "", True),  # wire-style month
        ("The ferry resumes service Sept 3.", "date", "", True),
        ("The ferry resumes service soon, officials said.", "date", "", False),
        ("The last ferry leaves the pier at 23:40.", "date", "", True),  # a time of day answers "when"
        ("The last ferry leaves the pier at 11 p.m. sharp.", "date", "", True),
        ("The vote passed 3-1 with two abstentions.", "date", "", False),
        ("Drivers pay no toll until the autumn, the board said.", "date", "", True),  # a season is a time
        ("The ferry returns by next spring.", "date", "", True),
        ("The board blamed the fall in ticket sales.", "date", "", False),
        ("Visitors bathe in a hot spring near the pier.", "date", "", False),
        ("The ferry resumes service next week, the board said.", "date", "", True),  # a period from now
        ("Crews finished the repairs this month.", "date", "", True),
        ("The next weekly ferry is full.", "date", "", False),  # "next" + no period of time
        ("The repairs took seven weeks to finish.", "number", "duration", True),
        ("Crews worked a 12-hour shift on the bridge.", "number", "duration", True),
        ("Seven crews worked on the bridge.", "number", "duration", False),  # a count, not a span
        ("Turnout rose to 61 percent, the clerk said.", "number", "percent", True),
        ("Some 40% of riders were late.", "number", "percent", True),
        ("Turnout rose by 4,000 votes to 61,000.", "number", "percent", False),  # figures, none in percent
        ("A third of riders pay the full fare.", "number", "share", True),  # a share as a fraction
        ("One in five riders pays the full fare.", "number", "share", True),
        ("A third of riders pay the full fare.", "number", "percent", False),
        ("Riders pay the full fare on 12 routes.", "number", "share", False),
        ("Harbour Town won the cup final 3-1 on Sunday.", "number", "tally", True),
        ("The council passed the ferry budget 7 to 2.", "number", "tally", True),
        ("The council passed the ferry budget with seven votes.", "number", "tally", False),  # no result
    ],
)
def test_a_sentence_gives_the_asked_type(text: str, answer_type: str, detail: str, gives: bool) -> None:
    assert _sentence(text).satisfies(answer_type, detail=detail) is gives


def test_a_labelled_datum_is_a_candidate_and_a_subhead_is_not() -> None:
    text = (
        "Forecasts for the final.\n\nCity Gazette: Rovers 3, United 1\n\nWhat to know: the rules\n\n"
        "Price: $30 a month\n\nChapter 3: The beginning\n\nThe match starts at noon."
    )
    passage = Passage("c", "s", text, 0, len(text), "A title", "x.com", "2024-01-01")
    found = [s.text for s in candidate_sentences([passage])]
    assert found == ["Forecasts for the final.", "City Gazette: Rovers 3, United 1", "Price: $30 a month",
                     "The match starts at noon."]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "across"),
    [
        ("Which storm brought snow across the northern plains this week?", False),  # a place phrase
        ("What do reports across the three outlets say about the fare rise?", True),
        ("How is the fare rise covered across sources?", True),
        ("What do the two articles say about the fare rise?", True),
    ],
)
def test_a_question_across_sources_names_them(question: str, across: bool) -> None:
    assert analyse(question).across_sources is across


def test_a_news_page_link_or_promotion_is_no_candidate() -> None:
    text = (
        "The ferry resumed service on Tuesday.\n\nRead what the harbour master said about it here.\n\n"
        "Click here to see the new timetable.\n\nSign up for our Harbour Weekly newsletter.\n\n"
        "Watch: The first ferry leaves the pier.\n\nFollow Ana Reyes on X and Instagram.\n\n"
        "To get the news in your inbox, sign up for our newsletter.\n\n"
        "More: Fares rise for the first time in a decade.\n\n"
        "Riders can read the timetable at the pier, the board said."
    )
    passage = Passage("c", "s", text, 0, len(text), "A title", "x.com", "2024-01-01")
    found = [s.text for s in candidate_sentences([passage])]
    assert found == ["The ferry resumed service on Tuesday.",
                     "Riders can read the timetable at the pier, the board said."]  # fmt: skip
