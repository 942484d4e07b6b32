"""The generator interface every answer backend implements, and the context it receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from assistant.types import Answer, Passage


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


class Generator(Protocol):
    """Streams text deltas, then yields the final, checked :class:`Answer` last."""

    name: str

    def stream(self, passages: list[Passage], context: GenerationContext) -> Iterator[str | Answer]: ...


@runtime_checkable
class Condenser(Protocol):
    """A generator that also rewrites follow-ups into standalone questions (e.g. with its LLM)."""

    def condense(self, question: str, history: list[dict[str, str]]) -> str: ...
