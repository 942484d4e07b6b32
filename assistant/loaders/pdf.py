"""PDF files: the text layer of every page (scanned PDFs without one are refused)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from assistant.errors import SourceError

from .common import Limits, RawDocument, tidy_extracted


def load(path: Path, limits: Limits) -> RawDocument:
    try:
        reader = PdfReader(path)
    except PdfReadError as exc:
        raise SourceError(path, f"is not a readable PDF ({exc})") from exc
    if reader.is_encrypted:
        raise SourceError(path, "the PDF is encrypted; save an unencrypted copy and add that")
    pages = [page.extract_text() or "" for page in reader.pages]
    text = tidy_extracted("\n\n".join(pages))
    if not text:
        raise SourceError(path, "the PDF has no text layer (a scan?); add a text version")
    meta: dict[str, Any] = {}
    info = reader.metadata
    if info is not None:
        if info.title:
            meta["title"] = str(info.title)
        if info.author:
            meta["author"] = str(info.author)
        if info.creation_date:
            meta["date"] = info.creation_date.date().isoformat()
    return RawDocument(text, meta)
