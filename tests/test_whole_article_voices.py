"""Who speaks a sentence is read over its whole article, not only its chunk: a quote whose speaker
("she said") an earlier chunk introduces counts as that person's in comparisons and person questions,
as it does on the citation (articles written for the test)."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant, Passage, Settings
from assistant.attribution import attribute_text

from .conftest import NewAssistant, write_articles

# Each coach is introduced in the article's first paragraph; her words about the final come several
# paragraphs (chunks) later, with only a pronoun for who speaks.
FILLER = (
    "The league's season drew record crowds this spring, and ticket sales rose in every city. "
    "Broadcasters added weekend games to their schedules after ratings climbed for a third year. "
)


def _article(coach: str, club: str, quote: str) -> str:
    return (
        f"{coach}, the head coach of {club}, has led the club since 2019.\n\n{FILLER}\n\n{FILLER}\n\n"
        f"Asked about the final, the coach smiled at reporters.\n\n“{quote},” she said."
    )


ARTICLES = {
    "harbour": _article("Dana Marlow", "Harbour City", "We will win the final with our defence"),
    "valley": _article("Ines Brandt", "Valley Rovers", "Our attack will decide the final"),
}


def _assistant(tmp_path: Path, new_assistant: NewAssistant) -> Assistant:
    write_articles(tmp_path / "sources", ARTICLES, "Cup preview", "League Weekly")
    settings = Settings(data_dir=tmp_path / "data", sources_dir=tmp_path / "sources", chunk_chars=200)
    assistant = new_assistant(settings)
    assistant.sync()
    return assistant


def test_the_quote_s_chunk_alone_does_not_say_who_speaks(tmp_path: Path, new_assistant: NewAssistant) -> None:
    assistant = _assistant(tmp_path, new_assistant)
    records = dict(assistant.snapshot().records)
    quote = "“We will win the final with our defence,” she said."
    chunk_id, chunk, meta = next(c for c in assistant.store.chunks_of(["harbour"]) if quote in c[1])
    alone = [a.attribution.quoted for a in attribute_text(chunk, "League Weekly") if quote in a.span.text]
    assert alone == [None]  # the chunk never names her
    start = int(meta["start"])
    passage = Passage(chunk_id, "harbour", chunk, start, start + len(chunk), "Cup preview harbour",
                      "League Weekly", "2024-03-01")  # fmt: skip
    voices = assistant.speakers.voices([passage], records)
    start += chunk.index(quote)
    assert voices[("harbour", start)] == ("Dana Marlow", "head coach of Harbour City")


def test_a_comparison_gives_each_side_its_own_words(tmp_path: Path, new_assistant: NewAssistant) -> None:
    assistant = _assistant(tmp_path, new_assistant)
    answer = assistant.answer("What did Dana Marlow and Ines Brandt each say about the final?")
    sections = {s.label: " ".join(s.sentences) for s in answer.sections}
    assert "our defence" in sections["Dana Marlow"], sections
    assert "Our attack" in sections["Ines Brandt"], sections
