"""LangChain interop over a real index: the retriever, the runnable, and both in an LCEL chain."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnableParallel, RunnablePassthrough

from assistant import Assistant, Filters, InputError
from tests.conftest import source_text

ZH = "zh-china-daily-us-china-ai-cooperation"
SPIKE = "spike-news-us-china-ai-convergence-or-competition"  # the one about the Chain Expo
EXPO = "Where did the Chain Expo open?"


def _without_timings(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "timings_ms"}


def test_retriever_documents_carry_what_a_citation_needs(seeded: Assistant) -> None:
    retriever = seeded.as_retriever(k=4)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke(EXPO)
    assert 1 <= len(docs) <= 4 and "Beijing" in docs[0].page_content
    records = seeded.store.sources()
    for rank, doc in enumerate(docs, 1):
        meta = doc.metadata
        assert set(meta) >= {"source_id", "title", "outlet", "date", "start", "end", "chunk_id"}
        assert doc.id == meta["chunk_id"] and meta["rank"] == rank
        assert source_text(seeded, meta["source_id"])[meta["start"] : meta["end"]] == doc.page_content
        assert meta["title"] == records[meta["source_id"]].title
    only = seeded.as_retriever(filters=Filters(sources=(ZH,))).invoke(EXPO)
    assert only and {d.metadata["source_id"] for d in only} == {ZH}
    assert seeded.as_retriever(filters=Filters(outlets=("No Such Outlet",))).invoke(EXPO) == []


def test_runnable_invoke_stream_and_batch_agree(seeded: Assistant) -> None:
    runnable = seeded.as_runnable()
    assert isinstance(runnable, Runnable)
    answer = runnable.invoke({"question": EXPO, "history": []})
    assert _without_timings(answer) == _without_timings(seeded.answer(EXPO).to_dict())
    assert "Beijing" in answer["answer"] and answer["citations"]
    chunks = list(runnable.stream({"question": EXPO}))
    assert len(chunks) >= 2 and set(chunks[0]) == {"answer"}
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert _without_timings(dict(total)) == _without_timings(answer)  # the chunks add up to the answer
    follow_up = [{"role": "user", "content": "Who is Zhu Min?"},
                 {"role": "assistant", "content": "An economist. [1]"}]  # fmt: skip
    both = runnable.batch([{"question": EXPO}, {"question": "What did he say about AI risks?",
                                                  "history": follow_up}])  # fmt: skip
    assert "Beijing" in both[0]["answer"] and both[1]["standalone_question"] != both[1]["question"]
    with pytest.raises(InputError, match="question"):
        runnable.invoke({"query": EXPO})


def test_an_lcel_chain_composes_retriever_and_runnable(seeded: Assistant) -> None:
    def sources_line(docs: list[Document]) -> str:
        return ", ".join(sorted({d.metadata["source_id"] for d in docs}))

    def cited(inputs: dict[str, Any]) -> str:
        answer = inputs["answer"]
        used = sorted({c["source_id"] for c in answer["citations"]})
        return f"{answer['answer']}\nCited: {', '.join(used)}\nRetrieved: {inputs['retrieved']}"

    chain = (
        RunnableParallel(
            answer={"question": RunnablePassthrough(), "history": RunnableLambda(lambda _: [])}
            | seeded.as_runnable(),
            retrieved=seeded.as_retriever(k=3) | RunnableLambda(sources_line),
        )
        | RunnableLambda(cited)
    )
    out = chain.invoke(EXPO)
    assert "Beijing" in out and "[1]" in out and f"Cited: {SPIKE}\n" in out
    assert out.split("Retrieved: ")[1] == SPIKE
    streamed = list(({"question": RunnablePassthrough()} | seeded.as_runnable()).stream(EXPO))
    assert set(streamed[0]) == {"answer"} and "Beijing" in "".join(c.get("answer", "") for c in streamed)
    assert streamed[-1]["citations"]  # the text streams through the chain, the fields come last


def test_the_retriever_runs_the_answer_paths_retrieve_stage(seeded: Assistant) -> None:
    question = "What does Spike News report about the Chain Expo opening in Beijing?"  # names an outlet
    docs = seeded.as_retriever().invoke(question)
    assert [d.id for d in docs] == [p.chunk_id for p in seeded.answer(question).passages]
    assert {d.metadata["source_id"] for d in docs} == {SPIKE}  # the named outlet narrowed the search
