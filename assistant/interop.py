"""LangChain interop: the assistant as a ``BaseRetriever`` and as a ``Runnable``, for LCEL chains.

``Assistant.as_retriever()`` gives the hybrid (dense + BM25) passages as ``Document``s whose metadata
is what a citation needs; ``Assistant.as_runnable()`` takes ``{"question", "history"}`` and gives the
answer dict (:meth:`Answer.to_dict`). Both check their input as the library does (:mod:`inputs`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.utils import AddableDict
from pydantic import ConfigDict

from assistant.errors import InputError
from assistant.inputs import check_request
from assistant.retrieval import Filters
from assistant.types import Passage

if TYPE_CHECKING:
    from assistant.assistant import Assistant

AnswerDict = dict[str, Any]


def passage_document(passage: Passage) -> Document:
    """A passage as a LangChain ``Document``: its text, and the metadata its citation needs."""
    return Document(
        id=passage.chunk_id,
        page_content=passage.text,
        metadata={
            "source_id": passage.source_id, "title": passage.title, "outlet": passage.outlet,
            "date": passage.date, "start": passage.start, "end": passage.end,
            "chunk_id": passage.chunk_id, "score": passage.score, "rank": passage.rank,
        },
    )  # fmt: skip


def retrieve(assistant: Assistant, question: str, k: int | None = None, filters: Filters | None = None,
             as_of: str = "") -> list[Passage]:  # fmt: skip
    """The answer path's own analyse and retrieve stages (:mod:`assistant.pipeline`), for ``question``
    as it is (no condensing): an outlet it names narrows the search, as it does for an answer.
    """
    request = check_request(assistant.settings, question, None, filters, k, as_of)
    pipeline = assistant.pipeline()
    snapshot = assistant.snapshot()
    analysis = pipeline.analyse(request, request.question, snapshot.records)
    return pipeline.retrieve(request, analysis, snapshot).passages


class AssistantRetriever(BaseRetriever):
    """The assistant's hybrid retrieval as a LangChain retriever (``k``, ``filters``, ``as_of`` fixed)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any
    k: int | None = None
    filters: Filters | None = None
    as_of: str = ""

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                ) -> list[Document]:  # fmt: skip
        passages = retrieve(self.assistant, query, self.k, self.filters, self.as_of)
        return [passage_document(p) for p in passages]


class AssistantRunnable(Runnable[Mapping[str, Any], AnswerDict]):
    """``{"question": str, "history": [...]}`` -> the answer dict, with ``invoke``, ``stream``, ``batch``.

    ``stream`` yields ``{"answer": delta}`` chunks as the text is produced, then one chunk with the
    other fields: added up (LangChain's chunk addition), the chunks are what ``invoke`` returns.
    """

    def __init__(self, assistant: Assistant, k: int | None = None, filters: Filters | None = None,
                 as_of: str = "") -> None:  # fmt: skip
        self._assistant = assistant
        self._k, self._filters, self._as_of = k, filters, as_of

    def _arguments(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping) or not isinstance(value.get("question"), str):
            raise InputError(f'The runnable takes {{"question": str, "history": [...]}}, not {value!r:.80}')
        return {"question": value["question"], "history": value.get("history") or (), "k": self._k,
                "filters": self._filters, "as_of": self._as_of}  # fmt: skip

    def _answer(self, value: Mapping[str, Any]) -> AnswerDict:
        return self._assistant.answer(**self._arguments(value)).to_dict()

    def invoke(self, input: Mapping[str, Any], config: RunnableConfig | None = None,
               **kwargs: Any) -> AnswerDict:  # fmt: skip
        return self._call_with_config(self._answer, input, config)

    def _chunks(self, inputs: Iterator[Mapping[str, Any]]) -> Iterator[AnswerDict]:
        value: Any = None
        for part in inputs:  # an upstream step may stream its dict in pieces
            value = part if value is None else value + part
        stream = self._assistant.stream(**self._arguments(value))
        for delta in stream:  # the deltas join to the answer text, so the chunks add up to it
            yield AddableDict(answer=delta)
        yield AddableDict({k: v for k, v in stream.answer().to_dict().items() if k != "answer"})

    def transform(self, input: Iterator[Mapping[str, Any]], config: RunnableConfig | None = None,
                  **kwargs: Any) -> Iterator[AnswerDict]:  # fmt: skip
        yield from self._transform_stream_with_config(input, self._chunks, config)

    def stream(self, input: Mapping[str, Any], config: RunnableConfig | None = None,
               **kwargs: Any) -> Iterator[AnswerDict]:  # fmt: skip
        yield from self.transform(iter([input]), config, **kwargs)
