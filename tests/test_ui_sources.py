"""The Sources tab's helpers and the evidence in words: upload progress, table filter, removed
sources, inferred dates, strong / partial / weak match (real index over the seed articles)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from assistant import Assistant, Passage, Settings
from assistant.ui import (
    MATCH_STRONG_DENSE,
    MATCH_STRONG_RANK,
    MATCH_WEAK_DENSE,
    UIService,
    UploadProgress,
    evidence_html,
    match_words,
    source_rows,
    upload_progress,
)

from .conftest import SOURCES, NewAssistant


def _passage(rank: int, dense: float | None) -> Passage:
    return Passage("c", "s", "text", 0, 4, "t", "o", "2026-01-01", score=0.03, dense_score=dense, rank=rank)


def test_match_words_follow_the_documented_rule() -> None:
    strong, weak = MATCH_STRONG_DENSE, MATCH_WEAK_DENSE
    top = MATCH_STRONG_RANK
    assert match_words(_passage(1, strong)) == "strong match"
    assert match_words(_passage(top, strong + 0.2)) == "strong match"
    assert match_words(_passage(top + 1, strong + 0.2)) == "partial match"  # ranked too low
    assert match_words(_passage(1, strong - 0.01)) == "partial match"
    assert match_words(_passage(1, weak - 0.01)) == "weak match"
    assert match_words(_passage(1, None)) == "partial match"  # keyword-only: never "strong"
    assert match_words(_passage(top + 1, None)) == "weak match"
    assert match_words(None) == "match unknown"


def test_evidence_says_the_match_and_keeps_the_figures(seeded: Assistant) -> None:
    answer = seeded.answer("Where did the Chain Expo open?")
    soup = BeautifulSoup(evidence_html([answer]), "html.parser")
    items = soup.select("li.ev-item")
    assert items and len(items) == len(answer.citations)
    for item in items:
        words = item.select_one("details.ev-score summary .ev-match")
        assert words is not None and words.get_text() in {"strong match", "partial match", "weak match"}
        assert "retrieval rank" in item.select_one("details.ev-score").get_text()  # the raw line, folded


def test_removed_sources_and_inferred_dates_are_marked(seeded: Assistant) -> None:
    answer = seeded.answer("How do the two articles describe the difference between the US and China in AI?")
    records = {r.source_id: r for r in seeded.list_sources()}
    cited = {c.source_id for c in answer.citations}
    assert cited, "the question is answered from the seed articles"
    html = evidence_html([answer], sources=records)
    assert "source removed" not in html
    inferred = {s for s, r in records.items() if r.extra.get("date_inferred") is True}
    assert inferred, "the seed front matter marks some dates as inferred"
    soup = BeautifulSoup(html, "html.parser")
    for c in answer.citations:
        date = soup.select_one(f"#ev-1-{c.n} .ev-date").get_text()
        assert date.endswith("(inferred)") == (c.source_id in inferred), (c.source_id, date)

    gone = sorted(cited)[0]
    fewer = {s: r for s, r in records.items() if s != gone}
    soup = BeautifulSoup(evidence_html([answer], sources=fewer), "html.parser")
    for c in answer.citations:
        item = soup.select_one(f"#ev-1-{c.n}")
        assert ("source removed" in item.get_text()) == (c.source_id == gone)
        assert ("ev-gone" in item["class"]) == (c.source_id == gone)
    # Without the list of sources (not known), nothing is claimed either way.
    assert "source removed" not in evidence_html([answer])


def test_source_rows_filter_on_every_word(seeded: Assistant) -> None:
    records = seeded.list_sources()
    assert len(source_rows(records)) == len(records) == len(source_rows(records, "  "))
    first = records[0]
    word = first.title.split()[0]
    rows = source_rows(records, f"{word.upper()} {first.source_id[-6:]}")
    assert [r[4] for r in rows] == [first.source_id]
    assert source_rows(records, f"{word} no-such-word-zq") == []
    inferred = {r.source_id for r in records if r.extra.get("date_inferred") is True}
    assert inferred and {str(row[4]) for row in source_rows(records, "(inferred)")} == inferred


def test_the_table_shows_each_file_as_soon_as_it_is_in(tmp_path: Path, new_assistant: NewAssistant) -> None:
    """The upload handler refreshes the table after each committed file, before the last is done."""
    from assistant.ui import ConversationStore, Handlers

    shutil.copytree(SOURCES, tmp_path / "sources")
    service = UIService(new_assistant(Settings(data_dir=tmp_path / "data", sources_dir=tmp_path / "sources")))
    handlers = Handlers(service, ConversationStore.in_dir(tmp_path / "data"), "secret")
    handlers.upload_tick = 0.05  # looks often, so it sees the first file in before the second is
    small, big = tmp_path / "first-note.md", tmp_path / "second-log.md"
    small.write_text("---\ntitle: First note\n---\nA short note about the harbour opening hours.")
    days = [f"Day {i}: the log notes {i * 7 % 31} sailings and a tide of {i % 9} metres." for i in range(160)]
    big.write_text("---\ntitle: Second log\n---\n" + "\n\n".join(days))
    outputs = list(handlers.index_uploads([str(small), str(big)]))
    tables = [BeautifulSoup(out[2], "html.parser") for out in outputs if isinstance(out[2], str)]
    ids = [{td.get_text() for td in table.select("td[data-label='Id']")} for table in tables]
    assert "first-note" in ids[0] and "second-log" not in ids[0], ids  # shown while the second indexed
    assert {"first-note", "second-log"} <= ids[-1]
    assert "Done: 2 files in" in outputs[-1][0] and "Indexed `first-note`, `second-log`" in outputs[-1][1]
    assert any("(file 2 of 2)" in str(out[0]) for out in outputs)


def test_upload_progress_counts_chunks_and_estimates(tmp_path: Path, new_assistant: NewAssistant) -> None:
    state = UploadProgress(2, file="big.md", chunks_done=10, chunks_total=40, file_started=100.0)
    assert state.seconds_left(now=105.0) == 15.0  # 10 chunks in 5 s: 30 more take 15 s
    html = upload_progress(state, now=105.0)
    assert "Indexing <b>big.md</b> (file 1 of 2): 10 of 40 chunks embedded · about 15 s left" in html
    assert 'aria-valuenow="12"' in html  # (0 + 10/40) / 2 files
    waiting = upload_progress(replace(state, chunks_done=0, chunks_total=0), now=107.0)
    assert "reading, splitting and embedding it… 7 s so far" in waiting
    assert "aria-valuenow" not in waiting and "up-busy" in waiting  # no figure before there is one
    assert "Done: 2 files in" in upload_progress(replace(state, finished=True))

    shutil.copytree(SOURCES, tmp_path / "sources")
    service = UIService(new_assistant(Settings(data_dir=tmp_path / "data", sources_dir=tmp_path / "sources")))
    doc = tmp_path / "long.md"
    doc.write_text("---\ntitle: Long notes\n---\n" + "\n\n".join(
        f"Paragraph {i} of the notes says something new about week {i}." for i in range(120)))  # fmt: skip
    seen: list[UploadProgress] = []
    report = service.add_files([doc], lambda s: seen.append(replace(s)))
    assert report.added and report.chunks_indexed > 1
    counts = [(s.chunks_done, s.chunks_total) for s in seen if s.chunks_total]
    assert counts and counts[-1] == (report.chunks_indexed, report.chunks_indexed)
    assert all(s.file == "long.md" for s in seen) and seen[-1].finished and not seen[0].finished
