"""The ``openai`` backend: answers written by an LLM behind any OpenAI-compatible endpoint
(OpenAI, Ollama, vLLM, llama.cpp's server), each sentence verified against the passages.

The model streams; sentences are verified as they complete and only then shown. Transient faults
(endpoint down, timeout, 429, 5xx) are retried with backoff inside a bounded time, then the stream
raises :class:`~assistant.generation.base.Unavailable` and the pipeline answers with the extractive
backend, labelled as such; a wrong key or URL is a :class:`ConfigError` naming the setting.
Follow-up questions are condensed by the LLM, with the rule-based condenser as fallback.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from assistant.condense import condense as rule_condense
from assistant.errors import BackendError
from assistant.settings import Settings
from assistant.stream import StreamItem
from assistant.text.matching import normalise
from assistant.types import Passage
from assistant.verification.verifier import AnswerVerifier

from .assembly import AnswerAssembly
from .base import GenerationContext, Unavailable
from .chat import classify, make_chat_model
from .llm_prompt import answer_messages, clean_condensed, condense_messages
from .retry import Backoff, Breaker
from .sentence_stream import SentenceBuffer

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

CONDENSE_MAX_TOKENS = 96
_ENDED = re.compile(r"[.!?][\"'”’)\]]*$")
log = logging.getLogger(__name__)


class LLMGenerator:
    """Writes answers with a chat model and keeps only what the passages support."""

    name = "openai"

    def __init__(
        self, settings: Settings, chat: BaseChatModel | None = None,
        condense_chat: BaseChatModel | None = None,
    ) -> None:  # fmt: skip
        self.settings = settings
        self._chat = chat if chat is not None else make_chat_model(settings)
        if condense_chat is None:
            condense_chat = chat if chat is not None else make_chat_model(settings, CONDENSE_MAX_TOKENS)
        self._condense_chat = condense_chat
        self.breaker = Breaker(settings.llm_cooldown_s)
        self.label = f"openai ({settings.llm_model})"

    # --- follow-ups ----------------------------------------------------------------------------

    def condense(self, question: str, history: list[dict[str, str]]) -> str:
        """A standalone question for retrieval: the LLM's rewrite, or the rule-based one."""
        fallback = rule_condense(question, history)
        if not history or not self.settings.llm_condense or self.breaker.open:
            return fallback
        messages = condense_messages(self.settings.prompts_dir, question, history)
        try:
            text = "".join(self._deltas(self._condense_chat, messages))
        except BackendError as exc:
            self.breaker.trip(str(exc))
            return fallback
        standalone = clean_condensed(text, question)
        if not standalone:
            return fallback
        if _same(standalone, question):
            return question
        return standalone

    # --- answers -------------------------------------------------------------------------------

    @property
    def shares_gate(self) -> bool:
        """The pipeline runs the extractive answerability gate first (ASSISTANT_LLM_ANSWERABILITY_GATE)."""
        return self.settings.llm_answerability_gate

    def stream(self, passages: list[Passage], context: GenerationContext) -> Iterator[StreamItem]:
        """Verified sentences as the model writes them. Raises :class:`Unavailable` while the breaker
        is open, or when the model fails before a sentence is shown.
        """
        if self.breaker.open:
            raise Unavailable(f"{self.breaker.reason}; not retried for {self.breaker.seconds_left():.0f} s")
        limit = self.settings.max_answer_sentences
        assembly = AnswerAssembly(self.settings.unsupported_sentences, limit)
        if not passages:
            yield from self._finish(assembly, None, passages, context, [])
            return
        verifier = AnswerVerifier(passages, context.embed)
        buffer = SentenceBuffer()
        messages = answer_messages(self.settings.prompts_dir, passages, context.standalone, limit)
        notes: list[str] = []
        raw: list[str] = []
        finish: dict[str, str] = {}
        try:
            deltas = self._deltas(self._chat, messages, finish)
            try:
                for delta in deltas:
                    raw.append(delta)
                    for claim in buffer.feed(delta):
                        yield from assembly.add(verifier.check(claim))
                    if assembly.full:
                        break
                else:
                    rest = buffer.flush()
                    if finish.get("reason") == "length" and rest and not _ENDED.search(rest[-1].raw):
                        rest.pop()  # the token limit cut the last sentence short
                        notes.append("The model reached its token limit; its unfinished last sentence "
                                     "was dropped.")
                    for claim in rest:
                        if not assembly.full:
                            yield from assembly.add(verifier.check(claim))
            finally:
                deltas.close()  # stops the request, so the server stops generating
                log.debug("model output: %r", "".join(raw))
        except BackendError as exc:
            if not assembly.shown_any:
                self.breaker.trip(str(exc))
                raise Unavailable(str(exc)) from exc
            notes.append(f"The model's answer was cut off ({exc}); the sentences shown were verified.")
        self.breaker.reset()
        yield from self._finish(assembly, verifier, passages, context, notes)

    def _finish(
        self, assembly: AnswerAssembly, verifier: AnswerVerifier | None, passages: list[Passage],
        context: GenerationContext, notes: list[str],
    ) -> Iterator[StreamItem]:  # fmt: skip
        notes = [*(verifier.notes if verifier else []), *notes]
        citations = verifier.book.citations if verifier else []
        tail, answer = assembly.finish(context.question, context.standalone, passages, citations,
                                       self.label, self.settings.prompts_dir, notes)  # fmt: skip
        if tail:
            yield tail
        yield answer

    # --- calling the model ---------------------------------------------------------------------

    def _deltas(
        self, chat: BaseChatModel, messages: list[BaseMessage], finish: dict[str, str] | None = None
    ) -> Generator[str, None, None]:
        """Text deltas from the model. Faults before the first delta are retried with backoff.

        ``finish["reason"]`` is set to the model's finish reason ("stop", "length") when it gives one.
        """
        backoff = Backoff(self.settings.llm_retries, self.settings.llm_total_timeout_s).start()
        finish = {} if finish is None else finish
        attempt = 0
        while True:
            produced = False
            provider = False
            stream = chat.stream(messages)
            try:
                for chunk in stream:
                    meta = chunk.response_metadata or {}
                    provider = provider or "model_provider" in meta
                    if meta.get("finish_reason"):
                        finish["reason"] = str(meta["finish_reason"])
                    text = _text(chunk.content)
                    if text:
                        produced = True
                        yield text
                truncated = provider and "reason" not in finish
            except Exception as exc:  # sorted by classify(); a ConfigError propagates
                fault = classify(exc, self.settings)
                if produced:
                    raise BackendError(f"the stream broke off: {fault.reason}") from exc
                wait = backoff.delay(attempt, fault.retry_after) if fault.transient else None
                if wait is None:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise BackendError(f"{fault.reason}{tries}") from exc
                time.sleep(wait)
                attempt += 1
                continue
            finally:
                close = getattr(stream, "close", None)
                if close is not None:
                    close()
            if truncated:  # a real endpoint always ends with a finish reason; without one the body was cut
                raise BackendError("the stream broke off before the model finished")
            return


def _text(content: Any) -> str:
    """The text of a message chunk (a string, or a list of content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content if b)
    return ""


def _same(a: str, b: str) -> bool:
    """The same question, but for quotes, whitespace, case and the closing mark."""
    return normalise(a).strip(" ?.!") == normalise(b).strip(" ?.!")
