"""The data that flows through the assistant: documents, chunks, passages, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """A loaded source: its text (the body citations point into) and its metadata."""

    source_id: str
    text: str
    title: str
    outlet: str = ""
    date: str = ""  # ISO date (YYYY-MM-DD, YYYY-MM or YYYY) or "" when unknown
    path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A span of a document's text, indexed as one unit."""

    chunk_id: str
    source_id: str
    text: str
    start: int
    end: int
    index: int


@dataclass
class Passage:
    """A retrieved chunk with the metadata a citation needs and its retrieval scores."""

    chunk_id: str
    source_id: str
    text: str
    start: int
    end: int
    title: str
    outlet: str
    date: str
    score: float = 0.0
    dense_score: float | None = None
    bm25_score: float | None = None
    rank: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Citation:
    """A numbered citation: the exact quoted span in its source, and who speaks in it.

    ``speaker`` is the person, group or document the quoted sentence speaks for (the outlet when it
    is the article's own voice), ``speaker_role`` what the article calls them, ``via`` how the words
    reached the outlet (front matter ``via``); each None when not known (see assistant.speakers).
    """

    n: int
    source_id: str
    title: str
    outlet: str
    date: str
    quote: str
    start: int
    end: int
    chunk_id: str = ""
    speaker: str | None = None
    speaker_role: str | None = None
    via: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Section:
    """One side of a comparison answer: its label, its sentences and the [n] citing each.

    ``aspects`` names, per sentence, what the sides differ on when another side's sentence speaks
    to the same thing ("" when none): the rows of a side-by-side table.
    """

    label: str
    sentences: list[str]
    citations: list[int]
    aspects: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    """What the assistant says, with everything needed to check it."""

    question: str
    text: str
    citations: list[Citation]
    abstained: bool
    passages: list[Passage]
    backend: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str = ""
    premise_corrected: bool = False
    sentences_total: int = 0
    sentences_verified: int = 0
    notes: list[str] = field(default_factory=list)
    # The answer model's probability that the chosen evidence answers the question (None when the
    # backend has no such score); abstention is this below a fitted threshold.
    confidence: float | None = None
    # A comparison answer's sides (the text then has one line per side); empty otherwise.
    sections: list[Section] = field(default_factory=list)
    # Old news: the newest quoted article's date when the question asks about the days before its
    # as-of date and every article quoted is much older (see ``notes``); "" otherwise.
    old_news: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "premise_corrected": self.premise_corrected,
            "citations": [{k: v for k, v in c.to_dict().items() if k != "chunk_id"} for c in self.citations],
            "sections": [s.to_dict() for s in self.sections],
            "passages": [p.to_dict() for p in self.passages],
            "backend": self.backend,
            "standalone_question": self.standalone_question,
            "sentences_total": self.sentences_total,
            "sentences_verified": self.sentences_verified,
            "notes": self.notes,
            "old_news": self.old_news or None,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
