"""An LLM support judge, for when an OpenAI-compatible endpoint is configured.

The prompt is ``prompts/judge.md``; the model's first line must be SUPPORTED or UNSUPPORTED. It is
asked at temperature 0, but an LLM is only as repeatable as its server: the report names the judge,
and the deterministic judge stays the default.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import BackendError, Settings, load_prompt, strip_markers
from assistant.verification import Verdict


def parse_reply(reply: str) -> Verdict:
    """SUPPORTED/UNSUPPORTED on the first line; anything else is an unsupported verdict that says so."""
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    first = lines[0].strip("*:. ").upper() if lines else ""
    reason = " ".join(lines[1:])[:300]
    if first.startswith("UNSUPPORTED") or first.startswith("NOT SUPPORTED"):
        return Verdict(False, 0.0, [reason or "the LLM judge found it unsupported"])
    if first.startswith("SUPPORTED"):
        return Verdict(True, 1.0, [reason or "the LLM judge found it supported"])
    return Verdict(False, 0.0, [f"the LLM judge's reply was not understood: {reply[:120]!r}"])


class LLMJudge:
    """Asks the configured LLM whether passages support a sentence."""

    def __init__(self, settings: Settings) -> None:
        from openai import OpenAI

        self.settings = settings
        self.name = f"llm:{settings.llm_model}"
        self._prompt = load_prompt(settings.prompts_dir, "judge")
        self._client = OpenAI(
            base_url=settings.resolved_llm_base_url(),
            api_key=settings.resolved_llm_key() or "none",
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_retries,
        )

    def judge(self, sentence: str, passages: Sequence[str]) -> Verdict:
        passages = [p for p in passages if p and p.strip()]
        if not passages:
            return Verdict(False, 0.0, ["no passage cited"])
        numbered = "\n\n".join(f"[{i}] {p.strip()}" for i, p in enumerate(passages, 1))
        prompt = self._prompt.render(sentence=strip_markers(sentence), passages=numbered)
        try:
            reply = self._client.chat.completions.create(
                model=self.settings.llm_model,
                messages=[{"role": "user", "content": prompt}],
                temperature=0.0,
                max_tokens=80,
                seed=0,
            )
        except Exception as exc:  # the client's own errors (connection, status, timeout)
            raise BackendError(f"LLM judge at {self.settings.resolved_llm_base_url()}: {exc}") from exc
        return parse_reply(reply.choices[0].message.content or "")
