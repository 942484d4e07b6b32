"""The export's source notes, the whole-article view and the settings a browser keeps (no browser:
a real index over the seed articles, the handlers called directly)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from assistant import Assistant, Settings
from assistant.ui import (
    SETTING_NAMES,
    ConversationStore,
    Handlers,
    UIService,
    answer_markdown,
    conversation_markdown,
    evidence_html,
)

from .conftest import SOURCES, NewAssistant

QUESTION = "How do the two articles describe the difference between the US and China in AI?"


def test_the_export_says_inferred_and_source_removed_as_the_panel_does(seeded: Assistant) -> None:
    answer = seeded.answer(QUESTION)
    records = {r.source_id: r for r in seeded.list_sources()}
    inferred = {s for s, r in records.items() if r.extra.get("date_inferred") is True}
    cited = sorted({c.source_id for c in answer.citations})
    assert cited and inferred
    lines = {c.n: line for c in answer.citations for line in conversation_markdown(
        "t", [answer], records).splitlines() if line.startswith(f"[{c.n}] ")}  # fmt: skip
    for c in answer.citations:
        assert ("(inferred))" in lines[c.n]) == (c.source_id in inferred), lines[c.n]
        assert "source removed" not in lines[c.n]
    gone = cited[0]
    fewer = {s: r for s, r in records.items() if s != gone}
    markdown = conversation_markdown("t", [answer], fewer)
    for c in answer.citations:
        line = next(x for x in markdown.splitlines() if x.startswith(f"[{c.n}] "))
        assert line.endswith(" — source removed") == (c.source_id == gone), line
    # The copy text in the evidence panel is the same text.
    soup = BeautifulSoup(evidence_html([answer], sources=fewer), "html.parser")
    assert soup.select_one(".ev-copy").get_text() == answer_markdown(answer, fewer)


def _handlers(root: Path, new_assistant: NewAssistant) -> Handlers:
    shutil.copytree(SOURCES, root / "sources")
    service = UIService(new_assistant(Settings(data_dir=root / "data", sources_dir=root / "sources")))
    service.assistant.sync()
    return Handlers(service, ConversationStore.in_dir(root / "data"), "secret")


def test_the_article_opens_whole_with_the_quote_marked_and_never_outside_the_folder(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    h = _handlers(tmp_path, new_assistant)
    answer = h.service.assistant.answer("Where did the Chain Expo open?")
    c = answer.citations[0]
    request = json.dumps({"source": c.source_id, "start": c.start, "end": c.end, "quote": c.quote})
    _, html = h.article(request)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("mark").get_text() == c.quote
    record, text = h.service.article(c.source_id)
    assert len(soup.select(".art-body p")) == len([p for p in text.split("\n") if p.strip()]) > 3
    assert soup.select_one(".ev-title").get_text() == record.title
    # Offsets that no longer hold the quote (the file was edited): the quote is found by its words.
    _, moved = h.article(json.dumps({"source": c.source_id, "start": 0, "end": 5, "quote": c.quote}))
    assert BeautifulSoup(moved, "html.parser").select_one("mark").get_text() == c.quote

    # The indexed file replaced by a link to a file outside the sources folder: refused, not read.
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Private\n---\nNot a source: private notes kept outside the folder.")
    path = Path(record.path)
    path.unlink()
    path.symlink_to(outside)
    refused = [""]
    try:
        h.service.article(c.source_id)
    except ValueError as exc:
        refused[0] = str(exc)
    assert "outside the sources folder" in refused[0]
    for bad in ("", "not json", json.dumps({"source": c.source_id})):  # a warning, nothing opened
        box, html = h.article(bad)
        assert not isinstance(html, str)


def test_settings_restore_what_was_kept_and_drop_what_no_longer_fits(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    h = _handlers(tmp_path, new_assistant)
    ids = [r.source_id for r in h.service.list_sources()]
    outlet = h.service.outlets()[0]
    saved = h.save_settings(7, [outlet, "Gone Outlet"], [ids[0], "gone-id"], "2026-01", "2026-06-30", "")
    assert list(saved) == list(SETTING_NAMES)
    k, outlets, sources, date_from, date_to, as_of = h.restore_settings(saved)
    assert k == 7 and (date_from, date_to, as_of) == ("2026-01", "2026-06-30", "")
    assert outlets.value == [outlet] and sources.value == [ids[0]]  # the gone ones are dropped
    default = h.service.settings.top_k
    for junk in (None, "text", {"top_k": 99}, {"top_k": "7", "outlets": "x", "date_from": 3}):
        k, outlets, sources, date_from, *_ = h.restore_settings(junk)
        assert k == default and outlets.value == [] and sources.value == [] and date_from == ""
