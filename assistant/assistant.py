"""The library's front door: ``Assistant.answer()``, ``Assistant.stream()`` and source management.

The answer path itself, stage by stage, is :mod:`assistant.pipeline`.

Everything heavy (the embedding model, Chroma, the BM25 index) is built on first use, not at import.

Concurrency: writes (sync, add, remove) run one at a time and, once committed, build a new
:class:`IndexSnapshot` that is swapped in whole. A question takes the current snapshot at its
start and reads only it, so during an upload it sees the index before or after, never half.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from threading import RLock
from types import MappingProxyType
from typing import TYPE_CHECKING

from assistant.bm25_index import BM25Index
from assistant.chunking import chunk_document
from assistant.embedding import Embedder, make_embedder
from assistant.embedding.cache import CachedEmbedder
from assistant.errors import AssistantError
from assistant.generation.base import Generator
from assistant.indexer import Chunker, Indexer, Progress, SyncReport
from assistant.inputs import Request, check_request
from assistant.memory import release_freed_memory
from assistant.pipeline import Clock, Pipeline
from assistant.retrieval import Filters, IndexSnapshot
from assistant.settings import Settings
from assistant.speakers import SpeakerIndex
from assistant.store import ChromaStore, SourceRecord
from assistant.stream import AnswerStream, StreamItem
from assistant.text.terms import TERMS_VERSION
from assistant.types import Answer
from assistant.write_lock import write_lock

if TYPE_CHECKING:
    from assistant.interop import AssistantRetriever, AssistantRunnable

History = Sequence[dict[str, str]] | Sequence[tuple[str, str]]
_log = logging.getLogger(__name__)


class Assistant:
    """Cited answers over the indexed news articles.

    ``generator`` and ``embedder`` default to the ones the settings ask for, built on first use;
    pass an embedder to share one loaded model between assistants (the tests load it once). Each
    assistant still keeps its own embedding cache in its data directory. ``chunker`` is how a
    document is cut into the chunks indexed (:func:`assistant.chunk_document` unless given).
    """

    def __init__(self, settings: Settings | None = None, generator: Generator | None = None,
                 embedder: Embedder | None = None, chunker: Chunker = chunk_document) -> None:  # fmt: skip
        self.settings = settings or Settings()
        self._generator = generator
        self._inner_embedder = embedder
        self._chunker = chunker
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
                inner = self._inner_embedder or make_embedder(self.settings)
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
        from assistant.generation.features import indexed_texts

        answer_texts = indexed_texts if self.settings.embed_sentences_at_index else None
        return Indexer(self.settings, self.store, self.embedder, on_change=self._invalidate,
                       chunker=self._chunker, answer_texts=answer_texts)  # fmt: skip

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
        return self.settings.data_dir / f"bm25-{self.settings.index_name}-t{TERMS_VERSION}.pkl"

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

    def refresh(self) -> None:
        """Re-read the registry (another process may have changed the index)."""
        self._invalidate()

    # --- sources ------------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write locks (this assistant's and the data dir's) for a write of several steps,
        e.g. choosing an upload's free name and adding it: no other writer comes in between.
        """
        with self._write_lock, write_lock(self.settings.data_dir, self.settings.write_lock_wait_s):
            yield

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

    def warm_speakers(self) -> None:
        """Attribute every indexed article now (``serve`` does it on a thread as it starts), so the
        Speakers view's first listing reads the cache instead of attributing the whole archive then
        (~15 ms an article on 2 cores; 27 s for 1,748). A failure is logged; the view then
        attributes when asked, as without this.
        """
        try:
            self.speakers.prepare(self.snapshot().records)
        except AssistantError as exc:
            _log.warning("speakers not attributed ahead: %s", exc)

    def list_sources(self) -> list[SourceRecord]:
        return sorted(self.store.sources().values(), key=lambda r: (r.date, r.title), reverse=True)

    # --- answers ------------------------------------------------------------------------------

    def stream(self, question: str, history: History = (), filters: Filters | None = None,
               k: int | None = None, as_of: str = "") -> AnswerStream:  # fmt: skip
        """The answer as it is produced: iterate for text deltas, then ``.answer()`` (see
        :class:`AnswerStream`; the stages are in :mod:`assistant.pipeline`).

        ``as_of`` (ISO date): answer as on that day: later articles are not used, and the
        generator may prefer recent ones. Bad or oversized inputs raise :class:`InputError` here,
        before the stream starts (see :mod:`assistant.inputs`).
        """
        request = check_request(self.settings, question, history, filters, k, as_of)
        return AnswerStream(self._run(request, Clock()))

    def _run(self, request: Request, clock: Clock) -> Iterator[StreamItem]:
        # The components are built once the stream is read, so their errors come from iterating it.
        yield from self.pipeline().run(request, clock)

    def pipeline(self) -> Pipeline:
        """The answer path over this assistant's components."""
        return Pipeline(self.settings, self.generator, self.store, self.embedder, self.speakers,
                        self.snapshot)  # fmt: skip

    def answer(self, question: str, history: History = (), filters: Filters | None = None,
               k: int | None = None, as_of: str = "") -> Answer:  # fmt: skip
        """Answer ``question`` with citations (the end of :meth:`stream`)."""
        return self.stream(question, history, filters, k, as_of).answer()

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
