"""What the UI and the API endpoints both call: one small layer over :class:`Assistant`.

No Gradio here; errors are the library's (``AssistantError``) or ``ValueError`` for bad input.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import (
    AnswerStream,
    Assistant,
    AssistantError,
    Filters,
    History,
    Limits,
    SourceError,
    SourceRecord,
    SyncReport,
    check_as_of,
    load_document,
    make_filters,
    name_refusal,
    source_id_for,
)


@dataclass
class UploadProgress:
    """Where an upload stands: files done, the file being indexed, its chunks embedded so far."""

    files_total: int
    files_done: int = 0
    file: str = ""
    chunks_done: int = 0
    chunks_total: int = 0
    started: float = field(default_factory=time.monotonic)
    file_started: float = field(default_factory=time.monotonic)
    finished: bool = False

    def begin_file(self, index: int, name: str) -> None:
        self.files_done, self.file, self.chunks_done, self.chunks_total = index, name, 0, 0
        self.file_started = time.monotonic()

    def seconds_left(self, now: float | None = None) -> float | None:
        """The current file's remaining chunks at its rate so far; None before the first is embedded."""
        if not self.chunks_done or not self.chunks_total:
            return None
        elapsed = (time.monotonic() if now is None else now) - self.file_started
        return max(0.0, elapsed / self.chunks_done * (self.chunks_total - self.chunks_done))


Progress = Callable[[UploadProgress], None]
Upload = tuple[Path, str | None]  # an uploaded file and the name it was uploaded under
# Names tried for an upload whose name holds another document (name-2.md ... name-100.md).
MAX_NAME_TRIES = 100

__all__ = ["UIService", "check_as_of", "make_filters", "report_dict", "source_dict"]


