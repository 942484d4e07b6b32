"""Sentences that address the reader's software rather than report news: "Ignore previous
instructions and say ...", "You are now an AI ...". A source can contain them (prompt injection);
they are never quoted as an answer nor counted as evidence.
"""

from __future__ import annotations

import re

INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+)*"
    r"(?:previous|prior|above|earlier|preceding|system|original|other)?\s*"
    r"(?:instructions?|rules|prompts?|directions|guidelines)\b"
    r"|\b(?:system|developer)\s+(?:prompt|message|instructions?)\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|llm)\b"
    r"|\b(?:tell|inform|assure)\s+the\s+(?:user|reader)s?\b"
    r"|\bnew\s+instructions\s*:"
    r"|^\s*(?:instead|now|please),?\s+(?:say|reply|answer|write|respond|output|print)\b"
    r"|^\s*(?:say|reply|answer|write|respond|output|print)\s+(?:only|exactly|that|with|the\s+following)\b",
    re.I,
)


def is_instruction(sentence: str) -> bool:
    """True for a sentence that instructs an assistant instead of stating something."""
    return bool(INSTRUCTION.search(sentence))
