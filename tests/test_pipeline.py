"""The answer path as a pipeline: one stream object whose deltas join exactly to the answer, its
verification events (from which the notes are rendered), and a timing for every stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import STAGES, Answer, AnswerStream, Assistant, SentenceEvent, Settings
from assistant.generation import LLMGenerator
from tests.scripted_server import scripted_server, sse

SUPPORTED = "Zhu said China places greater weight on the benefits AI brings to manufacturing [1]."
INVENTED = "Zhu said China's AI spending was 12 percent of its budget in 2019 [1]."
QUESTIONS = [
    "What is the Digital Silk Road?",  # an answer of several cited sentences
    "Why is the US lead over China 12 percent, as of March 2026?",  # a premise correction: two lines
    "What did the articles say about the price of bananas in Peru?",  # an abstention
]


def test_extractive_deltas_join_exactly_to_the_answer(seeded: Assistant) -> None:
    kinds = set()
    for question in QUESTIONS:
        stream = seeded.stream(question)
        deltas = list(stream)
        answer = stream.answer()
        assert deltas and "".join(deltas) == answer.text == stream.text()
        assert list(stream) == deltas  # a consumed stream replays, it does not run again
        kinds.add((answer.premise_corrected, answer.abstained))
        verified = [e for e in stream.events if e.kind == "verified"]
        assert [e.sentence for e in verified] == [c.quote for c in answer.citations]
        assert all("verbatim" in e.reason for e in verified)
    assert kinds == {(False, False), (True, False), (False, True)}  # each shape of answer was seen


def test_llm_deltas_join_exactly_and_notes_come_from_events(seeded: Assistant) -> None:
    question = "What does Zhu Min say China focuses on in AI?"
    with scripted_server(sse(f"{SUPPORTED} {INVENTED}")) as server:
        settings = seeded.settings.model_copy(update={"backend": "openai", "llm_base_url": server.url})
        stream = Assistant(settings, LLMGenerator(settings), seeded.embedder.inner).stream(question)
        deltas = list(stream)
    answer = stream.answer()
    assert answer.backend.startswith("openai") and not answer.abstained
    assert "".join(deltas) == answer.text and "12 percent" not in answer.text
    kinds = [e.kind for e in stream.events]
    assert kinds == ["verified", "removed"]
    removed = stream.events[1]
    assert "12 percent" in removed.sentence and removed.reason
    assert removed.note() in answer.notes  # the prose note is rendered from the event


def test_the_pipeline_times_every_stage(seeded: Assistant, tmp_path: Path) -> None:
    answer = seeded.answer("What is the Digital Silk Road?")
    assert set(answer.timings_ms) == {*STAGES, "total"}
    assert all(v >= 0 for v in answer.timings_ms.values())
    assert sum(answer.timings_ms[s] for s in STAGES) <= answer.timings_ms["total"]
    empty_settings = Settings(data_dir=tmp_path / "data", sources_dir=tmp_path / "sources")
    empty = Assistant(empty_settings, embedder=seeded.embedder.inner).answer("Who?")
    assert set(empty.timings_ms) == {"condense", "analyse", "retrieve", "total"}  # nothing to decide on


def test_the_stream_completes_short_deltas_and_refuses_text_that_is_not_the_answer() -> None:
    def answer(text: str) -> Answer:
        return Answer("q?", text, [], False, [], "test")

    event = SentenceEvent("removed", "An invented sentence.", "figures not in the passage")
    short = AnswerStream(iter(["A [1]", event, answer("A [1] B [2]")]))
    assert list(short) == ["A [1]", " B [2]"] and short.events == [event]
    assert event.note() == ("Removed an unsupported sentence: “An invented sentence.” "
                            "(figures not in the passage).")  # fmt: skip
    with pytest.raises(RuntimeError, match="test backend streamed text that is not its answer"):
        list(AnswerStream(iter(["A [1]\n", answer("A [1]")])))
    with pytest.raises(RuntimeError, match="without a final answer"):
        AnswerStream(iter(["A"])).answer()


def test_a_context_without_the_corpus_statistics_is_an_error() -> None:
    """Forgetting them would switch the "the articles never mention X" abstention off unseen."""
    from assistant.generation import GenerationContext

    with pytest.raises(TypeError, match="document_frequency"):
        GenerationContext("Who?", "Who?", embed=lambda texts: [], idf=lambda term: 1.0)  # type: ignore[call-arg]
