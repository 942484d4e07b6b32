"""One browser session's chat: its answers and the messages the chatbot shows.

Gradio keeps one copy per session (``gr.State``), so chats never leak between users.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.types import Answer
from assistant.ui import render


@dataclass
class ChatSession:
    """The answers given so far (for follow-ups and the evidence panel) and the chat messages."""

    answers: list[Answer] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)

    def history(self) -> list[dict[str, str]]:
        """Plain role/content turns for :meth:`Assistant.stream` (no HTML links)."""
        turns: list[dict[str, str]] = []
        for a in self.answers:
            turns += [{"role": "user", "content": a.question}, {"role": "assistant", "content": a.text}]
        return turns

    def start(self, question: str) -> None:
        """Show the question and an empty reply that the stream fills in."""
        self.messages += [
            {"role": "user", "content": render.md_escape(question)},
            {"role": "assistant", "content": render.pending_markdown("")},
        ]

    def update(self, partial: str) -> None:
        self.messages[-1]["content"] = render.pending_markdown(partial)

    def finish(self, answer: Answer) -> int:
        """Record the final answer; returns its 1-based turn number."""
        self.answers.append(answer)
        turn = len(self.answers)
        self.messages[-1]["content"] = render.chat_markdown(answer, turn)
        return turn

    def fail(self, message: str) -> None:
        self.messages[-1]["content"] = f"**Error:** {render.md_escape(message)}"

    @property
    def last(self) -> Answer | None:
        return self.answers[-1] if self.answers else None
