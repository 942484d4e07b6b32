"""What attribution returns: who a sentence speaks for, and the sentence with it."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.text.sentences import Span

OUTLET = "outlet"  # the kind of an attribution to the article's own voice


@dataclass(frozen=True)
class Attribution:
    """Who a sentence speaks for. ``kind`` is how that was found; ``"outlet"`` is the article's voice."""

    speaker: str | None
    role: str | None = None
    via: str | None = None
    kind: str = OUTLET

    @property
    def quoted(self) -> str | None:
        """The speaker when someone other than the outlet speaks, else None."""
        return None if self.kind == OUTLET else self.speaker


@dataclass(frozen=True)
class AttributedSentence:
    span: Span
    attribution: Attribution
