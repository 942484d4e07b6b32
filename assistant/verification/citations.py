"""The exact source spans that a written answer's citation markers are turned into.

:func:`best_quote` finds the sentence (or two) of a passage that best backs a claim, with offsets
into the source document; :class:`CitationBook` numbers them. The markers themselves are read and
written by :mod:`assistant.text.markers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.text.terms import content_terms
from assistant.types import Citation, Passage

from .alignment import Embed, coverage, sentence_windows, similarities, support_score

# How much better (in support score) a two-sentence quote must be than the best single sentence.
PAIR_MARGIN = 0.05


@dataclass(frozen=True)
class Quote:
    """A span of a source document: ``document_text[start:end] == text``."""

    text: str
    start: int
    end: int


def best_quote(claim: str, passage: Passage, embed: Embed) -> Quote:
    """The passage sentence, or pair of adjacent sentences, that best backs ``claim``.

    Score: :func:`~assistant.verification.alignment.support_score`; a pair must beat the best single
    sentence by ``PAIR_MARGIN`` to be chosen (a quote should be short).
    """
    windows = sentence_windows(passage.text, offset=passage.start)
    if not windows:
        return Quote(passage.text, passage.start, passage.end)
    sims = similarities(claim, [w.text for w in windows], embed)
    terms = set(content_terms(claim))
    scores = [support_score(float(sim), coverage(terms, w.text)) for w, sim in zip(windows, sims)]
    singles = sum(w.size == 1 for w in windows)
    best_single = max(range(singles), key=lambda i: scores[i])
    best = max(range(len(windows)), key=lambda i: scores[i])
    if best >= singles and scores[best] < scores[best_single] + PAIR_MARGIN:
        best = best_single
    chosen = windows[best]
    return Quote(chosen.text, chosen.start, chosen.end)


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
