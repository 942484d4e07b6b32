"""What a citation shows the judge: the text of the passage it points to.

For claim support, "the passages a claim cites" are, for each citation number, the full text of the
retrieved passage with the citation's ``chunk_id`` (which contains the quoted span, so the judge
sees the quote *and* the sentences around it — the context a reader clicking the citation sees).
When no retrieved passage has that chunk id (a backend that cites by quote only), the quote itself
is the evidence. Whether the quote is really in the source is quote fidelity's job, not this one's.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import Citation, Passage


def citation_evidence(citations: Sequence[Citation], passages: Sequence[Passage]) -> dict[int, str]:
    """Citation number -> the text the judge reads for it."""
    by_chunk = {p.chunk_id: p.text for p in passages}
    return {c.n: by_chunk.get(c.chunk_id, c.quote) if c.chunk_id else c.quote for c in citations}
