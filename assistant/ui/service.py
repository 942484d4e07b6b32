"""What the UI and the API endpoints both call: one small layer over :class:`Assistant`.

No Gradio here; errors are the library's (``AssistantError``) or ``ValueError`` for bad input.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.assistant import Assistant, History
from assistant.errors import AssistantError, SourceError
from assistant.indexer import SyncReport
from assistant.inputs import check_as_of, make_filters
from assistant.loaders import SUPPORTED_SUFFIXES
from assistant.retrieval import Filters
from assistant.store import SourceRecord
from assistant.types import Answer

Progress = Callable[[float, int, str], None]
__all__ = ["UIService", "check_as_of", "make_filters", "named_copy", "report_dict", "source_dict"]


class UIService:
    """Answers, uploads, listing and removal, with the checks a web front end needs."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings

    # --- answers ---------------------------------------------------------------------------

    def stream(self, question: str, history: History = (), filters: Filters | None = None,
               k: int | None = None, as_of: str = "") -> Iterator[str | Answer]:  # fmt: skip
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

    def check_upload(self, path: Path) -> None:
        """Refuse a file by type or size before the library reads it."""
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise SourceError(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                              "upload " + ", ".join(SUPPORTED_SUFFIXES))  # fmt: skip
        if path.exists() and path.stat().st_size > self.max_bytes:
            raise SourceError(path, f"larger than the {self.settings.max_file_mb:g} MB limit")

    def add_files(self, paths: Sequence[Path], progress: Progress | None = None) -> SyncReport:
        """Index uploaded files one by one (each can be asked about as soon as it is in), with
        progress in files and the share of the current file's chunks embedded; bad files are reported.
        """
        total = SyncReport()
        for i, path in enumerate(paths):
            if progress:
                progress(i, len(paths), path.name)
            try:
                self.check_upload(path)
            except SourceError as exc:
                total.errors.append(exc)
                continue
            def chunks(done: int, total: int, _file: str, i: int = i, name: str = path.name) -> None:
                if progress:
                    progress(i + done / max(total, 1), len(paths), name)

            report = self.assistant.add_sources([path], on_progress=chunks)
            for name in ("added", "updated", "unchanged", "removed", "errors"):
                getattr(total, name).extend(getattr(report, name))
            total.chunks_indexed += report.chunks_indexed
        if progress:
            progress(len(paths), len(paths), "done")
        return total

    def list_sources(self) -> list[SourceRecord]:
        return self.assistant.list_sources()

    def remove(self, source_id: str) -> SourceRecord:
        source_id = (source_id or "").strip()
        if not source_id:
            raise ValueError("Choose a source to remove.")
        return self.assistant.remove_source(source_id)

    def outlets(self) -> list[str]:
        return sorted({r.outlet for r in self.list_sources() if r.outlet})


def named_copy(path: Path, name: str | None) -> Path:
    """``path`` under its original upload name (the name becomes the source id)."""
    name = Path(name or "").name
    if not name or name == path.name:
        return path
    target = Path(tempfile.mkdtemp(prefix="upload-")) / name
    shutil.copyfile(path, target)
    return target


def source_dict(r: SourceRecord) -> dict[str, Any]:
    return {"source_id": r.source_id, "title": r.title, "outlet": r.outlet, "date": r.date,
            "chunks": r.chunks}  # fmt: skip


def report_dict(report: SyncReport, sources: int) -> dict[str, Any]:
    return {
        "added": report.added, "updated": report.updated, "unchanged": report.unchanged,
        "errors": [{"file": e.path.name, "reason": e.reason} for e in report.errors],
        "chunks_indexed": report.chunks_indexed, "summary": report.summary(), "sources": sources,
    }  # fmt: skip
