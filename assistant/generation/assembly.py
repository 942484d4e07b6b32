"""Turn verified sentences into the streamed text and the final :class:`Answer`.

Nothing unverified reaches the stream: a sentence is shown once it has been checked, removed ones
never are, and sentences that cannot stand alone (the model's "The sources do not say.", marked
unsupported ones, a premise lead-in) wait until a supported sentence comes. An answer with no
supported sentence becomes an abstention.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from assistant.prompts import load_prompt
from assistant.stream import EventKind, SentenceEvent, notes_of
from assistant.text.markers import marker_numbers
from assistant.types import Answer, Citation, Passage
from assistant.verification.verifier import Checked

UNSUPPORTED_MARK = "[unsupported]"


class AnswerAssembly:
    """Collects checked sentences in order; :meth:`add` returns what to stream now (text and the
    sentence's verification events).
    """

    def __init__(self, mode: Literal["remove", "mark"], limit: int) -> None:
        self.mode = mode
        self.limit = limit
        self.total = 0
        self.supported = 0
        self.premise = False
        self.model_abstained = False
        self.dropped: list[SentenceEvent] = []  # sentences removed or marked unsupported
        self._shown: list[str] = []
        self._held: list[str] = []

    @property
    def full(self) -> bool:
        """Enough: the answer has its sentences (or the model keeps writing unsupported ones)."""
        return self.supported >= self.limit or self.total >= 2 * self.limit

    @property
    def shown_any(self) -> bool:
        return bool(self._shown)

    def add(self, checked: Checked) -> list[str | SentenceEvent]:
        events: list[str | SentenceEvent] = list(checked.events)
        piece = ""
        if checked.kind == "premise":
            self.premise = True
            piece = checked.text
        elif checked.kind == "abstain":
            self.model_abstained = True
            piece = checked.text
        else:
            self.total += 1
            if checked.kind == "supported":
                self.supported += 1
                piece = checked.render()
            else:
                kind: EventKind = "marked" if self.mode == "mark" else "removed"
                event = SentenceEvent(kind, checked.text, "; ".join(checked.reasons))
                self.dropped.append(event)
                events.append(event)
                if kind == "marked":
                    piece = f"{checked.text} {UNSUPPORTED_MARK}"
        if not piece:
            return events
        self._held.append(piece)
        if not self.supported:
            return events
        out = [(" " if self._shown or i else "") + p for i, p in enumerate(self._held)]
        self._shown += self._held
        self._held = []
        return [*events, *out]

    def finish(
        self, question: str, standalone: str, passages: list[Passage], citations: list[Citation],
        backend: str, prompts_dir: Path, notes: list[str],
    ) -> tuple[str, Answer]:  # fmt: skip
        """The text still to stream (an abstention) and the final answer."""
        notes = [*notes, *notes_of(self.dropped)]
        if not self.supported:
            if self.model_abstained:
                notes.insert(0, "The model said the passages do not answer the question.")
            elif not self.total:
                notes.insert(0, "The model wrote no answer sentence.")
            else:
                notes.insert(0, "No sentence of the model's answer is supported by the passages.")
            text = load_prompt(prompts_dir, "abstain").render(reason="")
            answer = Answer(question, text, [], True, passages, backend, standalone_question=standalone,
                            sentences_total=self.total, notes=notes)  # fmt: skip
            return text, answer
        used = {n for piece in self._shown for n in marker_numbers(piece)}
        answer = Answer(
            question=question, text=" ".join(self._shown), abstained=False, passages=passages,
            citations=[c for c in citations if c.n in used], backend=backend,
            standalone_question=standalone, premise_corrected=self.premise,
            sentences_total=self.total, sentences_verified=self.supported, notes=notes,
        )  # fmt: skip
        return "", answer
