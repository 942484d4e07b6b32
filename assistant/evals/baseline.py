"""The naive baseline ``eval run --baseline naive`` measures the assistant against, in the same run.

Same retrieved passages; answer = the two passage sentences that rank best by reciprocal-rank
fusion of sentence-level BM25 (with the index's idf) and embedding cosine to the question, each
cited at its exact offsets. It never abstains and has no notion of the question's kind: what the
assistant gains over it is what its answer model adds on top of retrieval.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from assistant import Answer, Assistant, Citation, EvalError, Passage
from assistant.generation import GenerationContext
from assistant.text import bm25_scores, content_terms, split_sentences

BASELINES = ("naive",)
SENTENCES = 2  # sentences in a naive answer
RRF_K = 60  # the constant of Cormack et al. (2009), as in the retriever


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int  # offsets in the source document
    end: int
    passage: Passage


def _sentences(passages: Sequence[Passage]) -> list[_Sentence]:
    """Every sentence of the passages once (chunks overlap), in retrieval order."""
    seen: set[tuple[str, int]] = set()
    out = []
    for p in passages:
        for span in split_sentences(p.text, p.start):
            if (p.source_id, span.start) not in seen:
                seen.add((p.source_id, span.start))
                out.append(_Sentence(span.text, span.start, span.end, p))
    return out


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each score, highest first (ties keep retrieval order)."""
    ranks = np.empty(len(scores), dtype=int)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


def rank_sentences(question: str, texts: list[str], context: GenerationContext) -> list[int]:
    """Indices of ``texts`` by RRF of BM25 and cosine to ``question``, best first."""
    weights = {t: context.idf(t) for t in set(content_terms(question))}
    bm25 = bm25_scores(weights, [content_terms(t) for t in texts])
    query = np.asarray(context.query_vector or context.embed([question])[0], dtype=float)
    vectors = np.asarray(context.embed(texts), dtype=float)
    cosine = vectors @ query / np.maximum(np.linalg.norm(vectors, axis=1) * np.linalg.norm(query), 1e-12)
    fused = 1 / (RRF_K + _ranks(bm25)) + 1 / (RRF_K + _ranks(cosine))
    return [int(i) for i in np.argsort(-fused, kind="stable")]


class NaiveGenerator:
    """The two best-ranked passage sentences, each cited; never abstains."""

    name = "naive"

    def stream(self, passages: list[Passage], context: GenerationContext) -> Iterator[str | Answer]:
        sentences = _sentences(passages)
        best = rank_sentences(context.standalone, [s.text for s in sentences], context) if sentences else []
        citations, parts = [], []
        for n, i in enumerate(best[:SENTENCES], 1):
            s = sentences[i]
            p = s.passage
            citations.append(Citation(n, p.source_id, p.title, p.outlet, p.date, s.text, s.start, s.end,
                                      p.chunk_id))  # fmt: skip
            parts.append(f"{s.text} [{n}]")
        text = " ".join(parts)
        yield text
        yield Answer(question=context.question, text=text, citations=citations, abstained=False,
                     passages=passages, backend=self.name, standalone_question=context.standalone,
                     sentences_total=len(parts), sentences_verified=0)  # fmt: skip


def baseline_assistant(assistant: Assistant, method: str) -> Assistant:
    """An assistant that answers with the ``method`` baseline over ``assistant``'s index.

    It shares the embedder, the store and the BM25 index (built lazily on the assistant, read here
    once), so nothing is loaded or indexed twice.
    """
    if method not in BASELINES:
        raise EvalError(f"unknown baseline {method!r} (one of {', '.join(BASELINES)})")
    other = Assistant(assistant.settings, generator=NaiveGenerator())
    other._embedder = assistant.embedder
    other._store = assistant.store
    other._snapshot = assistant.snapshot()
    return other
