"""Unanswerable questions from real news: answerable questions asked over a corpus that lacks
their answers (``eval run --unanswerable-from``, ``eval fit --negatives``).

A question becomes unanswerable when none of its expected answers appears, normalised, in any
article of the corpus: no answer built from those articles can be right, so the right reply is to
abstain. Questions whose answer does appear are left out (the articles might answer them). The
question keeps its split and loses its date: asked "as of" its day, a corpus of later articles
would be filtered away and the abstention would be trivial.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from assistant import SourceError
from assistant.evals.dataset import MAX_ARTICLE_BYTES, Question
from assistant.loaders import load_document, scan_sources
from assistant.text import normalise

NEGATIVE_SUFFIX = "~absent"  # appended to a question's id when it is asked as unanswerable


def corpus_text(sources: Path) -> str:
    """Every readable article of ``sources`` (the files the index takes, by the same rule),
    normalised and joined; unreadable ones are skipped, as the index skips them.
    """
    texts = []
    for path in scan_sources(sources)[0]:
        try:
            document = load_document(path, MAX_ARTICLE_BYTES)
        except SourceError:
            continue
        texts.append(normalise(f"{document.title}\n{document.text}"))
    return "\n".join(texts)


def as_unanswerable(questions: Sequence[Question], sources: Path) -> list[Question]:
    """The questions none of whose expected answers the corpus holds, as unanswerable ones."""
    corpus = corpus_text(sources)
    out = []
    for q in questions:
        alternatives = [alt for group in q.expect for alt in group]
        if not alternatives or any(normalise(alt) in corpus for alt in alternatives):
            continue
        out.append(dataclasses.replace(
            q, id=q.id + NEGATIVE_SUFFIX, kind="unanswerable", expect=(), expect_not=(),
            support=(), support_all=(), date="", origin=_negative_origin(q.origin),
        ))  # fmt: skip
    return out


def _negative_origin(origin: str) -> str:
    """"x/questions.jsonl:7" -> "x/questions~absent.jsonl:7": its own set in the report."""
    file, sep, line = origin.rpartition(":")
    if not sep:
        return origin
    path = Path(file)
    return f"{path.with_name(path.stem + NEGATIVE_SUFFIX + path.suffix)}:{line}"
