"""What the UI shows for real answers: links, highlighted quotes, export, starters (no server)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from assistant import Assistant, Settings, SourceError, make_filters, marker_numbers
from assistant.ui import (
    ChatSession,
    UIService,
    answer_markdown,
    chat_markdown,
    conversation_markdown,
    evidence_html,
    export_markdown,
    highlighted_paragraphs,
    md_escape,
    starter_questions,
    upload_status,
)

from .conftest import NewAssistant, source_text


def test_chat_markdown_links_every_citation(seeded: Assistant) -> None:
    answer = seeded.answer("Where did the Chain Expo open?")
    md = chat_markdown(answer, turn=3)
    links = re.findall(r'<a href="#(ev-3-\d+)" class="cite"', md)
    assert links and {f"ev-3-{c.n}" for c in answer.citations} == set(links)
    assert "opened in Beijing" in md
    assert len(links) == len(marker_numbers(answer.text))


def test_md_escape_keeps_source_text_literal() -> None:
    assert md_escape("<b>*x*</b> _y_ [1] #z") == r"\<b\>\*x\*\</b\> \_y\_ \[1\] \#z"
    assert md_escape("1. item\n- dash") == "1\\. item\n\\- dash"


def test_evidence_highlights_each_quote_inside_its_passage(seeded: Assistant) -> None:
    answer = seeded.answer("How do the two articles describe the difference between the US and China in AI?")
    soup = BeautifulSoup(evidence_html([answer]), "html.parser")
    section = soup.select_one("section.ev-answer.ev-shown")
    assert section is not None and section["id"] == "ev-1"
    for c in answer.citations:
        item = section.select_one(f"#ev-1-{c.n}")
        assert item is not None, c.n
        marked = "".join(m.get_text() for m in item.select("mark"))
        assert marked == c.quote.replace("\n", "")  # split over paragraphs only at line breaks
        assert c.quote.strip() and source_text(seeded, c.source_id)[c.start : c.end] == c.quote
        shown = item.get_text()
        assert c.outlet in shown and c.title in shown and "retrieval rank" in shown


def test_evidence_panel_shows_abstentions_and_corrections(seeded: Assistant) -> None:
    abstained = seeded.answer("What does the EU AI Act require?")
    corrected = seeded.answer("Why is the US lead over China 12 percent, as of March 2026?")
    soup = BeautifulSoup(evidence_html([abstained, corrected], selected=1), "html.parser")
    first, second = soup.select("section.ev-answer")
    assert "ev-shown" in first["class"] and "ev-shown" not in second["class"]
    assert first.select(".ev-abstain") and first.select(".ev-closest") and not first.select("mark")
    assert second.select(".ev-premise") and "2.7 percent" in second.select_one("mark").get_text()
    assert chat_markdown(abstained, 1).startswith('<span class="badge badge-abstain">No supported')
    assert chat_markdown(corrected, 2).startswith('<span class="badge badge-premise">Premise')
    assert "shown with this answer" in abstained.text and "below" not in abstained.text


def test_chat_badges_say_how_many_generated_sentences_were_verified(seeded: Assistant) -> None:
    answer = seeded.answer("Where did the Chain Expo open?")
    assert "badge" not in chat_markdown(answer, 1)  # extractive: verbatim quotes, no badge
    answer.backend, answer.sentences_total, answer.sentences_verified = "openai", 3, 2
    md = chat_markdown(answer, 1)
    assert md.startswith('<span class="badge badge-partial">2 of 3 sentences verified</span>')
    assert "2 of 3 sentences verified" in answer_markdown(answer)
    answer.sentences_verified = 3
    assert 'badge-verified">3 of 3 sentences verified' in chat_markdown(answer, 1)


def test_an_old_news_answer_is_marked_in_the_chat_and_the_copy(seeded: Assistant) -> None:
    answer = seeded.answer("Where did the Chain Expo open?")
    assert "badge-old" not in chat_markdown(answer, 1) and "Old news" not in answer_markdown(answer)
    answer.old_news = "2020-01-12"
    assert 'badge-old">Old news: the newest article quoted is dated 2020-01-12' in chat_markdown(answer, 1)
    assert "_Old news: the newest article quoted is dated 2020-01-12._" in answer_markdown(answer)


def test_copy_text_is_clean_and_the_same_as_the_export(seeded: Assistant) -> None:
    answer = seeded.answer("Who said that China has caught up?")
    md = chat_markdown(answer, 2)
    assert md.endswith("<!-- answer 2 -->") and "<a href" in md
    soup = BeautifulSoup(evidence_html([answer, answer], selected=2), "html.parser")
    copy = soup.select_one("#ev-2 .ev-copy")
    assert copy is not None and copy.has_attr("hidden")
    text = copy.get_text()
    assert text == answer_markdown(answer) and export_markdown(answer).endswith(text)
    assert "<" not in text.replace("<!--", "") and "[1]" in text and "**Sources**" in text
    assert all(f"[{c.n}] {c.outlet}" in text for c in answer.citations)


def test_conversation_export_has_every_answer(seeded: Assistant) -> None:
    first = seeded.answer("Where did the Chain Expo open?")
    second = seeded.answer("What does the EU AI Act require?")
    md = conversation_markdown("My chat", [first, second])
    assert md.startswith("# My chat\n") and "## 1. Where did the Chain Expo open?" in md
    assert "## 2. What does the EU AI Act require?" in md and "_No supported answer._" in md
    assert md.index("opened in Beijing") < md.index("## 2.")


def test_highlight_spans_paragraphs_and_marks_only_the_quote() -> None:
    text = "Intro line.\nFirst part of quote\nsecond part. Tail.\nOther paragraph."
    start = text.index("First")
    end = text.index(" Tail")
    html = highlighted_paragraphs(text, (start, end))
    soup = BeautifulSoup(html, "html.parser")
    assert [m.get_text() for m in soup.select("mark")] == ["First part of quote", "second part."]
    assert "Intro line." not in soup.get_text() and soup.get_text().count("…") == 2


def test_export_markdown_has_the_answer_and_its_sources(seeded: Assistant) -> None:
    answer = seeded.answer("Who said that China has caught up?")
    md = export_markdown(answer)
    assert answer.text in md and "**Sources**" in md
    for c in answer.citations:
        assert f"[{c.n}] {c.outlet}, “{c.title}”" in md and f"`{c.source_id}`" in md


def test_starter_questions_come_from_titles_and_are_answerable(seeded: Assistant) -> None:
    records = seeded.list_sources()
    starters = starter_questions(records, ["What is the Chain Expo?"], limit=3)
    assert starters[0] == "What is the Chain Expo?" and len(starters) == 3
    for question in starters[1:]:
        assert any(r.title in question for r in records)
        answer = seeded.answer(question)
        assert not answer.abstained and answer.citations, question


def test_session_history_is_plain_text(seeded: Assistant) -> None:
    session = ChatSession()
    session.start("Where did the Chain Expo open?")
    assert session.messages[-1]["content"].startswith("_Searching")
    turn = session.finish(seeded.answer("Where did the Chain Expo open?"))
    assert turn == 1 and "<a href" in session.messages[-1]["content"]
    history = session.history()
    assert [t["role"] for t in history] == ["user", "assistant"] and "<a" not in history[1]["content"]


def test_filters_and_upload_checks(tmp_path: Path, new_assistant: NewAssistant) -> None:
    f = make_filters(["ZH"], None, " 2026-05 ", "")
    assert f.outlets == ("ZH",) and f.date_from == "2026-05" and f.active
    with pytest.raises(ValueError, match="To date '25 May' is not a date"):
        make_filters(date_to="25 May")
    service = UIService(new_assistant(Settings(data_dir=tmp_path / "d", sources_dir=tmp_path / "s",
                                               max_file_mb=0.001)))  # fmt: skip
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    with pytest.raises(SourceError, match="larger than the 0.001 MB limit"):
        service.check_upload(big)
    with pytest.raises(SourceError, match="unsupported file type '.exe'"):
        service.check_upload(tmp_path / "tool.exe")
    report = service.add_files([big, tmp_path / "tool.exe"])
    assert [e.path.name for e in report.errors] == ["big.txt", "tool.exe"] and not report.added
    status = upload_status(report)
    assert "Not indexed — big.txt" in status and "Nothing already indexed was changed" in status
