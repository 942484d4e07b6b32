"""A comparison whose sides are the corpus's outlets ("How do <outlet> and <outlet> differ on X?") is
answered per outlet, from each outlet's own articles, even when no article names an outlet in its text
and the question names every source there is."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant, Settings

from .conftest import NewAssistant

# Invented outlets reporting one invented story; neither text names an outlet.
ARTICLES = {
    "harbor-bridge-toll": (
        "Harbor Gazette",
        "The new river bridge will charge a toll of four dollars per car from June, the transport board "
        "decided on Tuesday. Commuters who cross daily can buy a monthly pass.",
    ),
    "valley-bridge-toll": (
        "Valley Ledger",
        "Drivers on the river bridge will pay no toll at all until the autumn, a board spokesman said, "
        "because the payment gantries are not finished.",
    ),
}


def _assistant(tmp_path: Path, new_assistant: NewAssistant) -> Assistant:
    sources = tmp_path / "sources"
    sources.mkdir()
    for source_id, (outlet, text) in ARTICLES.items():
        front = f"id: {source_id}\ntitle: River bridge toll\noutlet: {outlet}\ndate: 2024-05-02"
        (sources / f"{source_id}.md").write_text(f"---\n{front}\n---\n\n{text}\n", encoding="utf-8")
    assistant = new_assistant(Settings(data_dir=tmp_path / "data", sources_dir=sources))
    assistant.sync()
    return assistant


def test_outlets_named_as_sides_are_answered_from_their_own_articles(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    assistant = _assistant(tmp_path, new_assistant)
    answer = assistant.answer("How do Harbor Gazette and Valley Ledger differ on the bridge toll?")
    assert not answer.abstained, answer.text
    assert [s.label for s in answer.sections] == ["Harbor Gazette", "Valley Ledger"], answer.text
    by_n = {c.n: c for c in answer.citations}
    for section, source_id in zip(answer.sections, ARTICLES):
        assert section.citations and {by_n[n].source_id for n in section.citations} == {source_id}


def test_an_outlet_of_the_corpus_is_no_unknown_name(tmp_path: Path, new_assistant: NewAssistant) -> None:
    """Declining is fine here (the articles do not say); "they never mention <the outlet>" is false."""
    assistant = _assistant(tmp_path, new_assistant)
    for question in ("What does Valley Ledger say about the mayor's salary?",
                     "How do Harbor Gazette and Valley Ledger differ on the mayor's salary?"):  # fmt: skip
        answer = assistant.answer(question)
        assert "never mention “Valley" not in answer.text and "never mention “Harbor" not in answer.text
