"""Load a source file into a :class:`Document`, or fail with a :class:`SourceError` saying why.

One loader per file type; this module checks what all of them share (exists, size, type) and
picks the loader by extension.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from assistant.errors import SourceError
from assistant.types import Document

from .common import RawDocument

Loader = Callable[[Path], RawDocument]


def _loaders() -> dict[str, Loader]:
    from . import docx, html, markdown, pdf, text

    return {
        ".txt": text.load,
        ".md": markdown.load,
        ".markdown": markdown.load,
        ".html": html.load,
        ".htm": html.load,
        ".pdf": pdf.load,
        ".docx": docx.load,
    }


SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


def source_id_for(path: Path) -> str:
    """A stable id from the file name: lowercase, safe characters only."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-")
    return slug or "source"


def load_document(path: Path, max_bytes: int) -> Document:
    """Read ``path`` into a Document; raise SourceError naming the file and the reason."""
    path = Path(path)
    if not path.exists():
        raise SourceError(path, "file not found")
    if not path.is_file():
        raise SourceError(path, "not a regular file")
    suffix = path.suffix.lower()
    loader = _loaders().get(suffix)
    if loader is None:
        raise SourceError(
            path,
            f"unsupported file type {suffix or '(none)'!r}; supported: " + ", ".join(SUPPORTED_SUFFIXES),
        )
    size = path.stat().st_size
    if size == 0:
        raise SourceError(path, "the file is empty")
    if size > max_bytes:
        raise SourceError(
            path,
            f"the file is too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB, "
            "set ASSISTANT_MAX_FILE_MB to change it)",
        )
    try:
        raw = loader(path)
    except SourceError:
        raise
    except Exception as exc:  # a parser's own error: report it against the file
        raise SourceError(path, f"could not be parsed as {suffix}: {exc}") from exc
    text = raw.text.strip("\n")
    if not text.strip():
        raise SourceError(path, "no text found in the file")
    meta = raw.meta
    source_id = str(meta.pop("id", "") or source_id_for(path))
    return Document(
        source_id=source_id,
        text=text,
        title=str(meta.pop("title", "") or _first_line(text) or path.stem),
        outlet=str(meta.pop("outlet", "") or ""),
        date=_iso_date(meta.pop("date", "")),
        path=str(path),
        extra=meta,
    )


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:120]


def _iso_date(value: object) -> str:
    """Keep the ISO prefix of a date (YYYY, YYYY-MM or YYYY-MM-DD); anything else becomes ""."""
    text = str(value or "").strip()
    match = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text)
    return match.group(0) if match else ""
