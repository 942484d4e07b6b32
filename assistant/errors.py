"""Domain errors. The library raises these; only the CLI and UI turn them into messages."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base class: every error the assistant raises on purpose."""


class ConfigError(AssistantError):
    """A setting is missing or wrong; the message names the setting to change."""


class InputError(AssistantError, ValueError):
    """A question, its history, top_k, a date or a filter is malformed or over a limit."""


class SourceError(AssistantError):
    """A source file could not be read or indexed. Nothing already indexed was changed."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class SourceNotFound(AssistantError):
    """No indexed source has the given id."""


class StoreError(AssistantError):
    """The vector store (embedded Chroma or a Chroma server) failed or is unreachable."""


class BackendError(AssistantError):
    """An answer backend (an LLM endpoint) failed after its retries."""


class EvalError(AssistantError):
    """An eval input (question set, labelled pairs, thresholds, report) is malformed or missing."""


class LocalModelError(AssistantError):
    """A packaged local model file is missing, damaged or does not match its pinned hash."""
