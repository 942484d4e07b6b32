"""Quote fidelity: is every citation's quote verbatim in its source document at its offsets?

A citation is faithful when ``document_text[start:end] == quote`` for the document with its
``source_id``. A citation of an unknown source, or with offsets outside the text, is not.
An answer without citations is ``None`` (nothing to check).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant import Citation


@dataclass(frozen=True)
class QuoteFidelityScore:
    score: float | None
    checked: int
    verbatim: int
    failures: list[str] = field(default_factory=list)


def score_quote_fidelity(citations: Sequence[Citation], documents: Mapping[str, str]) -> QuoteFidelityScore:
    failures = []
    for c in citations:
        text = documents.get(c.source_id)
        if text is None:
            failures.append(f"[{c.n}] unknown source {c.source_id!r}")
        elif not (0 <= c.start <= c.end <= len(text)):
            failures.append(f"[{c.n}] offsets {c.start}-{c.end} outside {c.source_id} ({len(text)} chars)")
        elif text[c.start : c.end] != c.quote:
            failures.append(f"[{c.n}] quote differs from {c.source_id}[{c.start}:{c.end}]")
    if not citations:
        return QuoteFidelityScore(None, 0, 0)
    ok = len(citations) - len(failures)
    return QuoteFidelityScore(ok / len(citations), len(citations), ok, failures)
