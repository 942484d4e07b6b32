"""Every side cited: does a comparison answer cite evidence for each side the question asks about?

A comparison question is a ``multi`` question whose id names it one (``cmp`` in the id, as in
``cmp-03`` and ``rtqa-cmp-07``); each of its ``expect`` groups is one side. A side is cited when one
of its alternatives is in a sentence of the answer that a citation marker follows ("[2]"), after
normalising quotes, whitespace and case. An abstention cites no side. Other questions: ``None``
(not a comparison), so the rate is over comparison questions only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.text import CITATION_MARKER, normalise, split_sentences

_COMPARISON_ID = re.compile(r"(?:^|[-_])cmp(?:[-_]|$)")


@dataclass(frozen=True)
class SidesInput:
    id: str
    kind: str
    answer: str
    abstained: bool
    expect: Sequence[Sequence[str]] = ()


def is_comparison(question_id: str, kind: str, expect: Sequence[Sequence[str]]) -> bool:
    """A ``multi`` question with two or more sides whose id says it compares (``cmp``)."""
    return kind == "multi" and len(expect) >= 2 and bool(_COMPARISON_ID.search(question_id))


def cited_text(answer: str) -> str:
    """The sentences of ``answer`` that a marker follows ("… ends. [1]" or "… ends [1]."),
    normalised and joined.
    """
    cited, start = [], 0
    for marker in CITATION_MARKER.finditer(answer):
        before = [s.text for s in split_sentences(answer[start : marker.start()]) if s.text.strip(" .")]
        if before:
            cited.append(normalise(before[-1]))
        start = marker.end()
    return " ".join(cited)


def sides_cited(item: SidesInput) -> bool | None:
    """Whether every side has an alternative in a cited sentence; ``None`` if not a comparison."""
    if not is_comparison(item.id, item.kind, item.expect):
        return None
    if item.abstained:
        return False
    text = cited_text(item.answer)
    return all(any(normalise(alt) in text for alt in group) for group in item.expect)
