"""YAML front matter (``---`` ... ``---``) at the top of a text or Markdown file.

Front matter is a few lines of metadata, so it is read under bounds: a size limit, a nesting
limit, and no anchors or aliases (``&name`` / ``*name``), which are what a "billion laughs" header
and a self-referential one are built from. The checks walk the parser's events (linear, nothing
is built) before the header is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.errors import SourceError

from .common import Limits

# libyaml's parser when PyYAML was built with it: ~10x faster, which a re-sync of 10k files feels.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def split_front_matter(text: str, path: Path, limits: Limits | int = 0) -> tuple[dict[str, Any], str]:
    """Return (metadata, body). Text without front matter has empty metadata."""
    if not text.startswith("---\n"):
        return {}, text
    bounds = Limits.of(limits)
    end = text.find("\n---", 4, 4 + bounds.front_matter_bytes + 1)
    if end == -1:
        if text.find("\n---", 4) != -1:
            limit = bounds.front_matter_bytes // 1000
            raise SourceError(path, f"the front matter is longer than {limit} kB "
                              "(ASSISTANT_MAX_FRONT_MATTER_KB); "
                              "front matter holds a few lines of metadata")  # fmt: skip
        raise SourceError(path, "front matter starts with '---' but has no closing '---' line")
    header = text[4:end]
    body_start = text.find("\n", end + 4)
    body = "" if body_start == -1 else text[body_start + 1 :]
    try:
        _check_events(header, path, bounds.front_matter_depth)
        meta = yaml.load(header, Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())  # one line: YAML's messages span several
        raise SourceError(path, f"front matter is not valid YAML: {problem}") from exc
    if not isinstance(meta, dict):
        raise SourceError(path, "front matter must be a YAML mapping (key: value lines)")
    return {str(k): _plain(v) for k, v in meta.items()}, body


def _check_events(header: str, path: Path, max_depth: int) -> None:
    depth = 0
    for event in yaml.parse(header, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceError(path, "the front matter uses YAML anchors or aliases (&name / *name); "
                              "they are not allowed in front matter: write the values out")  # fmt: skip
        if isinstance(event, _OPEN):
            depth += 1
            if depth > max_depth:
                raise SourceError(path, f"the front matter is nested more than {max_depth} levels deep "
                                  "(ASSISTANT_MAX_FRONT_MATTER_DEPTH)")  # fmt: skip
        elif isinstance(event, _CLOSE):
            depth -= 1


def _plain(value: Any) -> Any:
    """Metadata as JSON-safe values (dates and other scalars as text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
