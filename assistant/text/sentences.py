"""Sentence segmentation that keeps character offsets into the original text.

A sentence never crosses a line break (news paragraphs and headings are lines), and it does not
end after an abbreviation (``U.S.``, ``Dr.``), an initial, or inside a decimal number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words after which a period does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp",
    "gov", "gen", "sen", "rep", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "approx", "est", "dept", "univ", "e.g", "i.e",
}  # fmt: skip
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_FUNCTION_WORD = re.compile(r"(The|This|That|It|He|She|They|We|But|And|In|A)\b")
_LOOK = 64  # characters looked at around a period (abbreviations and initialisms are short)


@dataclass(frozen=True)
class Span:
    """A sentence and where it is in the text it came from."""

    text: str
    start: int
    end: int


def _is_abbreviation(line: str, dot: int) -> bool:
    """Is the period at ``dot`` part of an abbreviation or initial rather than a sentence end?"""
    if line[dot] != ".":
        return False
    word = _WORD_BEFORE.search(line, max(0, dot - _LOOK), dot)  # a bounded look-back: linear time
    if not word:
        return False
    token = word.group(1)
    if "." in token.strip("."):  # U.S, e.g, i.e: dotted initialisms
        following = line[dot + 1 : dot + 1 + _LOOK].lstrip()
        # "... the U.S. Then ..." is ambiguous; treat a following capitalised function word as an end.
        return not _FUNCTION_WORD.match(following)
    if len(token) == 1 and token.isupper():  # an initial: "John F. Kennedy"
        return True
    return token.lower() in _ABBREVIATIONS


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Split ``text`` into sentences; offsets are relative to ``offset``."""
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        body = line.group(0)
        start = 0
        for match in _END.finditer(body):
            if _is_abbreviation(body, match.start()):
                continue
            _append(spans, body, start, match.end(), offset + line.start())
            start = match.end()
        _append(spans, body, start, len(body), offset + line.start())
    return spans


def _append(spans: list[Span], line: str, start: int, end: int, base: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = base + start + lead
    spans.append(Span(stripped, s, s + len(stripped)))
