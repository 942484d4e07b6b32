"""Word documents (``.docx``): paragraph text, with title/author/date from document properties."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx

from assistant.errors import SourceError

from .common import Limits, RawDocument, tidy_extracted


def load(path: Path, limits: Limits) -> RawDocument:
    if not zipfile.is_zipfile(path):
        raise SourceError(path, "is not a .docx file (a .docx is a zip archive; an old .doc is not)")
    document = docx.Document(str(path))
    text = tidy_extracted("\n".join(p.text for p in document.paragraphs))
    props = document.core_properties
    meta: dict[str, Any] = {}
    if props.title:
        meta["title"] = props.title
    if props.author:
        meta["author"] = props.author
    if props.created:
        meta["date"] = props.created.date().isoformat()
    return RawDocument(text, meta)
