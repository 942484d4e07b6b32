"""Unanswerable questions from real news: answerable questions asked over a corpus that lacks
their answers (``eval run --unanswerable-from``, ``eval fit --negatives`` and ``--withheld``).

A question becomes unanswerable when none of its expected answers appears, normalised, in any
article of the corpus: no answer built from those articles can be right, so the right reply is to
abstain. Questions whose answer does appear are left out (the articles might answer them). The
question keeps its split and loses its date: asked "as of" its day, a corpus of later articles
would be filtered away and the abstention would be trivial.

Withheld: every question asked over its own corpus without the articles that hold its answer, as
of its day. What is left is the same news, the same week and the same topic, only not the answer:
the hardest unanswerable question there is. An article is withheld when it holds an expected
answer, normalised, or every content word of one (so "cucumber" withholds "Cucumbers" too).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import Assistant, Filters, SourceError
from assistant.evals.dataset import MAX_ARTICLE_BYTES, Question
from assistant.loaders import load_document, scan_sources
from assistant.text import content_terms, normalise

NEGATIVE_SUFFIX = "~absent"  # appended to a question's id when it is asked as unanswerable
WITHHELD_SUFFIX = "~withheld"  # ... when it is asked without the articles that hold its answer


@dataclass(frozen=True)
class Article:
    """What withholding needs of an indexed article: its id, normalised text and content words."""

    source_id: str
    text: str
    terms: frozenset[str]

    @classmethod
    def read(cls, source_id: str, path: Path) -> Article | None:
        """The article at ``path`` (None when it no longer loads)."""
        full = _article_text(path)
        return None if full is None else cls(source_id, normalise(full), frozenset(content_terms(full)))

    def holds(self, answer: ExpectedAnswer) -> bool:
        """Does this article hold ``answer``, as written or word for word?"""
        return answer.text in self.text or bool(answer.terms) and answer.terms <= self.terms


@dataclass(frozen=True)
class ExpectedAnswer:
    """An expected answer as :meth:`Article.holds` compares it: normalised, and its content words."""

    text: str
    terms: frozenset[str]

    @classmethod
    def of(cls, alternative: str) -> ExpectedAnswer:
        return cls(normalise(alternative), frozenset(content_terms(alternative)))


def articles_of(assistant: Assistant) -> list[Article]:
    """The articles of the assistant's index that still load, for :func:`as_withheld`."""
    records = assistant.list_sources()
    return [a for r in records if (a := Article.read(r.source_id, Path(r.path))) is not None]


def filters_for(q: Question, source_ids: Sequence[str]) -> Filters | None:
    """The filters a question is asked with: every source but those it withholds (None: all)."""
    if not q.withheld:
        return None
    left_out = set(q.withheld)
    return Filters(sources=tuple(s for s in source_ids if s not in left_out))


def as_withheld(questions: Sequence[Question], articles: Sequence[Article]) -> list[Question]:
    """Each question as unanswerable, asked without the articles that hold one of its answers
    (``Question.withheld``); questions with no expected answer, or nothing left, are left out.
    """
    out = []
    for q in questions:
        answers = [ExpectedAnswer.of(alt) for group in q.expect for alt in group]
        holding = tuple(a.source_id for a in articles if any(a.holds(answer) for answer in answers))
        if not answers or len(holding) == len(articles):
            continue
        out.append(_unanswerable(q, WITHHELD_SUFFIX, withheld=holding))
    return out


def corpus_text(sources: Path) -> str:
    """Every readable article of ``sources`` (the files the index takes, by the same rule),
    normalised and joined; unreadable ones are skipped, as the index skips them.
    """
    texts = (_article_text(path) for path in scan_sources(sources)[0])
    return "\n".join(normalise(text) for text in texts if text is not None)


def as_unanswerable(questions: Sequence[Question], sources: Path) -> list[Question]:
    """The questions none of whose expected answers the corpus holds, as unanswerable ones."""
    corpus = corpus_text(sources)
    out = []
    for q in questions:
        alternatives = [alt for group in q.expect for alt in group]
        if not alternatives or any(normalise(alt) in corpus for alt in alternatives):
            continue
        out.append(_unanswerable(q, NEGATIVE_SUFFIX, date=""))
    return out


def _article_text(path: Path) -> str | None:
    """An article's title and text as the index reads them (None when it does not load)."""
    try:
        document = load_document(path, MAX_ARTICLE_BYTES)
    except SourceError:
        return None
    return f"{document.title}\n{document.text}"


def _unanswerable(q: Question, suffix: str, **changes: Any) -> Question:
    """``q`` asked as unanswerable: its own id and set (``suffix``), no expected answers."""
    return dataclasses.replace(
        q, id=q.id + suffix, kind="unanswerable", expect=(), expect_not=(), support=(), support_all=(),
        origin=_negative_origin(q.origin, suffix), **changes,
    )  # fmt: skip


def _negative_origin(origin: str, suffix: str) -> str:
    """"x/questions.jsonl:7" -> "x/questions~absent.jsonl:7": its own set in the report."""
    file, sep, line = origin.rpartition(":")
    if not sep:
        return origin
    path = Path(file)
    return f"{path.with_name(path.stem + suffix + path.suffix)}:{line}"
