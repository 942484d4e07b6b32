"""Ingest in waves and the incremental BM25 index: same results, less work."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, Chunk, Document, Filters, Settings, StoreError, chunk_document
from tests.conftest import NewAssistant


def _write(folder: Path, name: str, body: str, outlet: str = "Test Wire", date: str = "2025-03-04") -> Path:
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {name} report\noutlet: {outlet}\ndate: {date}\n---\n\n{body}\n")
    return path


def _add_small_docs(settings: Settings, n: int) -> None:
    for i in range(n):
        _write(settings.sources_dir, f"doc{i}",
               f"The harbour of town{i} moved {i * 7 + 3} containers in March.\n\n"
               f"Mayor Ada Quill{i} said the new crane number {i} would open in June.",
               outlet="Wire A" if i % 2 else "Wire B", date=f"202{i % 5}-0{1 + i % 9}-11")  # fmt: skip


def _active_chunks(a: Assistant) -> dict[str, str]:
    """Chunk id -> text of every chunk whose version is its source's registered version."""
    versions = {k: r.version for k, r in a.store.sources().items()}
    return {cid: text for cid, text, meta in a.store.iter_chunks()
            if versions.get(str(meta["source_id"])) == meta["version"]}  # fmt: skip


def _assert_bm25_matches_chroma(a: Assistant) -> None:
    snapshot = a.snapshot()
    bm25, versions = snapshot.bm25, snapshot.versions
    active = _active_chunks(a)
    assert dict(zip(bm25.ids, bm25.texts)) == active
    assert len(bm25.ids) == len(active)
    assert bm25.versions() == versions
    fresh = Assistant(a.settings, embedder=a.embedder.inner)  # what a rebuild from nothing would hold
    fresh_bm25 = fresh.snapshot().bm25
    assert fresh_bm25.ids == bm25.ids
    for term in ("harbour", "crane", "ai", "quantum"):
        assert fresh_bm25.document_frequency(term) == bm25.document_frequency(term)


def test_bm25_follows_add_edit_remove_incrementally(assistant: Assistant, settings: Settings) -> None:
    _add_small_docs(settings, 6)
    assistant.sync()
    _assert_bm25_matches_chroma(assistant)

    path = settings.sources_dir / "doc2.md"
    path.write_text(path.read_text() + "\nA quantum sensor was installed on the crane.\n")
    (settings.sources_dir / "doc4.md").unlink()
    _write(settings.sources_dir, "doc9", "A brand new harbour opened in Quillton.")
    report = assistant.sync()
    assert (report.updated, report.removed, report.added) == (["doc2"], ["doc4"], ["doc9"])
    bm25 = assistant.snapshot().bm25
    # Only the changed sources were re-read from Chroma; the other six kept their cached rows.
    assert bm25.last_update.read_sources == 2  # doc2 (new version) and doc9
    assert bm25.last_update.removed_sources == 2  # doc2 (old version) and doc4
    assert bm25.last_update.read_chunks == len([i for i in bm25.ids if i.startswith(("doc2:", "doc9:"))])
    _assert_bm25_matches_chroma(assistant)
    top = assistant.answer("What was installed on the crane?")
    assert "quantum sensor" in top.text

    assistant.remove_source("doc9")
    _assert_bm25_matches_chroma(assistant)


def test_a_restart_reads_no_chunks(assistant: Assistant, settings: Settings) -> None:
    assistant.sync()
    again = Assistant(settings, embedder=assistant.embedder.inner)
    bm25 = again.snapshot().bm25
    assert len(bm25) > 10 and bm25.last_update.read_sources == 0  # straight from the cache file


