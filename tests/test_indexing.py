"""Sync against a real embedded Chroma: idempotent, incremental, atomic, and safe with bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import INDEX_FORMAT, Assistant, Settings, SourceNotFound, StoreError
from tests.conftest import NewAssistant, source_text


def _chunk_ids(a: Assistant) -> list[str]:
    return [cid for cid, _, _ in a.store.iter_chunks()]


def test_sync_is_idempotent(assistant: Assistant) -> None:
    first = assistant.sync()
    assert len(first.added) == 2 and first.chunks_indexed > 10
    ids = _chunk_ids(assistant)
    for _ in range(3):
        again = assistant.sync()
        assert again.added == [] and again.updated == [] and len(again.unchanged) == 2
        assert again.chunks_indexed == 0
    assert sorted(_chunk_ids(assistant)) == sorted(ids)
    assert len(ids) == len(set(ids))


def test_edit_and_delete(assistant: Assistant, settings: Settings) -> None:
    assistant.sync()
    path = next(settings.sources_dir.glob("zh-*.md"))
    path.write_text(path.read_text() + "\nA brand new closing sentence about quantum sensors.\n")
    report = assistant.sync()
    assert report.updated == ["zh-china-daily-us-china-ai-cooperation"]
    versions = {m["version"] for _, _, m in assistant.store.iter_chunks()
                if m["source_id"] == "zh-china-daily-us-china-ai-cooperation"}  # fmt: skip
    assert len(versions) == 1  # the old version's chunks are gone
    answer = assistant.answer("What closing sentence mentions quantum sensors?")
    assert "quantum sensors" in answer.text

    path.unlink()
    report = assistant.sync()
    assert report.removed == ["zh-china-daily-us-china-ai-cooperation"]
    assert all(m["source_id"] != "zh-china-daily-us-china-ai-cooperation"
               for _, _, m in assistant.store.iter_chunks())  # fmt: skip
    hits = assistant.answer("What did Zhu Min say?").passages
    assert all(p.source_id != "zh-china-daily-us-china-ai-cooperation" for p in hits)


def test_replace_is_atomic_under_failure(assistant: Assistant, settings: Settings,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assistant.sync()
    before = sorted(_chunk_ids(assistant))
    path = next(settings.sources_dir.glob("spike-*.md"))
    path.write_text(path.read_text().replace("Belt and Road", "Silk Belt"))

    store = assistant.store
    real_add = store.add_chunks

    def half_then_fail(items, vectors):  # type: ignore[no-untyped-def]
        doc, version, chunks = items[0]
        real_add([(doc, version, chunks[:3])], vectors[:3])  # part of the new version lands...
        raise StoreError("injected failure halfway through")  # ...then the write dies

    monkeypatch.setattr(store, "add_chunks", half_then_fail)
    with pytest.raises(StoreError):
        assistant.sync()
    # The old version is still the one searched, complete, with no duplicates showing.
    assistant.refresh()
    answer = assistant.answer("What has China's Belt and Road initiative invested in since 2013?")
    assert not answer.abstained and "Belt and Road" in answer.text
    assert all("Silk Belt" not in p.text for p in answer.passages)

    monkeypatch.undo()
    report = assistant.sync()
    assert report.updated == ["spike-news-us-china-ai-convergence-or-competition"]
    after = _chunk_ids(assistant)
    assert len(after) == len(set(after)) == len(before)
    assert "Silk Belt" in assistant.answer("What is the Silk Belt initiative?").text


def test_bad_file_is_reported_and_index_untouched(assistant: Assistant, settings: Settings) -> None:
    assistant.sync()
    before = sorted(_chunk_ids(assistant))
    (settings.sources_dir / "broken.txt").write_bytes(b"\x00\xff\x00binary")
    report = assistant.sync()
    assert [e.path.name for e in report.errors] == ["broken.txt"]
    assert "binary" in report.errors[0].reason
    assert sorted(_chunk_ids(assistant)) == before


def test_a_file_that_turns_bad_keeps_its_last_good_version(assistant: Assistant, settings: Settings) -> None:
    assistant.sync()
    path = next(settings.sources_dir.glob("zh-*.md"))
    path.write_bytes(b"")
    report = assistant.sync()
    assert report.errors and report.removed == []
    assert "Zhu Min" in assistant.answer("What does Zhu Min say the US focuses on?").text


def test_add_and_remove(assistant: Assistant, tmp_path: Path, settings: Settings) -> None:
    assistant.sync()
    new = tmp_path / "outside" / "lunar.md"
    new.parent.mkdir()
    new.write_text("---\ntitle: Lunar base\noutlet: Space Daily\ndate: 2026-02-01\n---\n"
                   "The agency said its lunar base will open in 2031 near the south pole.\n")  # fmt: skip
    report = assistant.add_sources([new])
    assert report.added == ["lunar"] and (settings.sources_dir / "lunar.md").exists()
    answer = assistant.answer("When will the lunar base open?")
    assert "2031" in answer.text and answer.citations[0].source_id == "lunar"
    assert assistant.add_sources([new]).unchanged == ["lunar"]  # no duplicate on re-add

    bad = tmp_path / "outside" / "bad.pdf"
    bad.write_text("not a pdf")
    report = assistant.add_sources([bad])
    assert report.errors and not (settings.sources_dir / "bad.pdf").exists()

    assistant.remove_source("lunar")
    assert not (settings.sources_dir / "lunar.md").exists()
    assert "lunar" not in {r.source_id for r in assistant.list_sources()}
    with pytest.raises(SourceNotFound):
        assistant.remove_source("lunar")


def test_reopening_does_not_reembed(settings: Settings, new_assistant: NewAssistant) -> None:
    first = new_assistant(settings)
    first.sync()
    second = new_assistant(settings)  # a new process would do the same: reopen the persisted index
    assert len(second.sync().unchanged) == 2
    assert second.embedder.misses == 0
    assert not second.answer("What does Zhu Min say the US focuses on?").abstained


def test_answers_leave_the_embedding_cache_file_alone_and_the_memo_bounded(
    settings: Settings, new_assistant: NewAssistant
) -> None:
    import sqlite3

    def rows() -> int:
        with sqlite3.connect(settings.data_dir / "embedding-cache.sqlite") as db:
            return int(db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])

    question = "What does Zhu Min say the US focuses on?"
    a = new_assistant(settings)
    a.sync()
    indexed = rows()
    assert indexed == a.embedder.misses  # the chunks, each embedded once
    a.answer(question)
    asked = a.embedder.misses
    a.answer(question)
    assert a.embedder.misses == asked > indexed  # the second time, every vector was remembered
    assert rows() == indexed  # questions and sentences are not written to the file
    small = new_assistant(settings.model_copy(update={"embedding_memo_texts": 4}))
    small.answer(question)
    once = small.embedder.misses
    small.answer(question)
    assert small.embedder.misses - once >= once - 4  # a memo of 4 texts keeps at most 4 of them


def test_sync_embeds_what_answers_read_so_an_answer_embeds_its_question(
    settings: Settings, new_assistant: NewAssistant
) -> None:
    question = "What does Zhu Min say the US focuses on?"
    embedded = {}
    for at_index in (True, False):
        own = settings.model_copy(update={"embed_sentences_at_index": at_index,
                                          "data_dir": settings.data_dir / str(at_index)})  # fmt: skip
        a = new_assistant(own)
        a.sync()
        before = a.embedder.misses
        answer = a.answer(question)
        embedded[at_index] = a.embedder.misses - before
        assert not answer.abstained and answer.citations
    assert embedded[True] <= 2 and embedded[False] >= 10 * embedded[True]


def _cached_hashes(settings: Settings) -> set[str]:
    import sqlite3

    with sqlite3.connect(settings.data_dir / "embedding-cache.sqlite") as db:
        return {h for (h,) in db.execute("SELECT hash FROM embeddings")}


def _harbour_article(name: str, own: str) -> str:
    return (f"---\ntitle: Harbour news {name}\noutlet: Coast Post\ndate: 2031-04-0{len(name)}\n---\n"
            "The Lornhaven breakwater was rebuilt in granite after the winter storms.\n\n"
            f"{own}\n")  # fmt: skip


def test_editing_and_removing_documents_leaves_the_cache_a_fresh_index_would_have(
    settings: Settings, new_assistant: NewAssistant, tmp_path: Path
) -> None:
    a = new_assistant(settings)
    a.sync()
    seeds_only = _cached_hashes(settings)
    one, two = settings.sources_dir / "one.md", settings.sources_dir / "two.md"
    one.write_text(_harbour_article("one", "Harbour master Edda Quillfeather opened the new pier on Monday."))
    two.write_text(_harbour_article("two", "The ferry to Skarholm will call at the new pier twice a day."))
    a.sync()
    one.write_text(_harbour_article("one", "Harbour master Edda Quillfeather closed the old pier on Friday."))
    assert a.sync().updated == ["one"]

    fresh = settings.model_copy(update={"data_dir": tmp_path / "fresh"})
    new_assistant(fresh).sync()
    assert _cached_hashes(settings) == _cached_hashes(fresh)  # the first version's texts are gone
    before = a.embedder.misses
    answer = a.answer("When did Edda Quillfeather close the old pier?")
    assert "Friday" in answer.text and a.embedder.misses - before <= 2  # the kept vectors serve it

    one.unlink()
    assert a.sync().removed == ["one"]
    remaining = _cached_hashes(settings)
    assert len(seeds_only) < len(remaining) < len(_cached_hashes(fresh))  # "two" keeps the shared line
    a.remove_source("two")
    assert _cached_hashes(settings) == seeds_only


def test_an_index_built_before_owners_were_recorded_adopts_them_on_its_next_write(
    settings: Settings, new_assistant: NewAssistant, tmp_path: Path
) -> None:
    import sqlite3

    new_assistant(settings).sync()
    with sqlite3.connect(settings.data_dir / "embedding-cache.sqlite") as db:
        db.execute("DELETE FROM owners")  # as an older version left it
    a = new_assistant(settings)
    assert len(a.sync().unchanged) == 2
    with sqlite3.connect(settings.data_dir / "embedding-cache.sqlite") as db:
        owned = {h for (h,) in db.execute("SELECT hash FROM owners")}
    assert owned == _cached_hashes(settings)  # every cached text is held again, by the same documents
    path = next(settings.sources_dir.glob("zh-*.md"))
    path.write_text(path.read_text() + "\nA closing sentence about tidal power in Lornhaven.\n")
    assert a.sync().updated == ["zh-china-daily-us-china-ai-cooperation"]
    fresh = settings.model_copy(update={"data_dir": tmp_path / "fresh"})
    new_assistant(fresh).sync()
    assert _cached_hashes(settings) == _cached_hashes(fresh)


def test_vectors_cached_before_owners_were_recorded_are_kept_and_freed_space_is_returned(
    settings: Settings, new_assistant: NewAssistant
) -> None:
    import hashlib

    a = new_assistant(settings)
    a.sync()
    older = "A sentence an indexer that recorded no owners cached."
    a.embedder.embed_documents([older])
    cache = settings.data_dir / "embedding-cache.sqlite"
    size = cache.stat().st_size
    for source_id in list(a.store.sources()):
        a.remove_source(source_id)
    assert _cached_hashes(settings) == {hashlib.sha256(older.encode()).hexdigest()}
    assert cache.stat().st_size < size / 4  # more than half of the file was free: it was compacted


def test_chunks_store_only_the_keys_queries_need(seeded: Assistant) -> None:
    got = seeded.store.chunks.get(limit=5, include=["metadatas"])
    assert all(set(m) == {"source_id", "version", "outlet", "date_key", "start"} for m in got["metadatas"])
    record = next(iter(seeded.store.sources().values()))
    assert record.title and record.outlet and record.date and record.chunks > 0 and record.path


def test_an_index_of_an_older_format_is_rebuilt_not_decoded(
    settings: Settings, new_assistant: NewAssistant
) -> None:
    """An index written in another layout (here: format 1, one registry key per field, title and
    end on every chunk) is dropped when opened; the next sync rebuilds it without re-embedding."""
    import warnings

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    first = new_assistant(settings)
    first.sync()
    records = first.store.sources()
    del first
    client = chromadb.PersistentClient(path=str(settings.chroma_dir),
                                       settings=ChromaSettings(anonymized_telemetry=False))  # fmt: skip
    with warnings.catch_warnings():  # Chroma's client cannot rebuild our embedding function: it says so
        warnings.simplefilter("ignore", UserWarning)
        names = (settings.collection, settings.collection + "__sources")
        chunks, registry = (client.get_collection(name) for name in names)
        for collection in (chunks, registry):  # format 1 kept no format number
            old = ("index_format", "hnsw:space")  # (Chroma refuses a space given again)
            collection.modify(metadata={k: v for k, v in (collection.metadata or {}).items() if k not in old})
        chunks.add(ids=["stale:v0:0"], documents=["A chunk of the old layout."], embeddings=[[0.1] * 384],
                   metadatas=[{"source_id": "stale", "version": "v0", "title": "Old", "start": 0, "end": 26}])
        registry.add(ids=["stale"], embeddings=[[1.0]],  # the collection's dimension (format 1: 384)
                     metadatas=[{"version": "v0", "title": "Old"}])  # fmt: skip
    del client, chunks, registry
    reopened = new_assistant(settings)
    assert reopened.store.sources() == {} and reopened.store.chunk_count() == 0
    assert reopened.store.chunks.metadata["index_format"] == INDEX_FORMAT
    report = reopened.sync()
    assert sorted(report.added) == sorted(records) and reopened.embedder.misses == 0  # cached vectors
    answer = reopened.answer("What does Zhu Min say the US focuses on?")
    assert answer.citations and not answer.abstained
    for c in answer.citations:
        assert c.title == records[c.source_id].title and c.date == records[c.source_id].date
        assert source_text(reopened, c.source_id)[c.start : c.end] == c.quote


def test_leftover_rows_of_a_killed_write_are_replaced_not_updated(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    """Rows a killed write left for a document with no record (here chunked finer than now, so some
    of their ids are not among the new ones) are all gone once the document is written again.
    """
    from assistant import chunk_document, load_document

    sources = tmp_path / "sources"
    sources.mkdir()
    body = " ".join(f"Sentence {i} of the harbour report says the ferry runs late." for i in range(40))
    path = sources / "harbour-report.md"
    path.write_text(f"---\ntitle: Harbour report\noutlet: Coast Daily\ndate: 2024-03-01\n---\n\n{body}\n")
    a = new_assistant(Settings(data_dir=tmp_path / "data", sources_dir=sources))
    doc = load_document(path, 10**8)
    a.sync()
    record = a.store.sources()[doc.source_id]
    a.store.delete_source_record(doc.source_id)  # the state a write killed before its record leaves
    a.store.delete_chunks([doc.source_id])
    fine = chunk_document(doc, 200)
    assert len(fine) > record.chunks  # the killed writer's rows outnumber the new chunks
    a.store.add_chunks([(doc, record.version, fine)], a.embedder.embed_documents([c.text for c in fine]))

    a.sync()
    rows = list(a.store.chunks_of([doc.source_id]))
    assert len(rows) == a.store.sources()[doc.source_id].chunks == record.chunks
    assert all(text == doc.text[m["start"] : m["start"] + len(text)] for _, text, m in rows)


def test_an_answer_waits_for_another_process_holding_the_cache_file(seeded: Assistant) -> None:
    """A compaction after removals in another process locks the file for seconds (longer than
    SQLite's default 5 s wait): a question asked meanwhile waits for it instead of failing."""
    import sqlite3
    import threading
    import time

    other = sqlite3.connect(seeded.embedder.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(6.0, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    try:
        vector = seeded.embedder.embed(["A question nobody asked before about harbour tolls?"])[0]
    finally:
        release.join()
        other.close()
    assert len(vector) == seeded.embedder.dimension and time.monotonic() - started >= 5.5
