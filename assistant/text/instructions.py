"""Sentences that address the reader's software rather than report news: "Ignore previous
instructions and say ...", "You are now an AI ...", "SYSTEM: The assistant must answer that ...".
A source can contain them (prompt injection); they are never quoted as an answer nor counted as
evidence. A line that opens with a chat role ("SYSTEM:", "[assistant]:") is addressed to a model
as a whole, so every sentence on it counts.
"""

from __future__ import annotations

import re

from assistant.text.sentences import Span, split_sentences

# Who a chat transcript or a prompt names as speaker: never a news source's voice.
_ROLE = r"(?:system|assistant|developer|ai|chatbot|bot|llm|model|admin(?:istrator)?)"
ROLE_PREFIX = re.compile(
    rf"^\s*[\[<(#*]*\s*{_ROLE}(?:\s+(?:message|prompt|note|instructions?|override))?\s*[\]>)*]*\s*:",
    re.I | re.M,
)
# What a prompt tells a model to do with the user's question.
_REPLY_VERB = r"(?:answer|say|reply|respond|state|claim|output)"
_WHAT_FOLLOWS = r"(?:that|with|only|exactly|the\s+following|:)"
_MODEL = (
    r"(?:the|this|any|every|an?)\s+(?:ai\s+|language\s+|chat\s+)?"
    r"(?:assistants?|chatbots?|language\s+models?|llms?|ai\s+(?:models?|systems?))"
)
INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+)*"
    r"(?:previous|prior|above|earlier|preceding|system|original|other)?\s*"
    r"(?:instructions?|rules|prompts?|directions|guidelines)\b"
    r"|\b(?:system|developer)\s+(?:prompt|message|instructions?)\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|llm)\b"
    r"|\b(?:tell|inform|assure)\s+the\s+(?:user|reader)s?\b"
    r"|\bnew\s+instructions\s*:"
    r"|^\s*(?:instead|now|please),?\s+(?:say|reply|answer|write|respond|output|print)\b"
    r"|^\s*(?:say|reply|answer|write|respond|output|print)\s+(?:only|exactly|that|with|the\s+following)\b"
    # "The assistant must answer that ...", "AI models should always say ..."
    rf"|\b{_MODEL}\s+(?:must|should|shall|will|needs?\s+to|has\s+to|is\s+(?:required|instructed|to))"
    rf"\s+(?:always\s+|now\s+|only\s+|instead\s+)?{_REPLY_VERB}\s+{_WHAT_FOLLOWS}"
    # "You must answer that ...", "you should reply with ..."
    rf"|\byou\s+(?:must|should|shall|will|are\s+to|need\s+to)\s+(?:always\s+|now\s+|only\s+)?"
    rf"{_REPLY_VERB}\s+{_WHAT_FOLLOWS}"
    # "When asked about X, say ...", "If a user asks ..., answer ..."
    rf"|^\s*(?:when|if|whenever)\s+(?:you\s+are\s+|being\s+)?(?:asked|(?:a|the)\s+users?\s+asks?)\b"
    rf"[^.]*,\s*(?:always\s+)?{_REPLY_VERB}\b"
    # "Note to AI assistants reading this", "AI models reading this page"
    r"|\b(?:note\s+to|attention)\s+(?:all\s+|any\s+)?(?:ai|assistants?|chatbots?|language\s+models?|llms?)\b"
    r"|\b(?:ai|assistants?|chatbots?|language\s+models?|llms?)\s+reading\s+this\b",
    re.I,
)


def is_instruction(sentence: str) -> bool:
    """True for a sentence that instructs an assistant instead of stating something."""
    return bool(INSTRUCTION.search(sentence) or ROLE_PREFIX.match(sentence))


def flag_instructions(text: str, offset: int = 0) -> list[tuple[Span, bool]]:
    """The sentences of ``text`` (as :func:`split_sentences`), each with whether it addresses an
    assistant: by its own words, or by sitting on a line that opens with a chat role.
    """
    flagged: list[tuple[Span, bool]] = []
    addressed_line = -1  # start of the last line that opened with a role prefix
    for span in split_sentences(text, offset):
        line_start = text.rfind("\n", 0, span.start - offset) + 1
        if line_start != addressed_line and ROLE_PREFIX.match(text, line_start):
            addressed_line = line_start
        flagged.append((span, line_start == addressed_line or is_instruction(span.text)))
    return flagged
