"""Split an answer into its sentences and the citation numbers each carries."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.text.markers import marker_numbers, markers_before_stop, strip_markers
from assistant.text.sentences import split_sentences


@dataclass(frozen=True)
class Claim:
    """One answer sentence without its markers, and the citation numbers it carries."""

    text: str
    cited: tuple[int, ...]
    raw: str


def split_claims(answer_text: str) -> list[Claim]:
    """Sentences of an answer with the [n] markers that follow or close them.

    A marker right after a sentence's end belongs to that sentence ("... brain. [1]"). Lines that
    end with a colon are lead-ins ("What they say:"), not claims, and are skipped.
    """
    text = markers_before_stop(answer_text)
    text = "\n".join(line for line in text.split("\n") if not line.rstrip().endswith(":"))
    claims = []
    for span in split_sentences(text):
        raw = span.text
        numbers = marker_numbers(raw)
        body = strip_markers(raw)
        if len(body) < 3:
            continue
        claims.append(Claim(body, tuple(dict.fromkeys(numbers)), raw))
    return claims
