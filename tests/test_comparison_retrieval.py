"""Comparisons retrieve each named side's passages too: a side whose evidence ranks below the other
side's articles for the whole question still gets candidates, and its section cites them."""

from __future__ import annotations

from pathlib import Path

from assistant import Passage, Retrieved, Settings, joined
from assistant.generation import analyse, side_queries

from .conftest import NewAssistant

# Invented shops: two articles that name both and the asked-for prices but give only one side's
# figure, and one article that gives the other side's figure and never names the first side.
ARTICLES = {
    "both-one": "Acme raised its subscription prices to twenty dollars a month, analysts who follow Acme "
    "and Globex said.",
    "both-two": "Acme and Globex customers were told on Friday that Acme subscription prices stay at twenty "
    "dollars.",
    "other-side": "Globex subscription prices are twelve dollars a month, the company said on Monday.",
}
QUESTION = "How do Acme and Globex compare on subscription prices?"


def _write(folder: Path) -> None:
    folder.mkdir()
    for source_id, text in ARTICLES.items():
        (folder / f"{source_id}.md").write_text(
            f"---\nid: {source_id}\ntitle: Shop news {source_id}\noutlet: Town Daily\n"
            f"date: 2024-03-01\n---\n\n{text}\n",
            encoding="utf-8",
        )


def test_each_side_has_a_query_of_its_name_and_what_is_asked() -> None:
    assert side_queries(analyse(QUESTION)) == {
        "Acme": "Acme subscription prices",
        "Globex": "Globex subscription prices",
    }
    assert side_queries(analyse("What does the report say about prices?")) == {}
    # A side named as a document is looked for in its source: what is asked, without its name.
    documents = analyse("How do the Foreign Policy commentary and the China Daily report differ on prices?")
    assert side_queries(documents) == {"Foreign Policy": "prices", "China Daily": "prices"}


def test_joined_passages_come_after_and_score_no_higher() -> None:
    def passage(chunk_id: str, score: float, rank: int) -> Passage:
        return Passage(chunk_id, "s", "text", 0, 4, "T", "O", "2024-01-01", score=score, rank=rank)

    first = Retrieved([passage("a", 0.03, 1), passage("b", 0.02, 2)], [0.1])
    out = joined(first, [passage("b", 0.05, 1), passage("c", 0.04, 2)])
    ranked = [(p.chunk_id, p.rank, p.score) for p in out.passages]
    assert ranked == [("a", 1, 0.03), ("b", 2, 0.02), ("c", 3, 0.02)]
    assert out.query_vector == [0.1]


def test_a_sides_evidence_found_only_by_its_own_retrieval_is_cited(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    _write(tmp_path / "sources")
    common = {"data_dir": tmp_path / "data", "sources_dir": tmp_path / "sources", "top_k": 1}
    without = new_assistant(Settings(**common, comparison_side_k=0))
    without.sync()
    before = without.answer(QUESTION)
    assert "other-side" not in {p.source_id for p in before.passages}  # the question's own ranking misses it

    answer = new_assistant(Settings(**common, comparison_side_k=1)).answer(QUESTION)
    assert "other-side" in {p.source_id for p in answer.passages}
    sections = {s.label: s for s in answer.sections}
    assert set(sections) == {"Acme", "Globex"}
    by_n = {c.n: c for c in answer.citations}
    globex = [by_n[n] for n in sections["Globex"].citations]
    assert any(c.source_id == "other-side" and "twelve dollars" in c.quote for c in globex), answer.text
