"""The library's front door: ``Assistant.answer()``, ``Assistant.stream()`` and source management.

Everything heavy (the embedding model, Chroma, the BM25 index) is built on first use, not at import.

Concurrency: writes (sync, add, remove) run one at a time and, once committed, build a new
:class:`IndexSnapshot` that is swapped in whole. A question takes the current snapshot at its
start and reads only it, so during an upload it sees the index before or after, never half.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from threading import RLock
from types import MappingProxyType
from typing import TYPE_CHECKING

from assistant.bm25_index import BM25Index
from assistant.condense import condense
from assistant.embedding import make_embedder
from assistant.embedding.cache import CachedEmbedder
from assistant.generation.base import Condenser, GenerationContext, Generator
from assistant.generation.question import analyse
from assistant.indexer import Indexer, Progress, SyncReport
from assistant.inputs import Request, check_request
from assistant.memory import release_freed_memory
from assistant.retrieval import (
    Filters,
    HybridRetriever,
    IndexSnapshot,
    as_of_filters,
    recent_filters,
)
from assistant.settings import Settings
from assistant.source_mentions import sources_named_in, without_outlets
from assistant.speakers import SpeakerIndex
from assistant.store import ChromaStore, SourceRecord
from assistant.text.terms import TERMS_VERSION, content_terms
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.interop import AssistantRetriever, AssistantRunnable

History = Sequence[dict[str, str]] | Sequence[tuple[str, str]]


class Assistant:
    """Cited answers over the indexed news articles."""

    def __init__(self, settings: Settings | None = None, generator: Generator | None = None) -> None:
        self.settings = settings or Settings()
        self._generator = generator
        self._lock = RLock()  # building the lazy components
        self._write_lock = RLock()  # one write, or one snapshot build, at a time
        self._embedder: CachedEmbedder | None = None
        self._store: ChromaStore | None = None
        self._snapshot: IndexSnapshot | None = None
        self._speakers: SpeakerIndex | None = None
        self._stale = True  # the registry changed since the snapshot was built

    # --- components, built lazily -----------------------------------------------------------

    @property
    def embedder(self) -> CachedEmbedder:
        with self._lock:
            if self._embedder is None:
                inner = make_embedder(self.settings)
                path = self.settings.data_dir / "embedding-cache.sqlite"
                self._embedder = CachedEmbedder(inner, path, self.settings.embedding_memo_texts)
            return self._embedder

    @property
    def store(self) -> ChromaStore:
        with self._lock:
            if self._store is None:
                self._store = ChromaStore(self.settings, self.embedder)
            return self._store

    @property
    def speakers(self) -> SpeakerIndex:
        """Who speaks in each indexed sentence (see :mod:`assistant.speakers`)."""
        with self._lock:
            if self._speakers is None:
                self._speakers = SpeakerIndex(self.store)
            return self._speakers

    @property
    def indexer(self) -> Indexer:
        return Indexer(self.settings, self.store, self.embedder, on_change=self._invalidate)

    @property
    def generator(self) -> Generator:
        with self._lock:
            if self._generator is None:
                from assistant.generation.factory import make_generator

                self._generator = make_generator(self.settings)
            return self._generator

    def _invalidate(self) -> None:
        """The registry changed: the next :meth:`snapshot` is built anew (applying the delta)."""
        self._stale = True

    @property
    def _bm25_path(self) -> Path:
        mode = "server-" if self.settings.server_mode else ""
        return self.settings.data_dir / f"bm25-{mode}{self.settings.collection}-t{TERMS_VERSION}.pkl"

    def snapshot(self) -> IndexSnapshot:
        """The current consistent view of the index (built on first use and after a change).

        A question never waits for a write in progress: until the writer has built the next
        snapshot, the last one is the answer (only the very first build is waited for).
        """
        current = self._snapshot
        if current is not None and not self._stale:
            return current
        if current is not None and not self._write_lock.acquire(blocking=False):
            return current  # a write holds the lock and builds the next snapshot itself
        if current is None:
            self._write_lock.acquire()
        try:
            if self._snapshot is None or self._stale:
                self._snapshot = self._build_snapshot()
            return self._snapshot
        finally:
            self._write_lock.release()

    def _build_snapshot(self) -> IndexSnapshot:
        """Read the registry, bring the BM25 index to its versions (a new object), save it."""
        self._stale = False  # before reading: a refresh() meanwhile is not lost
        try:
            records = self.store.sources()
            versions = {k: r.version for k, r in records.items()}
            base = self._snapshot.bm25 if self._snapshot else BM25Index.load(self._bm25_path)
            base = base or BM25Index()
            bm25 = base.updated(self.store, versions)  # only the changed sources are read
            if bm25 is not base:
                bm25.save(self._bm25_path)
        except BaseException:
            self._stale = True  # try again on the next question
            raise
        return IndexSnapshot(bm25, MappingProxyType(records))

    def _index(self) -> tuple[BM25Index, dict[str, str]]:
        """The current snapshot's BM25 index and versions (for tests and benchmarks)."""
        snapshot = self.snapshot()
        return snapshot.bm25, snapshot.versions

    def _records(self) -> dict[str, SourceRecord]:
        return dict(self.snapshot().records)

    def refresh(self) -> None:
        """Re-read the registry (another process may have changed the index)."""
        self._invalidate()

    # --- sources ------------------------------------------------------------------------------

    def sync(self, progress: bool = False, on_progress: Progress | None = None) -> SyncReport:
        """Index new or changed files of the sources folder; ``on_progress(done, total, file)``
        is called as chunks are embedded.
        """
        with self._write_lock:
            report = self.indexer.sync(progress=progress, on_progress=on_progress)
            self.snapshot()
        self._after_write()
        return report

    def add_sources(self, paths: Iterable[Path], progress: bool = False,
                    on_progress: Progress | None = None) -> SyncReport:  # fmt: skip
        with self._write_lock:
            report = self.indexer.add_files(paths, progress=progress, on_progress=on_progress)
            self.snapshot()
        self._after_write()
        return report

    def remove_source(self, source_id: str) -> SourceRecord:
        with self._write_lock:
            record = self.indexer.remove(source_id)
            self.snapshot()
        self._after_write()
        return record

    def _after_write(self) -> None:
        if self.settings.trim_memory_after_writes:
            release_freed_memory()  # see assistant.memory: freed native heap stays mapped otherwise

    def list_sources(self) -> list[SourceRecord]:
        return sorted(self.store.sources().values(), key=lambda r: (r.date, r.title), reverse=True)

    # --- answers ------------------------------------------------------------------------------

    def answer(self, question: str, history: History = (), filters: Filters | None = None,
               k: int | None = None, as_of: str = "") -> Answer:  # fmt: skip
        """Answer ``question`` with citations (consumes :meth:`stream`)."""
        final: Answer | None = None
        for item in self.stream(question, history, filters, k, as_of):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def as_retriever(self, k: int | None = None, filters: Filters | None = None,
                     as_of: str = "") -> AssistantRetriever:  # fmt: skip
        """A LangChain ``BaseRetriever`` over the hybrid retrieval (see :mod:`assistant.interop`)."""
        from assistant.interop import AssistantRetriever

        return AssistantRetriever(assistant=self, k=k, filters=filters, as_of=as_of)

    def as_runnable(self, k: int | None = None, filters: Filters | None = None,
                    as_of: str = "") -> AssistantRunnable:  # fmt: skip
        """A LangChain ``Runnable``: ``{"question", "history"}`` -> the answer dict."""
        from assistant.interop import AssistantRunnable

        return AssistantRunnable(self, k=k, filters=filters, as_of=as_of)

    def _condense(self, question: str, turns: list[dict[str, str]]) -> str:
        """The standalone question for retrieval (never shown): the backend's own condenser if it
        has one (the LLM backend does), else the rule-based one.
        """
        generator = self.generator
        if isinstance(generator, Condenser):
            return generator.condense(question, turns)
        return condense(question, turns)

    def stream(self, question: str, history: History = (), filters: Filters | None = None,
               k: int | None = None, as_of: str = "") -> Iterator[str | Answer]:  # fmt: skip
        """Yield text deltas as the answer is produced, then the final :class:`Answer`.

        ``as_of`` (ISO date): answer as on that day: later articles are not used, and the
        generator may prefer recent ones. Bad or oversized inputs raise :class:`InputError` here,
        before the first item (see :mod:`assistant.inputs`).
        """
        request = check_request(self.settings, question, history, filters, k, as_of)
        return self._stream(request, time.perf_counter())

    def _stream(self, request: Request, started: float) -> Iterator[str | Answer]:
        question, turns, k, as_of = request.question, request.history, request.k, request.as_of
        filters: Filters | None = request.filters if request.filters.active else None
        standalone = self._condense(question, turns)
        condensed = time.perf_counter()
        follow_up = standalone != question
        snapshot = self.snapshot()  # this question reads only this state of the index
        bm25, records = snapshot.bm25, snapshot.records
        named = sources_named_in(standalone, records)
        if named and (filters is None or not filters.active):
            # "according to the China Daily report": look in that source, for the content asked.
            filters = Filters(sources=tuple(named))
            stripped = without_outlets(standalone, records)
            if len(content_terms(stripped)) >= 3:  # unless the outlet is what is asked about
                standalone = stripped
        if as_of:
            filters = as_of_filters(filters, as_of)
        retriever = HybridRetriever(self.store, bm25, records, self.embedder.embed_query,
                                    self.settings.candidates, self.settings.rrf_k)  # fmt: skip
        t0 = time.perf_counter()
        spread = analyse(standalone).across_sources
        recent = recent_filters(filters, as_of, self.settings.recent_days) if as_of else None
        retrieved = retriever.retrieve(standalone, k or self.settings.top_k, filters, spread=spread,
                                       recent=recent, recent_weight=self.settings.recent_weight)  # fmt: skip
        t1 = time.perf_counter()
        if not retrieved.passages:
            answer = self._nothing_to_search(question, standalone, records, started)
            yield answer.text
            yield answer
            return
        context = GenerationContext(
            question=question, standalone=standalone, history=turns, follow_up=follow_up,
            query_vector=retrieved.query_vector, idf=bm25.idf,
            document_frequency=bm25.document_frequency, embed=self.embedder.embed, as_of=as_of,
        )  # fmt: skip
        for item in self.generator.stream(retrieved.passages, context):
            if isinstance(item, Answer):
                self.speakers.attach(item, records)
                t2 = time.perf_counter()
                item.timings_ms.update({
                    "condense": (condensed - started) * 1000,
                    "retrieve": (t1 - t0) * 1000, "generate": (t2 - t1) * 1000,
                    "total": (t2 - started) * 1000,
                })  # fmt: skip
            yield item

    def _nothing_to_search(self, question: str, standalone: str, records: Mapping[str, SourceRecord],
                           started: float) -> Answer:  # fmt: skip
        """An abstention that says why no passage was found: an empty index, or filters that
        exclude every article. The generator is not asked (there is nothing to cite).
        """
        if not records:
            text = "No articles are indexed yet, so there is nothing to answer from."
            note = (f"Put .txt/.md/.html/.pdf/.docx files in {self.settings.sources_dir} and run "
                    "'assistant sources sync', or upload them in the Sources tab.")  # fmt: skip
        else:
            text = "No indexed article matches the filters, so there is nothing to answer from."
            note = "Widen or clear the source, outlet and date filters."
        answer = Answer(question=question, text=text, citations=[], abstained=True, passages=[],
                              backend=self.generator.name, standalone_question=standalone,
                              notes=[note])  # fmt: skip
        answer.timings_ms["total"] = (time.perf_counter() - started) * 1000
        return answer
