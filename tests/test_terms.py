"""Words and names of any alphabet: "Gálvez" is one word and one name, and "Galvez" finds it."""

from __future__ import annotations

from pathlib import Path

from assistant import Settings
from assistant.text import content_terms, names, tokens

from .conftest import NewAssistant


def test_accented_words_are_one_token_with_the_accents_folded() -> None:
    assert tokens("Gálvez met Zürich officials") == ["galvez", "met", "zurich", "officials"]
    assert content_terms("Gálvez") == content_terms("Galvez") == ["galvez"]


def test_names_start_with_a_capital_of_any_alphabet() -> None:
    found = names("Candidate Xóchitl Gálvez spoke in Zürich; Ángel Núñez and Émilie Dupré did not.")
    assert "Xóchitl Gálvez" in found[0]
    assert "Zürich" in found and "Ángel Núñez and Émilie Dupré" in found


def test_ascii_names_are_read_as_before() -> None:
    assert names("Michael Spence said the U.S. Department of Commerce would lead.") == [
        "Michael Spence",
        "U.S. Department of Commerce",
    ]


def test_a_name_typed_without_its_accents_finds_the_article(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in {
        "poll": "Xóchitl Gálvez trailed by nine points in the final survey of the campaign.",
        "weather": "Heavy rain closed three mountain roads on Tuesday, officials said.",
    }.items():
        (sources / f"{name}.md").write_text(
            f"---\ntitle: {name}\noutlet: Town Daily\ndate: 2024-05-01\n---\n\n{text}\n", encoding="utf-8"
        )
    assistant = new_assistant(Settings(data_dir=tmp_path / "data", sources_dir=sources))
    assistant.sync()
    answer = assistant.answer("By how many points did Galvez trail?")
    assert not answer.abstained
    assert answer.citations and answer.citations[0].source_id == "poll"
    assert "nine points" in answer.text


def test_british_and_american_spellings_of_ise_verbs_share_a_stem() -> None:
    for british, american in [("popularising", "popularization"), ("organising", "organized"),
                              ("criticise", "criticizing"), ("promising", "promise")]:  # fmt: skip
        assert content_terms(british) == content_terms(american), (british, american)
