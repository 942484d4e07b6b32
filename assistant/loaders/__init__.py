"""Load a source file into a :class:`Document`, or fail with a :class:`SourceError` saying why.

One loader per file type; this module checks what all of them share (exists, size, type) and
picks the loader by extension.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from assistant.errors import SourceError
from assistant.types import Document

from .common import Limits, RawDocument
from .rules import SUPPORTED_SUFFIXES, Refusal, name_refusal, scan_sources, source_refusal

__all__ = ["SUPPORTED_SUFFIXES", "Limits", "Refusal", "load_document", "name_refusal",
           "scan_sources", "source_id_for", "source_refusal"]  # fmt: skip

Loader = Callable[[Path, Limits], RawDocument]


def _loader(suffix: str) -> Loader | None:
    """The loader of a file type; its parser (pypdf, python-docx, BeautifulSoup) is imported when
    a file of that type is first read, so a process that reads only Markdown never loads them.
    """
    match suffix:
        case ".txt":
            from .text import load
        case ".md" | ".markdown":
            from .markdown import load
        case ".html" | ".htm":
            from .html import load
        case ".pdf":
            from .pdf import load
        case ".docx":
            from .docx import load
        case _:
            return None
    return load


def source_id_for(path: Path) -> str:
    """A stable id from the file name: lowercase, letters, digits, ``_`` and ``-`` only.

    A name whose letters and digits are all ASCII keeps its ASCII slug (the ids of existing
    indexes); any other keeps its own letters (``新闻.md`` -> ``新闻``), so non-Latin names stay
    distinct.
    """
    stem = unicodedata.normalize("NFKC", path.stem).lower()
    if all(c.isascii() for c in stem if c.isalnum()):
        slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-")
    else:
        slug = re.sub(r"[^\w-]+", "-", stem).strip("-_")
    return slug or "source"


def load_document(path: Path, limits: Limits | int) -> Document:
    """Read ``path`` into a Document; raise SourceError naming the file and the reason.

    ``limits`` bounds the read (an int is the size limit in bytes, with default other limits).
    """
    path = Path(path)
    limits = Limits.of(limits)
    max_bytes = limits.max_bytes
    if not path.exists():
        raise SourceError(path, "file not found")
    if not path.is_file():
        raise SourceError(path, "not a regular file")
    suffix = path.suffix.lower()
    loader = _loader(suffix)
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
        raw = loader(path, limits)
    except SourceError:
        raise
    except RecursionError as exc:
        raise SourceError(path, f"could not be parsed as {suffix}: it is nested too deeply") from exc
    except Exception as exc:  # a parser's own error: report it against the file
        raise SourceError(path, f"could not be parsed as {suffix}: {type(exc).__name__}: {exc}") from exc
    text = raw.text.strip("\n")
    if not text.strip():
        raise SourceError(path, "no text found in the file")
    meta = raw.meta
    if "via" in meta:
        meta["via"] = _via(meta["via"], path)
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


# The provenance chain (front matter ``via: quoted by China Daily``) is one line of words.
MAX_VIA_CHARS = 200


def _via(value: object, path: Path) -> str:
    """Front matter ``via``: how the text reached the outlet, as one short line of words."""
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        raise SourceError(path, f"front matter 'via' must be one line of text (how the article reached "
                          f"the outlet, e.g. 'quoted by China Daily'), got {value!r}")  # fmt: skip
    if len(value.strip()) > MAX_VIA_CHARS:
        raise SourceError(path, f"front matter 'via' is longer than {MAX_VIA_CHARS} characters")
    return " ".join(value.split())


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:120]


def _iso_date(value: object) -> str:
    """Keep the ISO prefix of a date (YYYY, YYYY-MM or YYYY-MM-DD); anything else becomes ""."""
    text = str(value or "").strip()
    match = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text)
    return match.group(0) if match else ""
