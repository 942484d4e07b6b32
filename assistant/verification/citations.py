"""The exact source spans that a written answer's citation markers are turned into.

:func:`best_quote` finds the sentence (or two) of a passage that best backs a claim, with offsets
into the source document; :class:`CitationBook` numbers them. The markers themselves are read and
written by :mod:`assistant.text.markers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.text.sentences import split_sentences
from assistant.text.terms import content_terms
from assistant.types import Citation, Passage

Embed = Callable[[list[str]], list[list[float]]]

@dataclass(frozen=True)
class Quote:
    """A span of a source document: ``document_text[start:end] == text``."""

    text: str
    start: int
    end: int


def best_quote(claim: str, passage: Passage, embed: Embed) -> Quote:
    """The passage sentence, or pair of adjacent sentences, that best backs ``claim``.

    Score: 0.6 x cosine similarity + 0.4 x share of the claim's content terms the span has; a
    pair must beat the best single sentence clearly to be chosen (a quote should be short).
    """
    spans = split_sentences(passage.text, offset=passage.start)
    if not spans:
        return Quote(passage.text, passage.start, passage.end)
    windows = [(s.start, s.end) for s in spans]
    windows += [(a.start, b.end) for a, b in zip(spans, spans[1:])]
    texts = [passage.text[s - passage.start : e - passage.start] for s, e in windows]
    vectors = np.asarray(embed([claim, *texts]), dtype=np.float32)
    sims = vectors[1:] @ vectors[0]
    terms = set(content_terms(claim))
    scores = []
    for text, sim in zip(texts, sims):
        covered = len(terms & set(content_terms(text))) / max(len(terms), 1)
        scores.append(0.6 * float(sim) + 0.4 * covered)
    singles = len(spans)
    best_single = max(range(singles), key=lambda i: scores[i])
    best = max(range(len(windows)), key=lambda i: scores[i])
    if best >= singles and scores[best] < scores[best_single] + 0.05:
        best = best_single
    start, end = windows[best]
    return Quote(texts[best], start, end)


class CitationBook:
    """Numbers citations in the order they are first used; the same span keeps its number."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, int, int], int] = {}

    def cite(self, passage: Passage, quote: Quote) -> int:
        key = (passage.source_id, quote.start, quote.end)
        if key not in self._numbers:
            n = len(self.citations) + 1
            self._numbers[key] = n
            self.citations.append(
                Citation(n, passage.source_id, passage.title, passage.outlet, passage.date,
                         quote.text, quote.start, quote.end, passage.chunk_id)  # fmt: skip
            )
        return self._numbers[key]
