import pytest

from assistant import (
    Assistant,
    Filters,
    HybridRetriever,
    StoreError,
    recent_filters,
)

ZH = "zh-china-daily-us-china-ai-cooperation"
SPIKE = "spike-news-us-china-ai-convergence-or-competition"


def _retriever(a: Assistant, **options: int) -> HybridRetriever:
    bm25 = a.snapshot().bm25
    return HybridRetriever(a.store, bm25, dict(a.snapshot().records), a.embedder.embed_query, **options)


def _retrieve(a: Assistant, q: str, filters: Filters | None = None, k: int = 5,  # type: ignore[no-untyped-def]
              **options: int):  # fmt: skip
    return _retriever(a, **options).retrieve(q, k, filters).passages


def test_hybrid_finds_keyword_and_semantic_matches(seeded: Assistant) -> None:
    top = _retrieve(seeded, "Stanford Institute for Human-Centered Artificial Intelligence rankings")[0]
    assert "Stanford" in top.text and top.bm25_score and top.dense_score
    top3 = _retrieve(seeded, "which country wants machines smarter than the human mind", k=3)
    assert any("surpasses the human brain" in p.text for p in top3)


def test_passages_carry_citation_metadata(seeded: Assistant) -> None:
    for p in _retrieve(seeded, "Digital Silk Road"):
        assert p.title and p.outlet and p.date and p.end > p.start
        assert p.rank >= 1 and p.score > 0


def test_filters(seeded: Assistant) -> None:
    assert {p.source_id for p in _retrieve(seeded, "AI policy", Filters(sources=(ZH,)))} == {ZH}
    assert {p.outlet for p in _retrieve(seeded, "AI policy", Filters(outlets=("Spike News",)))} == {
        "Spike News"
    }
    may = _retrieve(seeded, "AI policy", Filters(date_from="2026-05-01", date_to="2026-05-31"))
    assert {p.source_id for p in may} == {ZH}
    assert {p.source_id for p in _retrieve(seeded, "AI policy", Filters(date_from="2026-06"))} == {SPIKE}
    assert _retrieve(seeded, "AI policy", Filters(date_to="2025")) == []


FILTERS = [
    Filters(sources=(ZH,)),
    Filters(outlets=("Spike News",)),
    Filters(date_from="2026-05-01", date_to="2026-05-31"),
    Filters(sources=(ZH, SPIKE), date_from="2026"),
]


def test_filtered_dense_search_by_ids_matches_chromas_metadata_filter(seeded: Assistant) -> None:
    """A filtered query names the allowed chunks by id; it must rank exactly as Chroma's `where` does."""
    for question in ("AI policy", "chip export controls", "open-source models"):
        for filters in FILTERS:
            by_ids = [(p.chunk_id, p.dense_score) for p in _retrieve(seeded, question, filters, k=8)]
            where = _retrieve(seeded, question, filters, k=8, max_ids=0)  # every filter takes `where`
            by_where = [(p.chunk_id, p.dense_score) for p in where]
            assert by_ids and [c for c, _ in by_ids] == [c for c, _ in by_where]
            assert [s for _, s in by_ids] == pytest.approx([s for _, s in by_where], abs=1e-6, nan_ok=True)


def test_filtered_query_falls_back_when_a_chunk_was_removed_by_another_process(assistant: Assistant) -> None:
    """An index built before another process deleted a chunk still answers filtered queries."""
    assistant.sync()
    retriever = _retriever(assistant)
    bm25 = assistant.snapshot().bm25
    gone = next(i for i, m in zip(bm25.ids, bm25.metas) if m["source_id"] == ZH)
    assistant.store.chunks.delete(ids=[gone])  # Chroma no longer knows an id this index still lists
    with pytest.raises(StoreError):
        assistant.store.query(assistant.embedder.embed_query("AI"), 5, None, ids=[gone])
    passages = retriever.retrieve("AI policy", 5, Filters(sources=(ZH,))).passages
    assert passages and {p.source_id for p in passages} == {ZH}


def test_the_recent_window_ends_at_as_of_and_keeps_an_earlier_date_to() -> None:
    recent = recent_filters(None, "2024-06-10", 7)
    assert (recent.date_from, recent.date_to) == ("2024-06-03", "2024-06-10")
    narrower = recent_filters(Filters(outlets=("X",), date_to="2024-06-05"), "2024-06-10", 7)
    assert (narrower.date_from, narrower.date_to, narrower.outlets) == ("2024-06-03", "2024-06-05", ("X",))
    later_start = recent_filters(Filters(date_from="2024-06-08"), "2024-06-10", 7)
    assert later_start.date_from == "2024-06-08"