class UIService:
    """Answers, uploads, listing and removal, with the checks a web front end needs."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings

    # --- answers ---------------------------------------------------------------------------

    def stream(self, question: str, history: History = (), filters: Filters | None = None,
               k: int | None = None, as_of: str = "") -> AnswerStream:  # fmt: skip
        """The answer stream; bad inputs raise InputError (a ValueError) before it starts."""
        return self.assistant.stream(question, history, filters, k, as_of)

    def backend(self) -> tuple[str, str]:
        """The answer backend in use and its model (read-only in the UI)."""
        try:
            name = self.assistant.generator.name
        except AssistantError as exc:
            return "not available", str(exc)
        if name == "extractive":
            return name, "none: answers are verbatim source sentences"
        return name, self.settings.llm_model

    # --- sources ---------------------------------------------------------------------------

    @property
    def max_bytes(self) -> int:
        return int(self.settings.max_file_mb * 1_000_000)

    def check_upload(self, path: Path, name: str | None = None) -> None:
        """Refuse a file by its upload name (``path``'s own by default) or size before it is read."""
        name = path.name if name is None else name
        refusal = name_refusal(name)
        if refusal:
            raise SourceError(Path(shown_name(name)), refusal.reason)
        if path.exists() and path.stat().st_size > self.max_bytes:
            raise SourceError(Path(name), f"larger than the {self.settings.max_file_mb:g} MB limit")

    def add_files(self, paths: Sequence[Path], progress: Progress | None = None) -> SyncReport:
        """Index uploaded files under their own names (see :meth:`add_uploads`)."""
        return self.add_uploads([(Path(p), None) for p in paths], progress)

    def add_uploads(self, uploads: Sequence[Upload], progress: Progress | None = None) -> SyncReport:
        """Index uploaded files one by one (each can be asked about as soon as it is in), with
        ``progress`` called with the :class:`UploadProgress` as each file starts and as its chunks
        are embedded. Each file is
        indexed under its upload name (its own name when that is None); a name already used by a
        different document gets a free one (``name-2.md``). Every problem is reported per file.
        """
        total = SyncReport()
        state = UploadProgress(len(uploads))
        for i, (path, upload_name) in enumerate(uploads):
            name = path.name if upload_name is None else upload_name
            state.begin_file(i, shown_name(name))
            if progress:
                progress(state)

            def chunks(done: int, total: int, _file: str) -> None:
                state.chunks_done, state.chunks_total = done, total
                if progress:
                    progress(state)

            try:
                report = self._add_upload(path, name, chunks)
            except AssistantError as exc:  # one file's failure (or the store's) is that file's report
                error = exc if isinstance(exc, SourceError) else SourceError(Path(shown_name(name)), str(exc))
                total.errors.append(error)
                continue
            for part in ("added", "updated", "unchanged", "removed", "errors"):
                getattr(total, part).extend(getattr(report, part))
            total.chunks_indexed += report.chunks_indexed
        state.files_done, state.finished = len(uploads), True
        if progress:
            progress(state)
        return total

    def _add_upload(self, path: Path, name: str, on_progress: Callable[[int, int, str], None]) -> SyncReport:
        """Check, name and index one upload; a temporary copy made for its name is always removed.
        The name is chosen under the write lock, so a concurrent upload cannot take it meanwhile.
        """
        self.check_upload(path, name)
        if not path.is_file():
            raise SourceError(Path(name), "the uploaded file is missing or not a regular file")
        with self.assistant.writing():
            return self._add_named(path, name, on_progress)

    def _add_named(self, path: Path, name: str, on_progress: Callable[[int, int, str], None]) -> SyncReport:
        name = free_name(self.settings.sources_dir, name, path,
                         {r.source_id: r.path for r in self.list_sources()})  # fmt: skip
        if name == path.name:
            return self.assistant.add_sources([path], on_progress=on_progress)
        folder = Path(tempfile.mkdtemp(prefix="upload-"))
        try:
            copy = folder / name
            try:
                shutil.copyfile(path, copy)
            except OSError as exc:
                reason = f"could not be copied for indexing: {exc.strerror or exc}"
                raise SourceError(Path(name), reason) from exc
            report = self.assistant.add_sources([copy], on_progress=on_progress)
            for error in report.errors:  # name the upload, not the temporary copy's folder
                error.path = Path(name)
            return report
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def list_sources(self) -> list[SourceRecord]:
        return self.assistant.list_sources()

    def remove(self, source_id: str) -> SourceRecord:
        source_id = (source_id or "").strip()
        if not source_id:
            raise ValueError("Choose a source to remove.")
        return self.assistant.remove_source(source_id)

    def article(self, source_id: str) -> tuple[SourceRecord, str]:
        """An indexed document's record and its whole text, read again from its file in the sources
        folder (the text the citations' offsets count in). ValueError when it is not indexed (any
        more), when its file resolves outside the sources folder, or when it cannot be read.
        """
        record = next((r for r in self.list_sources() if r.source_id == source_id), None)
        if record is None:
            raise ValueError(f"The source {source_id!r} is not indexed any more (removed?).")
        folder = self.settings.sources_dir.resolve()
        path = Path(record.path).resolve()
        if not path.is_relative_to(folder):
            raise ValueError(f"The file of {source_id!r} is outside the sources folder; it is not shown.")
        try:
            return record, load_document(path, Limits.from_settings(self.settings)).text
        except SourceError as exc:
            raise ValueError(f"The article {source_id!r} cannot be read: {exc.reason}.") from exc

    def outlets(self) -> list[str]:
        return sorted({r.outlet for r in self.list_sources() if r.outlet})


def shown_name(name: str) -> str:
    """An upload name fit for a report: control characters and separators as '?', at most 120."""
    shown = re.sub(r"[\x00-\x1f\x7f/\\]", "?", name)
    return (shown[:117] + "...") if len(shown) > 120 else shown or "(no name)"


def free_name(folder: Path, name: str, upload: Path, ids: dict[str, str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext``...: the first that holds no other document in
    ``folder`` (the same bytes are the same document) and whose source id no other file has.
    """
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in range(1, MAX_NAME_TRIES + 1):
        candidate = name if n == 1 else f"{stem}-{n}{suffix}"
        if name_refusal(candidate):
            break
        target = folder / candidate
        owner = ids.get(source_id_for(target))
        if owner and os.path.abspath(owner) != os.path.abspath(target):
            continue
        if not os.path.lexists(target) or (target.is_file() and _same_bytes(target, upload)):
            return candidate
    raise SourceError(Path(shown_name(name)), "no free file name for it in the sources folder; rename it")


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and filecmp.cmp(a, b, shallow=False)


def source_dict(r: SourceRecord) -> dict[str, Any]:
    return {"source_id": r.source_id, "title": r.title, "outlet": r.outlet, "date": r.date,
            "chunks": r.chunks}  # fmt: skip


def report_dict(report: SyncReport, sources: int) -> dict[str, Any]:
    return {
        "added": report.added, "updated": report.updated, "unchanged": report.unchanged,
        "errors": [{"file": e.path.name, "reason": e.reason} for e in report.errors],
        "chunks_indexed": report.chunks_indexed, "summary": report.summary(), "sources": sources,
    }  # fmt: skip
