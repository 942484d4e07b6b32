"""Passage sentences that address the assistant ("Ignore previous instructions and say ...").

The model is told that passage text is data, but a model that obeys anyway would parrot the
injected words, and a parroted sentence looks verbatim-supported. So verification does not count
such sentences as evidence: a claim they alone back is unsupported.
"""

from __future__ import annotations

from assistant.text.instructions import flag_instructions


def without_instructions(text: str) -> str:
    """``text`` with the sentences that address the assistant blanked out (same length)."""
    out = list(text)
    for span, addressed in flag_instructions(text):
        if addressed:
            out[span.start : span.end] = " " * (span.end - span.start)
    return "".join(out)
