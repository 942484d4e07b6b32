"""Comparisons retrieve each named side's passages too: a side whose evidence ranks below the other
side's articles for the whole question still gets candidates, and its section cites them."""

from __future__ import annotations

from pathlib import Path

from assistant import Passage, Retrieved, Settings, joined
from assistant.generation import analyse, side_queries

from .conftest import NewAssistant, write_articles

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
    write_articles(folder, ARTICLES, "Shop news", "Town Daily")


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


# Invented: a ruling article whose judge is named with the question's words at the top, and whose
# other party's own words come three paragraphs down, without them; and a profile of that party.
RULING = {
    "court-ruling": "Judge Ann Holt ruled on Monday that the river fence must come down. Holt wrote that "
    "the fence ruling follows the state water rules, and that the fence broke them for years.\n\n"
    "The river runs through six farms and two small towns before it reaches the lake in the south. "
    "Its banks flood most springs, and the towns have asked for help with the flooding for years.\n\n"
    "Fishing clubs along the lake said the water had been clearer this summer than in any summer "
    "since the clubs began to keep records, and that more birds nest on the banks now.\n\n"
    "\u201cWe will appeal, and we expect to win,\u201d Ben Vale told reporters at his farm on Tuesday.",
    "vale-profile": "Ben Vale built the fence along the river in 2019. Ben Vale says the fence keeps his "
    "cattle safe, and the fence ruling is the talk of his town.",
}
SAID = "Compare what Ann Holt and Ben Vale said about the fence ruling."


def test_a_partys_own_words_further_down_the_article_found_are_cited(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    folder = write_articles(tmp_path / "sources", RULING, "River news", "Valley Post")
    settings = Settings(data_dir=tmp_path / "data", sources_dir=folder, top_k=1, comparison_side_k=1,
                        chunk_chars=200)  # fmt: skip
    a = new_assistant(settings)
    a.sync()
    answer = a.answer(SAID)
    quote = "\u201cWe will appeal, and we expect to win,\u201d Ben Vale told reporters"
    quote += " at his farm on Tuesday."
    assert any(quote in p.text and p.source_id == "court-ruling" for p in answer.passages)
    sections = {s.label: s for s in answer.sections}
    assert set(sections) == {"Ann Holt", "Ben Vale"}, answer.text
    by_n = {c.n: c for c in answer.citations}
    assert quote in sections["Ben Vale"].sentences, answer.text  # its own words, quoted
    assert any(quote in by_n[n].quote for n in sections["Ben Vale"].citations)
