"""Where a sentence lands in passages: their sentence windows, and which is most like it by embedding.

A window is one sentence of a passage or two in a row, as the passage's own text (``text[start:end]``).
The judge aligns a claim with its best window, the verifier ranks passages by their best sentence,
and a citation quotes the window that best backs its claim (by :func:`support_score`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.text.sentences import split_sentences
from assistant.text.terms import content_terms

Embed = Callable[[list[str]], list[list[float]]]

# A window's support for a claim: mostly meaning (cosine), partly the claim's words it has.
SIMILARITY_WEIGHT = 0.6
COVERAGE_WEIGHT = 0.4


@dataclass(frozen=True)
class Window:
    """One sentence, or two in a row, of a passage: ``passage_text[start - offset : end - offset]``."""

    text: str
    start: int
    end: int
    first: int  # index of its first sentence in the passage
    size: int  # sentences: 1 or 2


def sentence_windows(text: str, offset: int = 0, pairs: bool = True) -> list[Window]:
    """Every sentence of ``text`` as a window, then (``pairs``) every two adjacent ones; offsets are
    relative to ``offset``.
    """
    spans = split_sentences(text, offset=offset)
    out = [Window(s.text, s.start, s.end, i, 1) for i, s in enumerate(spans)]
    if pairs:
        out += [Window(text[a.start - offset : b.end - offset], a.start, b.end, i, 2)
                for i, (a, b) in enumerate(zip(spans, spans[1:]))]  # fmt: skip
    return out


def similarities(query: str, texts: Sequence[str], embed: Embed) -> np.ndarray:
    """The cosine of ``query`` with each text (the embeddings are unit vectors), in one embed call."""
    vectors = np.asarray(embed([query, *texts]), dtype=np.float32)
    return vectors[1:] @ vectors[0]


def best_window(query: str, windows: Sequence[Window], embed: Embed) -> tuple[Window, float] | None:
    """The window most like ``query``, and its cosine (None: no windows)."""
    if not windows:
        return None
    sims = similarities(query, [w.text for w in windows], embed)
    best = int(np.argmax(sims))
    return windows[best], float(sims[best])


def coverage(terms: set[str], text: str) -> float:
    """The share of ``terms`` (content terms of a claim) that ``text`` has."""
    return len(terms & set(content_terms(text))) / max(len(terms), 1)


def support_score(similarity: float, covered: float) -> float:
    """How well a window backs a claim, from its cosine and its :func:`coverage` of the claim."""
    return SIMILARITY_WEIGHT * similarity + COVERAGE_WEIGHT * covered
