"""Split a document into chunks that end on sentence boundaries and know their character offsets.

Whole paragraphs are packed together up to ``max_chars`` (a heading stays with what follows it);
a paragraph longer than that is split between sentences, repeating one sentence as overlap.
Every chunk is a verbatim slice ``text[start:end]`` of the document.
"""

from __future__ import annotations

import hashlib
import re

from assistant.text.sentences import Span, split_sentences
from assistant.types import Chunk, Document

_LEANS_BACK = re.compile(r"^(?:[“\"]|(?:He|She|They|It|This|These|That|Those)\b)")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_version(doc: Document) -> str:
    """A short hash of the text and the metadata citations show: any change re-indexes."""
    key = "\x1f".join([doc.text, doc.title, doc.outlet, doc.date])
    return content_hash(key)[:16]


def _paragraphs(sentences: list[Span], text: str) -> list[list[Span]]:
    groups: list[list[Span]] = []
    for span in sentences:
        if groups and "\n" not in text[groups[-1][-1].end : span.start]:
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _split_long(paragraph: list[Span], max_chars: int) -> list[list[Span]]:
    pieces: list[list[Span]] = []
    current: list[Span] = []
    for span in paragraph:
        if current and span.end - current[0].start > max_chars:
            pieces.append(current)
            overlap = current[-1:] if span.end - current[-1].start <= max_chars else []
            current = overlap
        current.append(span)
    if current:
        pieces.append(current)
    return pieces


def chunk_document(doc: Document, max_chars: int = 800) -> list[Chunk]:
    """Chunks of ``doc``, ids ``{source_id}:{version}:{n}`` so a new version never collides."""
    version = document_version(doc)
    sentences = split_sentences(doc.text)
    units: list[list[Span]] = []
    for paragraph in _paragraphs(sentences, doc.text):
        if paragraph[-1].end - paragraph[0].start > max_chars:
            units.extend(_split_long(paragraph, max_chars))
        else:
            units.append(paragraph)

    spans: list[tuple[int, int]] = []
    for unit in units:
        start, end = unit[0].start, unit[-1].end
        # A paragraph opening with a quote or a pronoun leans on the one before: keep them
        # together, allowing the chunk to grow by half.
        limit = max_chars * 3 // 2 if _LEANS_BACK.match(unit[0].text) else max_chars
        if spans and end - spans[-1][0] <= limit and not _overlaps(spans[-1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return [
        Chunk(f"{doc.source_id}:{version}:{i}", doc.source_id, doc.text[s:e], s, e, i)
        for i, (s, e) in enumerate(spans)
    ]


def _overlaps(previous: tuple[int, int], start: int) -> bool:
    return start < previous[1]
