"""Plain text (``.txt``), with optional YAML front matter."""

from __future__ import annotations

from pathlib import Path

from .common import Limits, RawDocument, read_text_file
from .frontmatter import split_front_matter


def load(path: Path, limits: Limits) -> RawDocument:
    meta, body = split_front_matter(read_text_file(path), path, limits)
    return RawDocument(body, meta)
