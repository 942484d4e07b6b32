from assistant.assistant import Assistant
from assistant.retrieval import Filters

ZH = "zh-china-daily-us-china-ai-cooperation"
SPIKE = "spike-news-us-china-ai-convergence-or-competition"


def _retrieve(a: Assistant, q: str, filters: Filters | None = None, k: int = 5):  # type: ignore[no-untyped-def]
    from assistant.retrieval import HybridRetriever

    bm25, _ = a._index()
    r = HybridRetriever(a.store, bm25, a._records(), a.embedder.embed_query)
    return r.retrieve(q, k, filters).passages


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
