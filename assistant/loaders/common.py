"""What every loader returns, and helpers for decoding text files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import SourceError


@dataclass
class RawDocument:
    """A loader's output: the text citations will point into, and whatever metadata it found."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def read_text_file(path: Path) -> str:
    """Decode a text file as UTF-8, refusing binary data with a clear reason."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise SourceError(path, "looks like a binary file, not text")
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
