"""One answer as it is produced: :class:`AnswerStream` is both the stream and the result.

Iterating it gives text deltas that join exactly to the final answer text; :meth:`AnswerStream.answer`
gives the final :class:`~assistant.types.Answer`; :attr:`AnswerStream.events` holds what verification
did to each sentence (:class:`SentenceEvent`), from which the answer's prose notes are rendered.
Modelled on simonw/llm's ``Response``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from assistant.types import Answer

EventKind = Literal["verified", "re-cited", "citation-dropped", "removed", "marked"]
# The kinds that become a prose note on the answer (a verified sentence needs none).
NOTED: frozenset[EventKind] = frozenset({"re-cited", "citation-dropped", "removed", "marked"})
SHORT_CHARS = 80  # a sentence quoted in a re-cited note is shortened to this


@dataclass(frozen=True)
class SentenceEvent:
    """What verification did to one sentence, and why.

    ``detail``: for ``re-cited`` the source it now cites, for ``citation-dropped`` the markers
    dropped, for ``verified`` the citation markers it keeps.
    """

    kind: EventKind
    sentence: str
    reason: str = ""
    detail: str = ""

    def note(self) -> str:
        """The prose note shown with the answer ("" for a verified sentence)."""
        if self.kind == "re-cited":
            return f"Re-cited “{shorten(self.sentence)}” to {self.detail} ({self.reason})."
        if self.kind == "citation-dropped":
            return f"Dropped citation {self.detail}: {self.reason}."
        if self.kind == "removed":
            return f"Removed an unsupported sentence: “{self.sentence}” ({self.reason})."
        if self.kind == "marked":
            return f"Marked as unsupported: “{self.sentence}” ({self.reason})."
        return ""


def notes_of(events: list[SentenceEvent]) -> list[str]:
    """The prose notes of ``events``, in order."""
    return [e.note() for e in events if e.kind in NOTED]


def shorten(text: str, limit: int = SHORT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


StreamItem = str | SentenceEvent | Answer  # what a generator yields; the final Answer comes last


class AnswerStream:
    """Iterate for text deltas; ``.answer()`` for the final answer; ``.events`` for verification.

    Consumed once, lazily: iterating again (or calling ``.answer()`` / ``.text()`` after) replays
    what was recorded. If the deltas stop short of the final text, the rest is the last delta, so
    ``"".join(stream) == stream.answer().text`` always holds.
    """

    def __init__(self, items: Iterator[StreamItem]) -> None:
        self._items = items
        self._deltas: list[str] = []
        self._answer: Answer | None = None
        self.events: list[SentenceEvent] = []

    def __iter__(self) -> Iterator[str]:
        yield from list(self._deltas)
        if self._answer is not None:
            return
        for item in self._items:
            if isinstance(item, str):
                if item:
                    self._deltas.append(item)
                    yield item
            elif isinstance(item, SentenceEvent):
                self.events.append(item)
            else:
                self._answer = item
                rest = self._rest(item)
                if rest:
                    self._deltas.append(rest)
                    yield rest
                return
        raise RuntimeError("the answer stream ended without a final answer")

    def _rest(self, answer: Answer) -> str:
        sent = "".join(self._deltas)
        if not answer.text.startswith(sent):
            raise RuntimeError(f"the {answer.backend} backend streamed text that is not its answer's: "
                               f"{sent!r} is not the start of {answer.text!r}")  # fmt: skip
        return answer.text[len(sent) :]

    def answer(self) -> Answer:
        """The final answer (consumes what is left of the stream)."""
        for _ in self:
            pass
        assert self._answer is not None
        return self._answer

    def text(self) -> str:
        """The final answer's text."""
        return self.answer().text
