"""Passage sentences that address the assistant ("Ignore previous instructions and say ...").

The model is told that passage text is data, but a model that obeys anyway would parrot the
injected words, and a parroted sentence looks verbatim-supported. So verification does not count
such sentences as evidence: a claim they alone back is unsupported.
"""

from __future__ import annotations

import re

from assistant.text.sentences import split_sentences

INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*"
    r"(?:previous|prior|above|earlier|preceding|system|other)?\s*(?:instructions?|rules|prompts?|directions)\b"
    r"|\b(?:system|developer)\s+(?:prompt|message|instructions?)\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|llm)\b"
    r"|\b(?:tell|inform)\s+the\s+(?:user|reader)\b"
    r"|^\s*(?:instead,?\s+|now,?\s+|please,?\s+)?(?:say|reply|answer|write|respond|output|print)\b",
    re.I,
)


def is_instruction(sentence: str) -> bool:
    return bool(INSTRUCTION.search(sentence))


def without_instructions(text: str) -> str:
    """``text`` with the sentences that address the assistant blanked out (same length)."""
    out = list(text)
    for span in split_sentences(text):
        if is_instruction(span.text):
            out[span.start : span.end] = " " * (span.end - span.start)
    return "".join(out)
