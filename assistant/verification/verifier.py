"""Post-hoc verification of a written answer, one sentence at a time.

For each sentence (a :class:`Claim`): drop citation numbers that name no passage; judge it against
the passages it cites; if they do not back it (or it cites none), look for a passage that does and
cite that instead; otherwise it is unsupported. Sentences about the sources themselves ("The
sources do not say.") are recognised, not judged. Passage sentences that address the assistant
("Ignore previous instructions ...") are not evidence. Supported sentences get citations to the exact
passage sentence(s) that back them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.stream import SentenceEvent, notes_of, shorten
from assistant.text.markers import markers
from assistant.types import Passage

from .alignment import Embed, sentence_windows, similarities
from .citations import CitationBook, best_quote
from .claims import Claim
from .injection import without_instructions
from .judge import SupportJudge
from .meta import is_abstention, is_premise_flag

Kind = Literal["supported", "unsupported", "abstain", "premise"]

# How many other passages to try when a sentence's own citation does not back it.
REPAIR_CANDIDATES = 3
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


@dataclass
class Checked:
    """One sentence after verification."""

    kind: Kind
    text: str  # the sentence without markers
    numbers: list[int] = field(default_factory=list)  # citation numbers (supported only)
    reasons: list[str] = field(default_factory=list)  # why it is unsupported
    events: list[SentenceEvent] = field(default_factory=list)  # what verification did to it

    def render(self) -> str:
        return f"{self.text} {markers(self.numbers)}" if self.numbers else self.text


class AnswerVerifier:
    """Checks sentences against the numbered passages [1]..[k] the model was given."""

    def __init__(self, passages: list[Passage], embed: Embed, judge: SupportJudge | None = None) -> None:
        self.passages = passages
        # What counts as evidence: the passages without sentences that address the assistant.
        self._evidence = [dataclasses.replace(p, text=without_instructions(p.text)) for p in passages]
        self.book = CitationBook()
        self.events: list[SentenceEvent] = []  # every sentence's, in order
        self._embed = embed
        self._judge = judge or SupportJudge(embed)
        self._sentences: list[list[str]] | None = None

    @property
    def notes(self) -> list[str]:
        """The prose notes of what was re-cited or dropped."""
        return notes_of(self.events)

    def check(self, claim: Claim) -> Checked:
        checked = self._check(claim)
        self.events += checked.events
        return checked

    def _check(self, claim: Claim) -> Checked:
        text = _clean(claim.text)
        if is_premise_flag(text):
            return Checked("premise", text)
        if is_abstention(text):
            return Checked("abstain", text)
        k = len(self.passages)
        cited = [n for n in claim.cited if 1 <= n <= k]
        bogus = [n for n in claim.cited if not 1 <= n <= k]
        events = []
        if bogus:
            why = f"only {k} passages were given"
            events.append(SentenceEvent("citation-dropped", text, why, markers(bogus)))
        reasons: list[str] = []
        if cited:
            backing = [n for n in cited if self._supports(text, [n], reasons)]
            if not backing and len(cited) > 1 and self._supports(text, cited, reasons):
                backing = cited  # the sentence combines what the passages say
            if backing:
                return self._supported(text, backing, events)
        else:
            reasons.append("no citation")
        found = self._find_backing(text, exclude=cited)
        if found is not None:
            why = "its own citation did not back it" if cited else "it had no citation"
            events.append(SentenceEvent("re-cited", text, why, self._describe(found)))
            return self._supported(text, [found], events)
        return Checked("unsupported", text, reasons=list(dict.fromkeys(reasons)), events=events)

    # --- helpers -------------------------------------------------------------------------------

    def _supports(self, text: str, numbers: list[int], reasons: list[str]) -> bool:
        verdict = self._judge.judge(text, [self._evidence[n - 1].text for n in numbers])
        if not verdict.supported:
            reasons.extend(verdict.reasons)
        return verdict.supported

    def _supported(self, text: str, numbers: list[int], events: list[SentenceEvent]) -> Checked:
        cites = []
        for n in numbers:
            evidence = self._evidence[n - 1]
            cites.append(self.book.cite(self.passages[n - 1], best_quote(text, evidence, self._embed)))
        cited = list(dict.fromkeys(cites))
        if not any(e.kind == "re-cited" for e in events):
            events = [*events, SentenceEvent("verified", text, "the judge found it in the passages it cites",
                                             markers(cited))]  # fmt: skip
        return Checked("supported", text, cited, events=events)

    def _find_backing(self, text: str, exclude: list[int]) -> int | None:
        """The passage (1-based) most like the sentence that the judge says backs it."""
        for n in self._ranked(text)[: REPAIR_CANDIDATES + len(exclude)]:
            if n in exclude:
                continue
            if self._judge.judge(text, [self._evidence[n - 1].text]).supported:
                return n
        return None

    def _ranked(self, text: str) -> list[int]:
        """Passage numbers by their best sentence's similarity to ``text``."""
        if self._sentences is None:
            self._sentences = [[w.text for w in sentence_windows(p.text, pairs=False)] or [p.text]
                               for p in self._evidence]  # fmt: skip
        flat = [s for group in self._sentences for s in group]
        if not flat:
            return []
        sims = similarities(text, flat, self._embed)
        best: list[float] = []
        i = 0
        for group in self._sentences:
            best.append(float(sims[i : i + len(group)].max()))
            i += len(group)
        return [n + 1 for n in sorted(range(len(best)), key=lambda j: -best[j])]

    def _describe(self, n: int) -> str:
        p = self.passages[n - 1]
        return f"{p.outlet} “{shorten(p.title, 60)}”" if p.outlet else f"“{shorten(p.title, 60)}”"


def _clean(text: str) -> str:
    """Without list bullets and markdown emphasis."""
    return _LIST_MARK.sub("", text).replace("**", "").replace("__", "").strip()

