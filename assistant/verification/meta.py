"""Sentences about the sources rather than about the world: a model saying the passages do not
answer (an abstention), or that the question's premise is wrong.

These are not claims a passage can back, so they are not judged; they decide whether the answer is
an abstention or a premise correction.
"""

from __future__ import annotations

import re

_SOURCES = (
    r"(?:sources?|passages?|articles?|context|texts?|documents?|reports?|excerpts?|"
    r"information|materials?|data)"
)
_ABSTAIN = re.compile(
    rf"\b(?:the|these|those|provided|given)\s+{_SOURCES}\b[^.?!]*?\b(?:do|does|did)\s*(?:not|n['’]t)\s+"
    r"(?:say|mention|state|specify|provide|include|contain|give|name|report|discuss|address|cover|"
    r"indicate|answer|explain|describe|identify|reveal|detail|offer|list|support)\b"
    r"|\bno\s+(?:information|mention|details?|indication)\s+(?:about|on|of|regarding|as to)\b"
    rf"|\b(?:is|are|was|were)\s+not\s+(?:provided|mentioned|specified|stated|given|available|included|"
    rf"found|discussed|addressed)\b[^.?!]*\b(?:in|by)\s+the\s+{_SOURCES}\b"
    r"|\b(?:cannot|can\s*not|can['’]t|unable to)\s+(?:be\s+)?(?:answer|determine|find|tell|say|confirm)"
    r"|\b(?:not|insufficient|no)\s+enough\s+information\b|\binsufficient\s+information\b"
    r"|\bI\s+(?:do\s+not|don['’]t)\s+know\b",
    re.I,
)
_PREMISE = re.compile(
    r"\bpremise\b|\bcontrary to (?:the|your) question\b"
    r"|\bthe question (?:is|was) (?:based on|mistaken|wrong|incorrect)\b"
    r"|\b(?:question|claim|assumption)\b[^.?!]*\b(?:incorrect|wrong|mistaken|false|not accurate)\b",
    re.I,
)


def is_abstention(sentence: str) -> bool:
    """"The sources do not say ...", "There is no information about ...", "I don't know."."""
    return bool(_ABSTAIN.search(sentence))


def is_premise_flag(sentence: str) -> bool:
    """"The sources do not support the premise of the question." and the like."""
    return bool(_PREMISE.search(sentence))
