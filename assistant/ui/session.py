"""One browser session's chat: its turns (question, reply as shown, answer) and its saved id.

Gradio keeps one copy per session (``gr.State``), so chats never leak between users; the
conversation store keeps a copy on disk so a reload or a restart brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant import Answer
from assistant.ui import render
from assistant.ui.conversations import Conversation, Turn

STOPPED = "_Stopped._"


@dataclass
class ChatSession:
    """The turns so far (for follow-ups, the evidence panel and the chat) and where they are saved."""

    turns: list[Turn] = field(default_factory=list)
    conversation_id: str = ""  # "" until the first question is saved
    title: str = ""

    @classmethod
    def restore(cls, conversation: Conversation) -> ChatSession:
        return cls(list(conversation.turns), conversation.id, conversation.title)

    @property
    def answers(self) -> list[Answer]:
        return [t.answer for t in self.turns if t.answer is not None]

    @property
    def messages(self) -> list[dict[str, str]]:
        """What the chatbot shows: the question (escaped) and the reply of every turn."""
        out: list[dict[str, str]] = []
        for t in self.turns:
            out += [{"role": "user", "content": render.md_escape(t.question)},
                    {"role": "assistant", "content": t.reply}]  # fmt: skip
        return out

    def history(self) -> list[dict[str, str]]:
        """Plain role/content turns for :meth:`Assistant.stream` (no HTML links)."""
        turns: list[dict[str, str]] = []
        for a in self.answers:
            turns += [{"role": "user", "content": a.question}, {"role": "assistant", "content": a.text}]
        return turns

    def start(self, question: str) -> None:
        """Show the question and an empty reply that the stream fills in."""
        self.turns.append(Turn(question, render.pending_markdown("")))

    def _stopped(self) -> bool:
        return bool(self.turns) and self.turns[-1].reply.startswith(STOPPED)

    def update(self, partial: str) -> bool:
        """Show more of the streamed reply; False once it was stopped (a late chunk changes nothing)."""
        if self._stopped():
            return False
        self.turns[-1].reply = render.pending_markdown(partial)
        return True

    def finish(self, answer: Answer) -> int:
        """Record the final answer; returns its 1-based number among the answers (0: it was stopped)."""
        if self._stopped():
            return 0
        self.turns[-1].answer = answer
        number = len(self.answers)
        self.turns[-1].reply = render.chat_markdown(answer, number)
        return number

    def fail(self, message: str) -> None:
        self.turns[-1].reply = f"**Error:** {render.md_escape(message)}"

    def stop(self) -> bool:
        """Mark an unfinished last reply as stopped (what streamed so far stays); True if it was one."""
        last = self.turns[-1] if self.turns else None
        if last is None or last.answer is not None or last.reply.startswith(("**Error:**", STOPPED)):
            return False
        partial = last.reply if last.reply != render.pending_markdown("") else ""
        last.reply = f"{STOPPED} {partial}".rstrip()
        return True

    def cut(self, turn_index: int) -> str:
        """Drop turn ``turn_index`` (0-based) and every later one; returns that turn's question."""
        if not 0 <= turn_index < len(self.turns):
            raise ValueError(f"There is no question {turn_index + 1} in this chat to ask again.")
        question = self.turns[turn_index].question
        del self.turns[turn_index:]
        return question
