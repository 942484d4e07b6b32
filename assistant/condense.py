"""Turn a follow-up question into a standalone one, without an LLM.

"And what about China?" after "What does the US focus on?" becomes "What does China focus on?";
"Who said that?" brings in the previous answer, so retrieval finds the passage it refers to.
"""

from __future__ import annotations

import re

from assistant.text.terms import COUNTRY_TERMS, content_terms, names

_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|also|so|what about|how about|and what about|and how about|what of|"
    r"same for|why|how so|really)\b",
    re.I,
)
_REFERS_BACK = re.compile(
    r"\b(?:it|they|them|he|she|him|the same|the other)\b|"
    r"\b(?:that|this|those|these)\s*(?:[?.!,]|$|happen|mean|is|was|be|work|cost|take)",
    re.I,
)
_SWAP = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$", re.I)
_CITATION = re.compile(r"\s*\[\d+\]")


def is_follow_up(question: str) -> bool:
    """Does the question lean on earlier turns (a pronoun, "what about X", too few words)?"""
    words = content_terms(question)
    if _SWAP.match(question) or _REFERS_BACK.search(question):
        return True
    return bool(_FOLLOW_UP.match(question) and len(words) < 2)


def condense(question: str, history: list[dict[str, str]]) -> str:
    """A standalone version of ``question`` given the chat ``history`` (role/content turns)."""
    users = [t["content"] for t in history if t.get("role") == "user" and t.get("content")]
    if not users or not is_follow_up(question):
        return question
    previous = users[-1]
    swap = _SWAP.match(question)
    if swap:
        replacement = swap.group(1).strip()
        replaced = _replace_entity(previous, replacement)
        if replaced != previous:
            return replaced
        return f"{previous.rstrip('?')} — {replacement}?"
    answers = [t["content"] for t in history if t.get("role") == "assistant" and t.get("content")]
    context = previous
    if answers and _REFERS_BACK.search(question):
        last = _CITATION.sub("", answers[-1]).split("\n")[0]
        context = f"{previous} {' '.join(last.split()[:40])}"
    return f"{question.rstrip('?').strip()} ({context})?"


def _replace_entity(previous: str, replacement: str) -> str:
    """Swap the entity in ``previous`` that is of the same kind as ``replacement``."""
    new_terms = set(content_terms(replacement))
    if new_terms & COUNTRY_TERMS:
        for name in names(previous):
            if set(content_terms(name)) & COUNTRY_TERMS:
                return previous.replace(name, replacement, 1)
        return previous
    candidates = [n for n in names(previous) if not set(content_terms(n)) & COUNTRY_TERMS]
    if candidates and replacement[:1].isupper():
        return previous.replace(candidates[-1], replacement, 1)
    return previous
