"""Loose text comparison, the one normaliser: quotes made straight, whitespace and case folded.

The evals match expected answers with it, the judge finds verbatim claims with it, the LLM backend
tells whether a condensed question is the one asked with it, and speaker names are compared with it.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'"}
)


def normalise(text: str) -> str:
    """Curly quotes made straight, runs of whitespace made one space, case folded."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


def contains(haystack: str, needle: str) -> bool:
    """Is ``needle`` in ``haystack`` once both are normalised?"""
    return normalise(needle) in normalise(haystack)
