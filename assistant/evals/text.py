"""Text matching for evals: compare strings after normalising quotes, whitespace and case."""

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
