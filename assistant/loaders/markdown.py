"""Markdown (``.md``) with YAML front matter; the body is kept verbatim so quotes match it."""

from __future__ import annotations

import re
from pathlib import Path

from .common import Limits, RawDocument, read_text_file
from .frontmatter import split_front_matter


def load(path: Path, limits: Limits) -> RawDocument:
    meta, body = split_front_matter(read_text_file(path), path, limits)
    if "title" not in meta:
        heading = re.search(r"^#\s+(.+)$", body, flags=re.M)
        if heading:
            meta["title"] = heading.group(1).strip()
    return RawDocument(body, meta)
