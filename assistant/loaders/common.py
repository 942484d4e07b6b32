"""What every loader returns, the limits it reads under, and helpers for decoding text files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import SourceError
from assistant.settings import Settings


@dataclass
class RawDocument:
    """A loader's output: the text citations will point into, and whatever metadata it found."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Limits:
    """Bounds a file is read under (from :class:`Settings`)."""

    max_bytes: int
    front_matter_bytes: int
    front_matter_depth: int
    html_tags: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            int(settings.max_file_mb * 1_000_000),
            int(settings.max_front_matter_kb * 1000),
            settings.max_front_matter_depth,
            settings.max_html_tags,
        )

    @classmethod
    def of(cls, value: Limits | int) -> Limits:
        """``value`` itself, or the default limits with ``value`` as the size limit in bytes."""
        if isinstance(value, Limits):
            return value
        fields = Settings.model_fields
        return cls(
            int(value),
            int(float(fields["max_front_matter_kb"].default) * 1000),
            int(fields["max_front_matter_depth"].default),
            int(fields["max_html_tags"].default),
        )


def read_text_file(path: Path) -> str:
    """Decode a text file as UTF-8, refusing binary data with a clear reason."""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise SourceError(path, "is UTF-16 text (it starts with a UTF-16 byte-order mark); "
                          "save it as UTF-8 and add it again")  # fmt: skip
    if b"\x00" in data[:8192]:
        raise SourceError(path, "looks like a binary file (or UTF-16 text), not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            path,
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "save it as UTF-8 and add it again",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def tidy_extracted(text: str) -> str:
    """Normalise text pulled out of HTML/PDF/DOCX: one paragraph per line, single spaces."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
