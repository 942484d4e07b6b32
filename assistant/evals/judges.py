"""Support judges for the eval: the deterministic one (default) or an LLM, behind one protocol.

Both answer "do these passages support this sentence?" with a ``Verdict``. The deterministic judge
is the assistant's own (``assistant/verification/judge.py``); the eval does not have a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant import ConfigError, Settings
from assistant.verification import Embed, SupportJudge, Verdict

JUDGES = ("deterministic", "llm")


class Judge(Protocol):
    name: str

    def judge(self, sentence: str, passages: Sequence[str]) -> Verdict: ...


class CachedJudge:
    """Remembers verdicts, so metrics that ask the same question (faithfulness and citation recall
    ask about the same claim and evidence) pay for it once. The verdicts are unchanged.
    """

    def __init__(self, inner: Judge) -> None:
        self.inner = inner
        self.name = inner.name
        self._memo: dict[tuple[str, tuple[str, ...]], Verdict] = {}

    def judge(self, sentence: str, passages: Sequence[str]) -> Verdict:
        key = (sentence, tuple(passages))
        if key not in self._memo:
            self._memo[key] = self.inner.judge(sentence, passages)
        return self._memo[key]


def make_judge(name: str, settings: Settings, embed: Embed) -> Judge:
    """The judge called ``name``; the LLM judge needs an LLM endpoint in the settings."""
    if name == "deterministic":
        return SupportJudge(embed)
    if name == "llm":
        if not settings.llm_configured():
            raise ConfigError(
                "The LLM judge needs an LLM endpoint: set ASSISTANT_LLM_BASE_URL (and "
                "ASSISTANT_LLM_API_KEY if it needs one), or use --judge deterministic."
            )
        from assistant.evals.llm_judge import LLMJudge

        return LLMJudge(settings)
    raise ConfigError(f"Unknown judge {name!r}; choose one of {', '.join(JUDGES)}")
