"""The messages sent to the LLM: answer (system rules + numbered passages + question) and condense.

Passage text goes inside ``<passage>`` tags, after the rules, as data: tags inside the text are
removed so a passage cannot close its own block and pose as instructions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.prompts import load_prompt
from assistant.text.markers import strip_markers
from assistant.types import Passage

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

_TAG = re.compile(r"<\s*/?\s*passage\b[^>]*>", re.I)
# Enough of the conversation to resolve "it" and "what about X", short enough for a small model.
HISTORY_TURNS = 4
TURN_CHARS = 400


def format_passages(passages: list[Passage]) -> str:
    """``[n] Outlet — "Title" (date)`` then the text in ``<passage>`` tags, for n = 1..k."""
    blocks = []
    for n, p in enumerate(passages, 1):
        head = " — ".join(x for x in (p.outlet, f"“{p.title}”" if p.title else "") if x)
        date = f" ({p.date})" if p.date else ""
        text = _TAG.sub(" ", p.text).strip()
        blocks.append(f"[{n}] {head}{date}\n<passage>\n{text}\n</passage>")
    return "\n\n".join(blocks)


def answer_messages(
    prompts_dir: Path, passages: list[Passage], question: str, max_sentences: int
) -> list[BaseMessage]:
    from langchain_core.messages import HumanMessage, SystemMessage

    system = load_prompt(prompts_dir, "system").render(max_sentences=max_sentences)
    user = load_prompt(prompts_dir, "answer").render(
        passages=format_passages(passages), question=question.strip(), max_sentences=max_sentences
    )
    return [SystemMessage(system), HumanMessage(user)]


def condense_messages(prompts_dir: Path, question: str, history: list[dict[str, str]]) -> list[BaseMessage]:
    from langchain_core.messages import HumanMessage

    lines = []
    for turn in history[-HISTORY_TURNS:]:
        who = "User" if turn.get("role") == "user" else "Assistant"
        text = " ".join(strip_markers(turn.get("content", "")).split())
        if len(text) > TURN_CHARS:
            text = text[: TURN_CHARS - 1] + "…"
        lines.append(f"{who}: {text}")
    prompt = load_prompt(prompts_dir, "condense").render(history="\n".join(lines), question=question.strip())
    return [HumanMessage(prompt)]


_PREFIX = re.compile(r"^(?:standalone|rewritten|last)?\s*question\s*:\s*", re.I)


def clean_condensed(text: str, question: str) -> str:
    """The model's rewrite as one question, or "" when it is not usable (empty, rambling)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    line = _PREFIX.sub("", lines[0]).strip().strip("\"'“”").strip()
    if not line or len(line) > 3 * len(question) + 200:
        return ""
    return line
