"""Pick the answer backend from the settings."""

from __future__ import annotations

from assistant.errors import ConfigError
from assistant.settings import Settings

from .base import Generator
from .extractive import ExtractiveGenerator


def make_generator(settings: Settings) -> Generator:
    """``extractive`` unless an LLM endpoint is configured (or asked for explicitly)."""
    if settings.backend == "openai" or (settings.backend == "auto" and settings.llm_configured()):
        from .llm import LLMGenerator

        return LLMGenerator(settings)
    if settings.backend not in {"auto", "extractive"}:  # pragma: no cover - Literal guards this
        raise ConfigError(f"ASSISTANT_BACKEND={settings.backend!r}: use auto, extractive or openai")
    return ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences,
                               passages=settings.answer_passages)  # fmt: skip
