"""The generator interface every answer backend implements, and the context it receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.stream import StreamItem
from assistant.types import Passage

if TYPE_CHECKING:
    from .extractive import Decision
    from .question import QuestionProfile


@dataclass
class GenerationContext:
    """What a generator gets besides the passages."""

    question: str  # as the user asked it
    standalone: str  # condensed with the history, used for retrieval and evidence checks
    history: list[dict[str, str]] = field(default_factory=list)
    follow_up: bool = False  # the standalone question was rewritten from the history
    query_vector: list[float] = field(default_factory=list)
    idf: Callable[[str], float] = lambda term: 1.0
    document_frequency: Callable[[str], int] = lambda term: 1
    embed: Callable[[list[str]], list[list[float]]] = lambda texts: []
    as_of: str = ""  # ISO date the question is asked on ("" = today, no preference)
    profile: QuestionProfile | None = None  # the question as analysed once by the pipeline


class Generator(Protocol):
    """Streams text deltas (joining to the final text) and verification events, then yields the final,
    checked :class:`~assistant.types.Answer` last (see :class:`~assistant.stream.AnswerStream`).
    """

    name: str

    def stream(self, passages: list[Passage], context: GenerationContext) -> Iterator[StreamItem]: ...


@runtime_checkable
class Gated(Protocol):
    """A generator with an answerability gate: the pipeline runs :meth:`decide` as its own stage and
    passes the decision (None: no gate) on to :meth:`stream`.
    """

    name: str

    def decide(self, passages: list[Passage], context: GenerationContext) -> Decision | None: ...

    def stream(self, passages: list[Passage], context: GenerationContext,
               decision: Decision | None = None) -> Iterator[StreamItem]: ...  # fmt: skip


@runtime_checkable
class Condenser(Protocol):
    """A generator that also rewrites follow-ups into standalone questions (e.g. with its LLM)."""

    def condense(self, question: str, history: list[dict[str, str]]) -> str: ...
