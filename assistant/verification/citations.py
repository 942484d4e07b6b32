"""Citation markers in a written answer, and the exact source spans they are turned into.

Models write ``[2]``, ``[1, 3]``, ``[1][3]``, and small ones also ``[Passage 2]``, ``[1; 3]``,
``[1-3]`` or ``【2】``: :func:`normalise_markers` rewrites those as ``[n]`` / ``[n, m]`` so
:func:`~assistant.verification.claims.split_claims` reads them. :func:`best_quote` finds the
sentence (or two) of a passage that best backs a claim, with offsets into the source document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.text.sentences import split_sentences
from assistant.text.terms import content_terms
from assistant.types import Citation, Passage

Embed = Callable[[list[str]], list[list[float]]]

_LABEL = r"(?:passages?|sources?|documents?|docs?|refs?|references?)?\s*#?\s*"
_VARIANT = re.compile(
    rf"[\[【]\s*{_LABEL}(\d+(?:\s*(?:[,;]|-|–|and)\s*{_LABEL}\d+)*)\s*[\]】]", re.I
)
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")


def normalise_markers(text: str) -> str:
    """Rewrite marker variants as ``[n]`` or ``[n, m]`` (ranges expanded, at most 10 numbers)."""

    def fix(match: re.Match[str]) -> str:
        inner = re.sub(r"[^\d,;\-–]+", " ", match.group(1).replace("and", ","))
        inner = _RANGE.sub(lambda m: ",".join(_expand(int(m.group(1)), int(m.group(2)))), inner)
        numbers = [n for n in re.split(r"[\s,;]+", inner) if n.isdigit()]
        return "[" + ", ".join(numbers) + "]" if numbers else match.group(0)

    return _VARIANT.sub(fix, text)


def _expand(a: int, b: int) -> list[str]:
    if a > b or b - a > 9:
        return [str(a), str(b)]
    return [str(n) for n in range(a, b + 1)]


def markers(numbers: list[int]) -> str:
    """``[1][3]``: one bracket per citation (how the UI links them)."""
    return "".join(f"[{n}]" for n in numbers)


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
