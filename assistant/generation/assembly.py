"""Turn verified sentences into the streamed text and the final :class:`Answer`.

Nothing unverified reaches the stream: a sentence is shown once it has been checked, removed ones
never are, and sentences that cannot stand alone (the model's "The sources do not say.", marked
unsupported ones, a premise lead-in) wait until a supported sentence comes. An answer with no
supported sentence becomes an abstention.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from assistant.prompts import load_prompt
from assistant.types import Answer, Citation, Passage
from assistant.verification.verifier import Checked

UNSUPPORTED_MARK = "[unsupported]"


class AnswerAssembly:
    """Collects checked sentences in order; :meth:`add` returns the text to stream now."""

    def __init__(self, mode: Literal["remove", "mark"], limit: int) -> None:
        self.mode = mode
        self.limit = limit
        self.total = 0
        self.supported = 0
        self.premise = False
        self.model_abstained = False
        self.removed: list[Checked] = []
        self.marked: list[Checked] = []
        self._shown: list[str] = []
        self._held: list[str] = []

    @property
    def full(self) -> bool:
        """Enough: the answer has its sentences (or the model keeps writing unsupported ones)."""
        return self.supported >= self.limit or self.total >= 2 * self.limit

    @property
    def shown_any(self) -> bool:
        return bool(self._shown)

    def add(self, checked: Checked) -> list[str]:
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
            elif self.mode == "mark":
                self.marked.append(checked)
                piece = f"{checked.text} {UNSUPPORTED_MARK}"
            else:
                self.removed.append(checked)
        if not piece:
            return []
        self._held.append(piece)
        if not self.supported:
            return []
        out = [(" " if self._shown or i else "") + p for i, p in enumerate(self._held)]
        self._shown += self._held
        self._held = []
        return out

    def finish(
        self, question: str, standalone: str, passages: list[Passage], citations: list[Citation],
        backend: str, prompts_dir: Path, notes: list[str],
    ) -> tuple[str, Answer]:  # fmt: skip
        """The text still to stream (an abstention) and the final answer."""
        notes = [*notes, *self._notes()]
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
        used = {n for piece in self._shown for n in _numbers(piece)}
        answer = Answer(
            question=question, text=" ".join(self._shown), abstained=False, passages=passages,
            citations=[c for c in citations if c.n in used], backend=backend,
            standalone_question=standalone, premise_corrected=self.premise,
            sentences_total=self.total, sentences_verified=self.supported, notes=notes,
        )  # fmt: skip
        return "", answer

    def _notes(self) -> list[str]:
        out = []
        for c in self.removed:
            out.append(f"Removed an unsupported sentence: “{c.text}” ({'; '.join(c.reasons)}).")
        for c in self.marked:
            out.append(f"Marked as unsupported: “{c.text}” ({'; '.join(c.reasons)}).")
        return out


def _numbers(piece: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", piece)]
