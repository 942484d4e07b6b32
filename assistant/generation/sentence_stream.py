"""Cut a streamed answer into whole sentences, each with the citation markers that follow it.

A sentence is complete once the next one has begun (or its line has ended): until then more
markers may still arrive ("... in 2015. [2]") or the full stop may be an abbreviation's.
"""

from __future__ import annotations

from assistant.text.markers import close_marker, leading_markers_end, normalise_markers, only_markers
from assistant.text.sentences import split_sentences
from assistant.verification.claims import Claim, split_claims


class SentenceBuffer:
    """Feed it text deltas; it hands back the claims whose sentences are complete."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, delta: str) -> list[Claim]:
        self._pending = normalise_markers(self._pending + delta)
        cut = _complete_until(self._pending)
        if cut <= 0:
            return []
        done, self._pending = self._pending[:cut], self._pending[cut:]
        return split_claims(done)

    def flush(self) -> list[Claim]:
        """The rest, at the end of the stream (a marker the stream cut off is closed)."""
        done, self._pending = close_marker(self._pending.rstrip()), ""
        return split_claims(normalise_markers(done))


def _complete_until(text: str) -> int:
    """Offset up to which ``text`` holds only complete sentences (0 if none is complete yet)."""
    spans = split_sentences(text)
    if not spans:
        return 0
    if "\n" in text[spans[-1].end :]:
        return len(text)  # the last line has ended
    last = spans[-1]
    if only_markers(last.text):  # "... 2015. [2" or "[2]": the sentence before may get more
        return spans[-2].start if len(spans) >= 2 else 0
    lead = leading_markers_end(last.text)
    if lead:  # "[2] The next" -> the markers close the previous sentence
        return last.start + lead
    return last.start
