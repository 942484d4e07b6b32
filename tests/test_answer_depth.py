"""The extractive answer chooses among more passages than it shows (``answer_passages``): an answer
found only below ``top_k`` is cited and its passage shown; the others read below ``top_k`` are not."""

from __future__ import annotations

from pathlib import Path

from assistant import Settings

from .conftest import NewAssistant, RunCli, write_articles

# Invented harbour news: the article nearest the question in words does not name the operator;
# the one that does shares few of the question's words; the third is about something else.
ARTICLES = {
    "timetable": "The harbour council debated the new ferry timetable on the first day of the week. "
    "The ferry timetable debate ran late, and the ferry timetable vote was put off.",
    "operator": "Northwind Ferries won the contract for the service, the harbour office said.",
    "weather": "Fog closed the harbour to the new ferry for two hours, and the timetable slipped.",
}
QUESTION = "Which ferry company will run the new ferry timetable?"


def _write(folder: Path) -> None:
    write_articles(folder, ARTICLES, "Harbour news", "Coast Daily")


def test_an_answer_below_top_k_is_cited_and_only_its_passage_is_shown(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    _write(tmp_path / "sources")
    common = {"data_dir": tmp_path / "data", "sources_dir": tmp_path / "sources", "top_k": 1}
    shallow = new_assistant(Settings(**common, answer_passages=1))
    shallow.sync()
    before = shallow.answer(QUESTION)
    assert [p.source_id for p in before.passages] == ["timetable"]  # the nearest in words ranks first
    assert "Northwind" not in before.text

    answer = new_assistant(Settings(**common, answer_passages=3)).answer(QUESTION)
    assert "Northwind Ferries" in answer.text, answer.text
    cited = {c.source_id for c in answer.citations}
    assert "operator" in cited
    # Shown: the top_k passage and the cited ones; not the one read below top_k and left uncited.
    assert {p.source_id for p in answer.passages} == {"timetable"} | cited
    assert "weather" not in {p.source_id for p in answer.passages}  # ranked second, read, not cited



def test_fit_refuses_a_depth_that_is_not_a_number_of_passages(settings: Settings, run_cli: RunCli) -> None:
    for bad in ("0,6", "six", ","):
        out = run_cli(settings, "eval", "fit", "--set", "a=q.jsonl:src", "--depths", bad)
        assert out.exit_code == 2 and "--depths" in out.output and repr(bad) in out.output, out.output
