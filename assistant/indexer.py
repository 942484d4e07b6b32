"""Keeps the index in step with the ``sources/`` folder: only new or changed documents are
(re)indexed, deleted ones are removed, nothing is duplicated, and a replace is atomic.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from assistant.chunking import chunk_document, document_version
from assistant.embedding.cache import CachedEmbedder
from assistant.errors import AssistantError, ConfigError, SourceError, SourceNotFound
from assistant.loaders import Limits, Refusal, load_document, name_refusal, source_refusal
from assistant.loaders.rules import scan_sources
from assistant.settings import Settings
from assistant.store import ChromaStore, SourceRecord, chunk_end, chunk_position
from assistant.types import Chunk, Document
from assistant.write_lock import write_lock

# ``on_progress(done_chunks, total_chunks, current_file)``: called as chunks are embedded.
Progress = Callable[[int, int, str], None]
# ``chunker(document, max_chars)``: the chunks a document is indexed as (:func:`chunk_document`).
Chunker = Callable[[Document, int], list[Chunk]]
# Chunks embedded per embedding call, i.e. per progress step: one batch of the embedder (32), so a
# bar moves every 2-3 s at the ~10-15 chunks/s of 2 cores, and every batch is full.
PROGRESS_STEP_CHUNKS = 32
# Hidden name of a copy an add has staged in the sources folder (a sync skips hidden files).
_STAGE_PREFIX = ".adding-"


@dataclass
class SyncReport:
    """What a sync or add did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    chunks_indexed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added", f"{len(self.updated)} updated",
            f"{len(self.removed)} removed", f"{len(self.unchanged)} unchanged",
        ]  # fmt: skip
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        return ", ".join(parts) + f" ({self.chunks_indexed} chunks embedded and stored)"


