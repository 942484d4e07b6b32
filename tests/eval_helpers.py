"""Helpers shared by the eval tests."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.verification import Verdict


class KeywordJudge:
    """A scripted judge: a sentence is supported when every upper-case word in it is in the passages."""

    name = "keyword"

    def __init__(self) -> None:
        self.calls = 0

    def judge(self, sentence: str, passages: Sequence[str]) -> Verdict:
        self.calls += 1
        words = {w.strip(".,") for w in sentence.split() if w.isupper() and len(w) > 1}
        have = set(" ".join(passages).replace(".", " ").split())
        ok = bool(passages) and words <= have
        return Verdict(ok, 1.0 if ok else 0.0, [] if ok else ["missing " + ", ".join(sorted(words - have))])