def test_chunks_of_many_documents_share_one_embedding_call(
    settings: Settings, new_assistant: NewAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_small_docs(settings, 8)
    a = new_assistant(settings.model_copy(update={"embed_sentences_at_index": False}))
    calls: list[int] = []
    inner = a.embedder.inner
    real = inner.embed

    def counting(texts: list[str]) -> list[list[float]]:
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(inner, "embed", counting)  # the session's embedder: undone after the test
    report = a.sync()
    assert len(report.added) == 10
    assert len(calls) == 1  # one length-sorted stream, not one call per document
    assert calls[0] == report.chunks_indexed  # records carry no embedding


def test_small_waves_commit_every_document(settings: Settings, new_assistant: NewAssistant) -> None:
    _add_small_docs(settings, 5)
    a = new_assistant(settings.model_copy(update={"index_batch_chunks": 1}))
    report = a.sync()
    assert len(report.added) == 7
    records = a.store.sources()
    counts: dict[str, int] = {}
    for _, _, meta in a.store.iter_chunks():
        counts[str(meta["source_id"])] = counts.get(str(meta["source_id"]), 0) + 1
    assert counts == {k: r.chunks for k, r in records.items()}


def test_unchanged_documents_are_not_chunked(assistant: Assistant, settings: Settings,
                                             new_assistant: NewAssistant) -> None:  # fmt: skip
    _add_small_docs(settings, 3)
    assistant.sync()
    chunked: list[str] = []

    def counting(doc: Document, max_chars: int) -> list[Chunk]:
        chunked.append(doc.source_id)
        return chunk_document(doc, max_chars)

    again = new_assistant(settings, chunker=counting)
    path = settings.sources_dir / "doc1.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    report = again.sync()
    assert report.updated == ["doc1"] and chunked == ["doc1"]
    assert again.embedder.misses > 0 and len(report.unchanged) == 4


def test_filter_mask_matches_metadata(assistant: Assistant, settings: Settings) -> None:
    _add_small_docs(settings, 6)
    assistant.sync()
    bm25 = assistant.snapshot().bm25
    mask = bm25.mask(outlets=["Wire A"], date_from=20210000, date_to=20231299)
    expected = [m["outlet"] == "Wire A" and 20210000 <= m["date_key"] <= 20231299 for m in bm25.metas]
    assert mask.astype(bool).tolist() == expected and any(expected)
    hits = assistant.answer("containers moved in March",
                            filters=Filters(outlets=("Wire A",), date_from="2021", date_to="2023")).passages
    assert hits and all(p.outlet == "Wire A" and "2021" <= p.date[:4] <= "2023" for p in hits)


def test_a_failed_write_stops_the_sync_and_loses_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, new_assistant: NewAssistant
) -> None:
    """A write that fails on the third wave leaves the first two committed, the rest unindexed,
    and the next sync completes the job."""
    _add_small_docs(settings, 6)
    a = new_assistant(settings.model_copy(update={"index_batch_chunks": 1}))  # one document per wave
    store = a.store
    real_put = store.put_sources
    writes: list[int] = []

    def fail_third(items):  # type: ignore[no-untyped-def]
        writes.append(len(items))
        if len(writes) == 3:
            raise StoreError("injected: the store went away")
        real_put(items)

    monkeypatch.setattr(store, "put_sources", fail_third)
    with pytest.raises(StoreError):
        a.sync()
    assert len(writes) == 3  # nothing was written after the failed wave
    committed = store.sources()
    assert len(committed) == 2
    assert set(_active_chunks(a)) == {cid for cid, _, m in store.iter_chunks()
                                      if str(m["source_id"]) in committed}  # fmt: skip

    monkeypatch.undo()
    a.refresh()
    report = a.sync()
    assert len(report.added) == 6 and len(report.unchanged) == 2
    counts: dict[str, int] = {}
    for _, _, meta in a.store.iter_chunks():
        counts[str(meta["source_id"])] = counts.get(str(meta["source_id"]), 0) + 1
    assert counts == {k: r.chunks for k, r in a.store.sources().items()}  # no duplicates, none missing


def test_an_embedding_failure_keeps_the_waves_already_written(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, new_assistant: NewAssistant
) -> None:
    _add_small_docs(settings, 4)
    a = new_assistant(settings.model_copy(update={"index_batch_chunks": 1}))
    inner = a.embedder.inner
    real = inner.embed
    calls: list[int] = []

    def fail_second(texts: list[str]) -> list[list[float]]:
        calls.append(len(texts))
        if len(calls) == 2:
            raise RuntimeError("injected: the embedder crashed")
        return real(texts)

    monkeypatch.setattr(inner, "embed", fail_second)
    with pytest.raises(RuntimeError):
        a.sync()
    assert len(a.store.sources()) == 1  # the first wave, written before the second was embedded