class Indexer:
    """Loads, chunks, embeds and stores documents."""

    def __init__(self, settings: Settings, store: ChromaStore, embedder: CachedEmbedder,
                 on_change: Callable[[], None] = lambda: None,
                 chunker: Chunker = chunk_document,
                 answer_texts: Callable[[Document, Chunk], list[str]] | None = None) -> None:  # fmt: skip
        self._settings = settings
        self._answer_texts = answer_texts
        self._store = store
        self._embedder = embedder
        self._on_change = on_change
        self._chunker = chunker

    @property
    def _limits(self) -> Limits:
        return Limits.from_settings(self._settings)

    @property
    def _root(self) -> Path:
        """The sources folder as an absolute path (links in it are not resolved)."""
        return Path(os.path.abspath(self._settings.sources_dir))

    def source_files(self) -> list[Path]:
        """The files in the sources folder that are sources (see :mod:`assistant.loaders.rules`)."""
        return scan_sources(self._root)[0]

    def _scan(self) -> tuple[list[Path], list[SourceError]]:
        """Sources in the folder and the refusals worth reporting; leftovers of killed adds go."""
        _remove_dead_stages(self._root)
        files, refused = scan_sources(self._root)
        return files, [SourceError(path, reason) for path, reason in refused]

    def sync(self, progress: bool = False, on_progress: Progress | None = None) -> SyncReport:
        """Index what is new or changed in the sources folder; drop what was deleted from it.

        ``progress`` shows a terminal bar; ``on_progress`` is called as chunks are embedded.
        A missing sources folder is an error (nothing is removed), not an empty folder.
        Like every write, it holds the data dir's write lock (:mod:`assistant.write_lock`).
        """
        with self._write_lock():
            return self._sync(progress, on_progress)

    def _write_lock(self) -> contextlib.AbstractContextManager[None]:
        """One writer at a time across processes sharing the data dir (waits, bounded)."""
        return write_lock(self._settings.data_dir, self._settings.write_lock_wait_s)

    def _sync(self, progress: bool, on_progress: Progress | None) -> SyncReport:
        report = SyncReport()
        records = self._store.sources()
        self._adopt(records)
        root = self._root
        if records and not root.is_dir():
            raise ConfigError(
                f"The sources folder {root} does not exist (ASSISTANT_SOURCES_DIR / --sources-dir); "
                f"nothing was changed in the index of {len(records)} documents."
            )
        files, report.errors = self._scan()
        seen: dict[str, Path] = {}
        docs: list[Document] = []
        for path in files:
            try:
                doc = load_document(path, self._limits)
            except SourceError as exc:
                report.errors.append(exc)
                owner = self._owner_of(records, path)
                if owner:  # keep the last good version of a file that became unreadable
                    seen[owner] = path
                continue
            if doc.source_id in seen:
                report.errors.append(SourceError(
                    path, f"its id {doc.source_id!r} is already used by {seen[doc.source_id].name}; "
                    "rename the file or set a different 'id' in its front matter"))  # fmt: skip
                continue
            seen[doc.source_id] = path
            docs.append(doc)

        self._index_all(docs, records, report, progress, on_progress)
        for source_id, record in records.items():
            if source_id not in seen and _inside(record.path, root):
                self._delete(source_id)
                report.removed.append(source_id)
        # A sync killed between a document's chunks and its record leaves rows with no record;
        # they are replaced when the file is synced again (``_write``), but stay forever if it was deleted.
        # The files seen are kept too: another process may be writing one of them right now.
        live = set(self._store.sources()) | set(seen)
        self._store.delete_unrecorded_chunks(live)
        for source_id in self._embedder.owned_sources(self._scope) - live:  # of such a killed write
            self._embedder.release(self._scope, source_id)
        if report.changed:
            self._on_change()
        return report

    def add_files(self, paths: Iterable[Path], progress: bool = False,
                  on_progress: Progress | None = None) -> SyncReport:  # fmt: skip
        """Check each file, copy the good ones into the sources folder and index them.

        A file is refused by the same rule as a sync's (:func:`source_refusal`), before anything
        is copied. A copy is staged under a hidden name (which a sync skips) and takes its real
        name only once its document is committed: a failed add leaves no file and no chunk rows.
        Progress is reported as in :meth:`sync`.
        """
        with self._write_lock():
            return self._add_files(paths, progress, on_progress)

    def _add_files(self, paths: Iterable[Path], progress: bool, on_progress: Progress | None) -> SyncReport:
        report = SyncReport()
        records = self._store.sources()
        self._adopt(records)
        docs = []
        root = self._root
        root.mkdir(parents=True, exist_ok=True)
        staged: dict[str, tuple[Path, Path]] = {}  # source id -> (staged copy, its real name)
        for path in paths:
            path = Path(path)
            inside = _inside(str(path), root)
            refusal = source_refusal(path, root) if inside else _outside_refusal(path)
            if refusal:
                report.errors.append(SourceError(path, refusal.reason))
                continue
            try:
                doc = load_document(path, self._limits)
            except SourceError as exc:
                report.errors.append(exc)
                continue
            target = Path(os.path.abspath(path)) if inside else root / path.name
            existing = records.get(doc.source_id)
            taken = existing and os.path.abspath(existing.path) != str(target)
            if taken or doc.source_id in staged:
                used_by = Path(existing.path).name if taken and existing else staged[doc.source_id][1].name
                report.errors.append(SourceError(path, (
                    f"its id {doc.source_id!r} is already used by {used_by}; "
                    "rename the file or set a different 'id' in its front matter")))  # fmt: skip
                continue
            if not inside:
                try:
                    staged[doc.source_id] = (_stage(path, root), target)
                except OSError as exc:
                    report.errors.append(SourceError(path, f"could not be copied into {root}: {exc}"))
                    continue
            docs.append(_with_path(doc, target))
        try:
            self._index_all(docs, records, report, progress, on_progress)
        finally:
            self._settle(staged, records, report)
        if report.changed:
            self._on_change()
        return report

    def _settle(self, staged: dict[str, tuple[Path, Path]], records: dict[str, SourceRecord],
                report: SyncReport) -> None:  # fmt: skip
        """Give committed copies their real names; delete the others and their stray chunk rows."""
        committed = set(report.added) | set(report.updated) | set(report.unchanged)
        for source_id, (copy, target) in staged.items():
            if source_id in committed:
                os.replace(copy, target)
                continue
            copy.unlink(missing_ok=True)
            with contextlib.suppress(AssistantError):  # the store failed: the rows stay invisible
                record = records.get(source_id)
                if record is None:
                    self._store.delete_chunks([source_id])
                else:
                    self._store.delete_stale_chunks({source_id: record.version})
                self._embedder.release(self._scope, source_id, record.version if record else None)

    def remove(self, source_id: str) -> SourceRecord:
        """Remove a document from the index and its file (or link) from the sources folder."""
        with self._write_lock():
            return self._remove(source_id)

    def _remove(self, source_id: str) -> SourceRecord:
        records = self._store.sources()
        self._adopt(records)
        record = records.get(source_id)
        if record is None:
            raise SourceNotFound(f"No indexed source has the id {source_id!r}; see 'sources list'.")
        self._delete(source_id)
        path = Path(record.path)
        if (path.is_symlink() or path.is_file()) and _inside(str(path), self._root):
            path.unlink()
        self._on_change()
        return record

    def _index_all(self, docs: list[Document], records: dict[str, SourceRecord], report: SyncReport,
                   progress: bool, on_progress: Progress | None = None) -> None:  # fmt: skip
        todo: list[tuple[Document, str, bool]] = []
        for doc in docs:
            record = records.get(doc.source_id)
            version = document_version(doc)  # a hash: unchanged documents are never chunked
            if record and record.version == version:
                report.unchanged.append(doc.source_id)
                if record.path != doc.path:
                    self._store.put_sources([(doc, record.version, record.chunks)])
            else:
                todo.append((doc, version, record is not None))
        # Phase 1, chunking (fast): the total number of chunks to embed is known after it.
        pending = []
        chunking = tqdm(todo, desc="Chunking", unit="doc", disable=not progress or not todo)
        for doc, version, existed in chunking:
            pending.append(_Pending(doc, version, self._chunker(doc, self._settings.chunk_chars), existed))
        total = sum(len(p.chunks) for p in pending)
        # Phase 2, embedding and storing: chunks of many documents share one length-sorted
        # embedding stream (a document of two chunks does not make a batch of two); each wave is
        # then committed document by document. (Writing a wave on a thread while the next is
        # embedded was measured: no gain, because Chroma's writes hold the GIL.)
        bar = tqdm(total=total, desc="Embedding", unit="chunk", disable=not progress or not total)
        done = 0

        def step(embedded: int, current: str) -> None:
            nonlocal done
            done += embedded
            bar.update(embedded)
            bar.set_postfix_str(Path(current).name[:30])
            if on_progress:
                on_progress(done, total, current)

        wave: list[_Pending] = []
        size = 0
        for position, item in enumerate(pending):
            wave.append(item)
            size += len(item.chunks)
            if size >= self._settings.index_batch_chunks or position == len(pending) - 1:
                self._write(wave, self._embed_wave(wave, step))
                for p in wave:
                    report.chunks_indexed += len(p.chunks)
                    (report.updated if p.existed else report.added).append(p.doc.source_id)
                wave, size = [], 0
        bar.close()

    def _embed_wave(self, wave: list[_Pending],
                    step: Callable[[int, str], None] | None = None) -> list[list[float]]:  # fmt: skip
        """Vectors of every chunk of the wave; ``step(n, file)`` is told after each
        PROGRESS_STEP_CHUNKS chunks. With ``answer_texts``, what answers will embed for each chunk
        (its sentences) goes into the persistent cache too.
        """
        pairs = [(p, c) for p in wave for c in p.chunks]
        files = [p.doc.path or p.doc.source_id for p in wave for _ in p.chunks]
        vectors: list[list[float]] = []
        for first in range(0, len(pairs), PROGRESS_STEP_CHUNKS):
            part = pairs[first : first + PROGRESS_STEP_CHUNKS]
            held = [self._cached_texts(p.doc, c) for p, c in part]  # each chunk's text first
            texts = [h[0] for h in held] + [t for h in held for t in h[1:]]
            vectors.extend(self._embedder.embed_documents(texts)[: len(part)])
            owners = [(p.doc.source_id, p.version, h) for (p, _), h in zip(part, held)]
            self._embedder.own(self._scope, owners)
            if step:
                step(len(part), files[first + len(part) - 1])
        return vectors

    def _write(self, wave: list[_Pending], vectors: list[list[float]]) -> None:
        """Per document: chunks, registry record (the commit point), removal of other versions.
        A failure part-way leaves every document either on its old version or fully on its new
        one; chunks written without a record stay invisible. A document without a record has its
        leftover rows (of a write killed before its record) removed first, so its chunks are written
        anew rather than as updates of rows whose vectors the killed writer may not have persisted.
        """
        self._store.delete_chunks([p.doc.source_id for p in wave if not p.existed])
        self._store.add_chunks([(p.doc, p.version, p.chunks) for p in wave], vectors)
        self._store.put_sources([(p.doc, p.version, len(p.chunks)) for p in wave])
        self._store.delete_stale_chunks({p.doc.source_id: p.version for p in wave})
        for p in wave:
            self._embedder.release(self._scope, p.doc.source_id, keep_version=p.version)

    def _adopt(self, records: dict[str, SourceRecord]) -> None:
        """Record which cached texts the documents hold that were indexed before owners were
        recorded (once: then each document has owners), so replacing or removing one of them
        later frees its vectors too.
        """
        owned = self._embedder.owned_sources(self._scope)
        orphans = {k: r for k, r in records.items() if k not in owned and r.chunks}
        if not orphans:
            return
        held = []
        for chunk_id, text, meta in self._store.iter_chunks():
            record = orphans.get(str(meta.get("source_id", "")))
            if record is None or meta.get("version") != record.version:
                continue
            doc = Document(record.source_id, "", record.title, record.outlet, record.date)
            chunk = Chunk(chunk_id, record.source_id, text, int(meta["start"]), chunk_end(text, meta),
                          chunk_position(chunk_id))  # fmt: skip
            held.append((record.source_id, record.version, self._cached_texts(doc, chunk)))
        self._embedder.own(self._scope, held)

    def _cached_texts(self, doc: Document, chunk: Chunk) -> list[str]:
        """What the embedding cache holds for a chunk: its text, then what answers embed for it."""
        return [chunk.text, *(self._answer_texts(doc, chunk) if self._answer_texts else [])]

    def _delete(self, source_id: str) -> None:
        self._store.delete_source_record(source_id)  # invisible from here on
        self._store.delete_chunks([source_id])
        self._embedder.release(self._scope, source_id)

    @property
    def _scope(self) -> str:
        """The name the embedding cache knows this index by (a data dir may hold several)."""
        return self._settings.index_name

    @staticmethod
    def _owner_of(records: dict[str, SourceRecord], path: Path) -> str | None:
        for source_id, record in records.items():
            if Path(record.path).resolve() == path.resolve():
                return source_id
        return None


