"""A question about the days before it is asked ("this week", "on Monday", "recently") is answered
from that week's article, not from an older one on the same kind of event that reads alike
(`recent_lead` in assistant/generation/extractive.py), and when only such an older one answers it,
the answer says so with that article's date (`stale_date`; articles written for the test)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from assistant import Passage, Settings
from assistant.generation import STALE_DAYS, Sentence, analyse, recent_lead, stale_date

from .conftest import NewAssistant, write_articles

OLD = "A storm flooded the harbour town of Westmere on Monday, stranding cars on the coast road."
NEW = "Heavy rain flooded streets across Lornhaven on Tuesday, the weather office said."
AS_OF = "2031-06-12"
DAYS = 7  # the days before AS_OF a "this week" question is about


def _sentence(text: str, date: str, score: float, source: str) -> Sentence:
    passage = Passage(f"{source}-0", source, text, 0, len(text), "Floods", "Coast News", date,
                      score=1.0, rank=1)  # fmt: skip
    return Sentence(text, 0, len(text), passage, 0, score=score)


def _ranked(new_score: float = 0.3, old_date: str = "2027-05-17") -> list[Sentence]:
    return [_sentence(OLD, old_date, 0.4, "old"), _sentence(NEW, "2031-06-11", new_score, "new")]


def test_questions_that_place_themselves_in_the_days_before_they_are_asked() -> None:
    for question in ("Which town was hit by floods this week?", "Which town flooded on Monday?",
                     "Which town was recently flooded?", "Who won Sunday's final?",
                     "Which team lost last weekend?"):  # fmt: skip
        assert analyse(question).recent, question
    for question in ("Which town floods every spring?", "Which town flooded in 2019?",
                     "Which town had the most rain this year?"):  # fmt: skip
        assert not analyse(question).recent, question


def test_the_weeks_article_leads_over_an_older_one_that_reads_alike() -> None:
    ranked = _ranked()
    profile = analyse("Which town was hit by floods this week?")
    assert recent_lead(profile, ranked, ranked, AS_OF, DAYS) is ranked[1]
    assert recent_lead(profile, ranked, ranked, AS_OF, 0) is None  # the new article is a day old


def test_the_best_sentence_stays_when_the_question_names_no_recent_days() -> None:
    ranked = _ranked()
    assert recent_lead(analyse("Which town was hit by floods?"), ranked, ranked, AS_OF, DAYS) is None
    assert recent_lead(analyse("Which town was hit by floods this week?"), ranked, ranked, "", DAYS) is None


def test_the_best_sentence_stays_when_it_is_recent_enough_or_the_weeks_one_is_rated_far_below() -> None:
    profile = analyse("Which town was hit by floods this week?")
    fresh = _ranked(old_date="2031-06-01")  # 11 days old: not stale
    assert recent_lead(profile, fresh, fresh, AS_OF, DAYS) is None
    weak = _ranked(new_score=0.1)  # under half the best's probability
    assert recent_lead(profile, weak, weak, AS_OF, DAYS) is None


def test_an_article_dated_after_the_as_of_day_is_not_the_weeks() -> None:
    profile = analyse("Which town was hit by floods this week?")
    ranked = [_sentence(OLD, "2027-05-17", 0.4, "old"), _sentence(NEW, "2031-06-20", 0.3, "later")]
    assert recent_lead(profile, ranked, ranked, AS_OF, DAYS) is None


def test_an_answer_quoting_only_articles_long_before_the_asked_days_is_stale() -> None:
    profile = analyse("Which town was hit by floods this week?")
    assert stale_date(profile, ["2027-05-17"], AS_OF) == "2027-05-17"
    assert stale_date(profile, ["2027-05-17", "2029-02-03"], AS_OF) == "2029-02-03"  # the newest
    assert stale_date(profile, ["2027-05-17", "2031-06-01"], AS_OF) is None  # one is 11 days old
    assert stale_date(profile, ["2027-05-17", ""], AS_OF) is None  # undated: unknown
    assert stale_date(profile, [], AS_OF) is None  # nothing cited
    assert stale_date(profile, ["2027-05-17"], "") is None  # no as-of day: no "this week" to miss
    assert stale_date(analyse("Which town was hit by floods?"), ["2027-05-17"], AS_OF) is None


def test_a_this_week_answer_from_an_old_article_notes_its_date(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    write_articles(tmp_path / "sources", {"floods": OLD}, "Floods", "Coast News", date="2027-05-17")
    assistant = new_assistant(Settings(data_dir=tmp_path / "data", sources_dir=tmp_path / "sources"))
    assistant.sync()
    question = "Which town was hit by floods on Monday?"
    then = assistant.answer(question, as_of="2027-05-19")  # the article's own week
    assert "Westmere" in then.text and not then.old_news, then.notes
    assert not any("2027-05-17" in n for n in then.notes), then.notes
    past = (date(2027, 5, 17) + timedelta(days=STALE_DAYS + 1)).isoformat()
    stale = assistant.answer(question, as_of=past)
    assert not stale.abstained and "Westmere" in stale.text, stale.text
    assert stale.old_news == "2027-05-17" and stale.to_dict()["old_news"] == "2027-05-17"
    assert any("2027-05-17" in n and past in n for n in stale.notes), stale.notes
    undated_days = assistant.answer("Which town was hit by floods?", as_of="2031-06-12")
    assert not undated_days.old_news  # no days asked: any article
    assert not any("2027-05-17" in n for n in undated_days.notes)
