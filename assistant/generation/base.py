"""The generator interface every answer backend implements, and the context it receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.errors import BackendError
from assistant.settings import Settings
from assistant.stream import StreamItem
from assistant.types import Passage

if TYPE_CHECKING:
    from .comparison import WholeVoices
    from .extractive import Decision
    from .question import QuestionProfile


@dataclass
class GenerationContext:
    """What a generator gets besides the passages.

    The corpus statistics and the embedder have no defaults: the answerability rules read them ("the
    articles never mention X" is ``document_frequency(X) == 0``), so a stand-in would switch those
    rules off without a word. Pass the index's own (``IndexSnapshot.bm25.idf`` and
    ``.document_frequency``).
    """

    question: str  # as the user asked it
    standalone: str  # condensed with the history, used for retrieval and evidence checks
    history: list[dict[str, str]] = field(default_factory=list)
    follow_up: bool = False  # the standalone question was rewritten from the history
    query_vector: list[float] = field(default_factory=list)
    as_of: str = ""  # ISO date the question is asked on ("" = today, no preference)
    # The days before ``as_of`` whose news a "this week" question is about (``Settings.recent_days``).
    recent_days: int = Settings.model_fields["recent_days"].default
    profile: QuestionProfile | None = None  # the question as analysed once by the pipeline
    # Who speaks each sentence of the given passages, attributed over their whole articles (sentence
    # key (source id, start) -> (speaker or "", role or "")): the index's attributions, which see the
    # names and speakers earlier chunks introduce. None: each passage is attributed on its own.
    voices: WholeVoices | None = None
    _: KW_ONLY
    idf: Callable[[str], float]  # of a term in the indexed corpus
    document_frequency: Callable[[str], int]  # how many indexed chunks hold a term
    embed: Callable[[list[str]], list[list[float]]]


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
class Deep(Protocol):
    """A generator that chooses among more passages than are shown: the pipeline retrieves
    ``depth`` of them (at least the shown ``top_k``) and shows one beyond ``top_k`` only when the
    answer cites it.
    """

    name: str
    depth: int

    def stream(self, passages: list[Passage], context: GenerationContext) -> Iterator[StreamItem]: ...


@runtime_checkable
class FallsBack(Protocol):
    """A backend the pipeline backs with the extractive one: the extractive answerability gate runs
    first when ``shares_gate`` (an abstention is not sent to it), and when :meth:`stream` raises
    :class:`Unavailable` the extractive answer is given instead. ``label`` names it on its answers.
    """

    name: str
    label: str

    @property
    def shares_gate(self) -> bool: ...

    def stream(self, passages: list[Passage], context: GenerationContext) -> Iterator[StreamItem]: ...


class Unavailable(BackendError):
    """The backend cannot answer this question (its endpoint is down, or its stream broke off before
    anything was shown); ``reason`` says why, for the fallback answer's label.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@runtime_checkable
class Condenser(Protocol):
    """A generator that also rewrites follow-ups into standalone questions (e.g. with its LLM)."""

    def condense(self, question: str, history: list[dict[str, str]]) -> str: ...