@dataclass
class _Pending:
    """A document version waiting to be embedded and committed."""

    doc: Document
    version: str
    chunks: list[Chunk]
    existed: bool = False


def _inside(path: str, folder: Path) -> bool:
    """Whether ``path`` names something under ``folder`` (by name: links are not followed)."""
    try:
        Path(os.path.abspath(path)).relative_to(folder)
    except ValueError:
        return False
    return bool(path)


def _outside_refusal(path: Path) -> Refusal | None:
    """Why a file from outside the sources folder cannot be added under its name."""
    refusal = name_refusal(path.name)
    if refusal:
        return Refusal(refusal.reason)  # an add reports every refusal
    if not path.exists():
        return Refusal("file not found")
    if not path.is_file():
        return Refusal("is not a regular file (a folder?)")
    return None


def _stage(path: Path, root: Path) -> Path:
    """A copy of ``path`` under a hidden temporary name in ``root`` that names this process."""
    handle, name = tempfile.mkstemp(prefix=f"{_STAGE_PREFIX}{os.getpid()}-", suffix=path.suffix.lower(),
                                    dir=root)  # fmt: skip
    os.close(handle)
    try:
        shutil.copyfile(path, name)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _with_path(doc: Document, path: Path) -> Document:
    return Document(doc.source_id, doc.text, doc.title, doc.outlet, doc.date, str(path), doc.extra)


def _remove_dead_stages(root: Path) -> None:
    """Delete staged copies left by adds whose process is gone (killed before it could clean up)."""
    for copy in root.glob(_STAGE_PREFIX + "*"):
        pid = copy.name[len(_STAGE_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            copy.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True
