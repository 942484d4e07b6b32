"""Pick the answer backend from the settings."""

from __future__ import annotations

from assistant.settings import Settings

from .base import Generator
from .extractive import ExtractiveGenerator


def make_generator(settings: Settings) -> Generator:
    """``extractive`` unless an LLM endpoint is configured (or asked for explicitly)."""
    return ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences)
