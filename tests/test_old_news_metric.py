"""The eval reports how often an answer marked old news is wrong: the mark's worth to a reader."""

from __future__ import annotations

from assistant.evals import old_news_wrong


def test_old_news_wrong_is_the_share_of_marked_answers_that_are_wrong() -> None:
    records = [
        {"old_news": "2020-01-12", "correct": False},
        {"old_news": "2019-05-02", "correct": False},
        {"old_news": "2021-08-30", "correct": True},
        {"old_news": "", "correct": False},  # not marked: does not count
        {"correct": True},  # a baseline record has no mark
    ]
    assert old_news_wrong(records) == 2 / 3
    assert old_news_wrong([{"old_news": "", "correct": False}]) is None  # none marked: undefined
